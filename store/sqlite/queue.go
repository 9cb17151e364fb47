package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
)

// Queue lists conversations in f.Mode: queued ones in queue order, others
// most recently updated first. Each set filter adds a condition, so every
// combination is a plain query the planner serves from its index.
func (db *DB) Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error) {
	f, err := f.Canonical()
	if err != nil {
		return nil, err
	}
	q, args := queueQuery(f)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: queue: %w", err)
	}
	defer rows.Close()
	var out []parley.Conversation
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: queue: scan: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: queue: %w", err)
	}
	return out, nil
}

// queueQuery builds Queue's query for a checked filter.
func queueQuery(f parley.QueueFilter) (string, []any) {
	var q strings.Builder
	var args []any
	q.WriteString(`SELECT ` + convCols + ` FROM conversations WHERE `)
	// The mode is a literal, one of the four Valid checked: only then may
	// the planner use the partial indexes (mode = 'queued' or 'assigned').
	q.WriteString(`mode = '` + string(f.Mode) + `'`)
	for _, c := range []struct{ col, val string }{{"site_id", f.SiteID}, {"team", f.Team}, {"assignee_id", f.AssigneeID}} {
		if c.val != "" {
			q.WriteString(` AND ` + c.col + ` = ?`)
			args = append(args, c.val)
		}
	}
	if f.Mode == parley.ModeQueued {
		q.WriteString(queueOrder)
	} else {
		q.WriteString(` ORDER BY updated_at DESC, id DESC`)
	}
	q.WriteString(` LIMIT ?`)
	args = append(args, f.Limit)
	return q.String(), args
}

// AssignedCount returns how many conversations the agent has assigned.
func (db *DB) AssignedCount(ctx context.Context, agentID string) (int, error) {
	var n int
	var known bool
	err := db.queryRow(ctx, `SELECT (`+qAssignedCount+`), EXISTS (SELECT 1 FROM agents WHERE id = ?)`,
		agentID, agentID).Scan(&n, &known)
	if err != nil {
		return 0, fmt.Errorf("sqlite: assigned count: %w", err)
	}
	if !known {
		return 0, notFound("agent")
	}
	return n, nil
}

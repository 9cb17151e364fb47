package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
)

// Queue lists conversations in f.Mode: queued ones in queue order, others
// most recently updated first.
func (db *DB) Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error) {
	f, err := f.Canonical()
	if err != nil {
		return nil, err
	}
	q, args := queueQuery(f)
	var out []parley.Conversation
	err = db.run(ctx, "queue", func(qr querier) error {
		rows, err := qr.Query(ctx, q, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Conversation, error) { return scanConversation(r) })
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// queueQuery builds Queue's query for a checked filter. Each set filter adds
// a condition (rather than one condition that also matches an empty
// parameter), so each combination is its own prepared statement whose
// generic plan still uses the index.
func queueQuery(f parley.QueueFilter) (string, []any) {
	var q strings.Builder
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	q.WriteString(`SELECT ` + convCols + ` FROM conversations WHERE `)
	// The mode is a literal, one of the four Valid checked: only then may
	// the planner use the partial indexes (mode = 'queued' or 'assigned').
	q.WriteString(`mode = '` + string(f.Mode) + `'`)
	for _, c := range []struct{ col, val string }{{"site_id", f.SiteID}, {"team", f.Team}, {"assignee_id", f.AssigneeID}} {
		if c.val != "" {
			q.WriteString(` AND ` + c.col + ` = ` + arg(c.val))
		}
	}
	if f.Mode == parley.ModeQueued {
		q.WriteString(queueOrder)
	} else {
		q.WriteString(` ORDER BY updated_at DESC, id DESC`)
	}
	q.WriteString(` LIMIT ` + arg(f.Limit))
	return q.String(), args
}

// AssignedCount returns how many conversations the agent has assigned.
func (db *DB) AssignedCount(ctx context.Context, agentID string) (int, error) {
	var n int
	var known bool
	err := db.run(ctx, "assigned count", func(q querier) error {
		return q.QueryRow(ctx, `SELECT (`+qAssignedCount+`), EXISTS (SELECT 1 FROM agents WHERE id = $1)`, agentID).Scan(&n, &known)
	})
	if err != nil {
		return 0, err
	}
	if !known {
		return 0, notFound("agent")
	}
	return n, nil
}

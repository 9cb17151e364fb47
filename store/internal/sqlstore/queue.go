package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
)

// Queue lists conversations in f.Mode: queued ones in queue order, others
// most recently updated first.
func (c *Core) Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error) {
	f, err := f.Canonical()
	if err != nil {
		return nil, err
	}
	sql, args := QueueQuery(c.d, f)
	var out []parley.Conversation
	err = c.read(ctx, "queue", func(q Q) error {
		rows, err := q.Query(ctx, sql, args...)
		out, err = collect(rows, err, c.scanConversation)
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// qQueuePosition counts the queued conversations of c's team (every team
// when c has none) that come before c in queue order, c included: the order
// of Dialect.QueueOrder (urgency rank, first-response due with none last,
// queued time, id) written as comparisons.
const qQueuePosition = `SELECT count(*) FROM conversations c JOIN conversations r
		ON r.mode = 'queued' AND (c.team = '' OR r.team = c.team)
	WHERE c.id = $1 AND c.mode = 'queued' AND (r.id = c.id
		OR r.urgency_rank > c.urgency_rank
		OR r.urgency_rank = c.urgency_rank AND (
			r.first_response_due IS NOT NULL AND c.first_response_due IS NULL
			OR r.first_response_due < c.first_response_due
			OR (r.first_response_due = c.first_response_due OR r.first_response_due IS NULL AND c.first_response_due IS NULL)
				AND (r.queued_at < c.queued_at OR r.queued_at = c.queued_at AND r.id < c.id)))`

// QueuePosition is a queued conversation's place in its team's queue, from
// 1 (0: not queued, or unknown), counted without reading the queue.
func (c *Core) QueuePosition(ctx context.Context, conversationID string) (int, error) {
	var n int
	err := c.read(ctx, "queue position", func(q Q) error {
		return q.QueryRow(ctx, c.sql(qQueuePosition), conversationID).Scan(&n)
	})
	return n, err
}

// QueueQuery builds Queue's query for a checked filter in d's form. Each
// set filter adds a condition (rather than one condition that also matches
// an empty parameter), so each combination is its own prepared statement
// whose plan still uses the index; the plan tests check them.
func QueueQuery(d Dialect, f parley.QueueFilter) (string, []any) {
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
		q.WriteString(d.QueueOrder)
	} else {
		q.WriteString(` ORDER BY updated_at DESC, id DESC`)
	}
	q.WriteString(` LIMIT ` + arg(f.Limit))
	return d.Rebind(q.String()), args
}

// AssignedCount returns how many conversations the agent has assigned.
func (c *Core) AssignedCount(ctx context.Context, agentID string) (int, error) {
	var n int
	var known bool
	err := c.read(ctx, "assigned count", func(q Q) error {
		return q.QueryRow(ctx, c.sql(`SELECT (`+QAssignedCount+`), EXISTS (SELECT 1 FROM agents WHERE id = $1)`), agentID).Scan(&n, &known)
	})
	if err != nil {
		return 0, err
	}
	if !known {
		return 0, c.notFound("agent")
	}
	return n, nil
}

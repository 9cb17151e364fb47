package sqlstore

import (
	"context"

	"github.com/parley-chat/parley"
)

// Read markers: the visitor's (read_seq, set by SetRead) and the agents'
// (agent_read_seq); each only rises, and never past the last message.

// ReadMarks returns how far the visitor and the agents have read.
func (c *Core) ReadMarks(ctx context.Context, conversationID string) (parley.ReadMarks, error) {
	var m parley.ReadMarks
	err := c.read(ctx, "read marks", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`SELECT read_seq, agent_read_seq FROM conversations WHERE id = $1`), conversationID).
			Scan(&m.Visitor, &m.Agent)
		return c.noRows("conversation", err)
	})
	return m, err
}

// SetAgentRead raises the agents' read marker to seq and reports whether
// it rose; a seq outside 0..last seq is EINVALID.
func (c *Core) SetAgentRead(ctx context.Context, conversationID string, seq int64) (bool, error) {
	var raised bool
	err := c.write(ctx, "set agent read", func(q Q) error {
		var last, cur int64
		err := q.QueryRow(ctx, c.sql(`SELECT last_seq, agent_read_seq FROM conversations WHERE id = $1`), conversationID).Scan(&last, &cur)
		if err != nil {
			return c.noRows("conversation", err)
		}
		if seq < 0 || seq > last {
			return parley.Errorf(parley.EINVALID, "read seq %d outside 0..%d", seq, last)
		}
		if seq <= cur {
			return nil
		}
		// The condition holds against a racing raise: the marker never falls.
		n, err := q.Exec(ctx, c.sql(`UPDATE conversations SET agent_read_seq = $2 WHERE id = $1 AND agent_read_seq < $2`), conversationID, seq)
		raised = n > 0
		return err
	})
	return raised, err
}

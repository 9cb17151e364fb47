package sqlite

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The desk's transitions run in the single writer, which serialises them
// with every other write: reading the conversation and the agent's load,
// deciding (parley.Conversation's transitions) and saving cannot interleave
// with another claim.

// Queries the plan test checks. The queue's order is conversations_queue's;
// partial indexes are used only when the query names mode = 'queued' literally.
const (
	queueOrder     = ` ORDER BY urgency_rank DESC, first_response_due IS NULL, first_response_due, queued_at, id`
	qAssignedCount = `SELECT count(*) FROM conversations WHERE assignee_id = ? AND mode = 'assigned'`
)

func getConversation(ctx context.Context, q queryer, id string) (parley.Conversation, error) {
	c, err := scanConversation(q.QueryRowContext(ctx, `SELECT `+convCols+` FROM conversations WHERE id = ?`, id))
	if err != nil {
		return c, scanErr("conversation", err)
	}
	return c, nil
}

// saveDesk writes c's mode and desk fields.
func saveDesk(ctx context.Context, tx *wtx, c parley.Conversation) error {
	_, err := tx.ExecContext(ctx, `UPDATE conversations SET mode = ?, team = ?, assignee_id = ?, urgency = ?,
		urgency_rank = ?, handoff_reason = ?, queued_at = ?, first_response_due = ?, next_response_due = ?,
		resolution_due = ?, first_response_at = ?, resolved_at = ?, updated_at = ? WHERE id = ?`,
		c.Mode, c.Team, c.AssigneeID, c.Urgency, parley.UrgencyRank(c.Urgency), c.HandoffReason,
		nullMicros(c.QueuedAt), nullMicros(c.FirstResponseDue), nullMicros(c.NextResponseDue),
		nullMicros(c.ResolutionDue), nullMicros(c.FirstResponseAt), nullMicros(c.ResolvedAt), micros(c.UpdatedAt), c.ID)
	return err
}

// transition applies fn to the stored conversation and saves the result
// when fn reports a change, with a kind activity when kind is set.
func (db *DB) transition(ctx context.Context, step, id string, kind parley.ActivityKind,
	fn func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error)) (parley.Conversation, error) {
	var out parley.Conversation
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		c, err := getConversation(ctx, tx, id)
		if err != nil {
			return err
		}
		now := db.now()
		c, changed, err := fn(c, now)
		if err != nil {
			return err
		}
		c = codec.ConversationTimes(c)
		if changed {
			if err := saveDesk(ctx, tx, c); err != nil {
				return err
			}
			if kind != "" {
				if err := addActivity(ctx, tx, c.Activity(kind, now)); err != nil {
					return err
				}
			}
		}
		out = c
		return nil
	})
	if err != nil {
		return parley.Conversation{}, wrap(step, err)
	}
	return out, nil
}

func changed(c parley.Conversation, err error) (parley.Conversation, bool, error) {
	return c, err == nil, err
}

// Enqueue hands a bot or resolved conversation to the queue.
func (db *DB) Enqueue(ctx context.Context, conversationID string, e parley.Conversation) (parley.Conversation, error) {
	return db.transition(ctx, "enqueue", conversationID, parley.ActivityHandedOff, func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return changed(c.Enqueue(e, now))
	})
}

// Transfer puts a conversation back in the queue under team.
func (db *DB) Transfer(ctx context.Context, conversationID, team string) (parley.Conversation, error) {
	return db.transition(ctx, "transfer", conversationID, parley.ActivityTransferred, func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return changed(c.Transfer(team, now))
	})
}

// Resolve resolves a conversation, keeping its assignee.
func (db *DB) Resolve(ctx context.Context, conversationID string, at time.Time) (parley.Conversation, error) {
	return db.transition(ctx, "resolve", conversationID, parley.ActivityResolved, func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		c, ok := c.Resolve(at, now)
		return c, ok, nil
	})
}

// Reopen takes a resolved conversation back to the bot or the queue.
func (db *DB) Reopen(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error) {
	return db.transition(ctx, "reopen", conversationID, parley.ActivityReopened, func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return changed(c.Reopen(mode, now))
	})
}

// MarkResponse records a person's reply.
func (db *DB) MarkResponse(ctx context.Context, conversationID string, at, nextDue time.Time) error {
	_, err := db.transition(ctx, "mark response", conversationID, "", func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return c.MarkResponse(at, nextDue, now), true, nil
	})
	return err
}

// load returns the agent and how many conversations it has assigned.
func load(ctx context.Context, tx *wtx, agentID string) (parley.Agent, int, error) {
	a, err := getAgent(ctx, tx, agentID)
	if err != nil {
		return a, 0, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, qAssignedCount, agentID).Scan(&n); err != nil {
		return a, 0, scanErr("assigned count", err)
	}
	return a, n, nil
}

// Claim assigns a queued conversation to the agent for automatic routing,
// within its capacity (parley.Conversation.Claim).
func (db *DB) Claim(ctx context.Context, conversationID, agentID string) (parley.Conversation, error) {
	return db.assign(ctx, "claim", conversationID, agentID, true)
}

// Assign assigns a queued conversation to the agent because a person chose
// to, whatever the agent's load (parley.Conversation.Assign).
func (db *DB) Assign(ctx context.Context, conversationID, agentID string) (parley.Conversation, error) {
	return db.assign(ctx, "assign", conversationID, agentID, false)
}

// assign runs Claim (counted: the agent's load is read and limits it) or
// Assign in the single writer, so no other claim interleaves with the count.
func (db *DB) assign(ctx context.Context, step, conversationID, agentID string, counted bool) (parley.Conversation, error) {
	var out parley.Conversation
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var a parley.Agent
		var n int
		var err error
		if counted {
			a, n, err = load(ctx, tx, agentID)
		} else {
			a, err = getAgent(ctx, tx, agentID)
		}
		if err != nil {
			return err
		}
		c, err := getConversation(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		now := db.now()
		var changed bool
		if counted {
			c, changed, err = c.Claim(a, n, now)
		} else {
			c, changed, err = c.Assign(a, now)
		}
		if err != nil {
			return err
		}
		if changed {
			if err := saveDesk(ctx, tx, c); err != nil {
				return err
			}
			if err := addActivity(ctx, tx, c.Activity(parley.ActivityAssigned, now)); err != nil {
				return err
			}
		}
		out = c
		return nil
	})
	if err != nil {
		return parley.Conversation{}, wrap(step, err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The desk's transitions each run in one transaction that locks the
// conversation's row (FOR NO KEY UPDATE: it conflicts with every other
// write of the row, not with the key-share locks that inserting its messages
// takes), decide with parley.Conversation's transitions and save. Claims
// and assignments first lock the agent's row, so one agent's capacity
// checks take turns; every transaction that locks both takes the agent
// first, so no cycle of waits can form.

// Queries the plan test checks. The queue's order is conversations_queue's;
// a generic plan uses that partial index only when mode = 'queued' is literal.
const (
	queueOrder     = ` ORDER BY urgency_rank DESC, first_response_due NULLS LAST, queued_at, id`
	qAssignedCount = `SELECT count(*) FROM conversations WHERE assignee_id = $1 AND mode = 'assigned'`
	qLockAgent     = `SELECT ` + agentCols + ` FROM agents WHERE id = $1 FOR NO KEY UPDATE`
	qLockConv      = `SELECT ` + convCols + ` FROM conversations WHERE id = $1 FOR NO KEY UPDATE`
)

// saveDesk writes c's mode and desk fields.
func saveDesk(ctx context.Context, tx pgx.Tx, c parley.Conversation) error {
	_, err := tx.Exec(ctx, `UPDATE conversations SET mode = $2, team = $3, assignee_id = $4, urgency = $5,
		urgency_rank = $6, handoff_reason = $7, queued_at = $8, first_response_due = $9, next_response_due = $10,
		resolution_due = $11, first_response_at = $12, resolved_at = $13, updated_at = $14 WHERE id = $1`,
		c.ID, c.Mode, c.Team, c.AssigneeID, c.Urgency, parley.UrgencyRank(c.Urgency), c.HandoffReason,
		nullTime(c.QueuedAt), nullTime(c.FirstResponseDue), nullTime(c.NextResponseDue), nullTime(c.ResolutionDue),
		nullTime(c.FirstResponseAt), nullTime(c.ResolvedAt), c.UpdatedAt)
	return err
}

// transition applies fn to the locked conversation and saves the result
// when fn reports a change, with a kind activity when kind is set.
func (db *DB) transition(ctx context.Context, step, id string, kind parley.ActivityKind,
	fn func(c parley.Conversation, now time.Time) (parley.Conversation, bool, error)) (parley.Conversation, error) {
	var out parley.Conversation
	err := db.tx(ctx, step, func(tx pgx.Tx) error {
		c, err := scanConversation(tx.QueryRow(ctx, qLockConv, id))
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
		return parley.Conversation{}, err
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

// lockLoad locks the agent's row and counts its assigned conversations; the
// count is a new statement after the lock, so under READ COMMITTED it sees
// every claim committed by the lock's previous holder.
func lockLoad(ctx context.Context, tx pgx.Tx, agentID string) (parley.Agent, int, error) {
	a, err := scanAgent(tx.QueryRow(ctx, qLockAgent, agentID))
	if err != nil {
		return a, 0, err
	}
	var n int
	err = tx.QueryRow(ctx, qAssignedCount, agentID).Scan(&n)
	return a, n, err
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

// assign runs Claim (counted: the agent's load limits it) or Assign. Both
// lock the agent's row first: Assign does not count, but a Claim for the
// same agent must wait for it, or it would count without the conversation
// Assign is adding and take the agent past its capacity.
func (db *DB) assign(ctx context.Context, step, conversationID, agentID string, counted bool) (parley.Conversation, error) {
	var out parley.Conversation
	err := db.tx(ctx, step, func(tx pgx.Tx) error {
		a, n, err := lockLoad(ctx, tx, agentID)
		if err != nil {
			return err
		}
		c, err := scanConversation(tx.QueryRow(ctx, qLockConv, conversationID))
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
		if err == nil && changed {
			err = saveDesk(ctx, tx, c)
		}
		if err == nil && changed {
			err = addActivity(ctx, tx, c.Activity(parley.ActivityAssigned, now))
		}
		out = c
		return err
	})
	if err != nil {
		return parley.Conversation{}, err
	}
	return out, nil
}

package sqlstore

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The desk's transitions each run in one transaction that locks the
// conversation's row (NO KEY UPDATE: it conflicts with every other write of
// the row, not with the key-share locks that inserting its messages takes),
// decide with parley.Conversation's transitions and save. Claims and
// assignments first lock the agent's row, so one agent's capacity checks
// take turns; every transaction that locks both takes the agent first, so
// no cycle of waits can form. Under SQLite's single writer the locks are
// empty: nothing interleaves with a transaction anyway.

// QAssignedCount is an agent's load, as the plan tests check it; the
// partial index conversations_assigned serves it only when mode is literal.
const QAssignedCount = `SELECT count(*) FROM conversations WHERE assignee_id = $1 AND mode = 'assigned'`

// LockAgentQuery is the claim's agent lock in d's form, as the plan tests
// check it.
func LockAgentQuery(d Dialect) string {
	return d.Rebind(`SELECT ` + agentCols + ` FROM agents WHERE id = $1` + d.RowLock("NO KEY UPDATE"))
}

// saveDesk writes c's mode and desk fields.
func (c *Core) saveDesk(ctx context.Context, q Q, v parley.Conversation) error {
	_, err := q.Exec(ctx, c.sql(`UPDATE conversations SET mode = $2, team = $3, assignee_id = $4, urgency = $5,
		urgency_rank = $6, handoff_reason = $7, queued_at = $8, first_response_due = $9, next_response_due = $10,
		resolution_due = $11, first_response_at = $12, resolved_at = $13, updated_at = $14 WHERE id = $1`),
		v.ID, v.Mode, v.Team, v.AssigneeID, v.Urgency, parley.UrgencyRank(v.Urgency), v.HandoffReason,
		c.d.NullTime(v.QueuedAt), c.d.NullTime(v.FirstResponseDue), c.d.NullTime(v.NextResponseDue),
		c.d.NullTime(v.ResolutionDue), c.d.NullTime(v.FirstResponseAt), c.d.NullTime(v.ResolvedAt), c.d.Time(v.UpdatedAt))
	return err
}

// transition applies fn to the locked conversation and saves the result
// when fn reports a change, with a kind activity when kind is set.
func (c *Core) transition(ctx context.Context, step, id string, kind parley.ActivityKind,
	fn func(v parley.Conversation, now time.Time) (parley.Conversation, bool, error)) (parley.Conversation, error) {
	var out parley.Conversation
	err := c.write(ctx, step, func(q Q) error {
		v, err := c.conversation(ctx, q, id, "NO KEY UPDATE")
		if err != nil {
			return err
		}
		now := c.now()
		v, changed, err := fn(v, now)
		if err != nil {
			return err
		}
		v = codec.ConversationTimes(v)
		if changed {
			if err := c.saveDesk(ctx, q, v); err != nil {
				return err
			}
			if kind != "" {
				if err := c.addActivity(ctx, q, v.Activity(kind, now)); err != nil {
					return err
				}
			}
		}
		out = v
		return nil
	})
	if err != nil {
		return parley.Conversation{}, err
	}
	return out, nil
}

func changed(v parley.Conversation, err error) (parley.Conversation, bool, error) {
	return v, err == nil, err
}

// Enqueue hands a bot or resolved conversation to the queue.
func (c *Core) Enqueue(ctx context.Context, conversationID string, e parley.Conversation) (parley.Conversation, error) {
	return c.transition(ctx, "enqueue", conversationID, parley.ActivityHandedOff, func(v parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return changed(v.Enqueue(e, now))
	})
}

// Transfer puts a conversation back in the queue under team.
func (c *Core) Transfer(ctx context.Context, conversationID, team string) (parley.Conversation, error) {
	return c.transition(ctx, "transfer", conversationID, parley.ActivityTransferred, func(v parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return changed(v.Transfer(team, now))
	})
}

// Resolve resolves a conversation, keeping its assignee.
func (c *Core) Resolve(ctx context.Context, conversationID string, at time.Time) (parley.Conversation, error) {
	return c.transition(ctx, "resolve", conversationID, parley.ActivityResolved, func(v parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		v, ok := v.Resolve(at, now)
		return v, ok, nil
	})
}

// Reopen takes a resolved conversation back to the bot or the queue.
func (c *Core) Reopen(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error) {
	return c.transition(ctx, "reopen", conversationID, parley.ActivityReopened, func(v parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return changed(v.Reopen(mode, now))
	})
}

// MarkResponse records a person's reply.
func (c *Core) MarkResponse(ctx context.Context, conversationID string, at, nextDue time.Time) error {
	_, err := c.transition(ctx, "mark response", conversationID, "", func(v parley.Conversation, now time.Time) (parley.Conversation, bool, error) {
		return v.MarkResponse(at, nextDue, now), true, nil
	})
	return err
}

// Claim assigns a queued conversation to the agent for automatic routing,
// within its capacity (parley.Conversation.Claim).
func (c *Core) Claim(ctx context.Context, conversationID, agentID string) (parley.Conversation, error) {
	return c.assign(ctx, "claim", conversationID, agentID, true)
}

// Assign assigns a queued conversation to the agent because a person chose
// to, whatever the agent's load (parley.Conversation.Assign).
func (c *Core) Assign(ctx context.Context, conversationID, agentID string) (parley.Conversation, error) {
	return c.assign(ctx, "assign", conversationID, agentID, false)
}

// assign runs Claim (counted: the agent's load limits it) or Assign. Both
// lock the agent's row first: Assign does not count, but a Claim for the
// same agent must wait for it, or it would count without the conversation
// Assign is adding and take the agent past its capacity. The count is a
// statement after the lock, so under READ COMMITTED it sees every claim
// committed by the lock's previous holder.
func (c *Core) assign(ctx context.Context, step, conversationID, agentID string, counted bool) (parley.Conversation, error) {
	var out parley.Conversation
	err := c.write(ctx, step, func(q Q) error {
		a, err := c.agent(ctx, q, agentID, "NO KEY UPDATE")
		if err != nil {
			return err
		}
		var n int
		if counted {
			if err := q.QueryRow(ctx, c.sql(QAssignedCount), agentID).Scan(&n); err != nil {
				return err
			}
		}
		v, err := c.conversation(ctx, q, conversationID, "NO KEY UPDATE")
		if err != nil {
			return err
		}
		now := c.now()
		var changed bool
		if counted {
			v, changed, err = v.Claim(a, n, now)
		} else {
			v, changed, err = v.Assign(a, now)
		}
		if err == nil && changed {
			err = c.saveDesk(ctx, q, v)
		}
		if err == nil && changed {
			err = c.addActivity(ctx, q, v.Activity(parley.ActivityAssigned, now))
		}
		out = v
		return err
	})
	if err != nil {
		return parley.Conversation{}, err
	}
	return out, nil
}

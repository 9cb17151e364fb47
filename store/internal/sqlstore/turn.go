package sqlstore

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The bot's turn: one read of what it needs, one transaction for what it
// decided (parley.Turn).

const (
	turnMsgCols      = `id, conversation_id, seq, client_id, author_kind, author_id, author_name, text, private, meta, created_at`
	turnDecisionCols = `id, conversation_id, message_seq, reply_seq, action, handoff_reason, intent, confidence,
		language, urgency, frustrated, reasons, articles, created_at`
)

func (c *Core) turnMessage(r Row) (parley.Message, error) {
	var m parley.Message
	var meta []byte
	err := r.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.ClientID, &m.Author.Kind, &m.Author.ID, &m.Author.Name,
		&m.Text, &m.Private, &meta, c.d.TimeDest(&m.CreatedAt))
	if len(meta) > 0 {
		m.Meta = meta
	}
	return m, err
}

func (c *Core) turnDecision(r Row) (parley.Decision, error) {
	var d parley.Decision
	var reasons, articles []byte
	if err := r.Scan(&d.ID, &d.ConversationID, &d.MessageSeq, &d.ReplySeq, &d.Action, &d.HandoffReason, &d.Intent,
		&d.Confidence, &d.Language, &d.Urgency, &d.Frustrated, &reasons, &articles, c.d.TimeDest(&d.CreatedAt)); err != nil {
		return d, err
	}
	if err := codec.ParseDecision(&d, reasons, articles); err != nil {
		return d, fmt.Errorf("decision %s: %w", d.ID, err)
	}
	return d, nil
}

// TurnState reads what the bot's turn on message seq needs
// (parley.TurnState); an unknown conversation is ErrNotFound.
func (c *Core) TurnState(ctx context.Context, conversationID string, seq int64) (parley.TurnState, error) {
	var st parley.TurnState
	err := c.read(ctx, "turn state", func(q Q) (err error) {
		st = parley.TurnState{Feedback: map[int64]bool{}}
		if st.Conversation, err = c.conversation(ctx, q, conversationID, ""); err != nil {
			return err
		}
		if st.Contact, err = c.contact(ctx, q, st.Conversation.ContactID, ""); err != nil {
			return err
		}
		if m := st.Conversation.Mode; m != parley.ModeBot && m != parley.ModeResolved {
			return nil
		}
		rows, err := q.Query(ctx, c.sql(`SELECT `+turnMsgCols+` FROM messages
			WHERE conversation_id = $1 AND seq > $2 AND NOT private ORDER BY seq LIMIT $3`),
			conversationID, max(0, seq-parley.TurnHistory), 2*parley.TurnHistory)
		if st.History, err = collect(rows, err, c.turnMessage); err != nil {
			return fmt.Errorf("history: %w", err)
		}
		rows, err = q.Query(ctx, c.sql(`SELECT `+turnDecisionCols+` FROM decisions WHERE conversation_id = $1 ORDER BY created_at, n`), conversationID)
		if st.Decisions, err = collect(rows, err, c.turnDecision); err != nil {
			return fmt.Errorf("decisions: %w", err)
		}
		rows, err = q.Query(ctx, c.sql(`SELECT seq, helpful FROM message_feedback WHERE conversation_id = $1`), conversationID)
		votes, err := collect(rows, err, func(r Row) (v struct {
			seq     int64
			helpful bool
		}, err error) {
			err = r.Scan(&v.seq, &v.helpful)
			return v, err
		})
		if err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		for _, v := range votes {
			st.Feedback[v.seq] = v.helpful
		}
		return nil
	})
	if err != nil {
		return parley.TurnState{}, err
	}
	return st, nil
}

// CommitTurn stores a bot turn in one transaction (parley.NewTurn and
// Conversation.TakeTurn): the reply with the conversation's next seq, the
// decision naming it, the language, and on a handoff the queued state with
// its activity; or nothing at all. A conversation out of bot mode stores
// nothing (Dropped); a reply whose client id is stored already returns the
// earlier turn (Retried).
func (c *Core) CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error) {
	now := c.now()
	t, err := parley.NewTurn(t, now)
	if err != nil {
		return parley.TurnResult{}, err
	}
	t.Decision.CreatedAt = codec.Time(t.Decision.CreatedAt)
	if t.Reply != nil {
		t.Reply.CreatedAt = codec.Time(t.Reply.CreatedAt)
	}
	var res parley.TurnResult
	err = c.write(ctx, "commit turn", func(q Q) (err error) {
		res = parley.TurnResult{}
		id := t.Decision.ConversationID
		// The row lock (PostgreSQL) makes racing appends and turns wait, and
		// the client-id lookup below see every earlier commit.
		conv, err := c.conversation(ctx, q, id, "UPDATE")
		if err != nil {
			return err
		}
		if t.Reply != nil {
			if done, err := c.earlierTurn(ctx, q, conv, t.Reply.ClientID); err != nil || done.Retried {
				res = done
				return err
			}
		}
		next, taken, err := conv.TakeTurn(t, now)
		if err != nil || !taken {
			res = parley.TurnResult{Conversation: conv, Dropped: true}
			return err
		}
		next = codec.ConversationTimes(next)
		d := t.Decision
		if t.Reply != nil {
			m := *t.Reply
			m.Seq, d.ReplySeq = next.LastSeq, next.LastSeq
			if err := c.insertTurnReply(ctx, q, m); err != nil {
				return err
			}
			res.Reply = &m
		}
		if err := c.insertTurnDecision(ctx, q, d); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, c.sql(`UPDATE conversations SET last_seq = $2, language = $3, mode = $4, team = $5,
			assignee_id = $6, urgency = $7, urgency_rank = $8, handoff_reason = $9, queued_at = $10, first_response_due = $11,
			next_response_due = $12, resolution_due = $13, first_response_at = $14, resolved_at = $15, updated_at = $16 WHERE id = $1`),
			id, next.LastSeq, next.Language, next.Mode, next.Team, next.AssigneeID, next.Urgency, parley.UrgencyRank(next.Urgency),
			next.HandoffReason, c.d.NullTime(next.QueuedAt), c.d.NullTime(next.FirstResponseDue), c.d.NullTime(next.NextResponseDue),
			c.d.NullTime(next.ResolutionDue), c.d.NullTime(next.FirstResponseAt), c.d.NullTime(next.ResolvedAt), c.d.Time(next.UpdatedAt)); err != nil {
			return fmt.Errorf("save conversation: %w", err)
		}
		if t.Handoff != nil {
			if err := c.addActivity(ctx, q, next.Activity(parley.ActivityHandedOff, now)); err != nil {
				return err
			}
		}
		res.Conversation, res.Decision = next, d
		return nil
	})
	if err != nil {
		return parley.TurnResult{}, err
	}
	return res, nil
}

// earlierTurn finds the turn whose reply has clientID; Retried reports one.
func (c *Core) earlierTurn(ctx context.Context, q Q, conv parley.Conversation, clientID string) (parley.TurnResult, error) {
	m, err := c.turnMessage(q.QueryRow(ctx, c.sql(`SELECT `+turnMsgCols+` FROM messages
		WHERE conversation_id = $1 AND client_id = $2 AND client_id <> ''`), conv.ID, clientID))
	if c.d.IsNoRows(err) {
		return parley.TurnResult{}, nil
	}
	if err != nil {
		return parley.TurnResult{}, fmt.Errorf("reply by client id: %w", err)
	}
	res := parley.TurnResult{Conversation: conv, Reply: &m, Retried: true}
	d, err := c.turnDecision(q.QueryRow(ctx, c.sql(`SELECT `+turnDecisionCols+` FROM decisions
		WHERE conversation_id = $1 AND reply_seq = $2`), conv.ID, m.Seq))
	if err != nil && !c.d.IsNoRows(err) { // a reply stored by AppendMessage has none
		return res, fmt.Errorf("earlier decision: %w", err)
	}
	res.Decision = d
	return res, nil
}

func (c *Core) insertTurnReply(ctx context.Context, q Q, m parley.Message) error {
	var meta any // NULL when there is none; text both columns take
	if m.Meta != nil {
		meta = string(m.Meta)
	}
	_, err := q.Exec(ctx, c.sql(`INSERT INTO messages (`+turnMsgCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
		m.ID, m.ConversationID, m.Seq, m.ClientID, m.Author.Kind, m.Author.ID, m.Author.Name, m.Text, m.Private, meta, c.d.Time(m.CreatedAt))
	if err != nil && c.d.IsUnique(err) {
		return parley.Errorf(parley.ECONFLICT, "message id %q is taken", m.ID)
	}
	if err != nil {
		return fmt.Errorf("insert reply: %w", err)
	}
	return nil
}

// insertTurnDecision records d; the same decision again is a retry, another
// with its id ECONFLICT (as RecordDecision).
func (c *Core) insertTurnDecision(ctx context.Context, q Q, d parley.Decision) error {
	reasons, articles := codec.DecisionLists(d)
	n, err := q.Exec(ctx, c.sql(`INSERT INTO decisions (`+turnDecisionCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`),
		d.ID, d.ConversationID, d.MessageSeq, d.ReplySeq, d.Action, d.HandoffReason, d.Intent, d.Confidence,
		d.Language, d.Urgency, d.Frustrated, string(reasons), string(articles), c.d.Time(d.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert decision: %w", err)
	}
	if n == 1 {
		return nil
	}
	prev, err := c.turnDecision(q.QueryRow(ctx, c.sql(`SELECT `+turnDecisionCols+` FROM decisions WHERE id = $1`), d.ID))
	if err != nil {
		return c.noRows("decision", err)
	}
	if !prev.Same(d) {
		return parley.Errorf(parley.ECONFLICT, "decision id %q is taken", d.ID)
	}
	return nil
}

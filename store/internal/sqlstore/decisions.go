package sqlstore

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The bot's decisions, one a visitor message it answered or handed off.

const decisionCols = `id, conversation_id, message_seq, reply_seq, action, handoff_reason, intent, confidence,
	language, urgency, frustrated, reasons, articles, created_at`

// QDecisions is a conversation's decisions, as the plan tests check it.
const QDecisions = `SELECT ` + decisionCols + ` FROM decisions WHERE conversation_id = $1 ORDER BY created_at, n`

func (c *Core) scanDecision(row Row) (parley.Decision, error) {
	var d parley.Decision
	var reasons, articles []byte
	if err := row.Scan(&d.ID, &d.ConversationID, &d.MessageSeq, &d.ReplySeq, &d.Action, &d.HandoffReason, &d.Intent,
		&d.Confidence, &d.Language, &d.Urgency, &d.Frustrated, &reasons, &articles, c.d.TimeDest(&d.CreatedAt)); err != nil {
		return d, err
	}
	if err := codec.ParseDecision(&d, reasons, articles); err != nil {
		return d, fmt.Errorf("decision %s: %w", d.ID, err)
	}
	return d, nil
}

// RecordDecision stores one bot decision. Recording the same decision again
// (same ID and content) returns it, so a retry after a lost connection is
// safe; another decision with its ID is ECONFLICT. An unknown conversation
// fails the foreign key: ErrNotFound.
func (c *Core) RecordDecision(ctx context.Context, d parley.Decision) (parley.Decision, error) {
	d, err := parley.NewDecision(d, c.now())
	if err != nil {
		return parley.Decision{}, err
	}
	d.CreatedAt = codec.Time(d.CreatedAt)
	reasons, articles := codec.DecisionLists(d)
	err = c.auto(ctx, "record decision", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`INSERT INTO decisions (`+decisionCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`),
			d.ID, d.ConversationID, d.MessageSeq, d.ReplySeq, d.Action, d.HandoffReason, d.Intent, d.Confidence,
			d.Language, d.Urgency, d.Frustrated, string(reasons), string(articles), c.d.Time(d.CreatedAt))
		if err != nil && c.d.IsForeignKey(err) {
			return fmt.Errorf("%w: %w", c.notFound("conversation"), err)
		}
		if err != nil || n == 1 {
			return err
		}
		prev, err := c.scanDecision(q.QueryRow(ctx, c.sql(`SELECT `+decisionCols+` FROM decisions WHERE id = $1`), d.ID))
		if err != nil {
			return c.noRows("decision", err)
		}
		if !prev.Same(d) {
			return parley.Errorf(parley.ECONFLICT, "decision id %q is taken", d.ID)
		}
		return nil
	})
	if err != nil {
		return parley.Decision{}, err
	}
	return d, nil
}

// Decisions returns a conversation's decisions, oldest first.
func (c *Core) Decisions(ctx context.Context, conversationID string) ([]parley.Decision, error) {
	var out []parley.Decision
	err := c.read(ctx, "decisions", func(q Q) error {
		rows, err := q.Query(ctx, c.sql(QDecisions), conversationID)
		if out, err = collect(rows, err, c.scanDecision); err != nil || len(out) > 0 {
			return err
		}
		_, err = c.conversation(ctx, q, conversationID, "")
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

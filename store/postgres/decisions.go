package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const decisionCols = `id, conversation_id, message_seq, reply_seq, action, handoff_reason, intent, confidence,
	language, urgency, frustrated, reasons, articles, created_at`

// Queries the plan tests check: each must use an index, never a full scan.
const (
	qDecisions = `SELECT ` + decisionCols + ` FROM decisions WHERE conversation_id = $1 ORDER BY created_at, n`
)

func scanDecision(row pgx.Row) (parley.Decision, error) {
	var d parley.Decision
	var reasons, articles []byte
	var created time.Time
	if err := row.Scan(&d.ID, &d.ConversationID, &d.MessageSeq, &d.ReplySeq, &d.Action, &d.HandoffReason, &d.Intent,
		&d.Confidence, &d.Language, &d.Urgency, &d.Frustrated, &reasons, &articles, &created); err != nil {
		return d, err
	}
	d.CreatedAt = created.UTC()
	if err := codec.ParseDecision(&d, reasons, articles); err != nil {
		return d, fmt.Errorf("decision %s: %w", d.ID, err)
	}
	return d, nil
}

// RecordDecision stores one bot decision. Recording the same decision again
// (same ID and content) returns it, so a retry after a lost connection is
// safe; another decision with its ID is ECONFLICT. An unknown conversation
// fails the foreign key, which translates to ErrNotFound.
func (db *DB) RecordDecision(ctx context.Context, d parley.Decision) (parley.Decision, error) {
	d, err := parley.NewDecision(d, db.now())
	if err != nil {
		return parley.Decision{}, err
	}
	d.CreatedAt = codec.Time(d.CreatedAt)
	reasons, articles := codec.DecisionLists(d)
	err = db.run(ctx, "record decision", func(q querier) error {
		tag, err := q.Exec(ctx, `INSERT INTO decisions (`+decisionCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`,
			d.ID, d.ConversationID, d.MessageSeq, d.ReplySeq, d.Action, d.HandoffReason, d.Intent, d.Confidence,
			d.Language, d.Urgency, d.Frustrated, reasons, articles, d.CreatedAt)
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		prev, err := scanDecision(q.QueryRow(ctx, `SELECT `+decisionCols+` FROM decisions WHERE id = $1`, d.ID))
		if err != nil {
			return err
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
func (db *DB) Decisions(ctx context.Context, conversationID string) ([]parley.Decision, error) {
	var out []parley.Decision
	err := db.run(ctx, "decisions", func(q querier) error {
		rows, err := q.Query(ctx, qDecisions, conversationID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Decision, error) { return scanDecision(r) })
		if err != nil || len(out) > 0 {
			return err
		}
		var one int
		return q.QueryRow(ctx, `SELECT 1 FROM conversations WHERE id = $1`, conversationID).Scan(&one)
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

package sqlite

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const decisionCols = `id, conversation_id, message_seq, reply_seq, action, handoff_reason, intent, confidence,
	language, urgency, frustrated, reasons, articles, created_at`

// Queries the plan tests check: each must search an index, never scan.
const (
	qDecisions = `SELECT ` + decisionCols + ` FROM decisions WHERE conversation_id = ? ORDER BY created_at, n`
)

func scanDecision(row scanner) (parley.Decision, error) {
	var d parley.Decision
	var reasons, articles string
	var created int64
	if err := row.Scan(&d.ID, &d.ConversationID, &d.MessageSeq, &d.ReplySeq, &d.Action, &d.HandoffReason, &d.Intent,
		&d.Confidence, &d.Language, &d.Urgency, &d.Frustrated, &reasons, &articles, &created); err != nil {
		return d, err
	}
	d.CreatedAt = fromMicros(created)
	if err := codec.ParseDecision(&d, []byte(reasons), []byte(articles)); err != nil {
		return d, fmt.Errorf("decision %s: %w", d.ID, err)
	}
	return d, nil
}

// RecordDecision stores one bot decision. Recording the same decision again
// (same ID and content) returns it; another decision with its ID is ECONFLICT.
func (db *DB) RecordDecision(ctx context.Context, d parley.Decision) (parley.Decision, error) {
	d, err := parley.NewDecision(d, db.now())
	if err != nil {
		return parley.Decision{}, err
	}
	d.CreatedAt = codec.Time(d.CreatedAt)
	reasons, articles := codec.DecisionLists(d)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM conversations WHERE id = ?`, d.ConversationID).Scan(&one); err != nil {
			return scanErr("conversation", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO decisions (`+decisionCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			d.ID, d.ConversationID, d.MessageSeq, d.ReplySeq, d.Action, d.HandoffReason, d.Intent, d.Confidence,
			d.Language, d.Urgency, d.Frustrated, string(reasons), string(articles), micros(d.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert decision: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		prev, err := scanDecision(tx.QueryRowContext(ctx, `SELECT `+decisionCols+` FROM decisions WHERE id = ?`, d.ID))
		if err != nil {
			return scanErr("decision", err)
		}
		if !prev.Same(d) {
			return parley.Errorf(parley.ECONFLICT, "decision id %q is taken", d.ID)
		}
		return nil
	})
	if err != nil {
		return parley.Decision{}, wrap("record decision", err)
	}
	return d, nil
}

// Decisions returns a conversation's decisions, oldest first.
func (db *DB) Decisions(ctx context.Context, conversationID string) ([]parley.Decision, error) {
	rows, err := db.query(ctx, qDecisions, conversationID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: decisions: %w", err)
	}
	defer rows.Close()
	var out []parley.Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: decisions: scan: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: decisions: %w", err)
	}
	if len(out) == 0 {
		if _, err := db.Conversation(ctx, conversationID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

package sqlite

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
)

// SetRead raises the visitor's read marker to seq; it never lowers it.
func (db *DB) SetRead(ctx context.Context, conversationID string, seq int64) error {
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, qLastSeq, conversationID).Scan(&last); err != nil {
			return scanErr("conversation", err)
		}
		if seq < 0 || seq > last {
			return parley.Errorf(parley.EINVALID, "read seq %d outside 0..%d", seq, last)
		}
		_, err := tx.ExecContext(ctx, `UPDATE conversations SET read_seq = max(read_seq, ?) WHERE id = ?`, seq, conversationID)
		return err
	})
	return wrap("set read", err)
}

// RecordFeedback stores a vote on a bot message; the last vote wins.
func (db *DB) RecordFeedback(ctx context.Context, conversationID string, seq int64, helpful bool) error {
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var kind parley.AuthorKind
		if err := tx.QueryRowContext(ctx, `SELECT author_kind FROM messages WHERE conversation_id = ? AND seq = ?`,
			conversationID, seq).Scan(&kind); err != nil {
			return scanErr("message", err)
		}
		if kind != parley.AuthorBot {
			return parley.Errorf(parley.EINVALID, "feedback is for bot messages only")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO message_feedback (conversation_id, seq, helpful, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, seq) DO UPDATE
			SET helpful = excluded.helpful, created_at = excluded.created_at`,
			conversationID, seq, helpful, micros(db.now()))
		return err
	})
	return wrap("record feedback", err)
}

// RecordCSAT stores a 1–5 rating; the last one wins.
func (db *DB) RecordCSAT(ctx context.Context, conversationID string, score int, comment string) error {
	if err := parley.ValidCSAT(score, comment); err != nil {
		return err
	}
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		now := db.now()
		var siteID string
		if err := tx.QueryRowContext(ctx, `SELECT site_id FROM conversations WHERE id = ?`, conversationID).Scan(&siteID); err != nil {
			return scanErr("conversation", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO csat (conversation_id, score, comment, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (conversation_id) DO UPDATE
			SET score = excluded.score, comment = excluded.comment, created_at = excluded.created_at`,
			conversationID, score, comment, micros(now)); err != nil {
			return err
		}
		return addActivity(ctx, tx, parley.ScoreActivity(parley.ActivityCSAT, siteID, conversationID, score, now))
	})
	return wrap("record csat", err)
}

// SetMode changes a conversation's mode; entering queued sets queued_at.
func (db *DB) SetMode(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error) {
	if !mode.Valid() {
		return parley.Conversation{}, parley.Errorf(parley.EINVALID, "unknown mode %q", mode)
	}
	var out parley.Conversation
	err := db.write(ctx, func(ctx context.Context, tx *wtx) (err error) {
		now := micros(db.now())
		out, err = scanConversation(tx.QueryRowContext(ctx, `UPDATE conversations SET mode = ?1, updated_at = ?2,
			queued_at = CASE WHEN ?1 = 'queued' AND mode <> 'queued' THEN ?2 ELSE queued_at END
			WHERE id = ?3 RETURNING `+convCols, mode, now, conversationID))
		if err != nil {
			return scanErr("conversation", err)
		}
		return nil
	})
	if err != nil {
		return parley.Conversation{}, wrap("set mode", err)
	}
	return out, nil
}

// Feedback returns the votes on a conversation's bot messages by seq.
func (db *DB) Feedback(ctx context.Context, conversationID string) (map[int64]bool, error) {
	rows, err := db.query(ctx, qFeedback, conversationID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: feedback: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var seq int64
		var helpful bool
		if err := rows.Scan(&seq, &helpful); err != nil {
			return nil, fmt.Errorf("sqlite: feedback: scan: %w", err)
		}
		out[seq] = helpful
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: feedback: %w", err)
	}
	if len(out) == 0 {
		if _, err := db.Conversation(ctx, conversationID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CSAT returns a conversation's rating.
func (db *DB) CSAT(ctx context.Context, conversationID string) (int, string, error) {
	var score int
	var comment string
	if err := db.queryRow(ctx, `SELECT score, comment FROM csat WHERE conversation_id = ?`,
		conversationID).Scan(&score, &comment); err != nil {
		return 0, "", scanErr("csat", err)
	}
	return score, comment, nil
}

// SetLanguage records a conversation's language; UpdatedAt moves only when
// it changes.
func (db *DB) SetLanguage(ctx context.Context, conversationID, lang string) error {
	lang, err := parley.LanguageTag(lang)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE conversations SET language = ?, updated_at = ?
			WHERE id = ? AND language <> ?`, lang, micros(db.now()), conversationID, lang)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM conversations WHERE id = ?`, conversationID).Scan(&one); err != nil {
			return scanErr("conversation", err)
		}
		return nil
	})
	return wrap("set language", err)
}

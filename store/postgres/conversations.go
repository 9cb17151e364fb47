package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
)

// SetRead raises the visitor's read marker to seq; it never lowers it. A
// seq past the last message is refused and changes nothing.
func (db *DB) SetRead(ctx context.Context, conversationID string, seq int64) error {
	if seq < 0 {
		return parley.Errorf(parley.EINVALID, "read seq %d is negative", seq)
	}
	return db.run(ctx, "set read", func(q querier) error {
		var last int64
		if err := q.QueryRow(ctx, `UPDATE conversations
			SET read_seq = CASE WHEN $2 <= last_seq THEN GREATEST(read_seq, $2) ELSE read_seq END
			WHERE id = $1 RETURNING last_seq`, conversationID, seq).Scan(&last); err != nil {
			return err
		}
		if seq > last {
			return parley.Errorf(parley.EINVALID, "read seq %d past the last message %d", seq, last)
		}
		return nil
	})
}

// RecordFeedback stores a vote on a bot message; the last vote wins.
func (db *DB) RecordFeedback(ctx context.Context, conversationID string, seq int64, helpful bool) error {
	return db.tx(ctx, "record feedback", func(tx pgx.Tx) error {
		var kind parley.AuthorKind
		if err := tx.QueryRow(ctx, `SELECT author_kind FROM messages WHERE conversation_id = $1 AND seq = $2`,
			conversationID, seq).Scan(&kind); err != nil {
			return err
		}
		if kind != parley.AuthorBot {
			return parley.Errorf(parley.EINVALID, "feedback is for bot messages only")
		}
		_, err := tx.Exec(ctx, `INSERT INTO message_feedback (conversation_id, seq, helpful, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (conversation_id, seq) DO UPDATE
			SET helpful = EXCLUDED.helpful, created_at = EXCLUDED.created_at`,
			conversationID, seq, helpful, db.now())
		return err
	})
}

// RecordCSAT stores a 1–5 rating; the last one wins.
func (db *DB) RecordCSAT(ctx context.Context, conversationID string, score int, comment string) error {
	if err := parley.ValidCSAT(score, comment); err != nil {
		return err
	}
	return db.tx(ctx, "record csat", func(tx pgx.Tx) error {
		now := db.now()
		var siteID string
		if err := tx.QueryRow(ctx, `SELECT site_id FROM conversations WHERE id = $1`, conversationID).Scan(&siteID); err != nil {
			return fmt.Errorf("conversation: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO csat (conversation_id, score, comment, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (conversation_id) DO UPDATE
			SET score = EXCLUDED.score, comment = EXCLUDED.comment, created_at = EXCLUDED.created_at`,
			conversationID, score, comment, now); err != nil {
			return err
		}
		return addActivity(ctx, tx, parley.ScoreActivity(parley.ActivityCSAT, siteID, conversationID, score, now))
	})
}

// SetMode changes a conversation's mode; entering queued sets queued_at.
func (db *DB) SetMode(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error) {
	if !mode.Valid() {
		return parley.Conversation{}, parley.Errorf(parley.EINVALID, "unknown mode %q", mode)
	}
	var out parley.Conversation
	err := db.run(ctx, "set mode", func(q querier) (err error) {
		out, err = scanConversation(q.QueryRow(ctx, `UPDATE conversations SET mode = $2, updated_at = $3,
			queued_at = CASE WHEN $2 = 'queued' AND mode <> 'queued' THEN $3 ELSE queued_at END
			WHERE id = $1 RETURNING `+convCols, conversationID, mode, db.now()))
		return err
	})
	return out, err
}

// Feedback returns the votes on a conversation's bot messages by seq.
func (db *DB) Feedback(ctx context.Context, conversationID string) (map[int64]bool, error) {
	var out map[int64]bool
	err := db.run(ctx, "feedback", func(q querier) error {
		out = map[int64]bool{}
		rows, err := q.Query(ctx, qFeedback, conversationID)
		if err != nil {
			return err
		}
		var seq int64
		var helpful bool
		if _, err := pgx.ForEachRow(rows, []any{&seq, &helpful}, func() error {
			out[seq] = helpful
			return nil
		}); err != nil || len(out) > 0 {
			return err
		}
		var one int
		return q.QueryRow(ctx, `SELECT 1 FROM conversations WHERE id = $1`, conversationID).Scan(&one)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CSAT returns a conversation's rating.
func (db *DB) CSAT(ctx context.Context, conversationID string) (score int, comment string, err error) {
	err = db.run(ctx, "csat", func(q querier) error {
		return q.QueryRow(ctx, `SELECT score, comment FROM csat WHERE conversation_id = $1`, conversationID).Scan(&score, &comment)
	})
	if err != nil {
		return 0, "", err
	}
	return score, comment, nil
}

// SetLanguage records a conversation's language; UpdatedAt moves only when
// it changes (an unchanged language writes no row version).
func (db *DB) SetLanguage(ctx context.Context, conversationID, lang string) error {
	lang, err := parley.LanguageTag(lang)
	if err != nil {
		return err
	}
	return db.run(ctx, "set language", func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE conversations SET language = $2, updated_at = $3
			WHERE id = $1 AND language <> $2`, conversationID, lang, db.now())
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var one int
		return q.QueryRow(ctx, `SELECT 1 FROM conversations WHERE id = $1`, conversationID).Scan(&one)
	})
}

package sqlstore

import (
	"context"

	"github.com/parley-chat/parley"
)

// A conversation's visitor-facing state: read marker, votes, ratings,
// mode and language.

// QFeedback is a conversation's votes, as the plan tests check it.
const QFeedback = `SELECT seq, helpful FROM message_feedback WHERE conversation_id = $1`

// SetRead raises the visitor's read marker to seq; it never lowers it. A
// seq past the last message is refused and changes nothing.
func (c *Core) SetRead(ctx context.Context, conversationID string, seq int64) error {
	if seq < 0 {
		return parley.Errorf(parley.EINVALID, "read seq %d is negative", seq)
	}
	return c.auto(ctx, "set read", func(q Q) error {
		var last int64
		if err := q.QueryRow(ctx, c.sql(`UPDATE conversations
			SET read_seq = CASE WHEN $2 <= last_seq THEN `+c.d.Greatest("read_seq", "$2")+` ELSE read_seq END
			WHERE id = $1 RETURNING last_seq`), conversationID, seq).Scan(&last); err != nil {
			return c.noRows("conversation", err)
		}
		if seq > last {
			return parley.Errorf(parley.EINVALID, "read seq %d past the last message %d", seq, last)
		}
		return nil
	})
}

// RecordFeedback stores a vote on a bot message; the last vote wins.
func (c *Core) RecordFeedback(ctx context.Context, conversationID string, seq int64, helpful bool) error {
	return c.write(ctx, "record feedback", func(q Q) error {
		var kind parley.AuthorKind
		if err := q.QueryRow(ctx, c.sql(`SELECT author_kind FROM messages WHERE conversation_id = $1 AND seq = $2`),
			conversationID, seq).Scan(&kind); err != nil {
			return c.noRows("message", err)
		}
		if kind != parley.AuthorBot {
			return parley.Errorf(parley.EINVALID, "feedback is for bot messages only")
		}
		_, err := q.Exec(ctx, c.sql(`INSERT INTO message_feedback (conversation_id, seq, helpful, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (conversation_id, seq) DO UPDATE
			SET helpful = excluded.helpful, created_at = excluded.created_at`),
			conversationID, seq, helpful, c.d.Time(c.now()))
		return err
	})
}

// RecordCSAT stores a 1–5 rating; the last one wins.
func (c *Core) RecordCSAT(ctx context.Context, conversationID string, score int, comment string) error {
	if err := parley.ValidCSAT(score, comment); err != nil {
		return err
	}
	return c.write(ctx, "record csat", func(q Q) error {
		return c.recordScore(ctx, q, "csat", parley.ActivityCSAT, conversationID, score, comment)
	})
}

// SetMode changes a conversation's mode; entering queued sets queued_at.
func (c *Core) SetMode(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error) {
	if !mode.Valid() {
		return parley.Conversation{}, parley.Errorf(parley.EINVALID, "unknown mode %q", mode)
	}
	var out parley.Conversation
	err := c.auto(ctx, "set mode", func(q Q) (err error) {
		out, err = c.scanConversation(q.QueryRow(ctx, c.sql(`UPDATE conversations SET mode = $2, updated_at = $3,
			queued_at = CASE WHEN $2 = 'queued' AND mode <> 'queued' THEN $3 ELSE queued_at END
			WHERE id = $1 RETURNING `+convCols), conversationID, mode, c.d.Time(c.now())))
		return c.noRows("conversation", err)
	})
	return out, err
}

// Feedback returns the votes on a conversation's bot messages by seq.
func (c *Core) Feedback(ctx context.Context, conversationID string) (map[int64]bool, error) {
	var out map[int64]bool
	err := c.read(ctx, "feedback", func(q Q) error {
		out = map[int64]bool{}
		rows, err := q.Query(ctx, c.sql(QFeedback), conversationID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var helpful bool
			if err := rows.Scan(&seq, &helpful); err != nil {
				return err
			}
			out[seq] = helpful
		}
		if err := rows.Err(); err != nil || len(out) > 0 {
			return err
		}
		_, err = c.conversation(ctx, q, conversationID, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CSAT returns a conversation's rating.
func (c *Core) CSAT(ctx context.Context, conversationID string) (score int, comment string, err error) {
	err = c.read(ctx, "csat", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`SELECT score, comment FROM csat WHERE conversation_id = $1`), conversationID).Scan(&score, &comment)
		return c.noRows("csat", err)
	})
	if err != nil {
		return 0, "", err
	}
	return score, comment, nil
}

// SetLanguage records a conversation's language; UpdatedAt moves only when
// it changes (an unchanged language writes no row version).
func (c *Core) SetLanguage(ctx context.Context, conversationID, lang string) error {
	lang, err := parley.LanguageTag(lang)
	if err != nil {
		return err
	}
	return c.auto(ctx, "set language", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE conversations SET language = $2, updated_at = $3
			WHERE id = $1 AND language <> $2`), conversationID, lang, c.d.Time(c.now()))
		if err != nil || n == 1 {
			return err
		}
		var one int
		return c.noRows("conversation", q.QueryRow(ctx, c.sql(`SELECT 1 FROM conversations WHERE id = $1`), conversationID).Scan(&one))
	})
}

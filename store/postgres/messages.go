package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const msgCols = `id, conversation_id, seq, client_id, author_kind, author_id, author_name, text, private, meta, created_at`

// Queries the plan tests check: each must use an index, never a full scan.
// The client-id lookup repeats the partial index's condition (a non-empty
// client_id), else a generic plan cannot use that index and reads the conversation.
const (
	qMessageByClientID = `SELECT ` + msgCols + ` FROM messages
		WHERE conversation_id = $1 AND client_id = $2 AND client_id <> ''`
	qMessages = `SELECT ` + msgCols + ` FROM messages
		WHERE conversation_id = $1 AND seq > $2 AND ($3 OR NOT private) ORDER BY seq LIMIT $4`
	qFeedback = `SELECT seq, helpful FROM message_feedback WHERE conversation_id = $1`
)

func scanMessage(row pgx.Row) (parley.Message, error) {
	var m parley.Message
	var meta []byte
	var created time.Time
	err := row.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.ClientID, &m.Author.Kind, &m.Author.ID, &m.Author.Name,
		&m.Text, &m.Private, &meta, &created)
	if len(meta) > 0 {
		m.Meta = json.RawMessage(meta)
	}
	m.CreatedAt = created.UTC()
	return m, err
}

// duplicate carries the earlier message out of a rolled-back append.
type duplicate struct{ m parley.Message }

func (duplicate) Error() string { return "duplicate client id" }

// AppendMessage stores m with the conversation's next seq. The UPDATE takes
// the conversation's row lock, so appends to one conversation queue there;
// the client-id lookup after it sees every earlier winner's commit.
func (db *DB) AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	m, err := parley.NewMessage(m, db.now())
	if err != nil {
		return parley.Message{}, false, err
	}
	m.CreatedAt = codec.Time(m.CreatedAt)
	meta := []byte(m.Meta)
	err = db.tx(ctx, "append message", func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `UPDATE conversations SET last_seq = last_seq + 1, updated_at = $2
			WHERE id = $1 RETURNING last_seq`, m.ConversationID, db.now()).Scan(&m.Seq); err != nil {
			return err
		}
		if m.ClientID != "" {
			prev, err := scanMessage(tx.QueryRow(ctx, qMessageByClientID, m.ConversationID, m.ClientID))
			if err == nil {
				return duplicate{prev} // rolls back the seq bump
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO messages (`+msgCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			m.ID, m.ConversationID, m.Seq, m.ClientID, m.Author.Kind, m.Author.ID, m.Author.Name, m.Text, m.Private, meta, m.CreatedAt)
		return err
	})
	var dup duplicate
	switch {
	case err == nil:
		return m, true, nil
	case errors.As(err, &dup):
		return dup.m, false, nil
	case uniqueOn(err, "messages_client_id"):
		prev, err := db.MessageByClientID(ctx, m.ConversationID, m.ClientID)
		return prev, false, err
	}
	return parley.Message{}, false, err
}

// MessageByClientID finds a conversation's message by its client id.
func (db *DB) MessageByClientID(ctx context.Context, conversationID, clientID string) (parley.Message, error) {
	var out parley.Message
	err := db.run(ctx, "message by client id", func(q querier) (err error) {
		out, err = scanMessage(q.QueryRow(ctx, qMessageByClientID, conversationID, clientID))
		return err
	})
	return out, err
}

// Messages returns up to limit messages after afterSeq in seq order.
func (db *DB) Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) ([]parley.Message, error) {
	if err := parley.ValidLimit(limit); err != nil {
		return nil, err
	}
	var out []parley.Message
	err := db.run(ctx, "messages", func(q querier) error {
		rows, err := q.Query(ctx, qMessages, conversationID, afterSeq, withPrivate, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Message, error) { return scanMessage(r) })
		if err != nil || len(out) > 0 {
			return err
		}
		var one int
		return q.QueryRow(ctx, `SELECT 1 FROM conversations WHERE id = $1`, conversationID).Scan(&one)
	})
	return out, err
}

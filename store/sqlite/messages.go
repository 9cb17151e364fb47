package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const msgCols = `id, conversation_id, seq, client_id, author_kind, author_id, author_name, text, private, meta, created_at`

// Queries the plan tests check: each must search an index, never scan. The
// client-id lookup repeats the partial index's condition (a non-empty
// client_id), else SQLite cannot use that index and reads the whole conversation.
const (
	qMessageByClientID = `SELECT ` + msgCols + ` FROM messages
		WHERE conversation_id = ? AND client_id = ? AND client_id <> ''`
	qMessages = `SELECT ` + msgCols + ` FROM messages
		WHERE conversation_id = ? AND seq > ? AND (? OR private = 0) ORDER BY seq LIMIT ?`
	qFeedback = `SELECT seq, helpful FROM message_feedback WHERE conversation_id = ?`
)

func scanMessage(row scanner) (parley.Message, error) {
	var m parley.Message
	var meta sql.NullString
	var created int64
	err := row.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.ClientID, &m.Author.Kind, &m.Author.ID, &m.Author.Name,
		&m.Text, &m.Private, &meta, &created)
	if meta.Valid && meta.String != "" {
		m.Meta = json.RawMessage(meta.String)
	}
	m.CreatedAt = fromMicros(created)
	return m, err
}

// The append: the conversation's last seq, then the insert, which skips a
// message whose client id the conversation holds already. (One INSERT …
// SELECT … RETURNING statement instead measured a third slower.)
const (
	qLastSeq       = `SELECT last_seq, mode FROM conversations WHERE id = ?`
	qInsertMessage = `INSERT INTO messages (` + msgCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id, client_id) WHERE client_id <> '' DO NOTHING`
)

// AppendMessage stores m with the conversation's next seq, or returns the
// earlier message with the same client id. The writer runs one request at a
// time, so the check and the insert cannot interleave with another append.
// It needs no savepoint: the insert writes its row or nothing, and a
// failing seq bump aborts the whole batch.
func (db *DB) AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	m, err := parley.NewMessage(m, db.now())
	if err != nil {
		return parley.Message{}, false, err
	}
	m.CreatedAt = codec.Time(m.CreatedAt)
	meta := []byte(m.Meta)
	var metaArg any // NULL when there is none
	if meta != nil {
		metaArg = string(meta)
	}
	var out parley.Message
	var created bool
	err = db.writeClean(ctx, func(ctx context.Context, tx *wtx) error {
		stored := m
		var last int64
		if err := tx.QueryRowContext(ctx, qLastSeq, m.ConversationID).Scan(&last, &stored.ConversationMode); err != nil {
			return scanErr("conversation", err)
		}
		stored.Seq = last + 1
		res, err := tx.ExecContext(ctx, qInsertMessage,
			stored.ID, stored.ConversationID, stored.Seq, stored.ClientID, stored.Author.Kind, stored.Author.ID,
			stored.Author.Name, stored.Text, stored.Private, metaArg, micros(stored.CreatedAt))
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		switch {
		case isUnique(err):
			return parley.Errorf(parley.ECONFLICT, "message id %q is taken", stored.ID)
		case err != nil:
			return fmt.Errorf("insert message: %w", err)
		case n == 0:
			return db.appended(ctx, tx, m, &out)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?`,
			stored.Seq, micros(db.now()), m.ConversationID); err != nil {
			return abortBatch(fmt.Errorf("bump seq: %w", err))
		}
		out, created = stored, true
		return nil
	})
	if err != nil {
		return parley.Message{}, false, wrap("append message", err)
	}
	return out, created, nil
}

// appended explains an insert that wrote nothing: the client id's earlier
// message (the conversation was read just before, so it exists).
func (db *DB) appended(ctx context.Context, tx *wtx, m parley.Message, out *parley.Message) error {
	if m.ClientID != "" {
		prev, err := scanMessage(tx.QueryRowContext(ctx, qMessageByClientID, m.ConversationID, m.ClientID))
		if err == nil {
			*out = prev
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("message by client id: %w", err)
		}
	}
	return fmt.Errorf("insert skipped, yet no message has client id %q", m.ClientID)
}

// MessageByClientID finds a conversation's message by its client id.
func (db *DB) MessageByClientID(ctx context.Context, conversationID, clientID string) (parley.Message, error) {
	m, err := scanMessage(db.queryRow(ctx, qMessageByClientID, conversationID, clientID))
	if err != nil {
		return parley.Message{}, scanErr("message by client id", err)
	}
	return m, nil
}

// Messages returns up to limit messages after afterSeq in seq order.
func (db *DB) Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) ([]parley.Message, error) {
	if err := parley.ValidLimit(limit); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, qMessages, conversationID, afterSeq, withPrivate, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: messages: %w", err)
	}
	defer rows.Close()
	var out []parley.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: messages: scan: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: messages: %w", err)
	}
	if len(out) == 0 {
		if _, err := db.Conversation(ctx, conversationID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

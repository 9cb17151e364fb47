package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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

// qAppend stores a message with the conversation's next seq, or returns the
// earlier one with its client id, in one statement (one round trip, no
// BEGIN or COMMIT): created is true for a new row. The UPDATE takes the
// conversation's row lock, so appends to one conversation queue there. A
// duplicate bumps nothing, so seq has no gaps; a racing duplicate the
// statement's snapshot could not see fails the unique index instead, and
// its bump is rolled back with it.
const qAppend = `WITH prev AS (
		SELECT ` + msgCols + ` FROM messages WHERE conversation_id = $1 AND client_id = $2 AND client_id <> ''
	), bump AS (
		UPDATE conversations SET last_seq = last_seq + 1, updated_at = $11::timestamptz
		WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM prev) RETURNING last_seq
	), ins AS (
		INSERT INTO messages (` + msgCols + `)
		SELECT $3::text, $1, last_seq, $2, $4::text, $5::text, $6::text, $7::text, $8::boolean, $9::jsonb, $10::timestamptz FROM bump
		RETURNING ` + msgCols + `
	)
	SELECT true, ` + msgCols + ` FROM ins UNION ALL SELECT false, ` + msgCols + ` FROM prev`

// AppendMessage stores m with the conversation's next seq (qAppend). It is
// sent again only when the first attempt never reached the server: once
// sent, an autocommitted statement may have been applied.
func (db *DB) AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	m, err := parley.NewMessage(m, db.now())
	if err != nil {
		return parley.Message{}, false, err
	}
	m.CreatedAt = codec.Time(m.CreatedAt)
	var meta []byte
	if m.Meta != nil {
		meta = []byte(m.Meta)
	}
	var out parley.Message
	var created bool
	for range attempts {
		out, created, err = db.append1(ctx, m, meta)
		if err == nil || !pgconn.SafeToRetry(err) || ctx.Err() != nil {
			break
		}
	}
	switch {
	case err == nil:
		return out, created, nil
	case uniqueOn(err, "messages_client_id"):
		prev, err := db.MessageByClientID(ctx, m.ConversationID, m.ClientID)
		return prev, false, err
	case errors.Is(err, pgx.ErrNoRows):
		return parley.Message{}, false, translate("append message", fmt.Errorf("conversation: %w", err))
	}
	if db.lostConn(ctx, err) {
		return parley.Message{}, false, fmt.Errorf("postgres: append message: outcome unknown: %w: %w",
			parley.Errorf(parley.EUNAVAILABLE, "database connection lost"), err)
	}
	return parley.Message{}, false, translate("append message", err)
}

func (db *DB) append1(ctx context.Context, m parley.Message, meta []byte) (parley.Message, bool, error) {
	var out parley.Message
	var created bool
	var stored []byte
	var at time.Time
	err := db.pool.QueryRow(ctx, qAppend, m.ConversationID, m.ClientID, m.ID, m.Author.Kind, m.Author.ID, m.Author.Name,
		m.Text, m.Private, meta, m.CreatedAt, db.now()).Scan(&created,
		&out.ID, &out.ConversationID, &out.Seq, &out.ClientID, &out.Author.Kind, &out.Author.ID, &out.Author.Name,
		&out.Text, &out.Private, &stored, &at)
	if len(stored) > 0 {
		out.Meta = json.RawMessage(stored)
	}
	out.CreatedAt = at.UTC()
	if created { // as given, not as jsonb re-spelled it
		m.Seq = out.Seq
		out = m
	}
	return out, created, err
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

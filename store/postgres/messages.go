package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/batchq"
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
// its bump is rolled back with it. A new row comes with the conversation's
// mode (Message.ConversationMode), a duplicate with none.
const qAppend = `WITH prev AS (
		SELECT ` + msgCols + ` FROM messages WHERE conversation_id = $1 AND client_id = $2 AND client_id <> ''
	), bump AS (
		UPDATE conversations SET last_seq = last_seq + 1, updated_at = $11::timestamptz
		WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM prev) RETURNING last_seq, mode
	), ins AS (
		INSERT INTO messages (` + msgCols + `)
		SELECT $3::text, $1, last_seq, $2, $4::text, $5::text, $6::text, $7::text, $8::boolean, $9::jsonb, $10::timestamptz FROM bump
		RETURNING ` + msgCols + `
	)
	SELECT true, ins.*, bump.mode FROM ins, bump UNION ALL SELECT false, ` + msgCols + `, '' FROM prev`

// AppendMessage stores m with the conversation's next seq (qAppend),
// together with the appends that arrive while another batch is in flight:
// one round trip and one commit for all of them (internal/batchq).
func (db *DB) AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	m, err := parley.NewMessage(m, db.now())
	if err != nil {
		return parley.Message{}, false, err
	}
	m.CreatedAt = codec.Time(m.CreatedAt)
	r := &appendReq{m: m, done: make(chan struct{}), at: time.Now()}
	q := &db.appends[appendShard(m.ConversationID)]
	if q.Add(r) {
		go db.lead(q)
	}
	select {
	case <-r.done:
		return r.out, r.created, r.err
	case <-ctx.Done():
		// The batch goes on without us; a retry finds the message by its
		// client id if it was stored.
		return parley.Message{}, false, ctx.Err()
	}
}

// GroupCommits counts the appends' group commits (for /metrics).
func (db *DB) GroupCommits() *batchq.Counts { return &db.commits }

// appendOne runs one append alone. It is sent again only when the first
// attempt never reached the server: once sent, an autocommitted statement
// may have been applied.
func (db *DB) appendOne(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	var out parley.Message
	var created bool
	var err error
	for range attempts {
		out, created, err = db.append1(ctx, db.appendsDB, m)
		if err == nil || !pgconn.SafeToRetry(err) || ctx.Err() != nil {
			break
		}
	}
	return db.appended(ctx, m, out, created, err)
}

// appended translates an append's outcome: a racing duplicate the
// statement's snapshot could not see is the earlier message.
func (db *DB) appended(ctx context.Context, m, out parley.Message, created bool, err error) (parley.Message, bool, error) {
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

type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func (db *DB) append1(ctx context.Context, q rowQuerier, m parley.Message) (parley.Message, bool, error) {
	return scanAppended(q.QueryRow(ctx, qAppend, appendArgs(m, db.now())...), m)
}

func appendArgs(m parley.Message, now time.Time) []any {
	var meta []byte
	if m.Meta != nil {
		meta = []byte(m.Meta)
	}
	return []any{m.ConversationID, m.ClientID, m.ID, m.Author.Kind, m.Author.ID, m.Author.Name, m.Text, m.Private, meta, m.CreatedAt, now}
}

func scanAppended(row pgx.Row, m parley.Message) (parley.Message, bool, error) {
	var out parley.Message
	var created bool
	var stored []byte
	var at time.Time
	err := row.Scan(&created,
		&out.ID, &out.ConversationID, &out.Seq, &out.ClientID, &out.Author.Kind, &out.Author.ID, &out.Author.Name,
		&out.Text, &out.Private, &stored, &at, &out.ConversationMode)
	if len(stored) > 0 {
		out.Meta = json.RawMessage(stored)
	}
	out.CreatedAt = at.UTC()
	if created { // as given, not as jsonb re-spelled it
		m.Seq, m.ConversationMode = out.Seq, out.ConversationMode
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

// Group commit: appends that arrive while a batch is in flight wait for the
// next one, sent as one pgx batch (one round trip, one implicit transaction:
// one commit). Nobody hears of a result before its commit. A batch that
// the server refused (a racing duplicate, a deadlock) was rolled back
// whole, and each of its appends runs alone; one whose connection was lost
// mid-way has an unknown outcome, as a lost COMMIT has.

// appendShards is how many group commits may be in flight at once, each
// for its share of the conversations (one conversation's appends always in
// the same one, so they keep their order). With one, a batch that waits
// for a core or a row lock held every append behind it: at 1,000 msg/s on
// two cores, 11 batches in 15,000 appends took 50 ms or more and the
// appends queued behind them up to 100 ms (docs/performance.md). Shards
// hold disjoint conversations, so their batches never wait for each other's
// row locks.
const appendShards = 4

// appendShard is the group commit that conversation id's appends join.
func appendShard(conversationID string) int {
	h := fnv.New32a()
	h.Write([]byte(conversationID))
	return int(h.Sum32() % appendShards)
}

// maxAppendBatch bounds one batch, so its appends are answered in bounded
// time under a flood.
const maxAppendBatch = 256

type appendReq struct {
	m       parley.Message
	out     parley.Message
	created bool
	err     error
	done    chan struct{}
	at      time.Time // queued
}

// lead sends batches until none waits. Its context is no caller's: one
// caller giving up must not abort the others' appends.
func (db *DB) lead(q *batchq.Queue[*appendReq]) {
	for b := q.Next(maxAppendBatch); b != nil; b = q.Next(maxAppendBatch) {
		batchq.Record(&db.commits, b, func(r *appendReq) time.Time { return r.at })
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		db.appendBatch(ctx, b)
		cancel()
		for _, r := range b {
			close(r.done)
		}
	}
}

func (db *DB) appendBatch(ctx context.Context, b []*appendReq) {
	if len(b) == 1 {
		r := b[0]
		r.out, r.created, r.err = db.appendOne(ctx, r.m)
		return
	}
	// Rows are locked in conversation order, so two nodes' batches cannot
	// deadlock each other.
	slices.SortStableFunc(b, func(x, y *appendReq) int { return strings.Compare(x.m.ConversationID, y.m.ConversationID) })
	var batch pgx.Batch
	now := db.now()
	for _, r := range b {
		batch.Queue(qAppend, appendArgs(r.m, now)...)
	}
	res := db.appendsDB.SendBatch(ctx, &batch)
	var errs []error
	for _, r := range b {
		r.out, r.created, r.err = scanAppended(res.QueryRow(), r.m)
		if r.err != nil && !errors.Is(r.err, pgx.ErrNoRows) {
			errs = append(errs, r.err)
		}
	}
	errs = append(errs, res.Close())
	err := errors.Join(errs...)
	if err == nil {
		for _, r := range b {
			r.out, r.created, r.err = db.appended(ctx, r.m, r.out, r.created, r.err)
		}
		return
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) || pgconn.SafeToRetry(err) {
		// The server rolled the whole batch back (or never saw it): each
		// append runs alone.
		for _, r := range b {
			r.out, r.created, r.err = db.appendOne(ctx, r.m)
		}
		return
	}
	lost := fmt.Errorf("postgres: append message: outcome unknown: %w: %w",
		parley.Errorf(parley.EUNAVAILABLE, "database connection lost"), err)
	db.lostConn(ctx, err)
	for _, r := range b {
		r.out, r.created, r.err = parley.Message{}, false, lost
	}
}

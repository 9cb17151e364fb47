package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/parley-chat/parley/store/internal/sqlstore"
)

// The shim for the shared query logic (store/internal/sqlstore): how
// PostgreSQL differs, and how it runs reads (the pool, run again after a
// lost connection) and writes (a transaction, tx's retries and error
// translation).

var shared = sqlstore.Dialect{
	Name:     "postgres",
	Rebind:   func(q string) string { return q }, // the shared SQL is written with $n
	Time:     func(t time.Time) any { return t },
	NullTime: nullTime,
	TimeDest: func(t *time.Time) any { return utcDest{t} },
	IsNoRows: func(err error) bool { return errors.Is(err, pgx.ErrNoRows) },
	IsUnique: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
	ByteOrder: ` COLLATE "C"`,
	LockTable: func(table string) string { return "LOCK TABLE " + table + " IN EXCLUSIVE MODE" },
	RowLock:   func(mode string) string { return " FOR " + mode },
	// Every update of a row writes a new version with its own xmin.
	RowVersion: "xmin::text",
	// Writers hold the lock shared from taking n until they end (they do
	// not wait for each other); a reader takes it exclusively.
	LockActivities:    fmt.Sprintf(`SELECT pg_advisory_xact_lock_shared(%d)`, int64(activityLock)),
	LockActivityReads: fmt.Sprintf(`SELECT pg_advisory_xact_lock(%d)`, int64(activityLock)),
	DiffMicros:        func(a, b string) string { return "(extract(epoch FROM " + a + " - " + b + ") * 1000000)::bigint" },
	Greatest:          func(col, arg string) string { return "GREATEST(" + col + ", " + arg + ")" }, // ignores NULL
	InsertOrder:       "id",
	QueueOrder:        ` ORDER BY urgency_rank DESC, first_response_due NULLS LAST, queued_at, id`,
	ILike:             "ILIKE",
	NullText:          "NULL::text",
	Race:              func(err error) error { return fmt.Errorf("%w: %w", errRace, err) },
	IsForeignKey: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23503"
	},
	// SKIP LOCKED lets nodes claim side by side, each row once.
	ClaimDeliveries: `WITH due AS (
			SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
			WHERE d.status = 'pending' AND d.next_at <= $1 AND w.active
			ORDER BY d.next_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
		UPDATE webhook_deliveries d SET attempt = d.attempt + 1, next_at = $2, updated_at = $1
		FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
		RETURNING d.id, d.webhook_id, d.activity_id, d.event, d.payload, d.status, d.attempt, d.status_code,
			d.error, d.next_at, d.created_at, d.updated_at, w.url, w.secret`,
}

func (db *DB) core() *sqlstore.Core {
	return sqlstore.New(shared, sqlstore.Runs{Read: db.readShared, Write: db.writeShared, Auto: db.readShared}, db.now)
}

// readShared runs fn on the pool; after a lost connection it runs again.
func (db *DB) readShared(ctx context.Context, step string, fn func(q sqlstore.Q) error) error {
	return db.run(ctx, step, func(q querier) error { return fn(pgQ{q}) })
}

// writeShared runs fn in a transaction (tx: retried, errors translated).
func (db *DB) writeShared(ctx context.Context, step string, fn func(q sqlstore.Q) error) error {
	return db.tx(ctx, step, func(tx querier) error { return fn(pgQ{tx}) })
}

// activityLock is the advisory lock key that orders activity readers after
// writers (Dialect.LockActivities).
const activityLock = 0x7061726c65796163 // "parleyac"

// utcDest scans a timestamptz (NULL: zero) into a time in UTC.
type utcDest struct{ t *time.Time }

func (d utcDest) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid {
		*d.t = time.Time{}
		return nil
	}
	*d.t = v.Time.UTC()
	return nil
}

type pgRows struct{ pgx.Rows }

func (r pgRows) Close() { r.Rows.Close() }

// pgQ is a pool or a transaction as sqlstore.Q.
type pgQ struct{ q querier }

func (q pgQ) QueryRow(ctx context.Context, s string, args ...any) sqlstore.Row {
	return q.q.QueryRow(ctx, s, args...)
}

func (q pgQ) Query(ctx context.Context, s string, args ...any) (sqlstore.Rows, error) {
	r, err := q.q.Query(ctx, s, args...)
	if err != nil {
		return nil, err
	}
	return pgRows{r}, nil
}

func (q pgQ) Exec(ctx context.Context, s string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, s, args...)
	return tag.RowsAffected(), err
}

// ExecEach sends the statements as one batch: one round trip.
func (q pgQ) ExecEach(ctx context.Context, s string, argLists [][]any) error {
	var b pgx.Batch
	for _, args := range argLists {
		b.Queue(s, args...)
	}
	return q.q.SendBatch(ctx, &b).Close()
}

// Batch sends the statements as one pgx batch: one round trip, each result
// handed to its Stmt in order; the first error stops the rest.
func (q pgQ) Batch(ctx context.Context, stmts []sqlstore.Stmt) error {
	var b pgx.Batch
	for _, s := range stmts {
		b.Queue(s.SQL, s.Args...).Fn = batchResult(s)
	}
	return q.q.SendBatch(ctx, &b).Close()
}

// batchResult reads one statement's result for s.
func batchResult(s sqlstore.Stmt) func(br pgx.BatchResults) error {
	return func(br pgx.BatchResults) error {
		if s.Rows == nil {
			tag, err := br.Exec()
			if err != nil || s.Exec == nil {
				return s.Fail(err)
			}
			return s.Exec(tag.RowsAffected())
		}
		rows, err := br.Query()
		if err != nil {
			return s.Fail(err)
		}
		defer rows.Close()
		if err := s.Rows(pgRows{rows}); err != nil {
			return err
		}
		rows.Close()
		return s.Fail(rows.Err())
	}
}

// nullTime passes an unset (zero) time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

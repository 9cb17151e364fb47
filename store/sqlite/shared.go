package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-chat/parley/store/internal/sqlstore"
)

// The shim for the shared query logic (store/internal/sqlstore): how SQLite
// differs, and how it runs reads (the read pool, through the statement
// cache) and writes (the single writer goroutine, in its group commit).

var paramRe = regexp.MustCompile(`\$(\d+)`)

// rebound caches rebind's results: the shared statements are a bounded set
// of texts (constants, and a few fragments each filter adds), and every
// call of the store rebinds its statements (BenchmarkRebind).
var rebound sync.Map

// rebind turns $n parameters into SQLite's numbered ?n.
func rebind(q string) string {
	if s, ok := rebound.Load(q); ok {
		return s.(string)
	}
	s := paramRe.ReplaceAllString(q, "?$1")
	rebound.Store(q, s)
	return s
}

var shared = sqlstore.Dialect{
	Name:     "sqlite",
	Rebind:   rebind,
	Time:     func(t time.Time) any { return micros(t) },
	NullTime: nullMicros,
	TimeDest: func(t *time.Time) any { return microsDest{t} },
	IsNoRows: func(err error) bool { return errors.Is(err, sql.ErrNoRows) },
	IsUnique: isUnique,
	IsForeignKey: func(err error) bool {
		var se *sqlite.Error
		return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	},
	ByteOrder:   "",
	LockTable:   func(string) string { return "" },
	RowLock:     func(string) string { return "" },
	DiffMicros:  func(a, b string) string { return a + " - " + b }, // stored as microseconds
	Greatest:    func(col, arg string) string { return "max(coalesce(" + col + ", 0), " + arg + ")" },
	InsertOrder: "rowid",
	ILike:       "LIKE",
	NullText:    "NULL",
	QueueOrder:  ` ORDER BY urgency_rank DESC, first_response_due IS NULL, first_response_due, queued_at, id`,
	// RETURNING may not name another table, so the endpoint's url and
	// secret come from scalar subqueries.
	ClaimDeliveries: `UPDATE webhook_deliveries SET attempt = attempt + 1, next_at = $2, updated_at = $1
		WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
			WHERE d.status = 'pending' AND d.next_at <= $1 AND w.active ORDER BY d.next_at, d.id LIMIT $3)
		RETURNING ` + sqlstore.DeliveryCols + `,
			(SELECT url FROM webhooks WHERE webhooks.id = webhook_id), (SELECT secret FROM webhooks WHERE webhooks.id = webhook_id)`,
}

func (db *DB) core() *sqlstore.Core {
	return sqlstore.New(shared, sqlstore.Runs{Read: db.readShared, Write: db.writeShared, Auto: db.writeShared}, db.now)
}

// hotCore is core with reads on the writer's connection.
func (db *DB) hotCore() *sqlstore.Core {
	return sqlstore.New(shared, sqlstore.Runs{Read: db.readHot, Write: db.writeShared, Auto: db.writeShared}, db.now)
}

// readHot runs a read in the writer's next batch. A pool connection's page
// cache is emptied whenever the database changed since its last read, that
// is under load before every read, so each read fetches its pages again
// with a system call each; the writer's cache is the only one never
// emptied. The desk's per-message read (TurnState) took 0.15 s of CPU here
// instead of 2.06 s in a closed-loop profile (docs/performance.md), for the
// wait of one group commit.
func (db *DB) readHot(ctx context.Context, step string, fn func(q sqlstore.Q) error) error {
	return wrap(step, db.writeClean(ctx, func(ctx context.Context, tx *wtx) error {
		return fn(hotQ{writeQ{ctx, tx}})
	}))
}

// hotQ is writeQ refusing writes: a read in the writer's batch must leave
// nothing, as a clean request does.
type hotQ struct{ writeQ }

func (hotQ) Exec(context.Context, string, ...any) (int64, error) { return 0, errReadOnly }
func (hotQ) ExecEach(context.Context, string, [][]any) error     { return errReadOnly }

// readShared runs fn on the read pool.
func (db *DB) readShared(_ context.Context, step string, fn func(q sqlstore.Q) error) error {
	return wrap(step, fn(readQ{db}))
}

// writeShared runs fn in the writer's next batch: every shared write goes
// through the single writer, like the store's own.
func (db *DB) writeShared(ctx context.Context, step string, fn func(q sqlstore.Q) error) error {
	return wrap(step, db.write(ctx, func(ctx context.Context, tx *wtx) error { return fn(writeQ{ctx, tx}) }))
}

// microsDest scans a stored integer of microseconds (NULL: zero) into a time.
type microsDest struct{ t *time.Time }

func (d microsDest) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d.t = time.Time{}
	case int64:
		*d.t = fromMicros(v)
	default:
		return fmt.Errorf("time column holds %T, want integer microseconds", src)
	}
	return nil
}

type rows struct{ *sql.Rows }

func (r rows) Close() { r.Rows.Close() }

// readQ reads through the statement cache; reads write nothing.
type readQ struct{ db *DB }

func (q readQ) QueryRow(ctx context.Context, s string, args ...any) sqlstore.Row {
	return q.db.queryRow(ctx, s, args...)
}

func (q readQ) Query(ctx context.Context, s string, args ...any) (sqlstore.Rows, error) {
	r, err := q.db.query(ctx, s, args...)
	if err != nil {
		return nil, err
	}
	return rows{r}, nil
}

var errReadOnly = errors.New("sqlite: a read may not write")

func (readQ) Exec(context.Context, string, ...any) (int64, error) { return 0, errReadOnly }
func (readQ) ExecEach(context.Context, string, [][]any) error     { return errReadOnly }

// writeQ runs statements in the writer's transaction with the writer's
// context, never the caller's: interrupting SQLite mid-write would roll
// back the whole batch, the other callers' writes with it.
type writeQ struct {
	ctx context.Context
	tx  *wtx
}

func (q writeQ) QueryRow(_ context.Context, s string, args ...any) sqlstore.Row {
	return q.tx.QueryRowContext(q.ctx, s, args...)
}

func (q writeQ) Query(_ context.Context, s string, args ...any) (sqlstore.Rows, error) {
	r, err := q.tx.QueryContext(q.ctx, s, args...)
	if err != nil {
		return nil, err
	}
	return rows{r}, nil
}

func (q writeQ) Exec(_ context.Context, s string, args ...any) (int64, error) {
	res, err := q.tx.ExecContext(q.ctx, s, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q writeQ) ExecEach(_ context.Context, s string, argLists [][]any) error {
	for _, args := range argLists {
		if _, err := q.tx.ExecContext(q.ctx, s, args...); err != nil {
			return err
		}
	}
	return nil
}

package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/parley-chat/parley"
)

// Row is one result row: *sql.Row and pgx.Row both are.
type Row interface{ Scan(dest ...any) error }

// Rows is a result set as both drivers offer it (the shims adapt Close).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Q runs statements: a transaction in a write, the read pool in a read.
// SQL given to Q is already in the dialect's form (Rebind).
type Q interface {
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	// Exec runs one statement and returns how many rows it changed.
	Exec(ctx context.Context, sql string, args ...any) (int64, error)
	// ExecEach runs sql once per argument list, as one round trip where the
	// driver can (a pgx batch), and stops at the first error.
	ExecEach(ctx context.Context, sql string, argLists [][]any) error
}

// RunFunc runs fn in a read or a write; step names it in errors. The shim
// translates driver errors (no rows, constraint violations) at this edge.
type RunFunc func(ctx context.Context, step string, fn func(q Q) error) error

// Runs are how a store runs statements.
type Runs struct {
	Read  RunFunc // reads only
	Write RunFunc // one transaction
	// Auto runs statements that need no transaction (one idempotent
	// statement, or a write then a read of it): PostgreSQL's pool in
	// autocommit, run again after a lost connection, saves BEGIN and COMMIT;
	// SQLite's writes all go through its writer.
	Auto RunFunc
}

// Dialect is what differs between the stores' SQL.
type Dialect struct {
	Name string // "sqlite" or "postgres", the prefix of errors

	// Rebind turns the $n parameters the shared SQL is written with into
	// the dialect's.
	Rebind func(sql string) string
	// Time and NullTime are a time as a query argument; NullTime passes
	// zero as NULL.
	Time     func(t time.Time) any
	NullTime func(t time.Time) any
	// TimeDest is a scan destination that fills *t (NULL: zero) in UTC.
	TimeDest func(t *time.Time) any
	// IsNoRows and IsUnique recognise the driver's errors for no row and a
	// unique violation.
	IsNoRows func(err error) bool
	IsUnique func(err error) bool
	// IsForeignKey recognises a foreign key violation (a row refers to one
	// that does not exist).
	IsForeignKey func(err error) bool

	// ByteOrder follows ORDER BY col to sort text by bytes (PostgreSQL's
	// COLLATE "C"; SQLite's default collation already is).
	ByteOrder string
	// LockTable is the statement that makes writers of table take turns
	// for the rest of the transaction; "" when writes are serial anyway
	// (SQLite's single writer).
	LockTable func(table string) string

	// RowLock follows a SELECT to lock its rows for the rest of the
	// transaction in mode ("UPDATE", "NO KEY UPDATE", "SHARE"); "" where
	// writes are serial anyway.
	RowLock func(mode string) string
	// RowVersion is an expression of a conversation row that each update
	// of it changes (PostgreSQL's xmin, as text), with which a bot turn is
	// written in one statement without a held lock (commitTurnCAS, which
	// needs writable CTEs too); "" where writes are serial anyway.
	RowVersion string
	// LockActivities runs before an activity is added, and
	// LockActivityReads before they are read ("" for none): PostgreSQL
	// takes identity values before commit, so readers wait for the writers
	// in flight under an advisory lock, or could pass an n that commits
	// later.
	LockActivities, LockActivityReads string

	// QueueOrder is the queue's ORDER BY, the order of the partial index
	// conversations_queue (due times unset last).
	QueueOrder string

	// ILike matches text against a LIKE pattern ignoring case (SQLite's
	// LIKE does, for ASCII), and NullText is a NULL of type text.
	ILike, NullText string

	// Race marks an error of a transaction that lost a race to a writer
	// running side by side, so that it runs again; nil where writers take
	// turns (SQLite's single writer).
	Race func(err error) error

	// DiffMicros is the integer microseconds from time column b to a.
	DiffMicros func(a, b string) string

	// Greatest is the larger of a nullable column and an argument (NULL is
	// smaller than any value).
	Greatest func(col, arg string) string

	// InsertOrder is the column that orders rows by insertion among equal
	// times (SQLite's rowid; PostgreSQL has none, and orders by id).
	InsertOrder string
	// ClaimDeliveries claims due webhook deliveries: $1 now, $2 the lease's
	// end, $3 the limit; it returns DeliveryCols and then the endpoint's url
	// and secret. PostgreSQL skips rows another node holds (SKIP LOCKED);
	// SQLite's single writer makes every claim exclusive anyway.
	ClaimDeliveries string
}

// Core holds the shared query logic of one store. The store embeds it.
type Core struct {
	d     Dialect
	read  RunFunc
	write RunFunc
	auto  RunFunc
	now   func() time.Time

	turnHead string // turnHeadSQL(d), rebound
}

// New returns the shared core of a store: d its dialect, r how it runs
// statements, now its clock (already at the stored precision; it is called
// on every use, so a store's replaceable Now field is honoured).
func New(d Dialect, r Runs, now func() time.Time) *Core {
	if err := d.complete(); err != nil {
		panic(err) // a store's own mistake, found by its first test
	}
	return &Core{d: d, read: r.Read, write: r.Write, auto: r.Auto, now: now, turnHead: d.Rebind(turnHeadSQL(d))}
}

// lock is the row lock of mode in the dialect's form, after a SELECT.
func (c *Core) lock(mode string) string { return c.d.RowLock(mode) }

// complete reports a function the dialect leaves unset; only Race may be.
func (d Dialect) complete() error {
	v := reflect.ValueOf(d)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Type.Kind() == reflect.Func && v.Field(i).IsNil() && f.Name != "Race" {
			return fmt.Errorf("sqlstore: dialect %q leaves %s unset", d.Name, f.Name)
		}
	}
	return nil
}

// sql is a shared statement in the dialect's form.
func (c *Core) sql(q string) string { return c.d.Rebind(q) }

// notFound is ErrNotFound naming what was missing.
func (c *Core) notFound(what string) error {
	return fmt.Errorf("%s: %s: %w", c.d.Name, what, parley.ErrNotFound)
}

// noRows turns the driver's no-row error into ErrNotFound naming what.
func (c *Core) noRows(what string, err error) error {
	if err != nil && c.d.IsNoRows(err) {
		return c.notFound(what)
	}
	return err
}

// collect scans every row with scan.
func collect[T any](rows Rows, err error, scan func(Row) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one reads the row sql ($n form) selects, with scan; no row is
// ErrNotFound naming what, and any error returns the zero T.
func one[T any](ctx context.Context, c *Core, step, what string, scan func(Row) (T, error), sql string, args ...any) (T, error) {
	var out T
	err := c.read(ctx, step, func(q Q) (err error) {
		out, err = scan(q.QueryRow(ctx, c.sql(sql), args...))
		return c.noRows(what, err)
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// all reads every row sql ($n form) selects, with scan; none is nil.
func all[T any](ctx context.Context, c *Core, step string, scan func(Row) (T, error), sql string, args ...any) ([]T, error) {
	var out []T
	err := c.read(ctx, step, func(q Q) (err error) {
		rows, err := q.Query(ctx, c.sql(sql), args...)
		out, err = collect(rows, err, scan)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

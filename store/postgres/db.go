package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/batchq"
	"github.com/parley-chat/parley/store/internal/codec"
	"github.com/parley-chat/parley/store/internal/reportsql"
	"github.com/parley-chat/parley/store/internal/sqlstore"
)

// DB is the PostgreSQL store. Create it with Open; the zero value is unusable.
type DB struct {
	// Now returns the current time; tests may replace it right after Open.
	Now func() time.Time

	pool      *pgxpool.Pool
	appendsDB *pgxpool.Pool // AppendMessage's own connections (see open)
	reportsDB *pgxpool.Pool // the reports' (reportConns)
	closeOnce sync.Once
	appends   [appendShards]batchq.Queue[*appendReq] // AppendMessage's group commits, by conversation
	commits   batchq.Counts                          // of appends

	// Core is the query logic shared with the SQLite store
	// (store/internal/sqlstore): its methods are this store's.
	*sqlstore.Core
}

// DefaultMaxConns is the general pool's size unless the URL sets
// pool_max_conns. Few on purpose: on two cores, 32 connections let the
// desk's bursts keep 30 backends runnable at once, and PostgreSQL did less
// in total (closed loop 5,249–5,471 acked msg/s against 6,527–6,875 with
// 8) while every append waited its turn for a core (docs/performance.md,
// "The database's connections"). A database server with many cores may
// want more.
const DefaultMaxConns = 8

// reportConns is the reports' own pool: a report's queries run at once
// (reportsql.Parallel), and a year's take a second or two, which must not
// hold the connections the desk works with.
const reportConns = reportsql.Parallel

// Open connects to url (a postgres:// URL or key=value DSN; search_path and
// other server settings may be given as parameters), applies pending
// migrations and returns the store. Close releases the pools.
func Open(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, nil)
}

// open is Open; configure, if set, adjusts the pools' configuration (tests
// count round trips with a tracer).
func open(ctx context.Context, url string, configure func(*pgxpool.Config)) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	if err := migrate(ctx, cfg.ConnConfig); err != nil {
		return nil, err
	}
	if configure != nil {
		configure(cfg)
	}
	db := &DB{Now: time.Now}
	// The appends are what a visitor waits for (the ack): they have their
	// own connections, one per group commit (appendShards), so no burst of
	// other work holds every connection while an append waits for one.
	// The URL's pool_max_conns and pool_min_conns size the general pool;
	// the appends keep all their connections open (a connection opened in
	// a burst costs a waiting visitor its handshake), the reports none idle.
	for _, p := range []struct {
		to       **pgxpool.Pool
		max, min int32
		name     string
	}{{&db.pool, cfg.MaxConns, min(cfg.MinConns, cfg.MaxConns), "pool"}, {&db.appendsDB, appendShards, appendShards, "append pool"},
		{&db.reportsDB, reportConns, 0, "report pool"}} {
		c := cfg.Copy()
		c.MaxConns, c.MinConns = p.max, p.min
		if *p.to, err = pgxpool.NewWithConfig(ctx, c); err != nil {
			db.closePools()
			return nil, fmt.Errorf("postgres: %s: %w", p.name, err)
		}
	}
	if err := db.pool.Ping(ctx); err != nil {
		db.closePools()
		return nil, fmt.Errorf("postgres: ping: %w", err)
	}
	db.Core = db.core()
	return db, nil
}

func (db *DB) closePools() {
	for _, p := range []*pgxpool.Pool{db.pool, db.appendsDB, db.reportsDB} {
		if p != nil {
			p.Close()
		}
	}
}

// Close closes every connection; later calls do nothing.
func (db *DB) Close() error {
	db.closeOnce.Do(db.closePools)
	return nil
}

// Ping answers nil when the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.run(ctx, "ping", func(q querier) error {
		_, err := q.Exec(ctx, "SELECT 1")
		return err
	})
}

func (db *DB) now() time.Time { return codec.Time(db.Now()) }

// querier is what the pool and a transaction share.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// attempts bounds retries after a lost connection or a lost race.
const attempts = 3

// errRace marks a unique violation that running the transaction again
// resolves (the other side's row is then visible).
var errRace = errors.New("postgres: lost a race, retry")

// run runs fn on the pool outside a transaction; it is run again after a
// lost connection, so fn must be idempotent (reads, upserts, GREATEST).
func (db *DB) run(ctx context.Context, step string, fn func(q querier) error) error {
	var err error
	for range attempts {
		if err = fn(db.pool); err == nil || !db.lostConn(ctx, err) {
			break
		}
	}
	return translate(step, err)
}

// tx runs fn in a transaction. It is run again when the connection was lost
// before COMMIT was sent, the server rolled it back (deadlock, serialization)
// or fn reports errRace; a COMMIT lost with its connection is not retried,
// since it may have been applied.
func (db *DB) tx(ctx context.Context, step string, fn func(tx querier) error) error {
	var err error
	for range attempts {
		var committing bool
		committing, err = db.tx1(ctx, fn)
		if err == nil {
			return nil
		}
		if committing && db.lostConn(ctx, err) {
			return fmt.Errorf("postgres: %s: commit outcome unknown: %w: %w",
				step, parley.Errorf(parley.EUNAVAILABLE, "database connection lost"), err)
		}
		if !errors.Is(err, errRace) && !retryableTx(err) && !db.lostConn(ctx, err) {
			break
		}
	}
	return translate(step, err)
}

func (db *DB) tx1(ctx context.Context, fn func(tx querier) error) (committing bool, err error) {
	tx := &lazyTx{pool: db.pool}
	defer tx.rollback(context.WithoutCancel(ctx)) // no-op after Commit
	if err := fn(tx); err != nil {
		return false, err
	}
	return true, tx.commit(ctx)
}

// lazyTx is a transaction that begins with its first statement; when that
// is a batch, the BEGIN goes in it (pgx's Batch.BeginTx), which saves a
// round trip. Its batches must be read through their callbacks and Close:
// the first result is the BEGIN's.
type lazyTx struct {
	pool *pgxpool.Pool
	tx   pgx.Tx
}

func (l *lazyTx) begin(ctx context.Context) error {
	if l.tx != nil {
		return nil
	}
	tx, err := l.pool.Begin(ctx)
	if err != nil {
		return err
	}
	l.tx = tx
	return nil
}

func (l *lazyTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := l.begin(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return l.tx.Exec(ctx, sql, args...)
}

func (l *lazyTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := l.begin(ctx); err != nil {
		return nil, err
	}
	return l.tx.Query(ctx, sql, args...)
}

func (l *lazyTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := l.begin(ctx); err != nil {
		return errRow{err}
	}
	return l.tx.QueryRow(ctx, sql, args...)
}

func (l *lazyTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if l.tx != nil {
		return l.tx.SendBatch(ctx, b)
	}
	var first pgx.Batch
	first.BeginTx(pgx.TxOptions{})
	first.QueuedQueries = append(first.QueuedQueries, b.QueuedQueries...)
	br := l.pool.SendBatch(ctx, &first)
	l.tx = br.Tx() // closed already if the batch failed before BEGIN
	return br
}

func (l *lazyTx) commit(ctx context.Context) error {
	if l.tx == nil {
		return nil // nothing ran
	}
	return l.tx.Commit(ctx)
}

func (l *lazyTx) rollback(ctx context.Context) {
	if l.tx != nil {
		_ = l.tx.Rollback(ctx)
	}
}

// errRow is a row that fails with err.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// retryableTx reports a deadlock or serialization failure: the server
// rolled the transaction back, so running it again is safe.
func retryableTx(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// lostConn reports an error from a dead connection (server restart,
// terminated backend, network) and then drops every pooled connection: after
// a restart they are all dead, and each would fail once more.
func (db *DB) lostConn(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, pgx.ErrNoRows) || errors.Is(err, errRace) {
		return false
	}
	var pe *pgconn.PgError
	var ne net.Error
	var ce *pgconn.ConnectError
	var lost bool
	switch {
	case errors.As(err, &pe):
		// 08: connection exception; 57P01-03: admin/crash shutdown, starting up.
		lost = strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	case errors.As(err, new(*parley.Error)):
	default:
		lost = pgconn.SafeToRetry(err) || errors.As(err, &ne) || errors.As(err, &ce) ||
			errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
	}
	if lost {
		db.pool.Reset()
		db.appendsDB.Reset()
		db.reportsDB.Reset()
	}
	return lost
}

// translate maps driver errors to the domain's at this edge: no rows is
// ErrNotFound, constraint and data errors are EINVALID or ECONFLICT; every
// error keeps its chain (%w) and names the step.
func translate(step string, err error) error {
	if err == nil {
		return nil
	}
	var perr *parley.Error
	if errors.As(err, &perr) && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: %s: %w: %w", step, parley.ErrNotFound, err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return fmt.Errorf("postgres: %s: %w: %w", step, parley.Errorf(parley.ECONFLICT, "already exists"), err)
		case pe.Code == "23503":
			return fmt.Errorf("postgres: %s: %w: %w", step, parley.ErrNotFound, err)
		case strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "23"):
			return fmt.Errorf("postgres: %s: %w: %w", step, parley.Errorf(parley.EINVALID, "refused by the database"), err)
		}
	}
	return fmt.Errorf("postgres: %s: %w", step, err)
}

// uniqueOn reports a unique violation on the named constraint.
func uniqueOn(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == constraint
}

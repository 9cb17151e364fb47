package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // also registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/batchq"
	"github.com/parley-chat/parley/store/internal/codec"
	"github.com/parley-chat/parley/store/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// busyTimeout bounds how long a connection waits for a lock (checkpoints,
// another reader's snapshot) before SQLITE_BUSY.
const busyTimeout = "busy_timeout(10000)"

// writerPragmas size the writer's page cache and checkpoints. A group commit
// dirties pages all over the message indexes: with SQLite's 2 MiB default
// cache a batch spilled pages into the WAL mid-transaction, then rewrote them
// and every later frame's checksum at commit. The checkpoint runs on the
// writer between batches; every 10,000 WAL pages (about 40 MiB) instead of
// 1,000 copies a hot page once for many commits (docs/performance.md). The
// cache is memory outside the Go heap that fills with what is written (about
// 25 MB for 19,000 new visitors) and stops at 64 MiB.
const writerPragmas = "cache_size(-65536)&_pragma=wal_autocheckpoint(10000)"

// DB is the embedded store. Create it with Open; the zero value is unusable.
type DB struct {
	// Now returns the current time; tests may replace it right after Open.
	Now func() time.Time

	wdb   *sql.DB // the writer goroutine's single connection
	rdb   *sql.DB // read-only pool
	stmts stmtCache
	w     *writer

	closeOnce sync.Once
	closeErr  error

	// Core is the query logic shared with the PostgreSQL store
	// (store/internal/sqlstore): its methods are this store's.
	*sqlstore.Core
	hot *sqlstore.Core // the same, reading on the writer's connection (readHot)
}

// Open opens (creating when absent) the database file at path, applies
// pending migrations and starts the writer goroutine. Close releases it.
// path is a plain file name: it must not contain '?', which starts the
// driver's options.
func Open(ctx context.Context, path string) (*DB, error) {
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sqlite: open %q: path must not contain '?'", path)
	}
	if err := private(path); err != nil {
		return nil, err
	}
	wdb, err := sql.Open("sqlite", path+"?_pragma="+busyTimeout+
		"&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma="+writerPragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	wdb.SetConnMaxIdleTime(0)
	if err := migrate(ctx, wdb); err != nil {
		wdb.Close()
		return nil, err
	}
	rdb, err := sql.Open("sqlite", path+"?_pragma="+busyTimeout+"&_pragma=query_only(1)")
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("sqlite: open readers: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	if err := rdb.PingContext(ctx); err != nil {
		wdb.Close()
		rdb.Close()
		return nil, fmt.Errorf("sqlite: ping readers: %w", err)
	}
	db := &DB{Now: time.Now, wdb: wdb, rdb: rdb, w: newWriter(wdb)}
	db.Core = db.core()
	db.hot = db.hotCore()
	go db.w.run()
	return db, nil
}

// private creates the database file readable by its owner only (it holds
// password and session hashes and every conversation), and narrows the
// files of an older installation. SQLite gives the WAL and shared-memory
// files the main file's mode, so they follow.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("sqlite: create %q: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("sqlite: chmod %q: %w", p, err)
		}
	}
	return nil
}

func migrate(ctx context.Context, db *sql.DB) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	return nil
}

// Close stops the writer after the batch in flight and closes every
// connection. Later calls return the first call's result.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.w.stop()
		db.stmts.close()
		db.closeErr = errors.Join(db.wdb.Close(), db.rdb.Close())
	})
	return db.closeErr
}

// Ping answers nil when both the readers and the writer answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.rdb.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return db.write(ctx, func(ctx context.Context, tx *wtx) error {
		_, err := tx.ExecContext(ctx, "SELECT 1")
		return err
	})
}

// GroupCommits counts the writer's group commits (for /metrics).
func (db *DB) GroupCommits() *batchq.Counts { return &db.w.counts }

// write runs fn in the writer's next batch and returns once it is durable.
func (db *DB) write(ctx context.Context, fn func(ctx context.Context, tx *wtx) error) error {
	return db.w.do(ctx, false, fn)
}

// writeClean is write for a fn that writes nothing when it fails (or
// fails with abortBatch): it runs without a savepoint.
func (db *DB) writeClean(ctx context.Context, fn func(ctx context.Context, tx *wtx) error) error {
	return db.w.do(ctx, true, fn)
}

func (db *DB) now() time.Time { return codec.Time(db.Now()) }

// micros and fromMicros convert between time.Time and the stored integers.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullMicros is micros for a time that may be unset: zero is NULL.
func nullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// notFound wraps ErrNotFound so errors.Is matches and the message says what.
func notFound(what string) error {
	return fmt.Errorf("sqlite: %s: %w", what, parley.ErrNotFound)
}

// scanErr turns sql.ErrNoRows into ErrNotFound and wraps the rest.
func scanErr(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what)
	}
	return fmt.Errorf("sqlite: %s: %w", what, err)
}

// wrap leaves *parley.Error values alone and adds the step to the rest.
func wrap(step string, err error) error {
	if err == nil {
		return nil
	}
	var pe *parley.Error
	if errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf("sqlite: %s: %w", step, err)
}

type scanner interface{ Scan(dest ...any) error }

// isUnique reports a UNIQUE or PRIMARY KEY constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

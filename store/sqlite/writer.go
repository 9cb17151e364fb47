package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/batchq"
)

// maxBatch bounds one group commit so a flood of writers still gets acks in
// bounded time.
const maxBatch = 256

var errClosed = parley.Errorf(parley.EUNAVAILABLE, "store is closed")

type request struct {
	ctx context.Context
	fn  func(ctx context.Context, tx *wtx) error
	// clean: fn writes nothing when it fails, or fails with abortBatch, so
	// it needs no savepoint of its own.
	clean bool
	done  chan error // buffered: the writer never waits for a caller
	at    time.Time  // queued
}

// batchAbort is a clean request's failure after it wrote: the writer rolls
// the whole batch back and fails every request in it.
type batchAbort struct{ err error }

func (e *batchAbort) Error() string { return e.err.Error() }
func (e *batchAbort) Unwrap() error { return e.err }

func abortBatch(err error) error { return &batchAbort{err: err} }

// writer owns the only write connection. Requests arrive on an unbuffered
// channel, so while one batch commits, the next callers queue in the
// channel and are all taken into the following batch.
type writer struct {
	db      *sql.DB
	reqs    chan *request
	quit    chan struct{}
	stopped chan struct{}
	stmts   map[string]*sql.Stmt // prepared on the one connection; writer-owned
	unseen  map[string]bool      // queries to prepare once the connection is free
	counts  batchq.Counts
}

func newWriter(db *sql.DB) *writer {
	return &writer{db: db, reqs: make(chan *request), quit: make(chan struct{}), stopped: make(chan struct{}),
		stmts: map[string]*sql.Stmt{}, unseen: map[string]bool{}}
}

func (w *writer) do(ctx context.Context, clean bool, fn func(ctx context.Context, tx *wtx) error) error {
	r := &request{ctx: ctx, fn: fn, clean: clean, done: make(chan error, 1), at: time.Now()}
	select {
	case w.reqs <- r:
	case <-w.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once handed over, fn may be running in a batch: wait for it even if
	// ctx ends, so no caller reads what fn writes while it writes it. The
	// wait is short: fn's queries get ctx and fail at once when it ends.
	return <-r.done
}

// stop ends run after its current batch and waits for it.
func (w *writer) stop() {
	close(w.quit)
	<-w.stopped
}

func (w *writer) run() {
	defer close(w.stopped)
	defer func() {
		for _, s := range w.stmts {
			s.Close()
		}
	}()
	batch := make([]*request, 0, maxBatch)
	for {
		select {
		case r := <-w.reqs:
			batch = append(batch[:0], r)
		case <-w.quit:
			return
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case r := <-w.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		batchq.Record(&w.counts, batch, func(r *request) time.Time { return r.at })
		errs := w.commit(batch)
		for i, r := range batch {
			r.done <- errs[i]
			batch[i] = nil
		}
		w.prepareUnseen()
	}
}

// prepareUnseen prepares the queries first run in the last batch. Parsing
// SQL costs more than running it here; database/sql cannot prepare while a
// transaction holds the only connection, so this waits for the commit.
func (w *writer) prepareUnseen() {
	for q := range w.unseen {
		if s, err := w.db.Prepare(q); err == nil {
			w.stmts[q] = s
		}
		delete(w.unseen, q)
	}
}

// commit runs the batch in one transaction. Statements use a context that
// no caller can cancel: interrupting SQLite mid-write would roll back the
// whole transaction, and with it the other callers' writes. With more than
// one request, each runs in a savepoint so a failing one undoes only itself,
// except clean requests, which need none (see request.clean).
func (w *writer) commit(batch []*request) []error {
	ctx := context.Background()
	errs := make([]error, len(batch))
	fail := func(err error) []error {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return errs
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(fmt.Errorf("sqlite: begin: %w", err))
	}
	t := &wtx{tx: tx, w: w}
	single := len(batch) == 1
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if single || r.clean {
			errs[i] = r.fn(ctx, t)
			var abort *batchAbort
			if errors.As(errs[i], &abort) {
				tx.Rollback()
				return fail(abort.err)
			}
			if errs[i] == nil {
				ok++
			}
			continue
		}
		if _, err := t.ExecContext(ctx, "SAVEPOINT req"); err != nil {
			tx.Rollback()
			return fail(fmt.Errorf("sqlite: savepoint: %w", err))
		}
		if errs[i] = r.fn(ctx, t); errs[i] != nil {
			if _, err := t.ExecContext(ctx, "ROLLBACK TO req"); err != nil {
				tx.Rollback()
				return fail(fmt.Errorf("sqlite: rollback to savepoint: %w", err))
			}
		} else {
			ok++
		}
		if _, err := t.ExecContext(ctx, "RELEASE req"); err != nil {
			tx.Rollback()
			return fail(fmt.Errorf("sqlite: release savepoint: %w", err))
		}
	}
	if ok == 0 {
		tx.Rollback() // every request already has its own error
		return errs
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("sqlite: commit: %w", err))
	}
	return errs
}

// wtx is the writer's transaction: it runs statements prepared earlier on
// the same connection and notes the ones not prepared yet.
type wtx struct {
	tx *sql.Tx
	w  *writer
}

func (t *wtx) stmt(ctx context.Context, q string) *sql.Stmt {
	if s, ok := t.w.stmts[q]; ok {
		return t.tx.StmtContext(ctx, s)
	}
	t.w.unseen[q] = true
	return nil
}

func (t *wtx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, q); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *wtx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *wtx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if s := t.stmt(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

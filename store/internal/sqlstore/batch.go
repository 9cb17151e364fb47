package sqlstore

import (
	"context"
	"fmt"
)

// Stmt is one statement of a batch: a query whose rows Rows reads, or a
// statement whose count of changed rows Exec gets (either may be nil). Err,
// if set, wraps the statement's own failure.
type Stmt struct {
	SQL  string // in the dialect's form
	Args []any
	Rows func(r Rows) error
	Exec func(n int64) error
	Err  func(err error) error
}

// Fail wraps err, the statement's own failure, with Err.
func (s Stmt) Fail(err error) error {
	if err == nil || s.Err == nil {
		return err
	}
	return s.Err(err)
}

// Batcher is a Q that sends statements together, in one round trip (a pgx
// batch), handing each result to its Stmt in order and stopping at the first
// error. A Q without it runs them one after another.
type Batcher interface {
	Batch(ctx context.Context, stmts []Stmt) error
}

// batch runs stmts on q: together where q can, else in turn.
func (c *Core) batch(ctx context.Context, q Q, stmts []Stmt) error {
	if b, ok := q.(Batcher); ok {
		return b.Batch(ctx, stmts)
	}
	for _, s := range stmts {
		if err := runStmt(ctx, q, s); err != nil {
			return err
		}
	}
	return nil
}

func runStmt(ctx context.Context, q Q, s Stmt) error {
	if s.Rows == nil {
		n, err := q.Exec(ctx, s.SQL, s.Args...)
		if err != nil || s.Exec == nil {
			return s.Fail(err)
		}
		return s.Exec(n)
	}
	rows, err := q.Query(ctx, s.SQL, s.Args...)
	if err != nil {
		return s.Fail(err)
	}
	defer rows.Close()
	if err := s.Rows(rows); err != nil {
		return err
	}
	return s.Fail(rows.Err())
}

// oneRow reads the first row with scan into *dst; none is ErrNotFound naming what.
func oneRow[T any](c *Core, what string, dst *T, scan func(Row) (T, error)) func(Rows) error {
	return func(r Rows) (err error) {
		if !r.Next() {
			if err := r.Err(); err != nil {
				return err
			}
			return c.notFound(what)
		}
		if *dst, err = scan(r); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
}

// allRows reads every row with scan into *dst.
func allRows[T any](dst *[]T, what string, scan func(Row) (T, error)) func(Rows) error {
	return func(r Rows) error {
		for r.Next() {
			v, err := scan(r)
			if err != nil {
				return fmt.Errorf("%s: scan: %w", what, err)
			}
			*dst = append(*dst, v)
		}
		if err := r.Err(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
}

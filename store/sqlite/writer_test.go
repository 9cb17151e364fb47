package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/parley-chat/parley/store/internal/sqlstore"
)

// A clean request that fails after writing aborts its batch: nothing of the
// batch is committed and every request in it gets the error.
func TestCleanRequestAbortsItsBatch(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.wdb.Exec(`CREATE TABLE w (v INTEGER)`); err != nil {
		t.Fatal(err)
	}
	insert := func(v int) func(ctx context.Context, tx *wtx) error {
		return func(ctx context.Context, tx *wtx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO w (v) VALUES (?)`, v)
			return err
		}
	}
	boom := errors.New("boom")
	batch := []*request{
		{ctx: t.Context(), fn: insert(1)},
		{ctx: t.Context(), clean: true, fn: func(ctx context.Context, tx *wtx) error {
			if err := insert(2)(ctx, tx); err != nil {
				return err
			}
			return abortBatch(boom)
		}},
		{ctx: t.Context(), clean: true, fn: insert(3)},
	}
	// The writer's own goroutine is idle (no requests), so commit may run here.
	for i, err := range db.w.commit(batch) {
		if !errors.Is(err, boom) {
			t.Errorf("request %d: error %v, want the abort", i, err)
		}
	}
	var n int
	if err := db.wdb.QueryRow(`SELECT count(*) FROM w`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("rows after an aborted batch = %d, %v; want 0", n, err)
	}
	// A clean request that fails without writing fails alone.
	batch = []*request{
		{ctx: t.Context(), clean: true, fn: insert(4)},
		{ctx: t.Context(), clean: true, fn: func(ctx context.Context, tx *wtx) error { return boom }},
	}
	errs := db.w.commit(batch)
	if errs[0] != nil || !errors.Is(errs[1], boom) {
		t.Fatalf("errors = %v, want nil and the failure", errs)
	}
	if err := db.wdb.QueryRow(`SELECT count(*) FROM w`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows = %d, %v; want 1", n, err)
	}
}

// A read in the writer's batch (readHot) sees committed rows and may not
// write: a write there would not be clean.
func TestHotReadsRefuseWrites(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	err = db.readHot(t.Context(), "count", func(q sqlstore.Q) error {
		return q.QueryRow(t.Context(), `SELECT count(*) FROM sites`).Scan(&n)
	})
	if err != nil {
		t.Fatalf("hot read: %v", err)
	}
	err = db.readHot(t.Context(), "write", func(q sqlstore.Q) error {
		_, err := q.Exec(t.Context(), `DELETE FROM sites`)
		return err
	})
	if !errors.Is(err, errReadOnly) {
		t.Fatalf("a write in a hot read: %v, want errReadOnly", err)
	}
}

package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestPragmas checks the settings the durability and concurrency claims rest
// on, on the connections that use them.
func TestPragmas(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writer := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000",
		"cache_size": "-65536", "wal_autocheckpoint": "10000"}
	for name, want := range writer {
		var got string
		err := db.write(t.Context(), func(ctx context.Context, tx *wtx) error {
			return tx.QueryRowContext(ctx, "PRAGMA "+name).Scan(&got)
		})
		if err != nil || got != want {
			t.Errorf("writer PRAGMA %s = %q, %v; want %q", name, got, err, want)
		}
	}
	reader := map[string]string{"journal_mode": "wal", "query_only": "1", "busy_timeout": "10000"}
	for name, want := range reader {
		var got string
		if err := db.rdb.QueryRowContext(t.Context(), "PRAGMA "+name).Scan(&got); err != nil || got != want {
			t.Errorf("reader PRAGMA %s = %q, %v; want %q", name, got, err, want)
		}
	}
}

package postgres_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley/store/sqlite"
)

// TestMigrationsInStep migrates an empty PostgreSQL schema and an empty
// SQLite database and compares what they hold: the same migration files by
// name, and the same tables with the same columns. The two sets are written
// by hand for two dialects; a column added to one only would work in one
// store and fail in the other (and, once the stores share their queries in
// store/internal/sqlstore, in both).
//
// The differences on purpose are listed in onPurpose.
func TestMigrationsInStep(t *testing.T) {
	files := func(dir string) []string {
		entries, err := os.ReadDir(filepath.Join("..", dir, "migrations"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if pg, lite := files("postgres"), files("sqlite"); !slices.Equal(pg, lite) {
		t.Errorf("migration files differ:\npostgres %v\nsqlite   %v", pg, lite)
	}

	dsn, schema := freshSchema(t)
	mustOpen(t, dsn)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	rows, err := conn.Query(t.Context(), `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = $1 AND table_name <> 'goose_db_version'`, schema)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var table, col string
		err := r.Scan(&table, &col)
		return table + "." + col, err
	})
	if err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "m.db")
	lite, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	lite.Close()
	ldb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer ldb.Close()
	lrows, err := ldb.QueryContext(t.Context(), `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	var sq []string
	for lrows.Next() {
		var table, col string
		if err := lrows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		sq = append(sq, table+"."+col)
	}
	if err := lrows.Err(); err != nil {
		t.Fatal(err)
	}
	pg = slices.DeleteFunc(pg, func(c string) bool { return onPurpose[c] })
	slices.Sort(pg)
	slices.Sort(sq)
	if only := diff(pg, sq); len(only) > 0 {
		t.Errorf("only in PostgreSQL: %s", strings.Join(only, ", "))
	}
	if only := diff(sq, pg); len(only) > 0 {
		t.Errorf("only in SQLite: %s", strings.Join(only, ", "))
	}
	if len(pg) == 0 {
		t.Fatal("no columns read")
	}
	t.Logf("%d columns in step", len(pg))
}

// onPurpose are the columns one store has and the other need not.
var onPurpose = map[string]bool{
	// Attachment bytes: in PostgreSQL a bytea table shared by the nodes; the
	// embedded store keeps files on disk, named by their SHA-256.
	"attachment_blobs.data": true, "attachment_blobs.sha256": true,
}

// diff returns the elements of a (sorted) not in b.
func diff(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, found := slices.BinarySearch(b, s); !found {
			out = append(out, s)
		}
	}
	return out
}

package sqlite

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parley-chat/parley"
)

// Reads are prepared once and reused; past the cache's bound they still
// work, unprepared.
func TestReadsReusePreparedStatements(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range 3 {
		if _, err := db.Conversation(t.Context(), "missing"); !errors.Is(err, parley.ErrNotFound) {
			t.Fatalf("Conversation = %v; want not found", err)
		}
	}
	if n := len(db.stmts.m); n != 1 {
		t.Fatalf("%d statements cached after one query three times; want 1", n)
	}
	for i := range maxStmts {
		if err := db.queryRow(t.Context(), fmt.Sprintf("SELECT %d", i)).Scan(new(int)); err != nil {
			t.Fatal(err)
		}
	}
	var got int
	if err := db.queryRow(t.Context(), "SELECT 7").Scan(&got); err != nil || got != 7 || len(db.stmts.m) != maxStmts {
		t.Fatalf("beyond the bound: %d, %v, %d cached", got, err, len(db.stmts.m))
	}
}

func BenchmarkConversationRead(b *testing.B) {
	db, err := Open(b.Context(), filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	site, _ := db.EnsureSite(b.Context(), parley.Site{Key: "b"})
	sess, err := db.CreateSession(b.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Conversation(b.Context(), sess.Conversation.ID); err != nil {
			b.Fatal(err)
		}
	}
}

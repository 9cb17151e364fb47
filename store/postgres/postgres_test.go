package postgres_test

import (
	"context"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/postgres"
	"github.com/parley-chat/parley/store/storetest"
)

var _ storetest.Store = (*postgres.DB)(nil)

// needDB returns the test database's URL, or skips the test without one.
func needDB(t testing.TB) string {
	t.Helper()
	base := os.Getenv("PARLEY_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("PARLEY_TEST_DATABASE_URL is not set; set it to a PostgreSQL URL " +
			"(e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL store tests")
	}
	return base
}

// freshSchema creates an empty schema with a random name, drops it when the
// test ends, and returns the test database's URL with search_path (and
// application_name, to find the test's connections) set to it.
func freshSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	base := needDB(t)
	schema = "parley_test_" + parley.NewID()
	admin(t, base, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { admin(t, base, "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("PARLEY_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}

// admin runs one statement on its own connection; it also works in
// cleanups, after the test's context is done.
func admin(t testing.TB, dsn, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func mustOpen(t testing.TB, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	needDB(t)
	storetest.Run(t, func(t *testing.T) storetest.Store {
		dsn, _ := freshSchema(t)
		return mustOpen(t, dsn)
	})
}

func TestReports(t *testing.T) {
	storetest.RunReports(t, func(t *testing.T, now func() time.Time) storetest.ReportStore {
		dsn, _ := freshSchema(t)
		db := mustOpen(t, dsn)
		db.Now = now
		return db
	})
}

// TestNodes races claims through two stores (two nodes' pools) on one
// schema. Small pools keep the racing goroutines from taking most of the
// server's connections; they still run 2×8 transactions at once.
func TestNodes(t *testing.T) {
	needDB(t)
	storetest.RunNodes(t, func(t *testing.T) (storetest.Store, storetest.Store) {
		dsn, _ := freshSchema(t)
		dsn += "&pool_max_conns=8"
		return mustOpen(t, dsn), mustOpen(t, dsn)
	})
}

func TestConcurrentOpenMigratesOnce(t *testing.T) {
	dsn, _ := freshSchema(t)
	var wg sync.WaitGroup
	dbs := make([]*postgres.DB, 2)
	for i := range dbs {
		wg.Go(func() {
			db, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				t.Errorf("Open %d: %v", i, err)
				return
			}
			t.Cleanup(func() { db.Close() })
			dbs[i] = db
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if err := postgres.Migrate(t.Context(), dsn); err != nil {
		t.Fatalf("Migrate on a migrated schema: %v", err)
	}
	site, err := dbs[0].EnsureSite(t.Context(), parley.Site{Key: "k"})
	if err != nil {
		t.Fatalf("EnsureSite: %v", err)
	}
	if got, err := dbs[1].SiteByKey(t.Context(), "k"); err != nil || got.ID != site.ID {
		t.Fatalf("other node sees %+v, %v", got, err)
	}
}

func TestTokensStoredAsHashes(t *testing.T) {
	dsn, _ := freshSchema(t)
	db := mustOpen(t, dsn)
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	token := parley.NewToken()
	if _, err := db.CreateSession(t.Context(), site.ID, parley.HashToken(token), parley.Contact{}); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var found bool
	err = conn.QueryRow(t.Context(), `SELECT EXISTS (SELECT 1 FROM visitor_tokens
		WHERE token_hash = $1 OR position($2::bytea in token_hash) > 0)`, []byte(token), []byte(token[:16])).Scan(&found)
	if err != nil || found {
		t.Fatalf("plaintext token found in visitor_tokens: %v, %v", found, err)
	}
}

// TestSurvivesLostConnections terminates every server process serving the
// store's pool, as a PostgreSQL restart does, and expects the next calls to
// succeed on fresh connections.
func TestSurvivesLostConnections(t *testing.T) {
	dsn, schema := freshSchema(t)
	db := mustOpen(t, dsn)
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	tok := parley.HashToken(parley.NewToken())
	sess, err := db.CreateSession(t.Context(), site.ID, tok, parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	conv := sess.Conversation.ID
	for round := range 3 {
		var wg sync.WaitGroup
		for range 8 { // fill the pool with idle connections
			wg.Go(func() { db.Messages(t.Context(), conv, 0, 10, true) })
		}
		wg.Wait()
		admin(t, os.Getenv("PARLEY_TEST_DATABASE_URL"),
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, schema)
		if err := db.Ping(t.Context()); err != nil {
			t.Fatalf("round %d: Ping after terminate: %v", round, err)
		}
		m, _, err := db.AppendMessage(t.Context(), parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "still here?"})
		if err != nil {
			t.Fatalf("round %d: AppendMessage after terminate: %v", round, err)
		}
		if m.Seq != int64(round+1) {
			t.Fatalf("round %d: seq %d", round, m.Seq)
		}
		if _, err := db.SessionByToken(t.Context(), site.ID, tok); err != nil {
			t.Fatalf("round %d: SessionByToken after terminate: %v", round, err)
		}
	}
}

func BenchmarkAppendParallel(b *testing.B) {
	dsn, _ := freshSchema(b)
	db := mustOpen(b, dsn)
	site, err := db.EnsureSite(b.Context(), parley.Site{Key: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	convs := make([]string, 1000)
	for i := range convs {
		s, err := db.CreateSession(b.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			b.Fatal(err)
		}
		convs[i] = s.Conversation.ID
	}
	var mu sync.Mutex
	next := 0
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		mu.Lock()
		c := next
		next++
		mu.Unlock()
		for pb.Next() {
			m := parley.Message{ConversationID: convs[c%len(convs)], Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "Hello, I cannot log in"}
			c += 7
			if _, _, err := db.AppendMessage(b.Context(), m); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

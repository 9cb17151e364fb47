package main

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
)

// freshDatabaseURL creates an empty schema and returns a URL whose
// connections use it, so tests sharing one PostgreSQL never see each other.
func freshDatabaseURL(t *testing.T, appName string) string {
	t.Helper()
	base := testenv.PostgresURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer conn.Close(ctx)
	schema := "t_" + parley.NewID()
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err == nil {
			c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close(context.Background())
		}
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", appName)
	u.RawQuery = q.Encode()
	return u.String()
}

func clusterConfig(t *testing.T, dbURL string) Config {
	c := testConfig(t)
	c.DatabaseURL = dbURL
	c.RedisURL = testenv.RedisURL(t)
	return c
}

// Two nodes on one PostgreSQL and one Redis behave as one service.
func TestTwoNodesAreOneService(t *testing.T) {
	dbURL := freshDatabaseURL(t, "parley-two-nodes")
	a := startMain(t, clusterConfig(t, dbURL))
	b := startMain(t, clusterConfig(t, dbURL))

	onA := dialVisitor(t, a.Addr.String())
	w := onA.hello("", 0)
	token := w["token"].(string)
	onB := dialVisitor(t, b.Addr.String()) // the same visitor's second tab, on node B
	if wb := onB.hello(token, 0); wb["conversation_id"] != w["conversation_id"] {
		t.Fatalf("node B resumed another conversation: %v", wb)
	}
	for i, pair := range [][2]*wsClient{{onA, onB}, {onB, onA}, {onA, onB}} {
		from, to := pair[0], pair[1]
		id := fmt.Sprint("m", i)
		from.send(map[string]any{"type": "send", "client_id": id, "text": "hello " + id})
		from.expect("ack", "client_id", id)
		if m := to.expect("message", "client_id", id); m["text"] != "hello "+id {
			t.Fatalf("other node got %v", m)
		}
	}
}

// The same client_id sent at once through two nodes is stored once.
func TestConcurrentIdempotentSendsAcrossNodes(t *testing.T) {
	dbURL := freshDatabaseURL(t, "parley-idem")
	a := startMain(t, clusterConfig(t, dbURL))
	b := startMain(t, clusterConfig(t, dbURL))
	first := dialVisitor(t, a.Addr.String())
	w := first.hello("", 0)
	token := w["token"].(string)
	for round := range 20 {
		id := fmt.Sprint("race-", round)
		var clients []*wsClient
		for _, n := range []*Main{a, b, a, b} {
			c := dialVisitor(t, n.Addr.String())
			c.hello(token, 1<<40)
			clients = append(clients, c)
		}
		var wg sync.WaitGroup
		seqs := make([]int64, len(clients))
		for i, c := range clients {
			wg.Go(func() {
				c.send(map[string]any{"type": "send", "client_id": id, "text": "once"})
				seqs[i] = asInt(c.expect("ack", "client_id", id)["seq"])
			})
		}
		wg.Wait()
		for _, s := range seqs[1:] {
			if s != seqs[0] {
				t.Fatalf("round %d: acks disagree: %v", round, seqs)
			}
		}
		for _, c := range clients {
			c.ws.Close()
		}
	}
	msgs, err := a.Store.(interface {
		Messages(context.Context, string, int64, int, bool) ([]parley.Message, error)
	}).Messages(context.Background(), w["conversation_id"].(string), 0, 1000, true)
	if err != nil {
		t.Fatal(err)
	}
	visitor := 0
	for _, m := range msgs {
		if m.Author.Kind == parley.AuthorVisitor {
			visitor++
		}
	}
	if visitor != 20 {
		t.Fatalf("stored %d visitor messages for 20 client ids", visitor)
	}
}

// Losing every database connection (what a PostgreSQL restart does to
// clients) loses no acknowledged message: failed sends are refused, resent,
// and stored once.
func TestPostgresConnectionLossLosesNothing(t *testing.T) {
	app := "parley-pgloss-" + parley.NewID()[:8]
	dbURL := freshDatabaseURL(t, app)
	cfg := clusterConfig(t, dbURL)
	cfg.RedisURL = ""
	m := startMain(t, cfg)
	c := dialVisitor(t, m.Addr.String())
	w := c.hello("", 0)
	acked := map[string]int64{}
	sendUntilAcked := func(id string) {
		for attempt := range 50 {
			c.send(map[string]any{"type": "send", "client_id": id, "text": id})
			for {
				f, err := c.read(10 * time.Second)
				if err != nil {
					t.Fatal(err)
				}
				if f["type"] == "ack" && f["client_id"] == id {
					acked[id] = asInt(f["seq"])
					return
				}
				if f["type"] == "error" && f["client_id"] == id {
					break // refused while the database was away: resend
				}
			}
			time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
		}
		t.Fatalf("%s never acked", id)
	}
	admin, err := pgx.Connect(context.Background(), testenv.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	killed := 0
	for i := range 30 {
		sendUntilAcked(fmt.Sprint("m", i))
		if i%10 == 5 {
			var n int
			if err := admin.QueryRow(context.Background(),
				"SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) k", app).Scan(&n); err != nil {
				t.Fatal(err)
			}
			killed += n
		}
	}
	if killed == 0 {
		t.Fatal("no database connection was ever terminated: the test proves nothing")
	}
	r := dialVisitor(t, m.Addr.String())
	r.hello(w["token"].(string), 0)
	seen := map[string]int{}
	for len(seen) < len(acked) {
		f := r.expect("message", "", nil)
		id, _ := f["client_id"].(string)
		if a, _ := f["author"].(map[string]any); a["kind"] != "visitor" {
			continue // the bot's replies
		}
		seen[id]++
		if acked[id] != asInt(f["seq"]) {
			t.Fatalf("%s replayed with seq %v, acked %d", id, f["seq"], acked[id])
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("%s replayed %d times", id, n)
		}
	}
}

package webhook_test

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/store/postgres"
	"github.com/parley-chat/parley/webhook"
)

// freshSchema returns the test database's URL on a new schema, dropped
// when the test ends.
func freshSchema(t *testing.T) string {
	t.Helper()
	base := testenv.PostgresURL(t)
	schema := "parley_test_" + parley.NewID()
	exec := func(sql string) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("CREATE SCHEMA " + schema)
	t.Cleanup(func() { exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("pool_max_conns", "8")
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgres(t *testing.T, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestTwoNodesDeliverOnce runs two deliverers, each on its own pool over
// one PostgreSQL database, while conversations are created through both:
// every event must reach the endpoint exactly once.
func TestTwoNodesDeliverOnce(t *testing.T) {
	dsn := freshSchema(t)
	s1, s2 := openPostgres(t, dsn), openPostgres(t, dsn)
	rcv := newReceiver(t)
	mustWebhook(t, s1, rcv.srv.URL, true)
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	nodes := []*webhook.Deliverer{}
	for _, s := range []*postgres.DB{s1, s2} {
		d := webhook.New(webhook.Config{Store: s, AllowPrivate: true, Poll: 2 * time.Millisecond, Batch: 4})
		nodes = append(nodes, d)
		wg.Go(func() { d.Run(ctx) })
	}
	const n = 60
	var made sync.WaitGroup
	for i := range n {
		made.Go(func() { newConversation(t, []*postgres.DB{s1, s2}[i%2]) })
	}
	made.Wait()
	testenv.Eventually(t, 30*time.Second, func() bool { return len(rcv.accepted()) == n }, n, " deliveries accepted")
	cancel() // attempts under way finish within Grace, and are recorded
	wg.Wait()
	for _, d := range nodes { // nothing is left for either node
		drain(t, d)
	}
	acts, err := s1.Activities(t.Context(), 0, 1000)
	if err != nil || len(acts) != n {
		t.Fatalf("%d activities, %v", len(acts), err)
	}
	acc := rcv.accepted()
	for _, a := range acts {
		if acc[a.ID] != 1 {
			t.Errorf("activity %s delivered %d times", a.ID, acc[a.ID])
		}
	}
	if got := len(rcv.requests()); got != n {
		t.Errorf("%d requests for %d events", got, n)
	}
}

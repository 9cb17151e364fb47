package handoff

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/store/sqlite"
)

// BenchmarkRoute1000x50 times one routing pass that assigns 1,000 queued
// conversations to 50 online agents (capacity 20 each) on the embedded
// store, each assignment an atomic claim. docs/performance.md has figures.
func BenchmarkRoute1000x50(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		d, db := routeFixture(b, 1000, 50)
		b.StartTimer()
		if err := d.route(ctx, map[string]parley.Status{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if left, _ := db.Queue(ctx, parley.QueueFilter{Mode: parley.ModeQueued, Limit: 1000}); len(left) != 0 {
			b.Fatalf("%d conversations left in the queue", len(left))
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "µs/assignment")
}

// BenchmarkPick50 times choosing an agent among 50 candidates.
func BenchmarkPick50(b *testing.B) {
	var cands []Candidate
	for i := range 50 {
		cands = append(cands, Candidate{Agent: agent(fmt.Sprint("a", i), 20, []string{"l1", "l2"}[i%2:i%2+1], []string{"en", "ru"}), Presence: parley.PresenceOnline, Assigned: i % 20})
	}
	conv := parley.Conversation{Team: "l1", Language: "ru"}
	b.ReportAllocs()
	for b.Loop() {
		Pick(conv, cands, Rules{})
	}
}

func routeFixture(tb testing.TB, convs, agents int) (*Desk, *sqlite.DB) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "route.db"))
	if err != nil {
		tb.Fatal(err)
	}
	site, _ := db.EnsureSite(ctx, parley.Site{Key: "bench"})
	presence := inmem.NewPresence(time.Hour, nil)
	for i := range agents {
		a, err := db.CreateAgent(ctx, parley.Agent{Email: fmt.Sprintf("a%d@example.com", i), Name: fmt.Sprint("Agent ", i), Capacity: convs / agents, Teams: []string{"l1"}}, []byte("x"))
		if err != nil {
			tb.Fatal(err)
		}
		presence.Set(ctx, a.ID, parley.PresenceOnline)
	}
	urg := []parley.Urgency{parley.UrgencyLow, parley.UrgencyNormal, parley.UrgencyHigh, parley.UrgencyCritical}
	for i := range convs {
		s, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := db.Enqueue(ctx, s.Conversation.ID, parley.Conversation{Team: "l1", Urgency: urg[i%4], QueuedAt: time.Now()}); err != nil {
			tb.Fatal(err)
		}
	}
	d := New(Config{Store: db, Desk: db, Router: db, Presence: presence})
	return d, db
}

// BenchmarkWelcomeQueued1000 times the welcome's status of the last of
// 1,000 queued conversations on the embedded store: its place counted in
// the store, and taken from a routing pass just run (placeOf).
func BenchmarkWelcomeQueued1000(b *testing.B) {
	d, db := routeFixture(b, 1000, 0)
	defer db.Close()
	ctx := context.Background()
	queued, err := db.Queue(ctx, parley.QueueFilter{Mode: parley.ModeQueued, Limit: 1000})
	if err != nil || len(queued) != 1000 {
		b.Fatalf("%d queued, %v", len(queued), err)
	}
	last := queued[len(queued)-1]
	welcome := func(b *testing.B) {
		for b.Loop() {
			if p := d.Status(ctx, last).QueuePosition; p != 1000 {
				b.Fatalf("place %d, want 1000", p)
			}
		}
	}
	b.Run("counted", welcome)
	if err := d.route(ctx, map[string]parley.Status{}); err != nil {
		b.Fatal(err)
	}
	b.Run("after-a-pass", welcome)
}

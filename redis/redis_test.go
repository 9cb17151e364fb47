package redis

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
)

// mustClient connects to PARLEY_TEST_REDIS_URL or skips (CI always sets it).
func mustClient(tb testing.TB) *goredis.Client {
	tb.Helper()
	rdb, err := Open(context.Background(), testenv.RedisURL(tb))
	if err != nil {
		tb.Fatalf("redis: %v", err)
	}
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestLimiterIsSharedBetweenNodes(t *testing.T) {
	rdb := mustClient(t)
	a, b := runLimiter(t, rdb), runLimiter(t, rdb) // two nodes
	key := "test:" + parley.NewID()
	r := parley.Rate{Count: 1, Period: time.Minute, Burst: 4}
	ctx := context.Background()
	allowed := 0
	for i := range 8 {
		l := a
		if i%2 == 1 {
			l = b
		}
		ok, retry, err := l.Allow(ctx, key, r)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			allowed++
		} else if retry <= 0 {
			t.Fatalf("refusal without retry_after")
		}
	}
	if allowed != 4 {
		t.Fatalf("two nodes together allowed %d events, want the burst of 4", allowed)
	}
}

func TestLimiterErrorsWhenRedisIsDown(t *testing.T) {
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer rdb.Close()
	_, _, err := runLimiter(t, rdb).Allow(context.Background(), "k", parley.Rate{Count: 1, Period: time.Second, Burst: 1})
	if err == nil {
		t.Fatal("no error from an unreachable Redis: the gateway could not fall back")
	}
}

func TestBrokerFansOutToEveryNode(t *testing.T) {
	rdb := mustClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type got struct{ topic, payload string }
	chA, chB := make(chan got, 4), make(chan got, 4)
	a := NewBroker(rdb, func(tp string, p []byte) { chA <- got{tp, string(p)} }, nil)
	b := NewBroker(rdb, func(tp string, p []byte) { chB <- got{tp, string(p)} }, nil)
	a.channel = "parley:test:" + parley.NewID()
	b.channel = a.channel
	go a.Run(ctx)
	go b.Run(ctx)
	for _, br := range []*Broker{a, b} {
		select {
		case <-br.Ready():
		case <-time.After(5 * time.Second):
			t.Fatal("subscription not ready")
		}
	}
	if err := a.Publish(ctx, "conv:x", []byte(`{"k":"line1\nline2"}`)); err != nil {
		t.Fatal(err)
	}
	for name, ch := range map[string]chan got{"publisher": chA, "other node": chB} {
		select {
		case g := <-ch:
			if g.topic != "conv:x" || g.payload != `{"k":"line1\nline2"}` {
				t.Fatalf("%s got %+v", name, g)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not receive the event", name)
		}
	}
}

func TestPresenceIsSharedAndExpires(t *testing.T) {
	rdb := mustClient(t)
	a, b := NewPresence(rdb, time.Minute), NewPresence(rdb, time.Minute)
	a.key = "parley:test:presence:" + parley.NewID()
	b.key = a.key
	t.Cleanup(func() { rdb.Del(context.Background(), a.key) })
	ctx := context.Background()
	if err := a.Set(ctx, "agent-1", parley.PresenceOnline); err != nil {
		t.Fatal(err)
	}
	b.Set(ctx, "agent-2", parley.PresenceAway)
	all, err := b.All(ctx)
	if err != nil || all["agent-1"] != parley.PresenceOnline || all["agent-2"] != parley.PresenceAway {
		t.Fatalf("node B sees %v (%v)", all, err)
	}
	b.now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	if all, _ := b.All(ctx); len(all) != 0 {
		t.Fatalf("stale presence kept: %v", all)
	}
}

// Publishes that wait while a pipeline is in flight share the next one: a
// regression to one round trip per event shows here.
func TestBrokerBatchesWaitingPublishes(t *testing.T) {
	rdb := mustClient(t)
	ctx := context.Background()
	var mu sync.Mutex
	local := 0
	b := NewBroker(rdb, func(string, []byte) { mu.Lock(); local++; mu.Unlock() }, nil)
	b.channel = "parley:test:" + parley.NewID()
	b.pubs.Claim() // as if a pipeline were in flight
	const n = 200
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- b.Publish(ctx, "conv:x", []byte(fmt.Sprint(i))) }()
	}
	testenv.Eventually(t, 5*time.Second, func() bool {
		return b.pubs.Len() == n
	}, "every publish queued")
	go b.lead()
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if st := b.Stats(); st.Published != n || st.RoundTrips != 1 {
		t.Fatalf("%d publishes in %d round trips, want %d in 1", st.Published, st.RoundTrips, n)
	}
	if local != n {
		t.Fatalf("%d of %d delivered to the publishing node", local, n)
	}
}

// A node's own events reach its handler once: in Publish, not again from Redis.
func TestBrokerDeliversOwnEventsOnce(t *testing.T) {
	rdb := mustClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, 8)
	b := NewBroker(rdb, func(tp string, p []byte) { got <- string(p) }, nil)
	b.channel = "parley:test:" + parley.NewID()
	go b.Run(ctx)
	<-b.Ready()
	// Another node's event, sent after ours, marks the end of our echo.
	other := NewBroker(rdb, func(string, []byte) {}, nil)
	other.channel = b.channel
	if err := b.Publish(ctx, "conv:x", []byte("mine")); err != nil {
		t.Fatal(err)
	}
	if err := other.Publish(ctx, "conv:x", []byte("theirs")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mine", "theirs"} {
		select {
		case g := <-got:
			if g != want {
				t.Fatalf("got %q, want %q", g, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%q not delivered", want)
		}
	}
	select {
	case g := <-got:
		t.Fatalf("delivered again: %q", g)
	case <-time.After(100 * time.Millisecond):
	}
}

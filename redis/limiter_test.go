package redis

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
)

// runLimiter returns a limiter on rdb whose Run lasts as long as the test.
func runLimiter(tb testing.TB, rdb goredis.UniversalClient) *Limiter {
	tb.Helper()
	l := NewLimiter(rdb)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.Run(ctx); close(done) }()
	tb.Cleanup(func() { cancel(); <-done })
	for !l.running.Load() {
		time.Sleep(time.Millisecond)
	}
	return l
}

func warm(tb testing.TB, l *Limiter) {
	tb.Helper()
	if _, _, err := l.Allow(context.Background(), "test:warm:"+parley.NewID(), parley.Rate{Count: 1, Period: time.Second, Burst: 1}); err != nil {
		tb.Fatal(err)
	}
}

// roundTrips counts the round trips that carry rate-limit scripts (not a
// new connection's handshake): one per command outside a pipeline, one per
// pipeline.
type roundTrips struct{ n atomic.Int64 }

func isScript(cmd goredis.Cmder) bool { n := cmd.Name(); return n == "evalsha" || n == "eval" }

func (h *roundTrips) DialHook(next goredis.DialHook) goredis.DialHook { return next }
func (h *roundTrips) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		if isScript(cmd) {
			h.n.Add(1)
		}
		return next(ctx, cmd)
	}
}
func (h *roundTrips) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		if len(cmds) > 0 && isScript(cmds[0]) {
			h.n.Add(1)
		}
		return next(ctx, cmds)
	}
}

// Concurrent callers on two keys (a contact's and an IP's, as the gateway
// asks) get exactly each key's burst, refusals say when to retry, and the
// checks travel in far fewer round trips than there are calls.
func TestLimiterCoalescesConcurrentCallers(t *testing.T) {
	rdb := mustClient(t)
	hook := &roundTrips{}
	rdb.AddHook(hook)
	l := runLimiter(t, rdb)
	keys := []string{"test:contact:" + parley.NewID(), "test:ip:" + parley.NewID()}
	bursts := []int{30, 70}
	const callers = 400
	var allowed [2]atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, callers)
	for i := range callers {
		wg.Go(func() {
			<-start
			k := i % 2
			ok, retry, err := l.Allow(context.Background(), keys[k], parley.Rate{Count: 1, Period: time.Hour, Burst: bursts[k]})
			switch {
			case err != nil:
				errs <- err
			case ok:
				allowed[k].Add(1)
			case retry <= 0:
				errs <- errors.New("a refusal without retry_after")
			}
		})
	}
	warm(t, l)
	before, calls := hook.n.Load(), l.Stats().Calls
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for k := range keys {
		if got := allowed[k].Load(); got != int64(bursts[k]) {
			t.Errorf("key %d: %d of %d calls allowed, want its burst of %d", k, got, callers/2, bursts[k])
		}
	}
	trips := hook.n.Load() - before
	if st := l.Stats(); st.Calls-calls != callers || st.RoundTrips-1 != trips {
		t.Errorf("stats %+v, want %d calls in the %d round trips the client made", st, callers, trips)
	}
	if trips > callers/4 {
		t.Errorf("%d calls took %d round trips: not coalesced", callers, trips)
	}
	t.Logf("%d calls, %d round trips", callers, trips)
}

// One event's checks share one round trip even when nothing else is in
// flight (a quiet node), and each check gets its own key's verdict; a check
// with no limit is allowed without Redis.
func TestAllowAllSharesOneRoundTrip(t *testing.T) {
	rdb := mustClient(t)
	hook := &roundTrips{}
	rdb.AddHook(hook)
	l := runLimiter(t, rdb)
	warm(t, l)
	contact, ip := "test:contact:"+parley.NewID(), "test:ip:"+parley.NewID()
	checks := []parley.RateCheck{
		{Key: contact, Rate: parley.Rate{Count: 1, Period: time.Hour, Burst: 3}},
		{Key: ip, Rate: parley.Rate{Count: 1, Period: time.Hour, Burst: 5}},
		{Key: "test:unlimited"},
	}
	const events = 20
	before := hook.n.Load()
	var allowed [3]int
	for range events {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		vs := l.AllowAll(ctx, checks)
		cancel()
		for i, v := range vs {
			if v.Err != nil {
				t.Fatal(v.Err)
			}
			if v.OK {
				allowed[i]++
			} else if v.RetryAfter <= 0 {
				t.Fatalf("check %d refused without retry_after", i)
			}
		}
	}
	if allowed != [3]int{3, 5, events} {
		t.Errorf("allowed %v of %d events, want each key's burst (3, 5) and every unlimited one", allowed, events)
	}
	if trips := hook.n.Load() - before; trips != events {
		t.Errorf("%d events of two checks took %d round trips, want one each", events, trips)
	}
}

// A caller whose budget runs out before Redis answers gets an error at the
// end of its budget (the gateway's local decision), counted as a failure.
func TestLimiterAnswersWithinTheCallersBudget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accepts and never answers: a stalled Redis
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	stalled := goredis.NewClient(&goredis.Options{Addr: ln.Addr().String(), MaxRetries: -1, ReadTimeout: 10 * time.Second})
	defer stalled.Close()
	l := runLimiter(t, stalled)
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		start := time.Now()
		_, _, err := l.Allow(ctx, "test:k", parley.Rate{Count: 1, Period: time.Second, Burst: 1})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the budget's deadline", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("answered after %s, long past the 50ms budget", took)
		}
	}
	if st := l.Stats(); st.Failures != 3 {
		t.Fatalf("stats %+v, want 3 failures", st)
	}
}

func TestLimiterNotRunningIsAnError(t *testing.T) {
	l := NewLimiter(mustClient(t))
	_, _, err := l.Allow(context.Background(), "test:k", parley.Rate{Count: 1, Period: time.Second, Burst: 1})
	if !errors.Is(err, ErrNotRunning) {
		t.Fatalf("err = %v, want ErrNotRunning", err)
	}
}

// After Redis forgets its scripts (a restart, SCRIPT FLUSH), a check still
// gets its answer: redis_rate sends the script itself.
func TestLimiterSurvivesAScriptFlush(t *testing.T) {
	rdb := mustClient(t)
	l := runLimiter(t, rdb)
	ctx := context.Background()
	key, r := "test:"+parley.NewID(), parley.Rate{Count: 1, Period: time.Hour, Burst: 2}
	if ok, _, err := l.Allow(ctx, key, r); err != nil || !ok {
		t.Fatalf("first: %v %v", ok, err)
	}
	if err := rdb.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := l.Allow(ctx, key, r); err != nil || !ok {
		t.Fatalf("after the flush: %v %v", ok, err)
	}
	if ok, _, err := l.Allow(ctx, key, r); err != nil || ok {
		t.Fatalf("past the burst: %v %v", ok, err)
	}
}

// BenchmarkLimiterParallel reports round trips per 1,000 checks with 64
// concurrent callers per core, each on its own key (no refusals): batched
// through Run, and one EVALSHA per check as before (redis_rate alone).
func BenchmarkLimiterParallel(b *testing.B) {
	r := parley.Rate{Count: 1_000_000, Period: time.Second, Burst: 1_000_000}
	limit := redis_rate.Limit{Rate: r.Count, Burst: r.Burst, Period: r.Period}
	b.Run("batched", func(b *testing.B) {
		rdb := mustClient(b)
		l := runLimiter(b, rdb)
		warm(b, l)
		parallel(b, rdb, func(key string) error { _, _, err := l.Allow(context.Background(), key, r); return err })
	})
	b.Run("direct", func(b *testing.B) {
		rdb := mustClient(b)
		rl := redis_rate.NewLimiter(rdb)
		parallel(b, rdb, func(key string) error { _, err := rl.Allow(context.Background(), key, limit); return err })
	})
}

func parallel(b *testing.B, rdb *goredis.Client, allow func(key string) error) {
	hook := &roundTrips{}
	rdb.AddHook(hook)
	var calls atomic.Int64
	b.SetParallelism(64)
	b.RunParallel(func(pb *testing.PB) {
		key := "test:bench:" + parley.NewID()
		for pb.Next() {
			if err := allow(key); err != nil {
				b.Error(err)
				return
			}
			calls.Add(1)
		}
	})
	b.ReportMetric(float64(hook.n.Load())*1000/float64(calls.Load()), "roundtrips/1000calls")
}

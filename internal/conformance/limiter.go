package conformance

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/internal/testenv"
)

// RunLimiter checks what every limiter promises: a burst, then refusals
// that say how long to wait, then admission again after that wait; keys
// independent; no limit when the rate is zero. open returns a limiter
// whose state may be shared with earlier runs: keys are fresh ids.
func RunLimiter(t *testing.T, open func(t *testing.T) gateway.Limiter) {
	ctx := context.Background()
	// 20/s: an event every 50ms, 3 at once.
	rate := parley.Rate{Count: 20, Period: time.Second, Burst: 3}
	allow := func(t *testing.T, l gateway.Limiter, key string, r parley.Rate) (bool, time.Duration) {
		t.Helper()
		ok, retry, err := l.Allow(ctx, key, r)
		if err != nil {
			t.Fatalf("Allow(%q): %v", key, err)
		}
		return ok, retry
	}

	t.Run("BurstThenRefusalWithRetry", func(t *testing.T) {
		l, key := open(t), "test:"+parley.NewID()
		for i := range rate.Burst {
			if ok, _ := allow(t, l, key, rate); !ok {
				t.Fatalf("event %d of the burst of %d refused", i+1, rate.Burst)
			}
		}
		ok, retry := allow(t, l, key, rate)
		if ok {
			t.Fatal("the event after the burst was allowed")
		}
		if retry <= 0 || retry > rate.Interval() {
			t.Fatalf("refused with retry %s, want within (0, %s]", retry, rate.Interval())
		}
	})

	t.Run("AdmitsAgainAfterTheWait", func(t *testing.T) {
		l, key := open(t), "test:"+parley.NewID()
		slow := parley.Rate{Count: 10, Period: time.Second, Burst: 1} // one per 100ms
		if ok, _ := allow(t, l, key, slow); !ok {
			t.Fatal("first event refused")
		}
		start := time.Now()
		if ok, _ := allow(t, l, key, slow); ok {
			t.Fatal("second event at once allowed")
		}
		testenv.Eventually(t, 5*time.Second, func() bool { ok, _ := allow(t, l, key, slow); return ok }, "an event admitted after the interval")
		if took := time.Since(start); took < slow.Interval()/2 {
			t.Fatalf("admitted again after %s, before the %s interval", took, slow.Interval())
		}
	})

	t.Run("KeysAreIndependent", func(t *testing.T) {
		l, a, b := open(t), "test:"+parley.NewID(), "test:"+parley.NewID()
		one := parley.Rate{Count: 1, Period: time.Hour, Burst: 1}
		allow(t, l, a, one)
		if ok, _ := allow(t, l, a, one); ok {
			t.Fatal("the key's second event in the hour was allowed")
		}
		if ok, _ := allow(t, l, b, one); !ok {
			t.Fatal("another key was limited by the first")
		}
	})

	t.Run("ConcurrentCallersShareTheBurst", func(t *testing.T) {
		l, key := open(t), "test:"+parley.NewID()
		burst := parley.Rate{Count: 1, Period: time.Hour, Burst: 25}
		var allowed atomic.Int64
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				if ok, _, err := l.Allow(ctx, key, burst); err != nil {
					t.Error(err)
				} else if ok {
					allowed.Add(1)
				}
			})
		}
		wg.Wait()
		if n := allowed.Load(); n != int64(burst.Burst) {
			t.Fatalf("100 concurrent callers: %d allowed, want the burst of %d", n, burst.Burst)
		}
	})

	t.Run("ZeroRateIsNoLimit", func(t *testing.T) {
		l, key := open(t), "test:"+parley.NewID()
		for _, r := range []parley.Rate{{}, {Count: 0, Period: time.Second}, {Count: 5}} {
			for range 10 {
				if ok, retry := allow(t, l, key, r); !ok || retry != 0 {
					t.Fatalf("rate %+v: ok=%v retry=%s, want always allowed", r, ok, retry)
				}
			}
		}
	})
}

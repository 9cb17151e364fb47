package gateway

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/redis"
)

// When the global limiter (Redis) is down, the node's own limit still
// applies — never "no limit" — and the fallback is counted.
func TestRedisDownFallsBackToLocalLimit(t *testing.T) {
	down := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", DialTimeout: 20 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { down.Close() })
	metrics := NewMetrics(nil)
	ts := newTestServer(t, func(c *Config) {
		c.Global = redis.NewLimiter(down)
		c.Metrics = metrics
		c.Limits.ContactMessages = parley.Rate{Count: 1, Period: time.Hour, Burst: 3}
	})
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	acked, limited := 0, 0
	for i := range 5 {
		c.send(map[string]any{"type": "send", "client_id": string(rune('a' + i)), "text": "x"})
		for {
			f := c.next()
			if f["type"] == "ack" {
				acked++
				break
			}
			if f["type"] == "error" && f["code"] == "rate_limited" {
				limited++
				break
			}
		}
	}
	if acked != 3 || limited != 2 {
		t.Fatalf("acked %d, limited %d: want the local burst of 3 to hold with Redis down", acked, limited)
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return testutil.ToFloat64(metrics.LimitFallback) >= 3 },
		"the failed global checks of the acked frames counted as fallbacks")
}

// A contact frame (update + its record) costs one unit of the limit, like
// any other stored frame.
func TestContactFrameIsChargedOnce(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.Limits.ContactMessages = parley.Rate{Count: 1, Period: time.Hour, Burst: 2}
	})
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.send(map[string]any{"type": "contact", "client_id": "k", "email": "ana@example.com"})
	c.expect("ack")
	c.send(map[string]any{"type": "send", "client_id": "s", "text": "second of a burst of two"})
	if a := c.expect("ack"); a["client_id"] != "s" {
		t.Fatalf("got %v", a)
	}
}

// barrier is a global limiter that answers only once every check of a frame
// is in flight: asked one check after the other, the first would wait out
// the frame's budget and fall back.
type barrier struct {
	mu       sync.Mutex
	waiting  int
	answered int
	all      chan struct{}
}

func (b *barrier) Allow(ctx context.Context, key string, r parley.Rate) (bool, time.Duration, error) {
	if strings.HasPrefix(key, "new:") {
		return true, 0, nil // hello's one check
	}
	b.mu.Lock()
	if b.waiting++; b.waiting == 2 {
		close(b.all)
	}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.answered++
		b.mu.Unlock()
	}()
	select {
	case <-b.all:
		return true, 0, nil
	case <-ctx.Done():
		return false, 0, ctx.Err()
	}
}

func (b *barrier) done() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.answered == 2
}

// A frame's contact and IP checks go to the global limiter together, so they
// can share one round trip.
func TestGlobalChecksGoTogether(t *testing.T) {
	metrics := NewMetrics(nil)
	b := &barrier{all: make(chan struct{})}
	ts := newTestServer(t, func(c *Config) {
		c.Global = b
		c.Metrics = metrics
	})
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "a", "text": "x"})
	c.expect("ack")
	testenv.Eventually(t, 5*time.Second, b.done, "both global checks answered")
	if n := testutil.ToFloat64(metrics.LimitFallback); n != 0 {
		t.Fatalf("%v checks fell back: the contact and IP checks were not asked together", n)
	}
}

// With Redis down every frame falls back, but the log gets one warning per
// interval (with the count), not one per frame.
func TestGlobalFailuresWarnOncePerInterval(t *testing.T) {
	down := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", DialTimeout: 20 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { down.Close() })
	var logs syncBuffer
	metrics := NewMetrics(nil)
	ts := newTestServer(t, func(c *Config) {
		c.Global = redis.NewLimiter(down)
		c.Metrics = metrics
		c.Log = slog.New(slog.NewTextHandler(&logs, nil))
	})
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	for i := range 4 {
		c.send(map[string]any{"type": "send", "client_id": string(rune('a' + i)), "text": "x"})
		c.expect("ack")
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return testutil.ToFloat64(metrics.LimitFallback) >= 8 },
		"every global check of 4 frames counted as a fallback")
	if n := strings.Count(logs.String(), "global limiter failed"); n != 1 {
		t.Fatalf("%d warnings for 4 frames, want 1:\n%s", n, logs.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// refuser is a global limiter that refuses every contact check, as Redis
// does once a visitor's frames through all nodes pass the limit.
type refuser struct {
	mu    sync.Mutex
	asked int
}

func (r *refuser) Allow(_ context.Context, key string, _ parley.Rate) (bool, time.Duration, error) {
	if !strings.HasPrefix(key, "contact:") {
		return true, 0, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked++
	return false, 30 * time.Second, nil
}

func (r *refuser) n() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.asked
}

// The global limiter is asked after the node's own limit has admitted a
// frame, off the ack's path; its refusal applies to the contact's next
// frames until its retry time, with that time, and those frames are not
// charged again.
func TestGlobalRefusalAppliesFromTheNextFrame(t *testing.T) {
	g := &refuser{}
	ts := newTestServer(t, func(c *Config) { c.Global = g })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "a", "text": "admitted by this node"})
	c.expect("ack")
	testenv.Eventually(t, 5*time.Second, func() bool { return g.n() == 1 }, "the frame charged to the global limiter")
	for _, id := range []string{"b", "c"} {
		c.send(map[string]any{"type": "send", "client_id": id, "text": "over the cluster-wide limit"})
		f := c.expect("error")
		if f["code"] != "rate_limited" || f["client_id"] != id {
			t.Fatalf("frame %s: %v, want rate_limited", id, f)
		}
		if ms, _ := f["retry_after_ms"].(float64); ms < 25_000 || ms > 30_000 {
			t.Errorf("frame %s: retry_after_ms %v, want the global limiter's 30 s", id, f["retry_after_ms"])
		}
	}
	if n := g.n(); n != 1 {
		t.Errorf("global limiter asked %d times, want once: refused frames are not charged", n)
	}
}

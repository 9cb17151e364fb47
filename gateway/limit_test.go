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
	if n := testutil.ToFloat64(metrics.LimitFallback); n < 3 {
		t.Fatalf("fallbacks counted: %v", n)
	}
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
	mu      sync.Mutex
	waiting int
	all     chan struct{}
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
	select {
	case <-b.all:
		return true, 0, nil
	case <-ctx.Done():
		return false, 0, ctx.Err()
	}
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
	if n := testutil.ToFloat64(metrics.LimitFallback); n < 8 {
		t.Fatalf("fallbacks counted: %v, want every check of 4 frames", n)
	}
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

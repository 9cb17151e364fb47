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

// callLog is a global limiter that allows everything and records the keys
// of each call.
type callLog struct {
	mu    sync.Mutex
	calls [][]string
}

func (l *callLog) AllowAll(_ context.Context, checks []parley.RateCheck) []parley.RateVerdict {
	keys := make([]string, len(checks))
	for i, c := range checks {
		keys[i] = c.Key
	}
	l.mu.Lock()
	l.calls = append(l.calls, keys)
	l.mu.Unlock()
	out := make([]parley.RateVerdict, len(checks))
	for i := range out {
		out[i].OK = true
	}
	return out
}

// A frame's contact and IP checks go to the global limiter in one call, so
// that they share one round trip (redis.Limiter.AllowAll).
func TestGlobalChecksGoTogether(t *testing.T) {
	l := &callLog{}
	ts := newTestServer(t, func(c *Config) { c.Global = l })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "a", "text": "x"})
	c.expect("ack")
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.calls); n != 2 { // hello's new-visitor check, then the frame's
		t.Fatalf("%d calls %v, want 2: hello's, then the frame's two checks at once", n, l.calls)
	}
	if got := strings.Join(l.calls[1], " "); !strings.HasPrefix(got, "contact:") || !strings.Contains(got, " ip:") {
		t.Fatalf("the frame's call carried %q, want its contact and IP checks", got)
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

package gateway

import (
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

package inmem

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

func TestLimiterBurstThenRate(t *testing.T) {
	now := time.Unix(1000, 0)
	l := NewLimiter(func() time.Time { return now })
	r := parley.Rate{Count: 10, Period: time.Second, Burst: 3}
	ctx := context.Background()
	for i := range 3 {
		if ok, _, _ := l.Allow(ctx, "k", r); !ok {
			t.Fatalf("event %d of the burst refused", i)
		}
	}
	ok, retry, _ := l.Allow(ctx, "k", r)
	if ok || retry <= 0 || retry > 100*time.Millisecond {
		t.Fatalf("4th event: ok=%v retry=%v, want refused with retry ≤ 100ms", ok, retry)
	}
	if ok, _, _ := l.Allow(ctx, "other", r); !ok {
		t.Fatal("keys are not independent")
	}
	now = now.Add(retry)
	if ok, _, _ := l.Allow(ctx, "k", r); !ok {
		t.Fatal("refused after waiting retry_after")
	}
	if ok, _, _ := l.Allow(ctx, "k", r); ok {
		t.Fatal("second event in the same instant after refill allowed")
	}
}

func TestLimiterSweepsIdleKeys(t *testing.T) {
	now := time.Unix(1000, 0)
	l := NewLimiter(func() time.Time { return now })
	r := parley.Rate{Count: 1, Period: time.Second, Burst: 1}
	ctx := context.Background()
	for i := range 1000 {
		l.Allow(ctx, fmt.Sprint("old", i), r)
	}
	now = now.Add(2 * time.Minute)
	for i := range 1000 { // touches every shard, which sweeps it
		l.Allow(ctx, fmt.Sprint("new", i), r)
	}
	for i := range l.shards {
		for k := range l.shards[i].tat {
			if strings.HasPrefix(k, "old") {
				t.Fatalf("idle key %q kept after two minutes", k)
			}
		}
	}
}

func BenchmarkLimiterAllow(b *testing.B) {
	l := NewLimiter(nil)
	r := parley.Rate{Count: 1 << 30, Period: time.Second, Burst: 1 << 20}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			l.Allow(context.Background(), "contact:abc", r)
		}
	})
}

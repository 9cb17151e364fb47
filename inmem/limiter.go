package inmem

import (
	"context"
	"hash/maphash"
	"sync"
	"time"

	"github.com/parley-chat/parley"
)

// Limiter is a GCRA rate limiter (the algorithm redis_rate uses, so a node's
// local limit behaves like the global one). Keys are sharded; each entry is
// one timestamp, swept once it no longer limits anything.
type Limiter struct {
	now    func() time.Time
	seed   maphash.Seed
	shards [64]limiterShard
}

type limiterShard struct {
	mu    sync.Mutex
	tat   map[string]time.Time // theoretical arrival time per key
	sweep time.Time
}

// NewLimiter returns a limiter on the given clock (time.Now when nil).
func NewLimiter(now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	l := &Limiter{now: now, seed: maphash.MakeSeed()}
	for i := range l.shards {
		l.shards[i].tat = make(map[string]time.Time)
	}
	return l
}

// Allow admits one event under key if it fits r, else says how long to wait.
func (l *Limiter) Allow(_ context.Context, key string, r parley.Rate) (bool, time.Duration, error) {
	if r.Count <= 0 || r.Period <= 0 {
		return true, 0, nil // no limit configured
	}
	interval := r.Interval()
	burst := time.Duration(max(r.Burst, 1)) * interval
	now := l.now()
	sh := &l.shards[maphash.String(l.seed, key)%uint64(len(l.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if now.Sub(sh.sweep) > time.Minute {
		for k, t := range sh.tat {
			if !t.After(now) {
				delete(sh.tat, k)
			}
		}
		sh.sweep = now
	}
	tat := sh.tat[key]
	if tat.Before(now) {
		tat = now
	}
	next := tat.Add(interval)
	if wait := next.Sub(now) - burst; wait > 0 {
		return false, wait, nil
	}
	sh.tat[key] = next
	return true, 0, nil
}

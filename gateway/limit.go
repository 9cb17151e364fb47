package gateway

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-chat/parley"
)

// globalBudget bounds one frame's global check; past it the check counts as
// failed and only the local limit has decided.
const globalBudget = 100 * time.Millisecond

// warnEvery bounds the "global limiter failed" warnings: under a slow Redis
// every frame falls back, and one line per frame would bury the log. The
// counter (parley_ratelimit_fallback_total) still counts each.
const warnEvery = 10 * time.Second

type check struct {
	key  string
	rate parley.Rate
}

// allow applies the per-contact and per-IP limits to one stored frame.
func (s *session) allow(ctx context.Context) (bool, time.Duration) {
	cfg := &s.srv.cfg
	return s.srv.limit(ctx,
		check{"contact:" + s.sess.Contact.ID, cfg.Limits.ContactMessages},
		check{"ip:" + s.ip, cfg.Limits.IPMessages})
}

// limit decides a frame on this node: a key the global limiter (Redis)
// refused recently is refused until its retry time, then the local limiter
// decides, the checks in turn. The frame is then charged to the global
// limiter in the background, every check at once so that they share a round
// trip (the limiter batches concurrent checks), and a refusal there applies
// from the key's next frame.
//
// Why not wait for Redis: a visitor's ack would wait for a Redis round trip
// on top of the commit, and under load a check past its budget stalled the
// frame for the whole budget (docs/performance.md, "The global limiter off
// the ack path"). What it costs: across nodes a key may pass the cluster-wide
// limit by the frames that arrive during one round trip; on each node the
// local limit still holds exactly.
func (s *Server) limit(ctx context.Context, checks ...check) (bool, time.Duration) {
	now := time.Now()
	for _, ch := range checks {
		if wait := s.refused.wait(ch.key, now); wait > 0 {
			return false, wait
		}
	}
	for _, ch := range checks {
		ok, retry, err := s.cfg.Local.Allow(ctx, ch.key, ch.rate)
		if err == nil && !ok {
			return false, retry
		}
		// A local failure cannot happen; fail open only then.
	}
	if s.cfg.Global != nil && len(checks) > 0 {
		// In the connections' group: a connection's goroutine adds it, so
		// Shutdown waits for it (at most globalBudget).
		s.wg.Go(func() { s.chargeGlobal(checks) })
	}
	return true, 0
}

// chargeGlobal asks the global limiter about every check of one admitted
// frame and remembers its refusals.
func (s *Server) chargeGlobal(checks []check) {
	ctx, cancel := context.WithTimeout(s.ctx, globalBudget)
	defer cancel()
	ask := func(ch check) {
		ok, retry, err := s.cfg.Global.Allow(ctx, ch.key, ch.rate)
		switch {
		case err != nil:
			s.globalFailed(err)
		case !ok:
			s.refused.add(ch.key, time.Now().Add(max(retry, time.Millisecond)))
		}
	}
	var wg sync.WaitGroup
	for _, ch := range checks[1:] {
		wg.Go(func() { ask(ch) })
	}
	ask(checks[0])
	wg.Wait()
}

// refusals are the keys the global limiter refused, each until its retry
// time. Expired entries go when read, and all at once when many pile up.
type refusals struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// refusalsSwept is the size past which add drops every expired entry.
const refusalsSwept = 4096

func (r *refusals) wait(key string, now time.Time) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	until, ok := r.until[key]
	if !ok {
		return 0
	}
	if !now.Before(until) {
		delete(r.until, key)
		return 0
	}
	return until.Sub(now)
}

func (r *refusals) add(key string, until time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.until == nil {
		r.until = map[string]time.Time{}
	}
	if len(r.until) >= refusalsSwept {
		now := time.Now()
		for k, t := range r.until {
			if !now.Before(t) {
				delete(r.until, k)
			}
		}
	}
	if until.After(r.until[key]) {
		r.until[key] = until
	}
}

// globalFailed counts a global check the local limit decided alone and
// warns at most once per warnEvery, with how many failed since.
func (s *Server) globalFailed(err error) {
	s.cfg.Metrics.LimitFallback.Inc()
	s.limitFailures.Add(1)
	now := time.Now().UnixNano()
	last := s.lastLimitWarn.Load()
	if now-last < int64(warnEvery) || !s.lastLimitWarn.CompareAndSwap(last, now) {
		return
	}
	s.cfg.Log.Warn("rate limit: global limiter failed; local limit applies",
		"err", err, "failed_checks", s.limitFailures.Swap(0))
}

// limiterWarnings holds the state of the global checks: their refusals and
// globalFailed's warnings.
type limiterWarnings struct {
	refused       refusals
	limitFailures atomic.Int64 // global checks failed since the last warning
	lastLimitWarn atomic.Int64 // unix nanoseconds of the last warning
}

package gateway

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/parley-chat/parley"
)

// globalBudget is how long a frame waits for the global limiter before the
// local limit decides alone.
const globalBudget = 100 * time.Millisecond

// warnEvery bounds the "global limiter failed" warnings: under a slow Redis
// every frame falls back, and one line per frame would bury the log. The
// counter (parley_ratelimit_fallback_total) still counts each.
const warnEvery = 10 * time.Second

// allow applies the per-contact and per-IP limits to one stored frame.
func (s *session) allow(ctx context.Context) (bool, time.Duration) {
	cfg := &s.srv.cfg
	return s.srv.limit(ctx,
		parley.RateCheck{Key: "contact:" + s.sess.Contact.ID, Rate: cfg.Limits.ContactMessages},
		parley.RateCheck{Key: "ip:" + s.ip, Rate: cfg.Limits.IPMessages})
}

// limit applies every check. The local limiter always decides, the checks in
// turn; then the global one (Redis) must also agree, asked about every check
// in one call so that they share a round trip. A global check that fails is
// logged and counted, never "no limit". When one global check refuses, the
// others may still have been charged: a frame's second check (the IP's) has
// the larger burst, and a refused visitor waits for the longest retry anyway.
func (s *Server) limit(ctx context.Context, checks ...parley.RateCheck) (bool, time.Duration) {
	for _, ch := range checks {
		ok, retry, err := s.cfg.Local.Allow(ctx, ch.Key, ch.Rate)
		if err == nil && !ok {
			return false, retry
		}
		// A local failure cannot happen; fail open only then.
	}
	if s.cfg.Global == nil {
		return true, 0
	}
	gctx, cancel := context.WithTimeout(ctx, globalBudget)
	defer cancel()
	ok, retry := true, time.Duration(0)
	for _, v := range s.cfg.Global.AllowAll(gctx, checks) {
		if v.Err != nil {
			s.globalFailed(v.Err)
			continue
		}
		if !v.OK {
			ok, retry = false, max(retry, v.RetryAfter)
		}
	}
	return ok, retry
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

// limiterWarnings holds the state of globalFailed's warnings.
type limiterWarnings struct {
	limitFailures atomic.Int64 // global checks failed since the last warning
	lastLimitWarn atomic.Int64 // unix nanoseconds of the last warning
}

package api

import (
	"sync"
	"time"
)

const (
	loginBaseDelay = time.Second
	loginMaxDelay  = 15 * time.Minute
	// loginForget drops an email's failures after this long without one.
	loginForget = 24 * time.Hour
	// loginGuardMax bounds the emails tracked; past it, expired ones are
	// swept (at most once a minute) and new ones go untracked until there is
	// room, leaving the per-IP limit in charge.
	loginGuardMax = 100_000
)

// loginGuard is the per-account backoff: after loginFreeFailures failed
// sign-ins to one email, each further attempt waits a delay that doubles per
// failure. Unknown emails are tracked alike, so the answer never tells which
// exist. It is per node: with N nodes a guesser gets at most N times the
// attempts (the per-IP limit is cluster-wide with Redis).
type loginGuard struct {
	mu      sync.Mutex
	emails  map[string]*loginFailures
	sweptAt time.Time
}

type loginFailures struct {
	n     int
	until time.Time // no attempt before this
	last  time.Time
}

// begin admits an attempt for email or says how long to wait. An admitted
// attempt counts as a failure until succeeded says otherwise, so attempts
// racing in parallel cannot slip past the delay together.
func (g *loginGuard) begin(email string, now time.Time) (bool, time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.emails[email]
	if f != nil && now.Sub(f.last) > loginForget {
		f = nil
		delete(g.emails, email)
	}
	if f != nil && now.Before(f.until) {
		return false, f.until.Sub(now)
	}
	if f == nil {
		if g.emails == nil {
			g.emails = map[string]*loginFailures{}
		}
		if len(g.emails) >= loginGuardMax && !g.sweep(now) {
			return true, 0
		}
		f = &loginFailures{}
		g.emails[email] = f
	}
	f.n++
	f.last = now
	if f.n >= loginFreeFailures {
		d := loginMaxDelay
		if shift := f.n - loginFreeFailures; shift < 20 {
			d = min(loginBaseDelay<<shift, loginMaxDelay)
		}
		f.until = now.Add(d)
	}
	return true, 0
}

// succeeded forgets email's failures: the right password was given.
func (g *loginGuard) succeeded(email string) {
	g.mu.Lock()
	delete(g.emails, email)
	g.mu.Unlock()
}

// sweep drops forgotten entries and says whether there is room now.
func (g *loginGuard) sweep(now time.Time) bool {
	if now.Sub(g.sweptAt) >= time.Minute {
		g.sweptAt = now
		for e, f := range g.emails {
			if now.Sub(f.last) > loginForget || (f.n < loginFreeFailures && now.Sub(f.last) > time.Hour) {
				delete(g.emails, e)
			}
		}
	}
	return len(g.emails) < loginGuardMax
}

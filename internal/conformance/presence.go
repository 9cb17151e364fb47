package conformance

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// Presence is handoff.Presence (gateway.AgentPresence is its Set).
type Presence interface {
	Set(ctx context.Context, agentID string, p parley.Presence) error
	All(ctx context.Context) (map[string]parley.Presence, error)
}

// Clock is a settable time for presence TTLs.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at the current time.
func NewClock() *Clock { return &Clock{t: time.Now()} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// PresenceTTL is the TTL RunPresence's open must give the registry.
const PresenceTTL = time.Minute

// RunPresence checks what every presence registry promises: online and
// away agents are listed, offline ones and those without a heartbeat for
// the TTL are not, and a heartbeat keeps an agent listed. open returns an
// empty registry with PresenceTTL on clock now.
func RunPresence(t *testing.T, open func(t *testing.T, now func() time.Time) Presence) {
	ctx := context.Background()
	all := func(t *testing.T, p Presence) map[string]parley.Presence {
		t.Helper()
		m, err := p.All(ctx)
		if err != nil {
			t.Fatalf("All: %v", err)
		}
		if m == nil {
			t.Fatal("All returned a nil map")
		}
		return m
	}
	set := func(t *testing.T, p Presence, agent string, s parley.Presence) {
		t.Helper()
		if err := p.Set(ctx, agent, s); err != nil {
			t.Fatalf("Set(%s, %s): %v", agent, s, err)
		}
	}

	t.Run("ListsOnlineAndAway", func(t *testing.T) {
		p := open(t, NewClock().Now)
		if m := all(t, p); len(m) != 0 {
			t.Fatalf("a new registry lists %v", m)
		}
		set(t, p, "a", parley.PresenceOnline)
		set(t, p, "b", parley.PresenceAway)
		set(t, p, "c", parley.PresenceOnline)
		set(t, p, "c", parley.PresenceOffline)
		set(t, p, "never-seen", parley.PresenceOffline)
		m := all(t, p)
		if len(m) != 2 || m["a"] != parley.PresenceOnline || m["b"] != parley.PresenceAway {
			t.Fatalf("All = %v, want a online and b away", m)
		}
		set(t, p, "b", parley.PresenceOnline)
		if m := all(t, p); m["b"] != parley.PresenceOnline {
			t.Fatalf("b's change to online not seen: %v", m)
		}
	})

	t.Run("ExpiresWithoutHeartbeat", func(t *testing.T) {
		clk := NewClock()
		p := open(t, clk.Now)
		set(t, p, "a", parley.PresenceOnline)
		set(t, p, "b", parley.PresenceAway)
		clk.Advance(PresenceTTL * 3 / 4)
		set(t, p, "a", parley.PresenceOnline) // heartbeat
		clk.Advance(PresenceTTL / 2)
		if m := all(t, p); len(m) != 1 || m["a"] != parley.PresenceOnline {
			t.Fatalf("after b's TTL: %v, want only a", m)
		}
		clk.Advance(PresenceTTL)
		if m := all(t, p); len(m) != 0 {
			t.Fatalf("after every TTL: %v, want none", m)
		}
	})
}

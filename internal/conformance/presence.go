package conformance

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/handoff"
)

// PresenceTTL is the TTL RunPresence's open must give the registry.
const PresenceTTL = time.Minute

// RunPresence checks what every presence registry promises: online and
// away agents are listed, offline ones and those without a heartbeat for
// the TTL are not, and a heartbeat keeps an agent listed. open returns an
// empty registry with PresenceTTL on clock now.
func RunPresence(t *testing.T, open func(t *testing.T, now func() time.Time) handoff.Presence) {
	ctx := context.Background()
	all := func(t *testing.T, p handoff.Presence) map[string]parley.Presence {
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
	set := func(t *testing.T, p handoff.Presence, agent string, s parley.Presence) {
		t.Helper()
		if err := p.Set(ctx, agent, s); err != nil {
			t.Fatalf("Set(%s, %s): %v", agent, s, err)
		}
	}

	t.Run("ListsOnlineAndAway", func(t *testing.T) {
		p := open(t, time.Now)
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
		var ahead atomic.Int64 // how far the registry's clock runs ahead, in ns
		advance := func(d time.Duration) { ahead.Add(int64(d)) }
		p := open(t, func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) })
		set(t, p, "a", parley.PresenceOnline)
		set(t, p, "b", parley.PresenceAway)
		advance(PresenceTTL * 3 / 4)
		set(t, p, "a", parley.PresenceOnline) // heartbeat
		advance(PresenceTTL / 2)
		if m := all(t, p); len(m) != 1 || m["a"] != parley.PresenceOnline {
			t.Fatalf("after b's TTL: %v, want only a", m)
		}
		advance(PresenceTTL)
		if m := all(t, p); len(m) != 0 {
			t.Fatalf("after every TTL: %v, want none", m)
		}
	})
}

package inmem

import (
	"context"
	"sync"
	"time"

	"github.com/parley-chat/parley"
)

// Presence is agents' presence on one node. An agent is online or away
// only while a heartbeat is newer than the TTL (a closed console or a dead
// node lets its agents fall offline by themselves).
type Presence struct {
	mu  sync.Mutex
	now func() time.Time
	ttl time.Duration
	m   map[string]presenceEntry
}

type presenceEntry struct {
	p  parley.Presence
	at time.Time
}

// NewPresence returns an empty registry (ttl 0 means 60s).
func NewPresence(ttl time.Duration, now func() time.Time) *Presence {
	if ttl == 0 {
		ttl = 60 * time.Second
	}
	if now == nil {
		now = time.Now
	}
	return &Presence{now: now, ttl: ttl, m: map[string]presenceEntry{}}
}

// Set records an agent's presence now (also the heartbeat).
func (p *Presence) Set(_ context.Context, agentID string, s parley.Presence) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s == parley.PresenceOffline {
		delete(p.m, agentID)
		return nil
	}
	p.m[agentID] = presenceEntry{p: s, at: p.now()}
	return nil
}

// All returns every agent that is not offline.
func (p *Presence) All(_ context.Context) (map[string]parley.Presence, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]parley.Presence, len(p.m))
	now := p.now()
	for id, e := range p.m {
		if now.Sub(e.at) > p.ttl {
			delete(p.m, id)
			continue
		}
		out[id] = e.p
	}
	return out, nil
}

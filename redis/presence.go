package redis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
)

// Presence keeps agents' presence in one Redis hash shared by every node:
// agent id → "online|away:unix-ms of the last heartbeat". Entries older
// than the TTL count as offline, so a node that dies takes its agents'
// presence with it within the TTL.
type Presence struct {
	rdb goredis.UniversalClient
	key string
	ttl time.Duration
	now func() time.Time
}

// NewPresence returns the cluster's presence registry (ttl 0 means 60s).
func NewPresence(rdb goredis.UniversalClient, ttl time.Duration) *Presence {
	if ttl == 0 {
		ttl = 60 * time.Second
	}
	return &Presence{rdb: rdb, key: "parley:presence", ttl: ttl, now: time.Now}
}

// Set records an agent's presence now (also the heartbeat).
func (p *Presence) Set(ctx context.Context, agentID string, s parley.Presence) error {
	var err error
	if s == parley.PresenceOffline {
		err = p.rdb.HDel(ctx, p.key, agentID).Err()
	} else {
		err = p.rdb.HSet(ctx, p.key, agentID, fmt.Sprintf("%s:%d", s, p.now().UnixMilli())).Err()
	}
	if err != nil {
		return fmt.Errorf("redis presence: %w", err)
	}
	return nil
}

// All returns every agent that is not offline.
func (p *Presence) All(ctx context.Context) (map[string]parley.Presence, error) {
	m, err := p.rdb.HGetAll(ctx, p.key).Result()
	if err != nil {
		return nil, fmt.Errorf("redis presence: %w", err)
	}
	out := make(map[string]parley.Presence, len(m))
	var stale []string
	for id, v := range m {
		state, ms, ok := strings.Cut(v, ":")
		at, err := strconv.ParseInt(ms, 10, 64)
		if !ok || err != nil || p.now().Sub(time.UnixMilli(at)) > p.ttl {
			stale = append(stale, id)
			continue
		}
		out[id] = parley.Presence(state)
	}
	if len(stale) > 0 {
		p.rdb.HDel(ctx, p.key, stale...) // best effort: readers skip stale entries anyway
	}
	return out, nil
}

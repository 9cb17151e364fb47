package inmem

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

func TestPresenceExpires(t *testing.T) {
	now := time.Unix(1000, 0)
	p := NewPresence(time.Minute, func() time.Time { return now })
	ctx := context.Background()
	p.Set(ctx, "a", parley.PresenceOnline)
	p.Set(ctx, "b", parley.PresenceAway)
	p.Set(ctx, "c", parley.PresenceOnline)
	p.Set(ctx, "c", parley.PresenceOffline)
	all, _ := p.All(ctx)
	if len(all) != 2 || all["a"] != parley.PresenceOnline || all["b"] != parley.PresenceAway {
		t.Fatalf("got %v", all)
	}
	now = now.Add(45 * time.Second)
	p.Set(ctx, "a", parley.PresenceOnline) // heartbeat
	now = now.Add(30 * time.Second)
	if all, _ := p.All(ctx); len(all) != 1 || all["a"] != parley.PresenceOnline {
		t.Fatalf("after b's TTL: %v", all)
	}
}

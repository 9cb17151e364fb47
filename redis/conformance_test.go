package redis

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/llm"
	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/internal/conformance"
)

// The consumers' interfaces redis serves when nodes share state.
var (
	_ gateway.Limiter       = (*Limiter)(nil)
	_ gateway.Broker        = (*Broker)(nil)
	_ handoff.Presence      = (*Presence)(nil)
	_ gateway.AgentPresence = (*Presence)(nil)
	_ llm.Counter           = (*Counter)(nil)
)

func TestLimiterConformance(t *testing.T) {
	rdb := mustClient(t)
	conformance.RunLimiter(t, func(t *testing.T) gateway.Limiter { return runLimiter(t, rdb) })
}

func TestPresenceConformance(t *testing.T) {
	rdb := mustClient(t)
	conformance.RunPresence(t, func(t *testing.T, now func() time.Time) handoff.Presence {
		p := NewPresence(rdb, conformance.PresenceTTL)
		p.key, p.now = "parley:test:presence:"+parley.NewID(), now
		t.Cleanup(func() { rdb.Del(context.Background(), p.key) })
		return p
	})
}

func TestBrokerConformance(t *testing.T) {
	rdb := mustClient(t)
	conformance.RunBroker(t, func(t *testing.T, deliver func(string, []byte)) gateway.Broker {
		b := NewBroker(rdb, deliver, nil)
		b.channel = "parley:test:" + parley.NewID()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { b.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		select {
		case <-b.Ready():
		case <-time.After(5 * time.Second):
			t.Fatal("subscription not ready")
		}
		return b
	})
}

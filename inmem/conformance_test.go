package inmem_test

import (
	"testing"
	"time"

	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/internal/conformance"
)

// The consumers' interfaces inmem stands in for on a single node.
var (
	_ gateway.Limiter       = (*inmem.Limiter)(nil)
	_ gateway.Broker        = (*inmem.Broker)(nil)
	_ handoff.Presence      = (*inmem.Presence)(nil)
	_ gateway.AgentPresence = (*inmem.Presence)(nil)
)

func TestLimiterConformance(t *testing.T) {
	conformance.RunLimiter(t, func(*testing.T) gateway.Limiter { return inmem.NewLimiter(nil) })
}

func TestPresenceConformance(t *testing.T) {
	conformance.RunPresence(t, func(_ *testing.T, now func() time.Time) handoff.Presence {
		return inmem.NewPresence(conformance.PresenceTTL, now)
	})
}

func TestBrokerConformance(t *testing.T) {
	conformance.RunBroker(t, func(_ *testing.T, deliver func(string, []byte)) gateway.Broker {
		return inmem.NewBroker(deliver)
	})
}

package handoff

import (
	"context"
	"sync"

	"github.com/parley-chat/parley"
)

// events records what the desk publishes.
type events struct {
	mu  sync.Mutex
	evs []parley.Event
}

func (e *events) Publish(_ context.Context, ev parley.Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evs = append(e.evs, ev)
	return nil
}

package handoff

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/tick"
)

// Breach is an SLA target that passed unmet.
type Breach struct {
	Conversation parley.Conversation
	Kind         string // first_response, next_response or resolution
	Due          time.Time
}

// Watcher reports SLA breaches of queued and assigned conversations, each
// (conversation, target, due time) once: a new next-response due after a
// reply can breach again. It owns its memory of what it reported.
type Watcher struct {
	Source   RouterStore
	Every    time.Duration // default 30s
	OnBreach func(Breach)
	seen     map[string]bool
}

// Run checks every Every until ctx ends. Time is time.Now, so tests run it
// in a testing/synctest bubble.
func (w *Watcher) Run(ctx context.Context) {
	every := w.Every
	if every == 0 {
		every = 30 * time.Second
	}
	w.seen = map[string]bool{}
	tick.Every(ctx, every, nil, func(ctx context.Context) { w.check(ctx, time.Now()) })
}

func (w *Watcher) check(ctx context.Context, now time.Time) {
	for _, mode := range []parley.Mode{parley.ModeQueued, parley.ModeAssigned} {
		convs, err := w.Source.Queue(ctx, parley.QueueFilter{Mode: mode, Limit: 1000})
		if err != nil {
			return
		}
		for _, c := range convs {
			w.consider(c, "first_response", c.FirstResponseDue, c.FirstResponseAt.IsZero(), now)
			w.consider(c, "next_response", c.NextResponseDue, true, now)
			w.consider(c, "resolution", c.ResolutionDue, c.ResolvedAt.IsZero(), now)
		}
	}
}

func (w *Watcher) consider(c parley.Conversation, kind string, due time.Time, open bool, now time.Time) {
	if due.IsZero() || !open || !now.After(due) {
		return
	}
	key := fmt.Sprintf("%s/%s/%d", c.ID, kind, due.UnixMicro())
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	if w.OnBreach != nil {
		w.OnBreach(Breach{Conversation: c, Kind: kind, Due: due})
	}
}

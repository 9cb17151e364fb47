package librarian

import (
	"context"
	"time"
)

// refineLoop retrains pending sites with the neural scorer, one at a time,
// until ctx ends.
func (l *Librarian) refineLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.refine:
		}
		for ctx.Err() == nil {
			site, b, ok := l.nextPending()
			if !ok {
				break
			}
			l.refineSite(ctx, site, b)
			l.mu.Lock()
			l.running--
			l.mu.Unlock()
		}
	}
}

func (l *Librarian) nextPending() (string, built, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for site, b := range l.pending {
		delete(l.pending, site)
		l.running++
		return site, b, true
	}
	return "", built{}, false
}

// Refining is how many sites wait for or are in background refinement.
// It takes the cores for seconds after a start or a publish, so load tests
// wait for 0 (the gauge parley_bot_refining, which parley bench reads).
func (l *Librarian) Refining() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending) + l.running
}

// refineSite installs b refined unless the site's inputs changed while it
// trained: the newer fast knowledge stays, and waits for its own turn.
func (l *Librarian) refineSite(ctx context.Context, siteID string, b built) {
	start := time.Now()
	k, err := b.k.Refine(ctx)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Error("knowledge not refined; the site keeps its fast classifier", "site_id", siteID, "err", err)
		}
		return
	}
	if k == nil {
		return // outside the range where the scorer is trained
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[siteID] != b.fingerprint {
		return
	}
	l.bot.SetKnowledge(siteID, k)
	l.log.Info("knowledge refined with the neural scorer", "site_id", siteID, "took", time.Since(start).Round(time.Millisecond))
}

// Package tick runs a piece of work on a ticker until its context ends.
package tick

import (
	"context"
	"time"
)

// Every calls fn each time every passes or kick fires, until ctx ends; a
// nil kick never fires. It uses the time package's clock, so tests may run
// it in a testing/synctest bubble.
func Every(ctx context.Context, every time.Duration, kick <-chan struct{}, fn func(context.Context)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-kick:
		}
		fn(ctx)
	}
}

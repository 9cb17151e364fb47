package bench

import (
	"context"
	"fmt"
	"io"
	"time"
)

// waitRefined waits until the server reports no knowledge in background
// retraining (parley_bot_refining 0): after a start the neural scorer's
// training takes both cores of a small machine for seconds, and a load run
// during it measures the training. A server whose /metrics does not answer
// or has no such gauge is not waited for.
func waitRefined(ctx context.Context, cfg *config, stdout io.Writer) (time.Duration, error) {
	start := time.Now()
	told := false
	for {
		m, err := scrape(ctx, cfg.base)
		if err != nil || !m.hasRefining || m.refining == 0 {
			return time.Since(start), nil
		}
		if !told {
			fmt.Fprintf(stdout, "waiting for the server's background training (%.0f sites; --wait-refine %s)\n", m.refining, cfg.waitRefine)
			told = true
		}
		if time.Since(start) >= cfg.waitRefine {
			return time.Since(start), fmt.Errorf("the server is still training its bot after %s (parley_bot_refining %.0f); "+
				"wait longer with --wait-refine, or pass --wait-refine 0 to measure during the training", cfg.waitRefine, m.refining)
		}
		select {
		case <-ctx.Done():
			return time.Since(start), ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

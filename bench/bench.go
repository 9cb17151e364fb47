// Package bench is `parley bench`, the load generator: many visitors over
// the visitor websocket protocol (docs/protocol.md), measuring acked
// throughput, ack latency, and with --verify that nothing acked is lost or
// duplicated. docs/performance.md has the commands and measured figures.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Main runs `parley bench` with args (without the command name).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	d := newDialer(cfg)
	res := &Result{Visitors: cfg.visitors, Errors: map[string]int{}}
	if cfg.waitRefine > 0 {
		waited, err := waitRefined(ctx, cfg, stdout)
		res.RefineWaitSeconds = waited.Seconds()
		if err != nil {
			return err
		}
	}
	if cfg.idle {
		res.Mode = "idle"
		fmt.Fprintf(stdout, "parley bench: %d idle visitors on %s (site %s), %d source addresses\n",
			cfg.visitors, cfg.base, cfg.site, cfg.sources)
		if err := idleRun(ctx, cfg, d, res); err != nil {
			res.print(stdout, cfg, false)
			return err
		}
		res.print(stdout, cfg, cfg.json)
		return nil
	}
	res.Mode, res.DurationSeconds = "closed", cfg.duration.Seconds()
	pace := "closed loop (next message when the last is acked)"
	if cfg.rate > 0 {
		res.Mode, res.TargetRate = "rate", cfg.rate
		pace = fmt.Sprintf("%g messages/s in total", cfg.rate)
	}
	fmt.Fprintf(stdout, "parley bench: %d visitors on %s (site %s), %s, %s after %s warmup\n",
		cfg.visitors, cfg.base, cfg.site, pace, cfg.duration, cfg.warmup)
	cr := connectAll(ctx, d, cfg.visitors, nil)
	res.setConnect(cr)
	if len(cr.sessions) == 0 {
		res.print(stdout, cfg, false)
		return noneConnected(cr)
	}
	l := &load{cfg: cfg, dialer: d}
	l.run(ctx, cr.sessions)
	if err := ctx.Err(); err != nil {
		return err
	}
	res.collect(l)
	if cfg.verify {
		res.setVerify(verify(ctx, d, l.visitors, cfg.verifySample))
	}
	res.print(stdout, cfg, cfg.json)
	return ctx.Err()
}

// noneConnected explains a run where no visitor got a welcome.
func noneConnected(cr connectResult) error {
	err := cr.firstErr
	if err == nil {
		return errors.New("no visitor connected")
	}
	hint := ""
	if strings.Contains(err.Error(), "rate_limited") {
		hint = " (the server's --limit-new-visitors refused them; see docs/performance.md)"
	}
	return fmt.Errorf("no visitor connected: %w%s", err, hint)
}

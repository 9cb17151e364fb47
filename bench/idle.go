package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// memSample is the part of the server's /metrics the bench reads.
type memSample struct {
	RSS, HeapInuse, StackInuse, Conns, CPU float64
	hasConns, hasCPU                       bool
	refining                               float64 // parley_bot_refining
	hasRefining                            bool
	limiter                                limiterCounts
}

// limiterCounts are the server's rate-limit fallbacks and, with Redis, its
// global limiter's checks and round trips.
type limiterCounts struct{ fallbacks, calls, roundTrips float64 }

func (m memSample) heapStack() float64 { return m.HeapInuse + m.StackInuse }

// scrape reads the server's Prometheus text from base/metrics.
func scrape(ctx context.Context, base *url.URL) (memSample, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base.String()+"/metrics", nil)
	if err != nil {
		return memSample{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return memSample{}, fmt.Errorf("metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return memSample{}, fmt.Errorf("metrics: HTTP %d", resp.StatusCode)
	}
	return parseMetrics(resp.Body)
}

func parseMetrics(r io.Reader) (memSample, error) {
	var m memSample
	found := 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			continue
		}
		switch name {
		case "process_resident_memory_bytes":
			m.RSS, found = f, found+1
		case "go_memstats_heap_inuse_bytes":
			m.HeapInuse, found = f, found+1
		case "go_memstats_stack_inuse_bytes":
			m.StackInuse, found = f, found+1
		case "process_cpu_seconds_total":
			m.CPU, m.hasCPU = f, true
		case "parley_ws_connections":
			m.Conns, m.hasConns = f, true
		case "parley_bot_refining":
			m.refining, m.hasRefining = f, true
		case "parley_ratelimit_fallback_total":
			m.limiter.fallbacks = f
		case "parley_global_limiter_calls_total":
			m.limiter.calls = f
		case "parley_global_limiter_round_trips_total":
			m.limiter.roundTrips = f
		}
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("metrics: %w", err)
	}
	if found < 3 {
		return m, fmt.Errorf("metrics: want process_resident_memory_bytes, go_memstats_heap_inuse_bytes and go_memstats_stack_inuse_bytes")
	}
	return m, nil
}

// scrapeWhen retries scrape (the endpoint may be slow or starting) until
// ok accepts the sample or about 30s pass.
func scrapeWhen(ctx context.Context, base *url.URL, ok func(memSample) bool) (memSample, error) {
	var m memSample
	var err error
	for range 30 {
		if m, err = scrape(ctx, base); err == nil && ok(m) {
			return m, nil
		}
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
			return m, ctx.Err()
		}
	}
	if err == nil {
		err = fmt.Errorf("metrics: server reports %.0f connections, fewer than were connected", m.Conns)
	}
	return m, err
}

// idleRun connects every visitor, holds them idle (reading, so pings are
// answered), and samples the server's memory before and after.
func idleRun(ctx context.Context, cfg *config, d *dialer, res *Result) error {
	before, err := scrapeWhen(ctx, cfg.base, func(memSample) bool { return true })
	if err != nil {
		return err
	}
	// Each visitor reads from its hello on: a connect phase longer than the
	// server's ping and pong timeouts must not drop the first ones.
	var readers sync.WaitGroup
	cr := connectAll(ctx, d, cfg.visitors, func(s session) {
		readers.Go(func() {
			for {
				if _, _, err := s.ws.NextReader(); err != nil {
					return
				}
			}
		})
	})
	res.setConnect(cr)
	if len(cr.sessions) == 0 {
		return noneConnected(cr)
	}
	defer func() {
		for _, s := range cr.sessions {
			msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bench done")
			_ = s.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
			_ = s.ws.SetReadDeadline(time.Now().Add(3 * time.Second))
		}
		readers.Wait()
		for _, s := range cr.sessions {
			s.ws.Close()
		}
	}()
	select {
	case <-time.After(cfg.settle):
	case <-ctx.Done():
		return ctx.Err()
	}
	n := float64(len(cr.sessions))
	after, err := scrapeWhen(ctx, cfg.base, func(m memSample) bool { return !m.hasConns || m.Conns >= n })
	if err != nil {
		return err
	}
	res.Idle = &IdleResult{
		RSSBefore: before.RSS, RSSAfter: after.RSS,
		HeapStackBefore: before.heapStack(), HeapStackAfter: after.heapStack(),
		RSSPerConn:       (after.RSS - before.RSS) / n,
		HeapStackPerConn: (after.heapStack() - before.heapStack()) / n,
		HeapPerConn:      (after.HeapInuse - before.HeapInuse) / n,
		StackPerConn:     (after.StackInuse - before.StackInuse) / n,
		ServerConns:      after.Conns,
	}
	return nil
}

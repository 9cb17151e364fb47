package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Result is every figure of a run; --json prints it as the last line.
type Result struct {
	Mode            string  `json:"mode"` // closed, rate or idle
	Visitors        int     `json:"visitors"`
	Connected       int     `json:"connected"`
	ConnectFailures int     `json:"connect_failures"`
	ConnectError    string  `json:"connect_error,omitempty"`
	ConnectSeconds  float64 `json:"connect_seconds"`
	// RefineWaitSeconds is how long the bench waited for the server's
	// background bot training before connecting (--wait-refine).
	RefineWaitSeconds float64 `json:"refine_wait_s"`

	TargetRate      float64        `json:"target_rate,omitempty"`
	DurationSeconds float64        `json:"duration_s,omitempty"`
	Sent            int64          `json:"sent"`
	Acked           int            `json:"acked"`       // acks read in the measured window
	AckedTotal      int            `json:"acked_total"` // including warmup and drain
	AckedPerSecond  float64        `json:"acked_per_s"`
	Ack             Latency        `json:"ack_latency_ms"`
	Replies         Latency        `json:"reply_latency_ms"` // whole run, bot and agent answers
	Errors          map[string]int `json:"errors"`           // error frames by code
	RateLimited     int            `json:"rate_limited"`
	Reconnects      int64          `json:"reconnects"`
	Unacked         int            `json:"unacked"` // sent, never acked
	// CPU seconds used during the measured window, and per acked message.
	ServerCPUSeconds float64 `json:"server_cpu_s,omitempty"`
	ServerCPUPerAck  float64 `json:"server_cpu_us_per_ack,omitempty"`
	BenchCPUSeconds  float64 `json:"bench_cpu_s,omitempty"`
	BenchCPUPerAck   float64 `json:"bench_cpu_us_per_ack,omitempty"`
	// Machine CPU seconds available and used by other processes in the
	// window: figures from a busy machine understate the server.
	MachineCPUSeconds float64 `json:"machine_cpu_s,omitempty"`
	OtherCPUSeconds   float64 `json:"other_cpu_s,omitempty"`
	// Rate-limit checks the local limiter decided because the global one
	// failed, and the global limiter's checks and Redis round trips, in the
	// window (from the server's /metrics).
	LimitFallbacks     float64 `json:"limit_fallbacks"`
	GlobalLimiterCalls float64 `json:"global_limiter_calls,omitempty"`
	GlobalLimiterTrips float64 `json:"global_limiter_round_trips,omitempty"`

	Verified     int    `json:"verified_visitors"`
	VerifyFailed int    `json:"verify_failed"`
	VerifyError  string `json:"verify_error,omitempty"`
	Checked      int    `json:"verified_messages"`
	Lost         int    `json:"lost"`
	WrongSeq     int    `json:"wrong_seq"`
	Duplicated   int    `json:"duplicated"`

	Idle *IdleResult `json:"idle,omitempty"`
}

// IdleResult is the server's memory (bytes) around connecting idle visitors.
type IdleResult struct {
	RSSBefore        float64 `json:"rss_before"`
	RSSAfter         float64 `json:"rss_after"`
	HeapStackBefore  float64 `json:"heap_stack_before"`
	HeapStackAfter   float64 `json:"heap_stack_after"`
	RSSPerConn       float64 `json:"rss_per_conn"`
	HeapStackPerConn float64 `json:"heap_stack_per_conn"`
	HeapPerConn      float64 `json:"heap_per_conn"`  // go_memstats_heap_inuse_bytes
	StackPerConn     float64 `json:"stack_per_conn"` // go_memstats_stack_inuse_bytes
	ServerConns      float64 `json:"server_connections"`
}

// Latency percentiles in milliseconds over N samples.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// latencyOf sorts the samples (ns) in place; pN is the smallest sample
// with at least N% of samples at or below it.
func latencyOf(ns []int64) Latency {
	if len(ns) == 0 {
		return Latency{}
	}
	slices.Sort(ns)
	at := func(p float64) float64 {
		i := int(p*float64(len(ns))+0.999999) - 1
		return float64(ns[max(0, min(i, len(ns)-1))]) / 1e6
	}
	return Latency{N: len(ns), P50: at(.50), P90: at(.90), P99: at(.99), Max: float64(ns[len(ns)-1]) / 1e6}
}

func (r *Result) setConnect(cr connectResult) {
	r.Connected, r.ConnectFailures = len(cr.sessions), cr.failures
	r.ConnectSeconds = cr.elapsed.Seconds()
	if cr.firstErr != nil {
		r.ConnectError = cr.firstErr.Error()
	}
}

// collect gathers the figures from a finished load.
func (r *Result) collect(l *load) {
	var lat, reply []int64
	for _, v := range l.visitors {
		lat, reply = append(lat, v.lat...), append(reply, v.replyLat...)
		r.Acked += v.windowAcks
		for _, m := range v.msgs {
			if m.seq != 0 {
				r.AckedTotal++
			} else {
				r.Unacked++
			}
		}
	}
	r.Sent, r.Reconnects = l.sent.Load(), l.reconnects.Load()
	r.AckedPerSecond = float64(r.Acked) / l.cfg.duration.Seconds()
	r.Ack, r.Replies = latencyOf(lat), latencyOf(reply)
	r.Errors, r.RateLimited = l.errs, l.errs["rate_limited"]
	c0, c1 := l.cpu[0], l.cpu[1]
	if c0.serverOK && c1.serverOK {
		r.ServerCPUSeconds = c1.server - c0.server
	}
	r.BenchCPUSeconds = (c1.self - c0.self).Seconds()
	r.LimitFallbacks = c1.limiter.fallbacks - c0.limiter.fallbacks
	r.GlobalLimiterCalls = c1.limiter.calls - c0.limiter.calls
	r.GlobalLimiterTrips = c1.limiter.roundTrips - c0.limiter.roundTrips
	if c0.machineOK && c1.machineOK && r.ServerCPUSeconds > 0 {
		r.MachineCPUSeconds = c1.total - c0.total
		r.OtherCPUSeconds = max(0, c1.busy-c0.busy-r.ServerCPUSeconds-r.BenchCPUSeconds)
	}
	if r.Acked > 0 {
		r.ServerCPUPerAck = r.ServerCPUSeconds / float64(r.Acked) * 1e6
		r.BenchCPUPerAck = r.BenchCPUSeconds / float64(r.Acked) * 1e6
	}
}

func (r *Result) setVerify(v verifyResult) {
	r.Verified, r.VerifyFailed, r.Checked = v.visitors-v.failed, v.failed, v.checked
	r.Lost, r.WrongSeq, r.Duplicated = v.lost, v.wrongSeq, v.duplicated
	if v.firstErr != nil {
		r.VerifyError = v.firstErr.Error()
	}
}

func (l Latency) String() string {
	if l.N == 0 {
		return "no samples"
	}
	return fmt.Sprintf("p50 %.2fms  p90 %.2fms  p99 %.2fms  max %.2fms  (%d samples)", l.P50, l.P90, l.P99, l.Max, l.N)
}

// print writes the human-readable report and, with asJSON, the JSON line.
func (r *Result) print(w io.Writer, cfg *config, asJSON bool) {
	if r.RefineWaitSeconds > 0 {
		fmt.Fprintf(w, "bot training    waited %.1fs for it to end before connecting (--wait-refine)\n", r.RefineWaitSeconds)
	}
	fmt.Fprintf(w, "connected       %d of %d visitors in %.1fs (%d failures)\n", r.Connected, r.Visitors, r.ConnectSeconds, r.ConnectFailures)
	if r.ConnectError != "" {
		fmt.Fprintf(w, "  first failure %s\n", r.ConnectError)
	}
	if r.Idle != nil {
		i := r.Idle
		fmt.Fprintf(w, "server conns    %.0f (parley_ws_connections)\n", i.ServerConns)
		fmt.Fprintf(w, "server RSS      %.1f MiB -> %.1f MiB: %.1f KiB per connection\n", i.RSSBefore/(1<<20), i.RSSAfter/(1<<20), i.RSSPerConn/1024)
		fmt.Fprintf(w, "heap+stack      %.1f MiB -> %.1f MiB: %.1f KiB per connection (heap %.1f KiB, goroutine stacks %.1f KiB)\n",
			i.HeapStackBefore/(1<<20), i.HeapStackAfter/(1<<20), i.HeapStackPerConn/1024, i.HeapPerConn/1024, i.StackPerConn/1024)
	} else if r.Mode != "idle" {
		fmt.Fprintf(w, "acked           %d in %s: %.1f msg/s (sent %d, unacked at end %d)\n",
			r.Acked, time.Duration(r.DurationSeconds*float64(time.Second)), r.AckedPerSecond, r.Sent, r.Unacked)
		fmt.Fprintf(w, "ack latency     %s\n", r.Ack)
		fmt.Fprintf(w, "reply latency   %s (bot/agent answers, whole run)\n", r.Replies)
		fmt.Fprintf(w, "error frames    %s\n", formatCounts(r.Errors))
		fmt.Fprintf(w, "reconnects      %d\n", r.Reconnects)
		if r.ServerCPUSeconds > 0 {
			fmt.Fprintf(w, "server CPU      %.1fs in the window, %.0fµs per acked message\n", r.ServerCPUSeconds, r.ServerCPUPerAck)
		}
		fmt.Fprintf(w, "bench CPU       %.1fs in the window, %.0fµs per acked message\n", r.BenchCPUSeconds, r.BenchCPUPerAck)
		if r.MachineCPUSeconds > 0 {
			fmt.Fprintf(w, "other processes %.1fs of the machine's %.1fs CPU in the window\n", r.OtherCPUSeconds, r.MachineCPUSeconds)
		}
		fmt.Fprintf(w, "limit fallbacks %.0f in the window (global limiter failed; local decided)\n", r.LimitFallbacks)
		if r.GlobalLimiterCalls > 0 {
			fmt.Fprintf(w, "global limiter  %.0f checks in %.0f Redis round trips\n", r.GlobalLimiterCalls, r.GlobalLimiterTrips)
		}
		if cfg.verify {
			fmt.Fprintf(w, "verify          %d visitors, %d acked messages: lost %d (wrong seq %d), duplicated %d, resume failures %d\n",
				r.Verified, r.Checked, r.Lost, r.WrongSeq, r.Duplicated, r.VerifyFailed)
			if r.VerifyError != "" {
				fmt.Fprintf(w, "  first failure %s\n", r.VerifyError)
			}
		}
	}
	if asJSON {
		b, _ := json.Marshal(r)
		fmt.Fprintf(w, "%s\n", b)
	}
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

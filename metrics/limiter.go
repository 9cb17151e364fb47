package metrics

import "github.com/prometheus/client_golang/prometheus"

// LimiterStats are the global rate limiter's cumulative counts
// (redis.Limiter.Stats): checks sent, the round trips that carried them,
// and checks that failed, each decided by the local limiter instead.
type LimiterStats struct{ Calls, RoundTrips, Failures int64 }

// RegisterLimiter exposes stats as three counters on reg.
func RegisterLimiter(reg prometheus.Registerer, stats func() LimiterStats) {
	counter := func(name, help string, get func(LimiterStats) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return float64(get(stats())) })
	}
	reg.MustRegister(
		counter("parley_global_limiter_calls_total", "Global rate-limit checks sent to Redis.", func(s LimiterStats) int64 { return s.Calls }),
		counter("parley_global_limiter_round_trips_total", "Pipelined Redis round trips that carried the global checks.", func(s LimiterStats) int64 { return s.RoundTrips }),
		counter("parley_global_limiter_failures_total", "Global checks that failed (timeout, Redis down); the local limiter decided them.", func(s LimiterStats) int64 { return s.Failures }),
	)
}

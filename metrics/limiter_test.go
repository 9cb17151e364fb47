package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// The limiter's counters read its stats at every scrape.
func TestRegisterLimiterReadsStatsAtScrape(t *testing.T) {
	reg := prometheus.NewRegistry()
	st := LimiterStats{Calls: 10, RoundTrips: 2, Failures: 1}
	RegisterLimiter(reg, func() LimiterStats { return st })
	st.Calls = 30
	got := series(t, reg)
	for name, want := range map[string]float64{
		"parley_global_limiter_calls_total":       30,
		"parley_global_limiter_round_trips_total": 2,
		"parley_global_limiter_failures_total":    1,
	} {
		f, ok := got[name]
		if !ok {
			t.Fatalf("no series %s", name)
		}
		if v := f.GetMetric()[0].GetCounter().GetValue(); v != want {
			t.Errorf("%s = %v, want %v", name, v, want)
		}
	}
}

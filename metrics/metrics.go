package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the HTTP and desk series. A nil *Metrics is not valid; New
// with a nil registerer gives unregistered series (tests).
type Metrics struct {
	HTTPDuration *prometheus.HistogramVec // by method, route pattern, status class
	BotDecision  *prometheus.HistogramVec // by action
	QueueLength  *prometheus.GaugeVec     // by team
	QueueWait    prometheus.Histogram     // queued → assigned

	mu    sync.Mutex
	teams map[string]bool // teams whose queue gauge was set, to zero them when empty
}

// New creates the series and registers them when reg is not nil.
func New(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "parley_http_request_duration_seconds", Help: "HTTP request duration, by method, route pattern and status class (websockets excluded).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
		BotDecision: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "parley_bot_decision_seconds", Help: "Time the bot took to decide on a visitor message and write its reply, by action.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"action"}),
		QueueLength: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "parley_queue_length", Help: "Conversations waiting in the queue for a person, by team (as of the last routing pass).",
		}, []string{"team"}),
		QueueWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "parley_queue_wait_seconds", Help: "Time from a conversation's handoff to the queue until a person was assigned.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600},
		}),
		teams: map[string]bool{},
	}
	if reg != nil {
		reg.MustRegister(m.HTTPDuration, m.BotDecision, m.QueueLength, m.QueueWait)
	}
	return m
}

// Decided observes one bot decision (handoff.Config.Decided).
func (m *Metrics) Decided(action string, took time.Duration) {
	m.BotDecision.WithLabelValues(action).Observe(took.Seconds())
}

// Waited observes one conversation's wait in the queue (handoff.Config.Waited).
func (m *Metrics) Waited(d time.Duration) { m.QueueWait.Observe(d.Seconds()) }

// Queued sets the queue length of every team in byTeam, and zero for teams
// seen before that have nothing queued now (handoff.Config.Queued).
func (m *Metrics) Queued(byTeam map[string]int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for team := range m.teams {
		if _, ok := byTeam[team]; !ok {
			m.QueueLength.WithLabelValues(team).Set(0)
		}
	}
	for team, n := range byTeam {
		m.teams[team] = true
		m.QueueLength.WithLabelValues(team).Set(float64(n))
	}
}

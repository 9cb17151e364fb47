package gateway

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the gateway's Prometheus series. NewMetrics registers them on
// reg; a nil *Metrics is valid and counts into unregistered series (tests).
type Metrics struct {
	Connections    prometheus.Gauge
	FramesIn       *prometheus.CounterVec // by type
	Errors         *prometheus.CounterVec // error frames sent, by code
	Acks           prometheus.Counter
	AckLatency     prometheus.Histogram // frame read → ack queued
	SlowDisconnect prometheus.Counter
	GapFills       prometheus.Counter
	LimitFallback  prometheus.Counter     // global limiter failed; the local one decided
	Refused        *prometheus.CounterVec // upgrades refused, by reason
	SLABreaches    *prometheus.CounterVec // by target
	DeskDropped    prometheus.Counter     // desk events refused on a full inbox
	Webhooks       *prometheus.CounterVec // webhook delivery attempts, by result
}

// NewMetrics creates the series and registers them when reg is not nil.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Connections: prometheus.NewGauge(prometheus.GaugeOpts{Name: "parley_ws_connections", Help: "Open visitor websocket connections."}),
		FramesIn:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_ws_frames_in_total", Help: "Client frames received, by type."}, []string{"type"}),
		Errors:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_ws_errors_total", Help: "Error frames sent, by code."}, []string{"code"}),
		Acks:        prometheus.NewCounter(prometheus.CounterOpts{Name: "parley_ws_acks_total", Help: "Messages acknowledged."}),
		AckLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "parley_ws_ack_seconds", Help: "Time from reading a send to queueing its ack.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, .5, 1},
		}),
		SlowDisconnect: prometheus.NewCounter(prometheus.CounterOpts{Name: "parley_ws_slow_disconnects_total", Help: "Connections closed (1013) because their outbound queue was full and nothing could be written for the stall timeout."}),
		GapFills:       prometheus.NewCounter(prometheus.CounterOpts{Name: "parley_ws_gap_fills_total", Help: "Live messages that arrived out of order and were filled from the store."}),
		LimitFallback:  prometheus.NewCounter(prometheus.CounterOpts{Name: "parley_ratelimit_fallback_total", Help: "Rate-limit checks decided by the local limiter because the global one failed."}),
		Refused:        prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_ws_refused_total", Help: "Websocket connections refused, by reason (upgrades; visitor_connections after hello)."}, []string{"reason"}),
		SLABreaches:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_sla_breaches_total", Help: "SLA targets passed unmet, by target."}, []string{"target"}),
		DeskDropped:    prometheus.NewCounter(prometheus.CounterOpts{Name: "parley_desk_dropped_total", Help: "Visitor events the desk refused because its inbox held too many conversations."}),
		Webhooks:       prometheus.NewCounterVec(prometheus.CounterOpts{Name: "parley_webhook_attempts_total", Help: "Webhook delivery attempts, by result (delivered, retry, failed, interrupted)."}, []string{"result"}),
	}
	if reg != nil {
		reg.MustRegister(m.Connections, m.FramesIn, m.Errors, m.Acks, m.AckLatency, m.SlowDisconnect, m.GapFills, m.LimitFallback, m.Refused, m.SLABreaches, m.DeskDropped, m.Webhooks)
	}
	return m
}

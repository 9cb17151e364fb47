package metrics

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// series returns the families gathered from reg by name.
func series(t *testing.T, reg *prometheus.Registry) map[string]*dto.MetricFamily {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*dto.MetricFamily{}
	for _, f := range fams {
		out[f.GetName()] = f
	}
	return out
}

// find returns the metric of fam whose labels are exactly want.
func find(fam *dto.MetricFamily, want map[string]string) *dto.Metric {
	for _, m := range fam.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if fmt.Sprint(got) == fmt.Sprint(want) {
			return m
		}
	}
	return nil
}

func TestHandlerLabelsByPatternNotPath(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg)
	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/things/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "missing" {
			http.Error(w, "no", http.StatusNotFound)
			return
		}
		w.Write([]byte("ok"))
	})
	outer := http.NewServeMux()
	outer.Handle("/api/v1/", api)
	outer.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) })
	srv := httptest.NewServer(m.Handler(outer))
	defer srv.Close()

	for _, req := range []struct{ method, path string }{
		{"GET", "/api/v1/things/1"}, {"GET", "/api/v1/things/2"}, {"GET", "/api/v1/things/missing"},
		{"POST", "/echo"}, {"GET", "/nowhere/at/all"}, {"BREW", "/echo"},
	} {
		r, _ := http.NewRequest(req.method, srv.URL+req.path, nil)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	fam := series(t, reg)["parley_http_request_duration_seconds"]
	if fam == nil {
		t.Fatal("no parley_http_request_duration_seconds series")
	}
	for _, c := range []struct {
		labels map[string]string
		count  uint64
	}{
		{map[string]string{"method": "GET", "route": "/api/v1/things/{id}", "status": "2xx"}, 2},
		{map[string]string{"method": "GET", "route": "/api/v1/things/{id}", "status": "4xx"}, 1},
		{map[string]string{"method": "POST", "route": "/echo", "status": "2xx"}, 1},
		{map[string]string{"method": "GET", "route": "unmatched", "status": "4xx"}, 1},
		{map[string]string{"method": "other", "route": "unmatched", "status": "4xx"}, 1},
	} {
		got := find(fam, c.labels)
		if got == nil || got.GetHistogram().GetSampleCount() != c.count {
			t.Errorf("%v: %v, want count %d", c.labels, got, c.count)
		}
	}
	if n := len(fam.GetMetric()); n != 5 {
		t.Errorf("%d series, want 5 (raw paths must not become labels)", n)
	}
}

func TestDeskSeries(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg)
	m.Decided("answer", 30*time.Millisecond)
	m.Decided("answer", 10*time.Millisecond)
	m.Decided("handoff", time.Second)
	m.Waited(90 * time.Second)
	m.Queued(map[string]int{"l1": 3, "billing": 1})
	m.Queued(map[string]int{"l1": 2}) // billing emptied: it reads 0, not 1
	s := series(t, reg)
	if got := find(s["parley_bot_decision_seconds"], map[string]string{"action": "answer"}).GetHistogram(); got.GetSampleCount() != 2 || got.GetSampleSum() < 0.039 || got.GetSampleSum() > 0.041 {
		t.Errorf("answer decisions: %v", got)
	}
	if got := find(s["parley_bot_decision_seconds"], map[string]string{"action": "handoff"}).GetHistogram(); got.GetSampleCount() != 1 {
		t.Errorf("handoff decisions: %v", got)
	}
	if got := s["parley_queue_wait_seconds"].GetMetric()[0].GetHistogram(); got.GetSampleCount() != 1 || got.GetSampleSum() != 90 {
		t.Errorf("wait: %v", got)
	}
	for team, want := range map[string]float64{"l1": 2, "billing": 0} {
		if got := find(s["parley_queue_length"], map[string]string{"team": team}).GetGauge().GetValue(); got != want {
			t.Errorf("queue length of %s = %v, want %v", team, got, want)
		}
	}
}

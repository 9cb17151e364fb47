package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// metricsServer answers /metrics with parley_bot_refining 1 for the first
// busy scrapes (all of them when busy < 0), then 0.
func metricsServer(t *testing.T, busy int64) (*url.URL, *atomic.Int64) {
	var scrapes atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := scrapes.Add(1)
		refining := 0
		if busy < 0 || n <= busy {
			refining = 1
		}
		fmt.Fprintf(w, "process_resident_memory_bytes 1e+07\ngo_memstats_heap_inuse_bytes 4e+06\ngo_memstats_stack_inuse_bytes 1e+06\nparley_bot_refining %d\n", refining)
	}))
	t.Cleanup(ts.Close)
	u, _ := url.Parse(ts.URL)
	return u, &scrapes
}

func TestWaitsForBackgroundTraining(t *testing.T) {
	base, scrapes := metricsServer(t, 3)
	var out bytes.Buffer
	waited, err := waitRefined(context.Background(), &config{base: base, waitRefine: time.Minute}, &out)
	if err != nil || scrapes.Load() != 4 || waited < 500*time.Millisecond {
		t.Fatalf("waited %s over %d scrapes, err %v; want 4 scrapes, the last reporting 0", waited, scrapes.Load(), err)
	}
	if !strings.Contains(out.String(), "waiting for the server's background training") {
		t.Errorf("the wait was not announced: %q", out.String())
	}
}

func TestTrainingThatDoesNotEndIsAnError(t *testing.T) {
	base, _ := metricsServer(t, -1)
	var out, errOut bytes.Buffer
	err := Main(context.Background(), []string{"--url", base.String(), "--wait-refine", "600ms"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "still training its bot after 600ms") {
		t.Fatalf("got %v, want the still-training error", err)
	}
}

// A server without the gauge (or without /metrics) is not waited for.
func TestNoGaugeNoWait(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(ts.Close)
	base, _ := url.Parse(ts.URL)
	waited, err := waitRefined(context.Background(), &config{base: base, waitRefine: time.Minute}, &bytes.Buffer{})
	if err != nil || waited > 5*time.Second {
		t.Fatalf("waited %s, err %v", waited, err)
	}
}

// The report says how long the run waited for the training, as the JSON
// line does.
func TestReportGivesTheTrainingWait(t *testing.T) {
	var out bytes.Buffer
	r := &Result{Mode: "closed", RefineWaitSeconds: 2.5, Errors: map[string]int{}}
	r.print(&out, &config{}, false)
	if !strings.Contains(out.String(), "bot training    waited 2.5s") {
		t.Fatalf("report without the training wait:\n%s", out.String())
	}
}

package main

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley/internal/testenv"
)

// scrape returns the value of the /metrics line starting with series
// (name and labels as Prometheus prints them), or -1 when absent.
func scrape(t *testing.T, m *Main, series string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + m.Addr.String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	return -1
}

// TestMetricsAfterRealTraffic: API requests are counted by route pattern,
// a handoff by the bot's action, the queue by team, and the wait once an
// agent takes the conversation.
func TestMetricsAfterRealTraffic(t *testing.T) {
	cfg := testConfig(t)
	var out strings.Builder
	if err := run(context.Background(), []string{"user", "add", "--email", "ana@example.com", "--password", "correct horse",
		"--role", "agent", "--name", "Ana", "--data-dir", cfg.DataDir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	m := startMain(t, cfg)
	_, login := apiCall(t, m, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "correct horse"})
	token := login["token"].(string)
	for _, id := range []string{"one", "two", "three"} {
		if st, _ := apiCall(t, m, "GET", "/api/v1/conversations/"+id, token, nil); st != http.StatusNotFound {
			t.Fatalf("GET conversation %s: %d", id, st)
		}
	}
	if got := scrape(t, m, `parley_http_request_duration_seconds_count{method="GET",route="/api/v1/conversations/{id}",status="4xx"}`); got != 3 {
		t.Errorf("3 lookups of missing conversations counted %v times", got)
	}
	if got := scrape(t, m, `parley_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login",status="2xx"}`); got != 1 {
		t.Errorf("login counted %v times", got)
	}

	visitor := dialVisitor(t, m.Addr.String())
	visitor.hello("", 0)
	visitor.send(map[string]any{"type": "human", "client_id": "h"})
	visitor.expect("status", "mode", "queued")
	testenv.Eventually(t, 10*time.Second, func() bool {
		return scrape(t, m, `parley_bot_decision_seconds_count{action="handoff"}`) == 1
	}, "a handoff decision observed")
	testenv.Eventually(t, 10*time.Second, func() bool { return scrape(t, m, `parley_queue_length{team=""}`) == 1 }, "queue length 1")

	console, _, err := websocket.DefaultDialer.Dial("ws://"+m.Addr.String()+"/ws/agent", http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatal(err)
	}
	defer console.Close()
	console.WriteJSON(map[string]string{"type": "presence", "status": "online"})
	visitor.expect("status", "mode", "assigned")
	testenv.Eventually(t, 10*time.Second, func() bool { return scrape(t, m, `parley_queue_wait_seconds_count`) == 1 }, "the wait observed")
	testenv.Eventually(t, 10*time.Second, func() bool { return scrape(t, m, `parley_queue_length{team=""}`) == 0 }, "queue length back to 0")
	if got := scrape(t, m, `parley_http_request_duration_seconds_count{method="GET",route="/ws/agent",status="2xx"}`); got != -1 {
		t.Errorf("a websocket was observed as a request: %v", got)
	}
}

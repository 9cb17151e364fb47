package gateway

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// dialStatus dials the visitor socket and returns the HTTP status of a
// refused upgrade (0 when it was accepted; the socket is then returned).
func (ts *testServer) dialStatus(t *testing.T, site string) (*websocket.Conn, int, string) {
	t.Helper()
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/visitor?site=" + site
	ws, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err == nil {
		t.Cleanup(func() { ws.Close() })
		return ws, 0, ""
	}
	if resp == nil {
		t.Fatalf("dial: %v", err)
	}
	body := make([]byte, 512)
	n, _ := resp.Body.Read(body)
	return nil, resp.StatusCode, resp.Header.Get("Retry-After") + " " + string(body[:n])
}

// checkFor polls f until it is true or the deadline passes.
func checkFor(t *testing.T, d time.Duration, f func() bool) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if f() {
			return
		}
	}
	t.Fatal("condition not met in time")
}

// One address holds at most MaxConnsPerIP visitor sockets: one more is
// refused 429 before the upgrade, and closing one frees its slot.
func TestConnectionsPerIPCapped(t *testing.T) {
	metrics := NewMetrics(nil)
	ts := newTestServer(t, func(c *Config) { c.MaxConnsPerIP = 3; c.Metrics = metrics })
	var open []*client
	for range 3 {
		open = append(open, ts.dial(t, "demo", nil))
	}
	_, st, body := ts.dialStatus(t, "demo")
	if st != http.StatusTooManyRequests || !strings.Contains(body, "too many connections from this address") || !strings.HasPrefix(body, "60 ") {
		t.Fatalf("4th socket from one address: HTTP %d %q, want 429 with Retry-After and the reason", st, body)
	}
	if n := testutil.ToFloat64(metrics.Refused.WithLabelValues("ip_connections")); n != 1 {
		t.Fatalf("refusals counted: %v", n)
	}
	open[0].ws.Close()
	checkFor(t, 5*time.Second, func() bool {
		_, st, _ := ts.dialStatus(t, "demo")
		return st == 0
	})
}

// One visitor (the contact its token resumes) holds at most
// MaxConnsPerVisitor sockets: the next hello is answered rate_limited and
// closed 1008, and closing a socket frees its slot.
func TestConnectionsPerVisitorCapped(t *testing.T) {
	metrics := NewMetrics(nil)
	ts := newTestServer(t, func(c *Config) { c.MaxConnsPerVisitor = 2; c.Metrics = metrics })
	first := ts.dial(t, "demo", nil)
	token, _ := first.hello("", 0)["token"].(string)
	second := ts.dial(t, "demo", nil)
	second.hello(token, 0)

	third := ts.dial(t, "demo", nil)
	third.send(map[string]any{"type": "hello", "token": token})
	for {
		f := third.next()
		if f["type"] == "error" {
			if f["code"] != "rate_limited" || !strings.Contains(f["message"].(string), "too many connections for this visitor") {
				t.Fatalf("3rd socket of one visitor: %v", f)
			}
			break
		}
	}
	if code := third.closeCode(); code != ClosePolicy {
		t.Fatalf("close code %d, want %d", code, ClosePolicy)
	}
	if n := testutil.ToFloat64(metrics.Refused.WithLabelValues("visitor_connections")); n != 1 {
		t.Fatalf("refusals counted: %v", n)
	}
	// Another visitor from the same address is not affected.
	ts.dial(t, "demo", nil).hello("", 0)

	second.ws.Close()
	checkFor(t, 5*time.Second, func() bool {
		ts.gw.mu.Lock()
		defer ts.gw.mu.Unlock()
		total := 0
		for _, n := range ts.gw.perVisit {
			total += n
		}
		return total == 2 // first and the other visitor
	})
	ts.dial(t, "demo", nil).hello(token, 0)
}

package gateway

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/store/sqlite"
)

// testServer is a gateway on a real embedded database and real sockets.
type testServer struct {
	*httptest.Server
	gw    *Server
	store *sqlite.DB
	hub   *Hub
	disp  *recorder
}

// recorder is a Dispatcher that remembers what it was handed.
type recorder struct{ ch chan parley.Event }

func (r *recorder) Dispatch(_ context.Context, ev parley.Event) {
	select {
	case r.ch <- ev:
	default:
	}
}

func newTestServer(t *testing.T, mod func(*Config)) *testServer {
	t.Helper()
	return newTestServerOn(t, mod, nil)
}

// newTestServerOn is newTestServer with its listener wrapped (nil: as is).
func newTestServerOn(t *testing.T, mod func(*Config), wrap func(net.Listener) net.Listener) *testServer {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, s := range []parley.Site{
		{Key: "demo", Name: "Demo"},
		{Key: "shop", Name: "Shop", AllowedOrigins: []string{"https://shop.example"}, IdentitySecret: "test-secret"},
		{Key: "members", Name: "Members", IdentitySecret: "test-secret", IdentityRequired: true},
	} {
		if _, err := db.EnsureSite(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	hub := NewHub(nil)
	rec := &recorder{ch: make(chan parley.Event, 100)}
	cfg := Config{Store: db, Hub: hub, Broker: inmem.NewBroker(hub.Receive), Local: inmem.NewLimiter(nil), Dispatcher: rec,
		Limits: Limits{ContactMessages: parley.Rate{Count: 1000, Period: time.Second, Burst: 1000},
			IPMessages: parley.Rate{Count: 1000, Period: time.Second, Burst: 1000}, IPNewVisitors: parley.Rate{Count: 1000, Period: time.Second, Burst: 1000}}}
	if mod != nil {
		mod(&cfg)
	}
	gw, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/ws/visitor", gw)
	ts := httptest.NewUnstartedServer(mux)
	if wrap != nil {
		ts.Listener = wrap(ts.Listener)
	}
	ts.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		gw.Shutdown(ctx)
		ts.Close()
	})
	return &testServer{Server: ts, gw: gw, store: db, hub: hub, disp: rec}
}

// client is a test websocket client.
type client struct {
	t  testing.TB
	ws *websocket.Conn
}

func (ts *testServer) dial(t testing.TB, site string, hdr http.Header) *client {
	t.Helper()
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/visitor?site=" + site
	ws, resp, err := websocket.DefaultDialer.Dial(url, hdr)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (HTTP %d)", site, err, status)
	}
	t.Cleanup(func() { ws.Close() })
	return &client{t: t, ws: ws}
}

func (c *client) sendRaw(s string) {
	c.t.Helper()
	if err := c.ws.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *client) send(v any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	c.sendRaw(string(b))
}

// next reads one frame as a JSON object.
func (c *client) next() map[string]any {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		c.t.Fatalf("frame is not a JSON object: %s", data)
	}
	return m
}

// expect reads frames until one has the given type (failing on an error
// frame unless that is what is expected).
func (c *client) expect(typ string) map[string]any {
	c.t.Helper()
	for {
		m := c.next()
		if m["type"] == typ {
			return m
		}
		if m["type"] == "error" {
			c.t.Fatalf("got error frame while waiting for %s: %v", typ, m)
		}
	}
}

// hello starts a session and returns the welcome frame.
func (c *client) hello(token string, lastSeq int64) map[string]any {
	c.t.Helper()
	c.send(map[string]any{"type": "hello", "token": token, "last_seq": lastSeq})
	return c.expect("welcome")
}

// closeCode waits for the server to close and returns the close code.
func (c *client) closeCode() int {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := c.ws.ReadMessage()
		if err != nil {
			if ce, ok := err.(*websocket.CloseError); ok {
				return ce.Code
			}
			c.t.Fatalf("connection ended without a close frame: %v", err)
		}
	}
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

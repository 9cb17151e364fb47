package gateway

import (
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A client that answers pings stays connected well past the pong timeout:
// the writer, started only when there is something to write, sends every
// ping while the connection is otherwise idle.
func TestPingsKeepAnIdleConnectionOpen(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.PingInterval = 50 * time.Millisecond; c.PongTimeout = 250 * time.Millisecond })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	var pings atomic.Int64
	c.ws.SetPingHandler(func(data string) error {
		pings.Add(1)
		return c.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	_ = c.ws.SetReadDeadline(time.Now().Add(1500 * time.Millisecond))
	if _, _, err := c.ws.ReadMessage(); err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("read ended with %v before the client's own deadline: the server dropped an answering client", err)
	}
	if n := pings.Load(); n < 5 {
		t.Fatalf("%d pings in 1.5s at a 50ms interval", n)
	}
}

// An idle connection keeps only its reader goroutine: no writer waits on it.
func TestIdleConnectionHasNoWriterGoroutine(t *testing.T) {
	ts := newTestServer(t, nil)
	const n = 20
	for range n {
		c := ts.dial(t, "demo", nil)
		c.hello("", 0)
	}
	var writers int
	for range 500 { // writers leave once the welcome and history are written
		buf := make([]byte, 1<<20)
		stacks := string(buf[:runtime.Stack(buf, true)])
		if writers = strings.Count(stacks, "gateway.(*conn).writeLoop"); writers == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if writers != 0 {
		t.Fatalf("%d writer goroutines left on %d idle connections", writers, n)
	}
}

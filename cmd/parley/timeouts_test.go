package main

import (
	"bufio"
	"fmt"
	"net"
	"testing"
	"time"
)

// The HTTP server bounds every request and idle connection, with the
// documented defaults.
func TestHTTPServerTimeoutsConfigured(t *testing.T) {
	cfg, err := parseTest(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(nil, cfg, nil)
	if srv.ReadHeaderTimeout != 10*time.Second || srv.ReadTimeout != 30*time.Second || srv.IdleTimeout != 120*time.Second || srv.WriteTimeout != 0 {
		t.Fatalf("timeouts: header %s, read %s, idle %s, write %s", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout, srv.WriteTimeout)
	}
	cfg, err = parseTest(t, []string{"--read-timeout", "5s"}, map[string]string{"PARLEY_IDLE_TIMEOUT": "1m"})
	if err != nil {
		t.Fatal(err)
	}
	srv = newHTTPServer(nil, cfg, nil)
	if srv.ReadHeaderTimeout != 5*time.Second || srv.ReadTimeout != 5*time.Second || srv.IdleTimeout != time.Minute {
		t.Fatalf("configured timeouts: header %s, read %s, idle %s", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
}

// A trickled request body is cut at --read-timeout, while a websocket,
// hijacked from the same server, outlives it.
func TestReadTimeoutCutsTrickleNotWebsockets(t *testing.T) {
	cfg := testConfig(t)
	cfg.ReadTimeout = time.Second
	m := startMain(t, cfg)

	ws := dialVisitor(t, m.Addr.String())
	ws.hello("", 0)

	conn, err := net.Dial("tcp", m.Addr.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_, _ = bufio.NewReader(conn).ReadByte() // the 408/close, or EOF
	}()
	// One byte every 100 ms, for far longer than the read timeout: the
	// bound is generous, what matters is that the server ends it at all.
	deadline := time.After(20 * time.Second)
trickle:
	for {
		select {
		case <-closed:
			break trickle
		case <-deadline:
			t.Fatal("a trickled body was still open after 20 s with --read-timeout 1s")
		case <-time.After(100 * time.Millisecond):
			conn.Write([]byte(" "))
		}
	}
	// The websocket opened before the trickle is past the read timeout
	// and still works.
	if err := ws.send(map[string]any{"type": "send", "client_id": "after", "text": "still here?"}); err != nil {
		t.Fatalf("websocket after the read timeout: %v", err)
	}
	ws.expect("ack", "client_id", "after")
}

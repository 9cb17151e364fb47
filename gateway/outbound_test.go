package gateway

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/parley-chat/parley"
)

// smallBuffer is the socket buffer of the tests below: kernel buffers
// small enough that what the server queues, not what the kernel absorbs,
// decides whether a client keeps up.
const smallBuffer = 4096

type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(smallBuffer)
	}
	return c, err
}

func wrapSmall(l net.Listener) net.Listener { return smallSendBuffers{l} }

// dialSmall dials with a small receive buffer (smallSocket).
func (ts *testServer) dialSmall(t testing.TB) *client {
	t.Helper()
	d := websocket.Dialer{NetDialContext: (&net.Dialer{Control: smallSocket}).DialContext}
	ws, _, err := d.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/ws/visitor?site=demo", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &client{t: t, ws: ws}
}

// burst sends n messages at once, then a last one ("end"), and returns
// what frames arrived before the last one's ack, by type and client id.
// With concurrent false it starts reading only once the server has stored
// them all, so everything it answers is queued at once (a tab in the
// background for a moment).
func burst(t *testing.T, ts *testServer, c *client, conv string, n int, text string, concurrent bool) (acks, echoes map[string][]int64) {
	t.Helper()
	frames := make(chan map[string]any, 4*n)
	readErr := make(chan error, 1)
	read := func() {
		for {
			_ = c.ws.SetReadDeadline(time.Now().Add(20 * time.Second))
			var f map[string]any
			if err := c.ws.ReadJSON(&f); err != nil {
				readErr <- err
				return
			}
			frames <- f
			if f["type"] == "ack" && f["client_id"] == "end" {
				return
			}
		}
	}
	if concurrent {
		go read()
	}
	for i := range n {
		c.send(map[string]any{"type": "send", "client_id": fmt.Sprint("b", i), "text": text})
	}
	c.send(map[string]any{"type": "send", "client_id": "end", "text": "end"})
	if !concurrent {
		deadline := time.Now().Add(time.Minute)
		for {
			cv, err := ts.store.Conversation(context.Background(), conv)
			if err != nil {
				t.Fatal(err)
			}
			if cv.LastSeq >= int64(n+1) {
				break
			}
			ts.gw.mu.Lock()
			open := len(ts.gw.conns)
			ts.gw.mu.Unlock()
			if open == 0 {
				t.Fatalf("disconnected with %d of %d messages stored", cv.LastSeq, n+1)
			}
			if time.Now().After(deadline) {
				t.Fatalf("stored %d of %d messages", cv.LastSeq, n+1)
			}
			time.Sleep(5 * time.Millisecond)
		}
		go read()
	}
	acks, echoes = map[string][]int64{}, map[string][]int64{}
	var lastSeq int64
	for {
		select {
		case err := <-readErr:
			t.Fatalf("after %d acks and %d echoes: %v", len(acks), len(echoes), err)
		case f := <-frames:
			id, _ := f["client_id"].(string)
			switch f["type"] {
			case "ack":
				if id == "end" {
					return acks, echoes
				}
				acks[id] = append(acks[id], num(f["seq"]))
			case "message":
				if seq := num(f["seq"]); seq <= lastSeq {
					t.Fatalf("message seq %d after %d", seq, lastSeq)
				} else {
					lastSeq = seq
				}
				if id != "end" {
					echoes[id] = append(echoes[id], num(f["seq"]))
				}
			case "error":
				t.Fatalf("error frame: %v", f)
			}
		}
	}
}

func checkBurst(t *testing.T, n int, acks, echoes map[string][]int64) {
	t.Helper()
	for i := range n {
		id := fmt.Sprint("b", i)
		if len(acks[id]) != 1 || len(echoes[id]) != 1 || acks[id][0] != echoes[id][0] {
			t.Errorf("%s: acks %v, echoes %v: want one of each with the same seq", id, acks[id], echoes[id])
		}
	}
	if len(acks) != n || len(echoes) != n {
		t.Errorf("%d acks and %d echoes for %d sends", len(acks), len(echoes), n)
	}
}

// A burst of 100 sends from a client that reads everything (once it has
// sent them) is never disconnected: 300 frames (acks, echoes, the hub's
// copies of the echoes) used to overflow a 64-frame queue once the kernel's
// buffers were full.
func TestBurstOfSendsNotDisconnected(t *testing.T) {
	metrics := NewMetrics(nil)
	ts := newTestServerOn(t, func(c *Config) { c.Metrics = metrics }, wrapSmall)
	c := ts.dialSmall(t)
	conv := c.hello("", 0)["conversation_id"].(string)
	const n = 100
	acks, echoes := burst(t, ts, c, conv, n, strings.Repeat("a burst of messages ", 10), false)
	checkBurst(t, n, acks, echoes)
	if d := testutil.ToFloat64(metrics.SlowDisconnect); d != 0 {
		t.Fatalf("%v slow disconnects", d)
	}
}

// A burst far beyond the queue's bound, from a client that reads while it
// sends: messages that do not fit are read from the store, the client's
// own frames wait for room, and nothing is lost, repeated or reordered.
func TestBurstBeyondQueueBoundNotDisconnected(t *testing.T) {
	metrics := NewMetrics(nil)
	ts := newTestServerOn(t, func(c *Config) { c.Metrics = metrics; c.OutboundBytes = 8 << 10 }, wrapSmall)
	c := ts.dialSmall(t)
	conv := c.hello("", 0)["conversation_id"].(string)
	const n = 200
	acks, echoes := burst(t, ts, c, conv, n, strings.Repeat("x", 3000), true)
	checkBurst(t, n, acks, echoes)
	if d := testutil.ToFloat64(metrics.SlowDisconnect); d != 0 {
		t.Fatalf("%v slow disconnects", d)
	}
}

// The bound is real: a client that reads nothing while its conversation
// goes on is closed with 1013 once its queue is full and nothing could be
// written to it for StallTimeout.
func TestStoppedReaderDisconnected1013(t *testing.T) {
	metrics := NewMetrics(nil)
	ts := newTestServerOn(t, func(c *Config) {
		c.Metrics = metrics
		c.OutboundBytes = 16 << 10
		c.StallTimeout = 50 * time.Millisecond
		c.WriteTimeout = time.Minute // only the stall rule may close it
	}, wrapSmall)
	slow := ts.dialSmall(t)
	conv := slow.hello("", 0)["conversation_id"].(string)
	m := parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorAgent}, Text: strings.Repeat("x", 4000)}
	deadline := time.Now().Add(time.Minute)
	for i := int64(1); testutil.ToFloat64(metrics.SlowDisconnect) == 0; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("a client that reads nothing was not disconnected after %d messages", i)
		}
		m.Seq = i
		payload, _ := encodeEvent(parley.Event{Kind: parley.EventMessage, ConversationID: conv, Message: &m})
		ts.hub.Receive(ConversationTopic(conv), payload)
		time.Sleep(time.Millisecond)
	}
	if code := slow.closeCode(); code != CloseTryAgainLater {
		t.Fatalf("close code %d, want %d", code, CloseTryAgainLater)
	}
}

// The same for a client that keeps sending but reads nothing: its reader
// waits for room, and the stall closes it.
func TestSendingNonReaderDisconnected1013(t *testing.T) {
	metrics := NewMetrics(nil)
	ts := newTestServerOn(t, func(c *Config) {
		c.Metrics = metrics
		c.OutboundBytes = 16 << 10
		c.StallTimeout = 50 * time.Millisecond
		c.WriteTimeout = time.Minute
	}, wrapSmall)
	slow := ts.dialSmall(t)
	slow.hello("", 0)
	text := strings.Repeat("y", 4000)
	sendErr := make(chan error, 1)
	go func() { // blocks once the server stops reading; ends when it closes
		for i := 0; ; i++ {
			b := fmt.Sprintf(`{"type":"send","client_id":"s%d","text":"%s"}`, i, text)
			if err := slow.ws.WriteMessage(websocket.TextMessage, []byte(b)); err != nil {
				sendErr <- err
				return
			}
		}
	}()
	deadline := time.Now().Add(time.Minute)
	for testutil.ToFloat64(metrics.SlowDisconnect) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a client that sends and reads nothing was not disconnected")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if code := slow.closeCode(); code != CloseTryAgainLater {
		t.Fatalf("close code %d, want %d", code, CloseTryAgainLater)
	}
	<-sendErr
}

// An idle connection holds no queue: nothing of the queue survives the
// frames of its hello (docs/performance.md, "Idle memory").
func TestIdleConnectionHoldsNoQueue(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "one", "text": "hello"})
	c.expect("ack")
	c.expect("message")
	ts.gw.mu.Lock()
	var conn *conn
	for k := range ts.gw.conns {
		conn = k
	}
	ts.gw.mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn.mu.Lock()
		idle := conn.inflight == 0
		queue, qBytes := conn.queue, conn.qBytes
		conn.mu.Unlock()
		if idle {
			if queue != nil || qBytes != 0 {
				t.Fatalf("idle connection keeps a queue: %d frames, %d bytes", cap(queue), qBytes)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the writer never finished")
		}
		runtime.Gosched()
	}
}

// BenchmarkNewConn reports what a connection costs before any frame
// (B/op): the queue adds only its header to the connection.
func BenchmarkNewConn(b *testing.B) {
	s := &Server{ctx: context.Background()}
	s.cfg.setDefaults()
	b.ReportAllocs()
	for b.Loop() {
		c := newConn(s, nil, parley.Site{}, "")
		c.stopCtx()
	}
}

package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// wsClient is a minimal visitor for whole-program tests.
type wsClient struct {
	t  testing.TB
	ws *websocket.Conn
}

func dialVisitor(t testing.TB, addr string) *wsClient {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/ws/visitor?site=demo", http.Header{})
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { ws.Close() })
	return &wsClient{t: t, ws: ws}
}

func (c *wsClient) send(v map[string]any) error {
	b, _ := json.Marshal(v)
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

func (c *wsClient) read(timeout time.Duration) (map[string]any, error) {
	_ = c.ws.SetReadDeadline(time.Now().Add(timeout))
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(data, &m)
}

// expect reads until a frame of type typ (with an optional field match).
func (c *wsClient) expect(typ string, field string, value any) map[string]any {
	c.t.Helper()
	for {
		m, err := c.read(10 * time.Second)
		if err != nil {
			c.t.Fatalf("waiting for %s: %v", typ, err)
		}
		if m["type"] == typ && (field == "" || m[field] == value) {
			return m
		}
	}
}

func (c *wsClient) hello(token string, lastSeq int64) map[string]any {
	c.t.Helper()
	if err := c.send(map[string]any{"type": "hello", "token": token, "last_seq": lastSeq}); err != nil {
		c.t.Fatal(err)
	}
	return c.expect("welcome", "", nil)
}

func asInt(v any) int64 { f, _ := v.(float64); return int64(f) }

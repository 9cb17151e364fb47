package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
)

// publishRecorder remembers what the agents' socket published.
type publishRecorder struct{ ch chan parley.Event }

func (p publishRecorder) Publish(_ context.Context, ev parley.Event) error {
	p.ch <- ev
	return nil
}

// agentByHeader signs in whoever the X-Agent header names.
type agentByHeader map[string]parley.Agent

func (m agentByHeader) Authenticate(r *http.Request) (parley.Agent, error) {
	return m[r.Header.Get("X-Agent")], nil
}

// TestTypingOnOthersConversationIsRefused: Bo's typing on Ana's
// conversation is not published and Bo is told why; Ana's is, and so is an
// admin's.
func TestTypingOnOthersConversationIsRefused(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	var agents = agentByHeader{}
	for _, a := range []parley.Agent{{Email: "ana@example.com", Name: "Ana", Role: parley.RoleAgent, Capacity: 3},
		{Email: "bo@example.com", Name: "Bo", Role: parley.RoleAgent, Capacity: 3}, {Email: "root@example.com", Name: "Root", Role: parley.RoleAdmin, Capacity: 3}} {
		stored, err := ts.store.CreateAgent(ctx, a, []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		agents[a.Name] = stored
	}
	site, err := ts.store.SiteByKey(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := ts.store.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	conv := sess.Conversation.ID
	if _, err := ts.store.Enqueue(ctx, conv, parley.Conversation{QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.Claim(ctx, conv, agents["Ana"].ID); err != nil {
		t.Fatal(err)
	}
	pub := publishRecorder{ch: make(chan parley.Event, 10)}
	srv := httptest.NewServer(ts.gw.ServeAgents(AgentConfig{Auth: agents, Publisher: pub}))
	t.Cleanup(srv.Close)
	open := func(name string) *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), http.Header{"X-Agent": {name}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	typing := func(c *websocket.Conn) {
		if err := c.WriteJSON(map[string]any{"type": "typing", "conversation_id": conv, "on": true}); err != nil {
			t.Fatal(err)
		}
	}
	next := func() parley.Event {
		t.Helper()
		select {
		case ev := <-pub.ch:
			return ev
		case <-time.After(5 * time.Second):
			t.Fatal("nothing published in 5 s")
			return parley.Event{}
		}
	}
	bo := open("Bo")
	typing(bo)
	_ = bo.SetReadDeadline(time.Now().Add(5 * time.Second))
	var refusal map[string]any
	for refusal == nil || refusal["type"] != "error" {
		if err := bo.ReadJSON(&refusal); err != nil {
			t.Fatalf("Bo was not told the typing was refused: %v", err)
		}
	}
	if refusal["code"] != "conflict" || refusal["conversation_id"] != conv || !strings.Contains(refusal["message"].(string), "assigned to another agent") {
		t.Fatalf("refusal: %v", refusal)
	}
	typing(open("Ana"))
	if ev := next(); ev.Author == nil || ev.Author.ID != agents["Ana"].ID {
		t.Fatalf("first typing published is %+v; Bo's must be refused, Ana's sent", ev)
	}
	typing(open("Root"))
	if ev := next(); ev.Author == nil || ev.Author.ID != agents["Root"].ID {
		t.Fatalf("admin's typing: %+v", ev)
	}
}

package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// agentOnline signs an agent in, opens their console's socket and sets
// them online; it returns their token and socket.
func agentOnline(t *testing.T, m *Main, email string) (string, *websocket.Conn) {
	t.Helper()
	st, login := apiCall(t, m, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "correct horse"})
	if st != 200 {
		t.Fatalf("login %s: %d %v", email, st, login)
	}
	token := login["token"].(string)
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+m.Addr.String()+"/ws/agent", http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	ws.WriteJSON(map[string]string{"type": "presence", "status": "online"})
	return token, ws
}

// nextOffer reads console frames until an offer event.
func nextOffer(t *testing.T, ws *websocket.Conn) map[string]any {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		var f map[string]any
		if err := ws.ReadJSON(&f); err != nil {
			t.Fatalf("no offer event: %v", err)
		}
		if f["kind"] == "offer" && f["on"] == true {
			return f
		}
	}
}

// TestOfferDeclineAcceptEndToEnd: with --route-accept-required the router
// offers the conversation on the console's socket instead of assigning
// it; a decline passes it to the next agent, whose accept assigns it, and
// the conversation's messages say why.
func TestOfferDeclineAcceptEndToEnd(t *testing.T) {
	cfg := testConfig(t)
	cfg.RouteAcceptRequired = true
	var out strings.Builder
	for _, email := range []string{"ana@example.com", "bo@example.com"} {
		if err := run(context.Background(), []string{"user", "add", "--email", email, "--password", "correct horse",
			"--role", "agent", "--name", strings.Split(email, "@")[0], "--data-dir", cfg.DataDir}, &out, &out); err != nil {
			t.Fatal(err)
		}
	}
	m := startMain(t, cfg)
	visitor := dialVisitor(t, m.Addr.String())
	conv := visitor.hello("", 0)["conversation_id"].(string)
	visitor.send(map[string]any{"type": "human", "client_id": "h"})
	visitor.expect("status", "mode", "queued")

	ana, anaWS := agentOnline(t, m, "ana@example.com")
	if f := nextOffer(t, anaWS); f["conversation_id"] != conv || f["author"].(map[string]any)["name"] != "ana" || f["comment"] == "" {
		t.Fatalf("offer to Ana: %v", f)
	}
	if st, list := apiCall(t, m, "GET", "/api/v1/offers", ana, nil); st != 200 || len(list["offers"].([]any)) != 1 {
		t.Fatalf("Ana's offers: %d %v", st, list)
	}
	if st, _ := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/decline", ana, map[string]any{}); st != http.StatusNoContent {
		t.Fatalf("decline: %d", st)
	}
	if st, _ := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/decline", ana, map[string]any{}); st != http.StatusConflict {
		t.Fatalf("declining twice: %d, want 409", st)
	}

	bo, boWS := agentOnline(t, m, "bo@example.com")
	if f := nextOffer(t, boWS); f["conversation_id"] != conv || f["author"].(map[string]any)["name"] != "bo" {
		t.Fatalf("offer to Bo: %v", f)
	}
	if st, _ := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/accept", ana, map[string]any{}); st != http.StatusConflict {
		t.Fatalf("Ana accepted Bo's offer: %d", st)
	}
	st, got := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/accept", bo, map[string]any{})
	if st != 200 || got["conversation"].(map[string]any)["mode"] != "assigned" {
		t.Fatalf("accept: %d %v", st, got)
	}
	if a := visitor.expect("status", "mode", "assigned")["agent"].(map[string]any); a["name"] != "bo" {
		t.Fatalf("assigned to %v", a)
	}
	_, detail := apiCall(t, m, "GET", "/api/v1/conversations/"+conv, bo, nil)
	var why string
	for _, msg := range detail["messages"].([]any) {
		if meta, _ := msg.(map[string]any)["meta"].(map[string]any); meta["event"] == "routed" {
			why = meta["reason"].(string)
		}
	}
	if !strings.Contains(why, "least busy 0/") || !strings.Contains(why, "accepted in") {
		t.Fatalf("routing note reason %q", why)
	}
}

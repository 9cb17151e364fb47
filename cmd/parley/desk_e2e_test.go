package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley/internal/testenv"
)

// apiCall makes a bearer-authenticated JSON call to a running Main.
func apiCall(t *testing.T, m *Main, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, "http://"+m.Addr.String()+path, bytes.NewReader(b))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestUserAddValidates(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", "--password", "longenough", "--role", "agent"}, "--email is required"},
		{[]string{"user", "add", "--email", "x", "--password", "longenough", "--role", "agent"}, "not a valid email"},
		{[]string{"user", "add", "--email", "a@b.co", "--password", "short", "--role", "agent"}, "at least 8"},
		{[]string{"user", "add", "--email", "a@b.co", "--password", "longenough", "--role", "boss"}, "--role"},
	} {
		var out strings.Builder
		if err := run(context.Background(), append(tt.args, "--data-dir", dir), &out, &out); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: %v, want %q", tt.args, err, tt.want)
		}
	}
	var out strings.Builder
	args := []string{"user", "add", "--email", "ana@example.com", "--password", "correct horse", "--role", "agent", "--data-dir", dir}
	if err := run(context.Background(), args, &out, &out); err != nil || !strings.Contains(out.String(), "created agent ana@example.com") {
		t.Fatalf("user add: %v %q", err, out.String())
	}
	if err := run(context.Background(), args, &out, &out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("duplicate user add: %v", err)
	}
}

func TestHandoffToAnAgentEndToEnd(t *testing.T) {
	cfg := testConfig(t)
	var out strings.Builder
	if err := run(context.Background(), []string{"user", "add", "--email", "ana@example.com", "--password", "correct horse",
		"--role", "agent", "--name", "Ana", "--data-dir", cfg.DataDir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	m := startMain(t, cfg)

	visitor := dialVisitor(t, m.Addr.String())
	vtoken := visitor.hello("", 0)["token"].(string)
	visitor.send(map[string]any{"type": "human", "client_id": "h"})
	visitor.expect("status", "mode", "queued")
	// A second tab is told the truth at once: first in line, nobody online.
	st0 := dialVisitor(t, m.Addr.String()).hello(vtoken, 0)["status"].(map[string]any)
	if st0["mode"] != "queued" || asInt(st0["queue_position"]) != 1 || st0["offline"] != true {
		t.Fatalf("welcome status while nobody is online: %v", st0)
	}

	st, login := apiCall(t, m, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "correct horse"})
	if st != 200 {
		t.Fatalf("login %d %v", st, login)
	}
	token := login["token"].(string)
	hdr := http.Header{"Authorization": {"Bearer " + token}}
	console, _, err := websocket.DefaultDialer.Dial("ws://"+m.Addr.String()+"/ws/agent", hdr)
	if err != nil {
		t.Fatalf("agent websocket: %v", err)
	}
	defer console.Close()
	console.WriteJSON(map[string]string{"type": "presence", "status": "online"})

	// The router assigns the queued conversation to the agent who came online.
	assigned := visitor.expect("status", "mode", "assigned")
	if a, _ := assigned["agent"].(map[string]any); a["name"] != "Ana" {
		t.Fatalf("assigned status %v", assigned)
	}
	if st1 := dialVisitor(t, m.Addr.String()).hello(vtoken, 0)["status"].(map[string]any); st1["agent"].(map[string]any)["name"] != "Ana" {
		t.Fatalf("welcome status once assigned: %v", st1)
	}
	_, list := apiCall(t, m, "GET", "/api/v1/conversations?mode=assigned&mine=1", token, nil)
	convs := list["conversations"].([]any)
	if len(convs) != 1 {
		t.Fatalf("mine: %v", list)
	}
	conv := convs[0].(map[string]any)["id"].(string)
	if st, _ := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/messages", token, map[string]any{"text": "internal: VIP", "private": true}); st != 201 {
		t.Fatalf("note %d", st)
	}
	if st, _ := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/messages", token, map[string]any{"text": "Hi, Ana here."}); st != 201 {
		t.Fatalf("reply %d", st)
	}
	for {
		f := visitor.expect("message", "", nil)
		if strings.Contains(f["text"].(string), "internal") {
			t.Fatalf("an internal note reached the visitor: %v", f)
		}
		if f["text"] == "Hi, Ana here." {
			if a := f["author"].(map[string]any); a["kind"] != "agent" || a["name"] != "Ana" {
				t.Fatalf("reply author %v", a)
			}
			break
		}
	}
	if st, _ := apiCall(t, m, "POST", "/api/v1/conversations/"+conv+"/resolve", token, map[string]any{}); st != 200 {
		t.Fatalf("resolve %d", st)
	}
	for resolved, asked := false, false; !resolved || !asked; { // either order
		f, err := visitor.read(10 * time.Second)
		if err != nil {
			t.Fatalf("resolved=%v csat asked=%v: %v", resolved, asked, err)
		}
		meta, _ := f["meta"].(map[string]any)
		resolved = resolved || (f["type"] == "status" && f["mode"] == "resolved")
		asked = asked || (f["type"] == "message" && meta["event"] == "csat_requested")
	}
	visitor.send(map[string]any{"type": "csat", "score": 5, "comment": "quick", "client_id": "r"})
	visitor.expect("ack", "client_id", "r")
	testenv.Eventually(t, 5*time.Second, func() bool {
		score, _, err := m.Store.(interface {
			CSAT(context.Context, string) (int, string, error)
		}).CSAT(context.Background(), conv)
		return err == nil && score == 5
	}, "the CSAT stored")
	// A new message reopens it to the bot, cleanly: no resolution, no assignee.
	visitor.send(map[string]any{"type": "send", "client_id": "again", "text": "One more question"})
	visitor.expect("status", "mode", "bot")
	_, got := apiCall(t, m, "GET", "/api/v1/conversations/"+conv, token, nil)
	if c := got["conversation"].(map[string]any); c["mode"] != "bot" || c["resolved_at"] != nil || c["assignee_id"] != nil {
		t.Fatalf("reopened conversation: %v", c)
	}
}

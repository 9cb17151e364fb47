package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/webhook"
)

// TestWebhookEndToEnd: an admin mints an API token, the token registers a
// webhook, a visitor starts a conversation, and the endpoint receives the
// signed conversation.created event from the running server.
func TestWebhookEndToEnd(t *testing.T) {
	var mu sync.Mutex
	var bodies [][]byte
	var sigs []string
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, sigs = append(bodies, b), append(sigs, r.Header.Get(webhook.HeaderSignature))
		mu.Unlock()
	}))
	defer rcv.Close()
	cfg := testConfig(t)
	cfg.WebhookAllowPrivate = true // the receiver is on loopback
	var out strings.Builder
	if err := run(context.Background(), []string{"user", "add", "--email", "root@example.com", "--password", "correct horse",
		"--role", "admin", "--data-dir", cfg.DataDir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	m := startMain(t, cfg)
	_, login := apiCall(t, m, "POST", "/api/v1/auth/login", "", map[string]string{"email": "root@example.com", "password": "correct horse"})
	st, tok := apiCall(t, m, "POST", "/api/v1/tokens", login["token"].(string), map[string]any{"name": "ops", "role": "admin"})
	if st != 201 {
		t.Fatalf("create token: %d %v", st, tok)
	}
	st, hook := apiCall(t, m, "POST", "/api/v1/webhooks", tok["secret"].(string), map[string]any{"url": rcv.URL, "events": []string{"conversation.created"}})
	if st != 201 {
		t.Fatalf("create webhook with the token: %d %v", st, hook)
	}
	dialVisitor(t, m.Addr.String()).hello("", 0)
	testenv.Eventually(t, 30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(bodies) > 0
	}, "a webhook delivery")
	mu.Lock()
	defer mu.Unlock()
	var ev webhook.Event
	if err := json.Unmarshal(bodies[0], &ev); err != nil || ev.Type != "conversation.created" || ev.Data.ConversationID == "" {
		t.Fatalf("event %s: %v", bodies[0], err)
	}
	if err := webhook.Verify(hook["secret"].(string), sigs[0], bodies[0], 5*time.Minute, time.Now()); err != nil {
		t.Errorf("signature: %v", err)
	}
}

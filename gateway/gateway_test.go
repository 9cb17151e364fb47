package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
)

func TestOriginCheckedBeforeUpgrade(t *testing.T) {
	ts := newTestServer(t, nil)
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/visitor?site="
	for _, tc := range []struct {
		site, origin string
		status       int
	}{
		{"shop", "https://evil.example", http.StatusForbidden},
		{"shop", "", http.StatusForbidden},
		{"nope", "https://shop.example", http.StatusNotFound},
		{"", "", http.StatusBadRequest},
	} {
		hdr := http.Header{}
		if tc.origin != "" {
			hdr.Set("Origin", tc.origin)
		}
		_, resp, err := websocket.DefaultDialer.Dial(url+tc.site, hdr)
		if err == nil || resp == nil || resp.StatusCode != tc.status {
			t.Errorf("site %q origin %q: err=%v resp=%v, want HTTP %d", tc.site, tc.origin, err, resp, tc.status)
		}
	}
	ts.dial(t, "shop", http.Header{"Origin": {"https://shop.example"}}).hello("", 0)
	ts.dial(t, "demo", http.Header{"Origin": {"https://anything.example"}}).hello("", 0)
}

func TestTooLargeFrameKeepsConnection(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxFrameBytes = 1024 })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.sendRaw(`{"type":"send","client_id":"big","text":"` + strings.Repeat("a", 2000) + `"}`)
	if e := c.expect("error"); e["code"] != "too_large" {
		t.Fatalf("got %v", e)
	}
	c.send(map[string]any{"type": "send", "client_id": "small", "text": "fits"})
	if a := c.expect("ack"); a["client_id"] != "small" {
		t.Fatalf("got %v", a)
	}
}

func TestHardLimitCloses1009(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxFrameBytes = 1024; c.HardFrameBytes = 4096 })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.sendRaw(strings.Repeat("x", 10000))
	if code := c.closeCode(); code != CloseTooBig {
		t.Fatalf("close code %d, want %d", code, CloseTooBig)
	}
}

func TestMisbehavingClientClosed1008(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxBadFrames = 3 })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	for range 4 {
		c.sendRaw("garbage")
	}
	if code := c.closeCode(); code != ClosePolicy {
		t.Fatalf("close code %d, want %d", code, ClosePolicy)
	}
}

func TestRateLimitedThenAckedResendNotLimited(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.Limits.ContactMessages = parley.Rate{Count: 1, Period: time.Hour, Burst: 2}
	})
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	for _, id := range []string{"a", "b"} {
		c.send(map[string]any{"type": "send", "client_id": id, "text": id})
		c.expect("ack")
	}
	c.send(map[string]any{"type": "send", "client_id": "c", "text": "c"})
	e := c.expect("error")
	if e["code"] != "rate_limited" || e["client_id"] != "c" || num(e["retry_after_ms"]) <= 0 {
		t.Fatalf("got %v", e)
	}
	c.send(map[string]any{"type": "send", "client_id": "a", "text": "a"})
	if a := c.expect("ack"); a["client_id"] != "a" || num(a["seq"]) != 1 {
		t.Fatalf("acked resend was refused or changed: %v", a)
	}
}

func TestEveryTabSeesEveryMessage(t *testing.T) {
	ts := newTestServer(t, nil)
	a := ts.dial(t, "demo", nil)
	w := a.hello("", 0)
	token := w["token"].(string)
	b := ts.dial(t, "demo", nil)
	b.hello(token, 0)
	other := ts.dial(t, "demo", nil)
	other.hello("", 0)
	a.send(map[string]any{"type": "send", "client_id": "x", "text": "from tab A"})
	a.expect("ack")
	if m := b.expect("message"); m["text"] != "from tab A" || m["client_id"] != "x" {
		t.Fatalf("tab B got %v", m)
	}
	other.send(map[string]any{"type": "send", "client_id": "y", "text": "someone else"})
	other.expect("ack")
	b.send(map[string]any{"type": "send", "client_id": "z", "text": "from tab B"})
	b.expect("ack")
	// A's next message must be B's, never the other visitor's.
	a.expect("message") // own echo, seq 1
	if m := a.expect("message"); m["text"] != "from tab B" {
		t.Fatalf("tab A got %v", m)
	}
}

// Events may reach a node out of order (two nodes commit 2 then 1 arrives
// late); the visitor still sees 1 then 2, once each.
func TestOutOfOrderDeliveryIsFilledInOrder(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	w := c.hello("", 0)
	conv := w["conversation_id"].(string)
	ctx := context.Background()
	var msgs []parley.Message
	for i := range 3 {
		m, _, err := ts.store.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorAgent, Name: "Ana"}, Text: fmt.Sprint("agent ", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	for _, i := range []int{2, 0, 1} { // deliver 3, 1, 2
		payload, _ := encodeEvent(parley.Event{Kind: parley.EventMessage, ConversationID: conv, Message: &msgs[i]})
		ts.hub.Receive(ConversationTopic(conv), payload)
	}
	for want := int64(1); want <= 3; want++ {
		if m := c.expect("message"); num(m["seq"]) != want {
			t.Fatalf("got seq %v, want %d", m["seq"], want)
		}
	}
	c.send(map[string]any{"type": "send", "client_id": "after", "text": "x"})
	if a := c.expect("ack"); num(a["seq"]) != 4 {
		t.Fatalf("got %v", a)
	}
	if m := c.expect("message"); num(m["seq"]) != 4 {
		t.Fatalf("a duplicate came before seq 4: %v", m)
	}
}

func TestPrivateNotesNeverReachVisitors(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	w := c.hello("", 0)
	conv := w["conversation_id"].(string)
	ctx := context.Background()
	for _, private := range []bool{true, false} {
		m, _, err := ts.store.AppendMessage(ctx, parley.Message{ConversationID: conv, Private: private,
			Author: parley.Author{Kind: parley.AuthorAgent, Name: "Ana"}, Text: fmt.Sprint("private=", private)})
		if err != nil {
			t.Fatal(err)
		}
		payload, _ := encodeEvent(parley.Event{Kind: parley.EventMessage, ConversationID: conv, Message: &m})
		ts.hub.Receive(ConversationTopic(conv), payload)
	}
	if m := c.expect("message"); m["text"] != "private=false" || num(m["seq"]) != 2 {
		t.Fatalf("got %v", m)
	}
	r := ts.dial(t, "demo", nil) // resume from 0 skips the note too
	r.hello(w["token"].(string), 0)
	if m := r.expect("message"); m["text"] != "private=false" {
		t.Fatalf("replay got %v", m)
	}
}

func TestShutdownTellsClientsToReconnect(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- ts.gw.Shutdown(ctx) }()
	if code := c.closeCode(); code != CloseServiceRestart {
		t.Fatalf("close code %d, want %d", code, CloseServiceRestart)
	}
	if err := <-errc; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/visitor?site=demo"
	if _, resp, err := websocket.DefaultDialer.Dial(url, nil); err == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("upgrade during drain: err=%v", err)
	}
}

func TestSilentClientDropped(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.PingInterval = 50 * time.Millisecond; c.PongTimeout = 100 * time.Millisecond })
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.ws.SetPingHandler(func(string) error { return nil }) // never pong
	_ = c.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			return // dropped
		}
	}
}

func TestConcurrentIdempotentSendsStoreOne(t *testing.T) {
	ts := newTestServer(t, nil)
	first := ts.dial(t, "demo", nil)
	w := first.hello("", 0)
	token := w["token"].(string)
	const tabs = 8
	var wg sync.WaitGroup
	seqs := make(chan int64, tabs)
	for range tabs {
		c := ts.dial(t, "demo", nil)
		c.hello(token, 0)
		wg.Go(func() {
			c.send(map[string]any{"type": "send", "client_id": "once", "text": "only once"})
			seqs <- num(c.expect("ack")["seq"])
		})
	}
	wg.Wait()
	close(seqs)
	for s := range seqs {
		if s != 1 {
			t.Fatalf("ack seq %d, want 1 for every tab", s)
		}
	}
	msgs, err := ts.store.Messages(context.Background(), w["conversation_id"].(string), 0, 10, true)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("stored %d messages (err %v), want exactly 1", len(msgs), err)
	}
}

func TestJWTIdentity(t *testing.T) {
	ts := newTestServer(t, nil)
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	exp := time.Now().Add(time.Hour).Unix()
	good := sign(jwt.SigningMethodHS256, []byte("test-secret"), jwt.MapClaims{"sub": "jwt-user", "exp": exp, "name": "Ana", "attributes": map[string]any{"plan": "business"}})
	tests := []struct {
		name, token, segment, reason string
	}{
		{"valid", good, "user", ""},
		{"expired", sign(jwt.SigningMethodHS256, []byte("test-secret"), jwt.MapClaims{"sub": "u", "exp": time.Now().Add(-time.Hour).Unix()}), "visitor", "expired"},
		{"no exp", sign(jwt.SigningMethodHS256, []byte("test-secret"), jwt.MapClaims{"sub": "u"}), "visitor", "exp"},
		{"wrong secret", sign(jwt.SigningMethodHS256, []byte("other"), jwt.MapClaims{"sub": "u", "exp": exp}), "visitor", "signature"},
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, jwt.MapClaims{"sub": "u", "exp": exp}), "visitor", "HS256"},
		{"HS512", sign(jwt.SigningMethodHS512, []byte("test-secret"), jwt.MapClaims{"sub": "u", "exp": exp}), "visitor", "HS256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ts.dial(t, "shop", http.Header{"Origin": {"https://shop.example"}})
			c.send(map[string]any{"type": "hello", "token": "", "identity": map[string]any{"jwt": tt.token}})
			w := c.expect("welcome")
			if seg := w["contact"].(map[string]any)["segment"]; seg != tt.segment {
				t.Fatalf("segment %v, want %s", seg, tt.segment)
			}
			if tt.reason != "" {
				e := c.next()
				if e["code"] != "identity_rejected" || !strings.Contains(e["message"].(string), tt.reason) {
					t.Fatalf("got %v, want identity_rejected mentioning %q", e, tt.reason)
				}
			}
		})
	}
}

func TestDispatcherGetsStoredEvents(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "d1", "text": "help"})
	c.expect("ack")
	c.send(map[string]any{"type": "send", "client_id": "d1", "text": "help"}) // duplicate: not dispatched again
	c.expect("ack")
	c.send(map[string]any{"type": "human"})
	c.expect("message")
	var kinds []string
	for len(kinds) < 2 {
		select {
		case ev := <-ts.disp.ch:
			b, _ := json.Marshal(ev.Message.Text)
			kinds = append(kinds, string(ev.Kind)+":"+string(b))
		case <-time.After(5 * time.Second):
			t.Fatalf("dispatcher got only %v", kinds)
		}
	}
	if kinds[0] != `message:"help"` || !strings.HasPrefix(kinds[1], "human:") {
		t.Fatalf("dispatched %v", kinds)
	}
	select {
	case ev := <-ts.disp.ch:
		t.Fatalf("extra dispatch %+v", ev)
	default:
	}
}

package gateway

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
)

// clock is Config.Now running ahead of the real time by what add added.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return time.Now().Add(c.off) }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.off += d; c.mu.Unlock() }

func siteObj(w map[string]any) map[string]any { m, _ := w["site"].(map[string]any); return m }

func TestWelcomeCarriesSiteSettingsAndPicksUpChanges(t *testing.T) {
	clk := &clock{}
	ts := newTestServer(t, func(c *Config) { c.Now = clk.now })
	ctx := context.Background()
	site, _ := ts.store.SiteByKey(ctx, "demo")
	site.Theme = parley.Theme{Color: "#0f766e", Position: "left"}
	site.Greetings = map[string]string{"en": "Hi!", "pl": "Cześć! W czym pomóc?"}
	site.Away = map[string]string{"en": "We are back at 9:00."}
	if err := ts.store.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	c := ts.dial(t, "demo", nil)
	c.send(map[string]any{"type": "hello", "token": "", "locale": "pl-PL"})
	s := siteObj(c.expect("welcome"))
	if s["color"] != "#0f766e" || s["position"] != "left" || s["greeting"] != "Cześć! W czym pomóc?" || s["away"] != "We are back at 9:00." {
		t.Fatalf("welcome.site = %v", s)
	}

	// A change reaches new connections within the site cache's TTL, with
	// no restart: the origin list too.
	site.Theme.Color = "#b91c1c"
	site.AllowedOrigins = []string{"https://shop.example"}
	if err := ts.store.UpdateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	clk.add(11 * time.Second) // past the default 10 s TTL
	if _, resp, err := dialRaw(ts, "demo", "https://evil.example"); err == nil || resp == nil || resp.StatusCode != 403 {
		t.Fatalf("origin not picked up: %v", err)
	}
	c2 := ts.dial(t, "demo", map[string][]string{"Origin": {"https://shop.example"}})
	c2.send(map[string]any{"type": "hello", "token": "", "locale": "ru"})
	s = siteObj(c2.expect("welcome"))
	if s["color"] != "#b91c1c" || s["greeting"] != "Hi!" {
		t.Fatalf("after the change, welcome.site = %v (want the new colour and the English fallback)", s)
	}
}

// TestProactiveRuleFiresOnceAfterDelay: the message comes no sooner than
// the rule's delay after the page view (server timestamps, no sleeps), and
// a reload the same day does not send it again.
func TestProactiveRuleFiresOnceAfterDelay(t *testing.T) {
	clk := &clock{}
	ts := newTestServer(t, func(c *Config) { c.Now = clk.now })
	ctx := context.Background()
	site, _ := ts.store.SiteByKey(ctx, "demo")
	pricing := parley.ProactiveRule{ID: "pricing", URLPattern: "/pricing*", MinSecondsOnPage: 1, Active: true,
		Messages: map[string]string{"en": "Questions about plans?", "pl": "Pytania o plany?"}}
	off := parley.ProactiveRule{ID: "off", URLPattern: "/pricing*", Active: false, Messages: map[string]string{"en": "never"}}
	if err := ts.store.PutProactiveRules(ctx, site.ID, []parley.ProactiveRule{off, pricing}); err != nil {
		t.Fatal(err)
	}
	c := ts.dial(t, "demo", nil)
	c.send(map[string]any{"type": "hello", "token": "", "locale": "pl"})
	w := c.expect("welcome")
	token := w["token"].(string)
	start := time.Now()
	c.send(map[string]any{"type": "page", "url": "https://shop.example/pricing?plan=team", "title": "Pricing"})
	m := c.expectMeta("proactive")
	created, _ := time.Parse(time.RFC3339Nano, m["created_at"].(string))
	if m["text"] != "Pytania o plany?" || m["author"].(map[string]any)["kind"] != "bot" {
		t.Fatalf("proactive message = %v", m)
	}
	if created.Sub(start) < time.Second {
		t.Fatalf("sent %v after the page view; the rule waits 1s", created.Sub(start))
	}

	// Reload 11 minutes later (past the quiet time after a message): a new
	// connection, the same visitor, the same page. The rules are tried in
	// order on one visit, so when the second rule's message arrives the
	// first was tried, and its claim refused.
	again := parley.ProactiveRule{ID: "again", URLPattern: "/pricing*", Active: true, Messages: map[string]string{"en": "Still here?"}}
	if err := ts.store.PutProactiveRules(ctx, site.ID, []parley.ProactiveRule{pricing, again}); err != nil {
		t.Fatal(err)
	}
	clk.add(11 * time.Minute)
	c.ws.Close()
	c2 := ts.dial(t, "demo", nil)
	c2.send(map[string]any{"type": "hello", "token": token, "last_seq": num(m["seq"]),
		"page": map[string]any{"url": "https://shop.example/pricing", "title": "Pricing"}})
	c2.expect("welcome")
	if m := c2.expectMeta("proactive"); m["text"] != "Still here?" {
		t.Fatalf("after the reload: %v", m)
	}
	msgs, err := ts.store.Messages(ctx, w["conversation_id"].(string), 0, 100, false)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, m := range msgs {
		counts[string(m.Meta)]++
	}
	if counts[`{"event":"proactive","rule":"pricing"}`] != 1 || counts[`{"event":"proactive","rule":"again"}`] != 1 || len(msgs) != 2 {
		t.Fatalf("messages by meta: %v", counts)
	}
}

func TestPageFrameRefusals(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	c.send(map[string]any{"type": "page", "url": "https://x/"})
	if e := c.expect("error"); e["code"] != "unauthorized" {
		t.Fatalf("page before hello: %v", e)
	}
	c.hello("", 0)
	c.send(map[string]any{"type": "page", "url": "/relative"})
	if e := c.expect("error"); e["code"] != "bad_frame" {
		t.Fatalf("relative page url: %v", e)
	}
}

func TestNPSSurveyForSignedInUsers(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	if _, err := ts.store.EnsureSite(ctx, parley.Site{Key: "app", IdentitySecret: "app-secret"}); err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, []byte("app-secret"))
	mac.Write([]byte("user-42"))
	c := ts.dial(t, "app", nil)
	c.send(map[string]any{"type": "hello", "token": "", "identity": map[string]any{"user_id": "user-42", "user_hash": hex.EncodeToString(mac.Sum(nil))}})
	w := c.expect("welcome")
	convID := w["conversation_id"].(string)
	if w["contact"].(map[string]any)["segment"] != "user" {
		t.Fatalf("not signed in: %v", w)
	}
	c.send(map[string]any{"type": "send", "client_id": "q1", "text": "Where is my invoice?"})
	c.expect("ack")
	if _, err := ts.store.SetMode(ctx, convID, parley.ModeResolved); err != nil {
		t.Fatal(err)
	}
	if err := ts.gw.Publish(ctx, parley.Event{Kind: parley.EventStatus, ConversationID: convID, Status: &parley.Status{Mode: parley.ModeResolved}}); err != nil {
		t.Fatal(err)
	}
	m := c.expectMeta("nps")
	if m["author"].(map[string]any)["kind"] != "bot" {
		t.Fatalf("nps offer = %v", m)
	}
	c.send(map[string]any{"type": "nps", "client_id": "n1", "score": 9, "comment": "Quick answer"})
	if a := c.expect("ack"); a["client_id"] != "n1" {
		t.Fatalf("ack = %v", a)
	}
	acts, err := ts.store.Activities(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, a := range acts {
		if a.Kind == parley.ActivityNPS && a.ConversationID == convID {
			got = append(got, a.Score)
		}
	}
	if len(got) != 1 || got[0] != 9 {
		t.Fatalf("nps activities = %v, want [9]", got)
	}
	// Asked at most once per period: the claim is taken.
	if again, err := ts.store.ClaimForContact(ctx, w["contact"].(map[string]any)["id"].(string), "nps", NPSPeriod); err != nil || again {
		t.Fatalf("a second survey would be allowed: %v, %v", again, err)
	}

	// An anonymous visitor is never surveyed and cannot answer.
	v := ts.dial(t, "demo", nil)
	v.hello("", 0)
	v.send(map[string]any{"type": "nps", "client_id": "n2", "score": 3})
	if e := v.expect("error"); e["code"] != "bad_frame" || e["client_id"] != "n2" {
		t.Fatalf("anonymous nps: %v", e)
	}
}

// expectMeta reads frames until a message whose meta.event is event.
func (c *client) expectMeta(event string) map[string]any {
	c.t.Helper()
	for {
		m := c.expect("message")
		if meta, _ := m["meta"].(map[string]any); meta != nil && meta["event"] == event {
			return m
		}
	}
}

func dialRaw(ts *testServer, site, origin string) (*websocket.Conn, *http.Response, error) {
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/ws/visitor?site=" + site
	ws, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {origin}})
	if ws != nil {
		ws.Close()
	}
	return ws, resp, err
}

// TestPageIsKeptOnTheContact: the page a visitor is on (hello's or a page
// frame's) is kept on the contact for the agents' sidebar.
func TestPageIsKeptOnTheContact(t *testing.T) {
	ts := newTestServer(t, nil)
	ctx := context.Background()
	c := ts.dial(t, "demo", nil)
	c.send(map[string]any{"type": "hello", "token": "", "page": map[string]any{"url": "https://shop.example/", "title": "Shop"}})
	w := c.expect("welcome")
	contactID := w["contact"].(map[string]any)["id"].(string)
	c.send(map[string]any{"type": "page", "url": "https://shop.example/pricing", "title": "Цены"})
	c.send(map[string]any{"type": "send", "client_id": "p1", "text": "hi"})
	c.expect("ack") // frames are handled in order: the page was kept before this
	ct, err := ts.store.Contact(ctx, contactID)
	if err != nil {
		t.Fatal(err)
	}
	if ct.Attributes["page_url"] != "https://shop.example/pricing" || ct.Attributes["page_title"] != "Цены" {
		t.Fatalf("contact attributes = %v; want the last page", ct.Attributes)
	}
	// Back to the first page: kept again, though the hello's contact had it.
	c.send(map[string]any{"type": "page", "url": "https://shop.example/", "title": "Shop"})
	c.send(map[string]any{"type": "send", "client_id": "p2", "text": "again"})
	c.expect("ack")
	if ct, _ := ts.store.Contact(ctx, contactID); ct.Attributes["page_url"] != "https://shop.example/" {
		t.Fatalf("after going back: %v; want the first page again", ct.Attributes)
	}
}

// slowRules is a store whose proactive rules take until the caller gives
// up, and a little longer to unwind.
type slowRules struct {
	Store
	entered chan struct{}
	done    atomic.Bool
}

func (s *slowRules) ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error) {
	close(s.entered)
	<-ctx.Done()
	time.Sleep(100 * time.Millisecond)
	s.done.Store(true)
	return nil, ctx.Err()
}

// Shutdown waits for the proactive work a page view started, so nothing
// touches the store after the gateway says it has stopped.
func TestShutdownWaitsForProactiveWork(t *testing.T) {
	slow := &slowRules{entered: make(chan struct{})}
	ts := newTestServer(t, func(c *Config) { slow.Store = c.Store; c.Store = slow })
	c := ts.dial(t, "demo", nil)
	c.send(map[string]any{"type": "hello", "token": "", "page": map[string]any{"url": "https://shop.example/pricing", "title": "Pricing"}})
	c.expect("welcome")
	<-slow.entered
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := ts.gw.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if !slow.done.Load() {
		t.Fatal("Shutdown returned while proactive work was still running")
	}
}

package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/sqlite"
	"github.com/parley-chat/parley/webhook"
)

// clock is a controllable time: retries fall due when a test moves it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now().UTC()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// received is one request the receiver got.
type received struct {
	header http.Header
	body   []byte
	event  webhook.Event
	status int
}

// receiver is a real HTTP endpoint answering with the statuses queued in
// answers (then 200), recording every request.
type receiver struct {
	srv     *httptest.Server
	mu      sync.Mutex
	answers []int
	got     []received
}

func newReceiver(t testing.TB, answers ...int) *receiver {
	r := &receiver{answers: answers}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var ev webhook.Event
		if err := json.Unmarshal(body, &ev); err != nil {
			t.Errorf("receiver: body is not an event: %v: %s", err, body)
		}
		r.mu.Lock()
		st := http.StatusOK
		if len(r.answers) > 0 {
			st, r.answers = r.answers[0], r.answers[1:]
		}
		r.got = append(r.got, received{header: req.Header.Clone(), body: body, event: ev, status: st})
		r.mu.Unlock()
		w.WriteHeader(st)
		io.WriteString(w, "thanks")
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// accepted counts the 2xx-answered requests per activity id.
func (r *receiver) accepted() map[string]int {
	out := map[string]int{}
	for _, g := range r.requests() {
		if g.status < 300 {
			out[g.event.ID]++
		}
	}
	return out
}

func openStore(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "parley.db")
	}
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

type hookStore interface {
	CreateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
}

func mustWebhook(t testing.TB, s hookStore, url string, active bool, events ...parley.ActivityKind) parley.Webhook {
	t.Helper()
	w, err := s.CreateWebhook(t.Context(), parley.Webhook{URL: url, Events: events, Active: active, Secret: webhook.NewSecret()})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// fixedBackoff waits d after each failure and gives up after n attempts.
func fixedBackoff(d time.Duration, n int) func(int) (time.Duration, bool) {
	return func(attempt int) (time.Duration, bool) { return d, attempt < n }
}

type convStore interface {
	EnsureSite(ctx context.Context, s parley.Site) (parley.Site, error)
	CreateSession(ctx context.Context, siteID string, tokenHash []byte, c parley.Contact) (parley.Session, error)
}

// newConversation creates a conversation: one conversation.created activity.
func newConversation(t testing.TB, s convStore) string {
	t.Helper()
	site, err := s.EnsureSite(t.Context(), parley.Site{Key: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.CreateSession(t.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	return sess.Conversation.ID
}

// drain feeds and sends until neither finds work (no clock movement).
func drain(t testing.TB, d *webhook.Deliverer) {
	t.Helper()
	for range 100 {
		fed, err := d.Feed(t.Context())
		if err != nil {
			t.Fatalf("Feed: %v", err)
		}
		sent, err := d.SendDue(t.Context())
		if err != nil {
			t.Fatalf("SendDue: %v", err)
		}
		if fed == 0 && sent == 0 {
			return
		}
	}
	t.Fatal("deliverer never ran out of work")
}

package mail

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/store/sqlite"
)

// online is a switchable Online.
type online struct{ on atomic.Bool }

func (o *online) VisitorConnected(string) bool { return o.on.Load() }

type harness struct {
	db      *sqlite.DB
	svc     *Service
	links   *Links
	online  *online
	api     string
	site    parley.Site
	srv     *httptest.Server // serves /c/{token}
	replyIn time.Duration
}

func newHarness(t *testing.T, replyAfter time.Duration) *harness {
	t.Helper()
	c, api := mailpit(t)
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, err := db.EnsureSite(ctx, parley.Site{Key: "acme", Name: "Acme", AllowedOrigins: []string{"https://www.acme.test"}})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{db: db, api: api, site: site, online: &online{},
		links: &Links{Secret: []byte(strings.Repeat("s", 32)), TTL: time.Hour}}
	out := NewOutbox(OutboxConfig{Sender: c, Backoff: 50 * time.Millisecond})
	mux := http.NewServeMux()
	mux.Handle("GET /c/{token}", &ResumeHandler{Links: h.links, Store: db})
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	h.svc = NewService(ServiceConfig{Store: db, Queue: out, Links: h.links, Online: h.online, BaseURL: h.srv.URL, ReplyAfter: replyAfter, TranscriptEvery: time.Minute})
	run, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { out.Run(run); done <- struct{}{} }()
	go func() { h.svc.Run(run); done <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-done; <-done })
	return h
}

// conversation starts a visitor's conversation with email (may be empty)
// in language lang, with one message from the visitor.
func (h *harness) conversation(t *testing.T, email, lang string) parley.Conversation {
	t.Helper()
	ctx := t.Context()
	s, err := h.db.CreateSession(ctx, h.site.ID, parley.HashToken(parley.NewToken()), parley.Contact{Email: email, Locale: lang})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.SetLanguage(ctx, s.Conversation.ID, lang); err != nil {
		t.Fatal(err)
	}
	h.message(t, s.Conversation, parley.Author{Kind: parley.AuthorVisitor}, "Моя посылка не пришла")
	return s.Conversation
}

func (h *harness) message(t *testing.T, c parley.Conversation, by parley.Author, text string) parley.Message {
	t.Helper()
	m, _, err := h.db.AppendMessage(t.Context(), parley.Message{ConversationID: c.ID, ClientID: parley.NewID(), Author: by, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var agent = parley.Author{Kind: parley.AuthorAgent, ID: "a1", Name: "Марина"}

var linkRE = regexp.MustCompile(`https?://[^\s"<>]+/c/[A-Za-z0-9_\-.]+`)

// noRedirect does not follow redirects: the test reads where they go.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func follow(t *testing.T, link string) *http.Response {
	t.Helper()
	res, err := noRedirect.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

func TestReplyEmailedToVisitorWhoLeft(t *testing.T) {
	h := newHarness(t, 100*time.Millisecond)
	to := rcpt(t, "reply")
	c := h.conversation(t, to, "ru")
	m1 := h.message(t, c, agent, "Посылка в пути, номер RU123.")
	h.svc.AgentReplied(t.Context(), c, m1)
	m2 := h.message(t, c, agent, "Придёт завтра.")
	h.svc.AgentReplied(t.Context(), c, m2) // same spell: one email
	m := testenv.WaitMail(t, h.api, to, 10*time.Second)
	if m.Subject != "Новый ответ от Acme" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Посылка в пути, номер RU123.", "Придёт завтра.", "Марина", "Открыть разговор"} {
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
			t.Errorf("text or HTML lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "Моя посылка") {
		t.Error("the reply email repeats the visitor's own message")
	}
	time.Sleep(300 * time.Millisecond)
	if n := testenv.MailsTo(t, h.api, to); n != 1 {
		t.Errorf("%d emails for one spell of replies, want 1", n)
	}

	link := linkRE.FindString(m.Text)
	if link == "" || !strings.Contains(m.HTML, link) {
		t.Fatalf("no signed link in %q", m.Text)
	}
	res := follow(t, link)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "https://www.acme.test/"+OpenFragment {
		t.Errorf("following the link: %s to %q", res.Status, res.Header.Get("Location"))
	}
	tok := link[strings.LastIndex(link, "/")+1:]
	p, sig, _ := strings.Cut(tok, ".")
	other := b64.EncodeToString([]byte("someone-else" + string(mustB64(t, p))[len(c.ID):]))
	for name, bad := range map[string]string{"other conversation": other + "." + sig, "cut": tok[:len(tok)-4]} {
		if res := follow(t, h.srv.URL+"/c/"+bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s link: %s, want 400", name, res.Status)
		}
	}
	expired := (&Links{Secret: h.links.Secret, TTL: -time.Minute}).Sign(c.ID)
	if res := follow(t, h.srv.URL+"/c/"+expired); res.StatusCode != http.StatusGone {
		t.Errorf("expired link: %s, want 410", res.Status)
	}
}

func mustB64(t *testing.T, s string) []byte {
	b, err := b64.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReplyNotEmailedWhileVisitorIsHere(t *testing.T) {
	h := newHarness(t, 50*time.Millisecond)
	connected, back, noEmail := rcpt(t, "here"), rcpt(t, "back"), ""
	c1 := h.conversation(t, connected, "en")
	h.online.on.Store(true)
	h.svc.AgentReplied(t.Context(), c1, h.message(t, c1, agent, "Hi there"))
	time.Sleep(200 * time.Millisecond)
	h.online.on.Store(false)
	c2 := h.conversation(t, back, "en")
	h.svc.AgentReplied(t.Context(), c2, h.message(t, c2, agent, "Hi there"))
	h.message(t, c2, parley.Author{Kind: parley.AuthorVisitor}, "thanks!") // came back on another node
	c3 := h.conversation(t, noEmail, "en")
	h.svc.AgentReplied(t.Context(), c3, h.message(t, c3, agent, "Hi there"))
	// A control conversation shows emails do go out meanwhile.
	control := rcpt(t, "control")
	c4 := h.conversation(t, control, "pl")
	h.svc.AgentReplied(t.Context(), c4, h.message(t, c4, agent, "Dzień dobry"))
	if m := testenv.WaitMail(t, h.api, control, 10*time.Second); m.Subject != "Nowa odpowiedź od Acme" {
		t.Errorf("control subject %q", m.Subject)
	}
	time.Sleep(200 * time.Millisecond)
	for _, to := range []string{connected, back} {
		if n := testenv.MailsTo(t, h.api, to); n != 0 {
			t.Errorf("%s got %d emails", to, n)
		}
	}
}

func TestTranscriptOnRequest(t *testing.T) {
	h := newHarness(t, -1)
	lead := rcpt(t, "lead")
	c := h.conversation(t, lead, "fa")
	h.message(t, c, agent, "سلام، چطور کمک کنم؟")
	// A file sent without words is listed by name, not left out.
	if _, _, err := h.db.AppendMessage(t.Context(), parley.Message{ConversationID: c.ID, ClientID: parley.NewID(),
		Author: parley.Author{Kind: parley.AuthorVisitor}, Meta: parley.AttachmentsMeta([]parley.Attachment{
			{ID: parley.NewID(), Filename: "رسید <1>.pdf", ContentType: "application/pdf", Size: 1234}})}); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.RequestTranscript(t.Context(), c.ID, ""); err != nil {
		t.Fatal(err)
	}
	m := testenv.WaitMail(t, h.api, lead, 10*time.Second)
	if m.Subject != "متن گفتگوی شما با Acme" || !strings.Contains(m.HTML, `dir="rtl"`) {
		t.Errorf("subject %q, html %q", m.Subject, m.HTML)
	}
	if !strings.Contains(m.HTML, "📎 رسید &lt;1&gt;.pdf") {
		t.Errorf("transcript HTML lacks the file sent without words:\n%s", m.HTML)
	}
	for _, want := range []string{"Моя посылка не пришла", "سلام، چطور کمک کنم؟", "شما", "Марина", "📎 رسید <1>.pdf"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("transcript lacks %q:\n%s", want, m.Text)
		}
	}
	if res := follow(t, linkRE.FindString(m.Text)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("transcript link: %s", res.Status)
	}
	err := h.svc.RequestTranscript(t.Context(), c.ID, rcpt(t, "again"))
	if parley.ErrorCode(err) != parley.ERATELIMITED {
		t.Errorf("second transcript within the minute: %v, want rate_limited", err)
	}

	anon := h.conversation(t, "", "kk")
	if err := h.svc.RequestTranscript(t.Context(), anon.ID, ""); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("no address known: %v, want invalid", err)
	}
	if err := h.svc.RequestTranscript(t.Context(), anon.ID, "not-an-address"); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("bad address: %v, want invalid", err)
	}
	given := rcpt(t, "given")
	if err := h.svc.RequestTranscript(t.Context(), anon.ID, given); err != nil {
		t.Fatal(err)
	}
	if m := testenv.WaitMail(t, h.api, given, 10*time.Second); m.Subject != "Acme-мен сөйлесудің жазбасы" {
		t.Errorf("kk subject %q", m.Subject)
	}
}

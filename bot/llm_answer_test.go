package bot

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/llm"
	"github.com/parley-chat/parley/bot/openaitest"
	"github.com/parley-chat/parley/store/sqlite"
)

// llmSetup returns a service with the demo knowledge and an LLM client
// pointed at the test server, and the event of a visitor asking q with the
// turn's state read from a real embedded store, as the desk reads it.
func llmSetup(t *testing.T, q string) (*Service, *openaitest.Server, parley.Event, parley.TurnState) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, _ := db.EnsureSite(ctx, parley.Site{Key: "s"})
	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: q})
	if err != nil {
		t.Fatal(err)
	}
	srv := openaitest.New(t)
	client, err := llm.New(llm.Config{BaseURL: srv.URL, APIKey: srv.APIKey, Model: "test-model", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(Config{})
	s.SetKnowledge(site.ID, demoKnowledge(t))
	s.SetCompleter(client)
	st, err := db.TurnState(ctx, sess.Conversation.ID, m.Seq)
	if err != nil {
		t.Fatal(err)
	}
	return s, srv, parley.Event{Kind: parley.EventMessage, ConversationID: st.Conversation.ID, Message: &m}, st
}

func TestLLMWritesAGroundedAnswer(t *testing.T) {
	s, srv, ev, st := llmSetup(t, "Как сбросить пароль?")
	srv.Enqueue(openaitest.Response{Content: "Откройте страницу входа и нажмите ссылку восстановления Zq7 [1]."})
	d, reply, err := s.Respond(context.Background(), ev, st)
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != parley.ActionAnswer || reply == nil || !strings.Contains(reply.Text, "восстановления Zq7") {
		t.Fatalf("decision %+v reply %+v", d, reply)
	}
	if len(d.Articles) != 1 || d.Articles[0].Slug != "reset-password" || !strings.Contains(reply.Text, d.Articles[0].URL) {
		t.Fatalf("citations %+v in %q", d.Articles, reply.Text)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || !strings.Contains(string(reqs[0].Body), "Как сбросить пароль?") {
		t.Fatalf("the model was not asked the visitor's question: %d requests", len(reqs))
	}
}

func TestLLMWithoutAnAnswerHandsOff(t *testing.T) {
	s, srv, ev, st := llmSetup(t, "How do I reset my password?")
	srv.Enqueue(openaitest.Response{Content: "NO_ANSWER"})
	d, reply, err := s.Respond(context.Background(), ev, st)
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != parley.ActionHandoff || d.HandoffReason != ReasonLLMNoAnswer || reply == nil {
		t.Fatalf("decision %+v", d)
	}
}

func TestLLMFailureFallsBackToTheArticle(t *testing.T) {
	s, srv, ev, st := llmSetup(t, "How do I reset my password?")
	srv.Fail(5, 503, "")
	d, reply, err := s.Respond(context.Background(), ev, st)
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != parley.ActionAnswer || reply == nil || !strings.Contains(reply.Text, "/help/reset-password") {
		t.Fatalf("no extractive answer: %+v %+v", d, reply)
	}
	if !slices.Contains(d.Reasons, "llm_fallback:unavailable") {
		t.Fatalf("fallback not recorded: %v", d.Reasons)
	}
}

// drafts records the drafts the bot publishes.
type drafts struct {
	mu  sync.Mutex
	evs []parley.Event
}

func (d *drafts) Publish(_ context.Context, ev parley.Event) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.evs = append(d.evs, ev)
	return nil
}

func (d *drafts) texts(t *testing.T, conv parley.Conversation, id string) []string {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, ev := range d.evs {
		if ev.Kind != parley.EventDraft || ev.ConversationID != conv.ID || ev.ContactID != conv.ContactID || ev.Draft == nil || ev.Draft.ID != id {
			t.Fatalf("not a draft of this conversation: %+v", ev)
		}
		out = append(out, ev.Draft.Text)
	}
	return out
}

func replyMeta(t *testing.T, m *parley.Message) map[string]any {
	t.Helper()
	var meta map[string]any
	if err := json.Unmarshal(m.Meta, &meta); err != nil {
		t.Fatal(err)
	}
	return meta
}

// The answer reaches the visitor as it is written: growing drafts, each
// the whole text so far, then the reply that names the draft it replaces.
func TestLLMAnswerStreamsAsDrafts(t *testing.T) {
	s, srv, ev, st := llmSetup(t, "Как сбросить пароль?")
	pub := &drafts{}
	s.SetDrafts(pub)
	srv.Enqueue(openaitest.Response{Chunks: []string{"Откройте ", "страницу ", "входа ", "и нажмите ", "ссылку [1]."}, ChunkDelay: draftEvery + 20*time.Millisecond})
	_, reply, err := s.Respond(context.Background(), ev, st)
	if err != nil {
		t.Fatal(err)
	}
	id := DraftID(ev.Message.Seq)
	texts := pub.texts(t, st.Conversation, id)
	if len(texts) < 3 {
		t.Fatalf("%d drafts, want one per spaced-out chunk: %q", len(texts), texts)
	}
	for i, tx := range texts {
		if tx == "" || !strings.HasPrefix(reply.Text, tx) || i > 0 && !strings.HasPrefix(tx, texts[i-1]) {
			t.Fatalf("draft %d %q does not grow into the reply %q (drafts %q)", i, tx, reply.Text, texts)
		}
		if strings.Contains(tx, "[1]") {
			t.Fatalf("a citation marker reached the visitor: %q", tx)
		}
	}
	if meta := replyMeta(t, reply); meta["draft"] != id || meta["llm"] != true {
		t.Fatalf("the reply does not end draft %s: %v", id, meta)
	}
}

// A stream that breaks after the visitor saw part of it falls back to the
// extractive answer, which still replaces the half-written draft.
func TestBrokenStreamReplacesItsDraftWithTheArticle(t *testing.T) {
	s, srv, ev, st := llmSetup(t, "How do I reset my password?")
	pub := &drafts{}
	s.SetDrafts(pub)
	srv.Enqueue(openaitest.Response{Chunks: []string{"Open the ", "sign-in page ", "and"}, BreakAfter: 2})
	d, reply, err := s.Respond(context.Background(), ev, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.texts(t, st.Conversation, DraftID(ev.Message.Seq))) == 0 {
		t.Fatal("nothing was streamed before the break")
	}
	if !slices.Contains(d.Reasons, "llm_fallback:unavailable") || !strings.Contains(reply.Text, "/help/reset-password") {
		t.Fatalf("no extractive fallback: %v %q", d.Reasons, reply.Text)
	}
	if meta := replyMeta(t, reply); meta["draft"] != DraftID(ev.Message.Seq) || meta["llm"] != nil {
		t.Fatalf("the fallback does not replace the draft: %v", meta)
	}
}

// Without a publisher (or when nothing streamed) replies name no draft.
func TestNoDraftsWithoutAPublisher(t *testing.T) {
	s, srv, ev, st := llmSetup(t, "How do I reset my password?")
	srv.Enqueue(openaitest.Response{Content: "Use the reset link on the sign-in page [1]."})
	_, reply, err := s.Respond(context.Background(), ev, st)
	if err != nil {
		t.Fatal(err)
	}
	if meta := replyMeta(t, reply); meta["draft"] != nil || meta["llm"] != true {
		t.Fatalf("meta %v", meta)
	}
}

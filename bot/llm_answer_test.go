package bot

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/llm"
	"github.com/parley-chat/parley/bot/openaitest"
	"github.com/parley-chat/parley/store/sqlite"
)

// llmSetup returns a service on a real embedded store with the demo
// knowledge, an LLM client pointed at the test server, and a conversation
// whose visitor asked q.
func llmSetup(t *testing.T, q string) (*Service, *openaitest.Server, parley.Event, parley.Conversation) {
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
	s := NewService(db, Config{})
	s.SetKnowledge(site.ID, demoKnowledge(t))
	s.SetCompleter(client)
	conv, _ := db.Conversation(ctx, sess.Conversation.ID)
	return s, srv, parley.Event{Kind: parley.EventMessage, ConversationID: conv.ID, Message: &m}, conv
}

func TestLLMWritesAGroundedAnswer(t *testing.T) {
	s, srv, ev, conv := llmSetup(t, "Как сбросить пароль?")
	srv.Enqueue(openaitest.Response{Content: "Откройте страницу входа и нажмите ссылку восстановления Zq7 [1]."})
	d, reply, err := s.Answer(context.Background(), ev, conv)
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
	s, srv, ev, conv := llmSetup(t, "How do I reset my password?")
	srv.Enqueue(openaitest.Response{Content: "NO_ANSWER"})
	d, reply, err := s.Answer(context.Background(), ev, conv)
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != parley.ActionHandoff || d.HandoffReason != ReasonLLMNoAnswer || reply == nil {
		t.Fatalf("decision %+v", d)
	}
}

func TestLLMFailureFallsBackToTheArticle(t *testing.T) {
	s, srv, ev, conv := llmSetup(t, "How do I reset my password?")
	srv.Fail(5, 503, "")
	d, reply, err := s.Answer(context.Background(), ev, conv)
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

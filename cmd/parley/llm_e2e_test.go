package main

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley/bot/openaitest"
)

// With an LLM configured, a visitor whose client asked for drafts watches
// the answer being written, live, before it is complete; the finished
// message names the draft it replaces. The same visitor's other tab, which
// did not ask, gets only the finished message.
func TestLLMAnswerStreamsToTheVisitor(t *testing.T) {
	llm := openaitest.New(t)
	gate := make(chan struct{})
	llm.Enqueue(openaitest.Response{Chunks: []string{"Open the sign-in page, ", "choose Forgot password ", "and follow the link [1]."}, Gate: gate})
	cfg := testConfig(t)
	cfg.OpenAIBaseURL, cfg.OpenAIAPIKey, cfg.OpenAIModel = llm.URL, llm.APIKey, "test-model"
	m := startMain(t, cfg)

	tab := dialVisitor(t, m.Addr.String())
	if err := tab.send(map[string]any{"type": "hello", "token": "", "last_seq": 0, "drafts": true}); err != nil {
		t.Fatal(err)
	}
	w := tab.expect("welcome", "", nil)
	plain := dialVisitor(t, m.Addr.String())
	plain.hello(w["token"].(string), 0)

	tab.send(map[string]any{"type": "send", "client_id": "q", "text": "How can I reset my password? I forgot it"})
	d := tab.expect("draft", "", nil)
	text, _ := d["text"].(string)
	if !strings.HasPrefix(text, "Open the sign-in page") || strings.Contains(text, "follow the link") {
		t.Fatalf("draft %v: want the first part only, while the model is still writing", d)
	}
	close(gate)
	for {
		f := tab.expect("message", "", nil)
		if a, _ := f["author"].(map[string]any); a["kind"] != "bot" {
			continue
		}
		meta, _ := f["meta"].(map[string]any)
		if meta["draft"] != d["id"] || meta["llm"] != true || !strings.Contains(f["text"].(string), "follow the link") {
			t.Fatalf("final message %v does not replace draft %v", f, d["id"])
		}
		break
	}
	for {
		f, err := plain.read(5 * time.Second)
		if err != nil {
			t.Fatalf("the other tab never got the answer: %v", err)
		}
		if f["type"] == "draft" {
			t.Fatalf("a client that did not ask for drafts got one: %v", f)
		}
		if a, _ := f["author"].(map[string]any); f["type"] == "message" && a["kind"] == "bot" {
			break
		}
	}
}

package main

import (
	"testing"
	"time"
)

// botReply waits for the bot's message and returns its meta.
func botReply(t *testing.T, c *wsClient) (text string, meta map[string]any) {
	t.Helper()
	for {
		m := c.expect("message", "", nil)
		if a, _ := m["author"].(map[string]any); a["kind"] == "bot" {
			meta, _ = m["meta"].(map[string]any)
			text, _ = m["text"].(string)
			return text, meta
		}
	}
}

// A visitor asks a demo-KB question in each of the seven languages over a
// real websocket and gets the right article, in their language.
func TestBotAnswersInEveryLanguage(t *testing.T) {
	m := startMain(t, testConfig(t))
	tests := []struct{ lang, question, slug string }{
		{"en", "How can I reset my password? I forgot it", "reset-password"},
		{"ru", "Как скачать счёт за прошлый месяц?", "billing-invoices"},
		{"pl", "Jak wyeksportować wszystkie dane do CSV?", "export-data"},
		{"sr", "Kako da uključim dvofaktorsku autentifikaciju?", "login-2fa"},
		{"hy", "Ինչպե՞ս չեղարկել բաժանորդագրությունը", "cancel-subscription"},
		{"fa", "قیمت پلن‌ها چقدر است؟", "plans-pricing"},
		{"kk", "API кілтін қалай жасауға болады?", "api-integrations"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			c := dialVisitor(t, m.Addr.String())
			c.hello("", 0)
			c.send(map[string]any{"type": "send", "client_id": "q", "text": tt.question})
			text, meta := botReply(t, c)
			arts, _ := meta["articles"].([]any)
			if meta["action"] != "answer" || meta["language"] != tt.lang || len(arts) == 0 {
				t.Fatalf("meta %v\ntext %q", meta, text)
			}
			art := arts[0].(map[string]any)
			if art["slug"] != tt.slug || meta["intent"] != tt.slug {
				t.Fatalf("answered with %v, want %s", art["slug"], tt.slug)
			}
			if conf, _ := meta["confidence"].(float64); conf <= 0 || conf > 1 {
				t.Fatalf("confidence %v", meta["confidence"])
			}
		})
	}
}

func TestBotDoesNotAnswerOutOfScope(t *testing.T) {
	m := startMain(t, testConfig(t))
	c := dialVisitor(t, m.Addr.String())
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "q", "text": "What will the weather be like in Lisbon on Saturday?"})
	_, meta := botReply(t, c)
	if meta["action"] == "answer" {
		t.Fatalf("out-of-scope question answered: %v", meta)
	}
}

// Asking for a person hands off: the bot says so once, the conversation is
// queued, and the bot stays silent afterwards.
func TestHandoffQueuesAndSilencesTheBot(t *testing.T) {
	m := startMain(t, testConfig(t))
	c := dialVisitor(t, m.Addr.String())
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "q", "text": "I want to talk to a human please"})
	_, meta := botReply(t, c)
	if meta["action"] != "handoff" || meta["reason"] != "human_requested" {
		t.Fatalf("meta %v", meta)
	}
	if st := c.expect("status", "mode", "queued"); st["mode"] != "queued" {
		t.Fatalf("status %v", st)
	}
	c.send(map[string]any{"type": "send", "client_id": "q2", "text": "How do I reset my password?"})
	c.expect("ack", "client_id", "q2")
	c.send(map[string]any{"type": "typing", "on": true})
	// The bot answers nothing from the KB any more. Nobody is online here,
	// so it may offer, once each, to take an email (the handoff's offer) and
	// say that the new message is kept (the desk's waiting note): read
	// until quiet.
	seen := map[string]int{}
	for {
		f, err := c.read(1500 * time.Millisecond)
		if err != nil {
			if seen["waiting"] != 1 {
				t.Fatalf("the message sent while waiting met silence: %v", seen)
			}
			return // quiet: good
		}
		a, _ := f["author"].(map[string]any)
		if f["type"] != "message" || a["kind"] != "bot" {
			continue
		}
		if meta, _ := f["meta"].(map[string]any); (meta["event"] == "ask_email" || meta["event"] == "waiting") && seen[meta["event"].(string)] == 0 {
			seen[meta["event"].(string)]++
			continue
		}
		t.Fatalf("bot spoke after handoff: %v", f)
	}
}

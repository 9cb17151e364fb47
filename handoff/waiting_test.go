package handoff

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
)

// TestWaitingVisitorIsNeverMetWithSilence: a queued visitor who writes
// again while nobody can answer is told, in their language, that the
// message is kept and what happens next — once per burst, not per line.
func TestWaitingVisitorIsNeverMetWithSilence(t *testing.T) {
	ctx := context.Background()
	db, site, presence := offlineStore(t)
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)
	d := New(Config{Store: db, Desk: db, Router: db, Presence: presence, Bot: bot.NewService(bot.Config{}),
		AskEmail: bot.AskEmail, Waiting: bot.Waiting, Now: func() time.Time { return now }})

	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{Email: "ola@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	conv := sess.Conversation.ID
	say := func(text string) []string {
		t.Helper()
		m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.visitorSaid(ctx, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: conv, Message: &m}); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Messages(ctx, conv, m.Seq, 10, false)
		var notes []string
		for _, a := range after {
			var meta struct{ Event string }
			json.Unmarshal(a.Meta, &meta)
			if meta.Event == "waiting" {
				notes = append(notes, a.Text)
			}
		}
		return notes
	}
	say("Chcę porozmawiać z człowiekiem") // the handoff
	if c, _ := db.Conversation(ctx, conv); c.Mode != parley.ModeQueued {
		t.Fatalf("mode %s, want queued", c.Mode)
	}
	notes := say("Halo? Czy ktoś tu jest?")
	if len(notes) != 1 || notes[0] != bot.Waiting("pl", "", "ola@example.com") || !strings.Contains(notes[0], "ola@example.com") {
		t.Fatalf("nobody online, the visitor writes again: %q", notes)
	}
	if notes := say("Proszę o odpowiedź"); len(notes) != 0 {
		t.Errorf("the same burst was told twice: %q", notes)
	}
	now = now.Add(waitingEvery)
	if notes := say("Nadal czekam"); len(notes) != 1 {
		t.Errorf("a later message got no answer: %q", notes)
	}
	agent, err := db.CreateAgent(ctx, parley.Agent{Email: "a@example.com", Capacity: 3}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := presence.Set(ctx, agent.ID, parley.PresenceOnline); err != nil {
		t.Fatal(err)
	}
	now = now.Add(waitingEvery)
	if notes := say("Jest ktoś?"); len(notes) != 0 {
		t.Errorf("with an agent online the visitor was told nobody is: %q", notes)
	}
}

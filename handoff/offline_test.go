package handoff

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/store/sqlite"
)

// TestBotOffersToTakeAnEmailWhenNobodyCanAnswer: a handoff with nobody
// online has the bot ask for an email in the visitor's language; with an
// agent online, or an email already known, it does not.
func TestBotOffersToTakeAnEmailWhenNobodyCanAnswer(t *testing.T) {
	ctx := context.Background()
	db, site, presence := offlineStore(t)
	d := New(Config{Store: db, Desk: db, Router: db, Presence: presence, Bot: bot.NewService(bot.Config{}), AskEmail: bot.AskEmail})

	// asks hands a new conversation off with text and returns what the bot
	// said after the visitor's message.
	asks := func(text string, c parley.Contact) []parley.Message {
		t.Helper()
		sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), c)
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.visitorSaid(ctx, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: m.ConversationID, Message: &m}); err != nil {
			t.Fatal(err)
		}
		after, err := db.Messages(ctx, m.ConversationID, m.Seq, 10, false)
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := db.Conversation(ctx, m.ConversationID); c.Mode != parley.ModeQueued {
			t.Fatalf("%q left the conversation %s; want queued", text, c.Mode)
		}
		return after
	}
	askedEmail := func(ms []parley.Message) string {
		for _, m := range ms {
			var meta struct{ Event string }
			json.Unmarshal(m.Meta, &meta)
			if meta.Event == "ask_email" {
				return m.Text
			}
		}
		return ""
	}

	pl := "Chcę porozmawiać z człowiekiem, proszę"
	if got, want := askedEmail(asks(pl, parley.Contact{})), bot.AskEmail("pl", pl); got != want || got == bot.AskEmail("en", "") {
		t.Fatalf("nobody online, Polish visitor: bot said %q; want %q", got, want)
	}
	if got := askedEmail(asks(pl, parley.Contact{Email: "ola@example.com", Segment: parley.SegmentLead})); got != "" {
		t.Errorf("a lead with an email was asked again: %q", got)
	}
	agent, err := db.CreateAgent(ctx, parley.Agent{Email: "a@example.com", Capacity: 3}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := presence.Set(ctx, agent.ID, parley.PresenceOnline); err != nil {
		t.Fatal(err)
	}
	if got := askedEmail(asks(pl, parley.Contact{})); got != "" {
		t.Errorf("with an agent online the bot asked for an email: %q", got)
	}
}

// offlineStore is an embedded store with one site and nobody online.
func offlineStore(t *testing.T) (*sqlite.DB, parley.Site, *inmem.Presence) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "offline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, err := db.EnsureSite(context.Background(), parley.Site{Key: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	return db, site, inmem.NewPresence(time.Minute, nil)
}

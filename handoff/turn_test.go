package handoff

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/kb/demo"
	"github.com/parley-chat/parley/store/sqlite"
)

// counting is the embedded store counting the calls the hot path could
// make: the desk's, the bot's and the gateway's append.
type counting struct {
	*sqlite.DB
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) count(name string) {
	c.mu.Lock()
	c.calls[name]++
	c.mu.Unlock()
}

func (c *counting) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = map[string]int{}
	return out
}

func (c *counting) Conversation(ctx context.Context, id string) (parley.Conversation, error) {
	c.count("Conversation")
	return c.DB.Conversation(ctx, id)
}

func (c *counting) AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error) {
	c.count("AppendMessage")
	return c.DB.AppendMessage(ctx, m)
}

func (c *counting) SetMode(ctx context.Context, id string, m parley.Mode) (parley.Conversation, error) {
	c.count("SetMode")
	return c.DB.SetMode(ctx, id, m)
}

func (c *counting) TurnState(ctx context.Context, id string, seq int64) (parley.TurnState, error) {
	c.count("TurnState")
	return c.DB.TurnState(ctx, id, seq)
}

func (c *counting) CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error) {
	c.count("CommitTurn")
	return c.DB.CommitTurn(ctx, t)
}

func (c *counting) Contact(ctx context.Context, id string) (parley.Contact, error) {
	c.count("Contact")
	return c.DB.Contact(ctx, id)
}

func (c *counting) Messages(ctx context.Context, id string, after int64, limit int, private bool) ([]parley.Message, error) {
	c.count("Messages")
	return c.DB.Messages(ctx, id, after, limit, private)
}

func (c *counting) Decisions(ctx context.Context, id string) ([]parley.Decision, error) {
	c.count("Decisions")
	return c.DB.Decisions(ctx, id)
}

func (c *counting) Feedback(ctx context.Context, id string) (map[int64]bool, error) {
	c.count("Feedback")
	return c.DB.Feedback(ctx, id)
}

func (c *counting) SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error) {
	c.count("SLAPolicies")
	return c.DB.SLAPolicies(ctx)
}

func (c *counting) Team(ctx context.Context, key string) (parley.Team, error) {
	c.count("Team")
	return c.DB.Team(ctx, key)
}

func (c *counting) Enqueue(ctx context.Context, id string, e parley.Conversation) (parley.Conversation, error) {
	c.count("Enqueue")
	return c.DB.Enqueue(ctx, id, e)
}

func (c *counting) Reopen(ctx context.Context, id string, m parley.Mode) (parley.Conversation, error) {
	c.count("Reopen")
	return c.DB.Reopen(ctx, id, m)
}

func (c *counting) SetLanguage(ctx context.Context, id, lang string) error {
	c.count("SetLanguage")
	return c.DB.SetLanguage(ctx, id, lang)
}

func (c *counting) RecordDecision(ctx context.Context, d parley.Decision) (parley.Decision, error) {
	c.count("RecordDecision")
	return c.DB.RecordDecision(ctx, d)
}

func (c *counting) Agents(ctx context.Context) ([]parley.Agent, error) {
	c.count("Agents")
	return c.DB.Agents(ctx)
}

func (c *counting) Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error) {
	c.count("Queue")
	return c.DB.Queue(ctx, f)
}

func (c *counting) QueuePosition(ctx context.Context, id string) (int, error) {
	c.count("QueuePosition")
	return c.DB.QueuePosition(ctx, id)
}

func (c *counting) AssignedCount(ctx context.Context, agentID string) (int, error) {
	c.count("AssignedCount")
	return c.DB.AssignedCount(ctx, agentID)
}

func total(calls map[string]int) int {
	n := 0
	for _, v := range calls {
		n += v
	}
	return n
}

// TestVisitorMessageCostsThreeStoreCalls: in bot mode a visitor message is
// the gateway's append, the desk's one read and the turn's one commit,
// whatever the bot decides short of a handoff (which also reads the SLA
// policies for the due times).
func TestVisitorMessageCostsThreeStoreCalls(t *testing.T) {
	ctx := context.Background()
	db, site, presence := offlineStore(t)
	st := &counting{DB: db, calls: map[string]int{}}
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	know, err := bot.Build(ctx, arts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := bot.NewService(bot.Config{})
	b.SetKnowledge(site.ID, know)
	d := New(Config{Store: st, Desk: st, Router: st, Presence: presence, Bot: b,
		AskEmail: bot.AskEmail, Waiting: bot.Waiting, Now: time.Now})
	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{Email: "ola@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	conv := sess.Conversation.ID
	for i, text := range []string{"How do I reset my password?", "Can I change my plan?", "How do I export my data?"} {
		st.take()
		m, _, err := st.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text,
			ClientID: "c" + string(rune('0'+i))})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.visitorSaid(ctx, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: conv, Message: &m}); err != nil {
			t.Fatal(err)
		}
		calls := st.take()
		ds, _ := db.Decisions(ctx, conv)
		if len(ds) != i+1 {
			t.Fatalf("%q: %d decisions, want %d", text, len(ds), i+1)
		}
		if ds[i].Action == parley.ActionHandoff {
			t.Fatalf("%q was handed off; the test wants bot-mode turns", text)
		}
		want := map[string]int{"AppendMessage": 1, "TurnState": 1, "CommitTurn": 1}
		if !maps.Equal(calls, want) {
			t.Errorf("%q (%s): store calls %v, want %v", text, ds[i].Action, calls, want)
		}
		t.Logf("%q (%s): %d store calls %v", text, ds[i].Action, total(calls), slices.Sorted(maps.Keys(calls)))
	}
	// A handoff adds the SLA policies (and the team's hours when it has one).
	m, _, err := st.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "I want to talk to a human"})
	if err != nil {
		t.Fatal(err)
	}
	st.take()
	if err := d.visitorSaid(ctx, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: conv, Message: &m}); err != nil {
		t.Fatal(err)
	}
	calls := st.take()
	if c, _ := db.Conversation(ctx, conv); c.Mode != parley.ModeQueued {
		t.Fatalf("mode %s after asking for a human, want queued", c.Mode)
	}
	if want := map[string]int{"TurnState": 1, "SLAPolicies": 1, "CommitTurn": 1}; !maps.Equal(calls, want) {
		t.Errorf("handoff: store calls %v, want %v", calls, want)
	}
	// Queued with nobody online: the first message of a burst reads the
	// state and posts "still waiting"; the append says the next ones are in
	// a queued conversation, so they cost the desk nothing; nor do messages
	// once an agent has the conversation.
	say := func(i int) {
		t.Helper()
		m, _, err := st.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor},
			Text: fmt.Sprint("hello? ", i)})
		if err != nil {
			t.Fatal(err)
		}
		st.take()
		if err := d.visitorSaid(ctx, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: conv, Message: &m}); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []map[string]int{{"TurnState": 1, "AppendMessage": 1}, {}, {}} {
		say(i)
		if calls := st.take(); !maps.Equal(calls, want) {
			t.Errorf("queued message %d: store calls %v, want %v", i, calls, want)
		}
	}
	if _, err := db.SetMode(ctx, conv, parley.ModeAssigned); err != nil {
		t.Fatal(err)
	}
	say(3)
	if calls := st.take(); len(calls) != 0 {
		t.Errorf("assigned: store calls %v, want none", calls)
	}
}

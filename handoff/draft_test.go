package handoff

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/sqlite"
)

// slowBot answers with a streamed reply, but an agent takes the
// conversation over while it is writing.
type slowBot struct{ db *sqlite.DB }

func (b slowBot) Answer(ctx context.Context, ev parley.Event, conv parley.Conversation) (parley.Decision, *parley.Message, error) {
	if _, err := b.db.SetMode(ctx, conv.ID, parley.ModeAssigned); err != nil {
		return parley.Decision{}, nil, err
	}
	return parley.Decision{ConversationID: conv.ID, MessageSeq: ev.Message.Seq, Action: parley.ActionAnswer},
		&parley.Message{ConversationID: conv.ID, Author: parley.Author{Kind: parley.AuthorBot}, Text: "half an answer",
			Meta: []byte(`{"action":"answer","draft":"d1"}`), ClientID: "bot:1"}, nil
}

type events struct {
	mu  sync.Mutex
	evs []parley.Event
}

func (e *events) Publish(_ context.Context, ev parley.Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evs = append(e.evs, ev)
	return nil
}

// A reply dropped because people took over withdraws the draft the
// visitor was watching, instead of leaving half an answer on screen.
func TestDroppedReplyWithdrawsItsDraft(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "draft.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, _ := db.EnsureSite(ctx, parley.Site{Key: "drafts"})
	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	pub := &events{}
	d := New(Config{Store: db, Bot: slowBot{db}, Publisher: pub})
	if err := d.visitorSaid(ctx, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: m.ConversationID, Message: &m}); err != nil {
		t.Fatal(err)
	}
	if after, _ := db.Messages(ctx, m.ConversationID, m.Seq, 10, false); len(after) != 0 {
		t.Fatalf("the bot spoke after the takeover: %+v", after)
	}
	if len(pub.evs) != 1 || pub.evs[0].Kind != parley.EventDraft || pub.evs[0].Draft == nil ||
		*pub.evs[0].Draft != (parley.Draft{ID: "d1"}) || pub.evs[0].ConversationID != m.ConversationID {
		t.Fatalf("published %+v; want draft d1 withdrawn", pub.evs)
	}
}

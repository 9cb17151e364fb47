package handoff

import (
	"context"
	"testing"

	"github.com/parley-chat/parley"
)

type heard struct{ got []parley.Message }

func (h *heard) AgentReplied(_ context.Context, c parley.Conversation, m parley.Message) {
	if c.ID == m.ConversationID {
		h.got = append(h.got, m)
	}
}

// Public replies reach the ReplyListener once stored; notes never do.
func TestReplyTellsTheListener(t *testing.T) {
	ctx := context.Background()
	db, site, presence := offlineStore(t)
	agent, err := db.CreateAgent(ctx, parley.Agent{Email: "a@example.com", Name: "Ana", Capacity: 3}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	h := &heard{}
	d := New(Config{Store: db, Desk: db, Router: db, Presence: presence, Replies: h})
	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Reply(ctx, sess.Conversation.ID, agent, "internal", true); err != nil {
		t.Fatal(err)
	}
	m, err := d.Reply(ctx, sess.Conversation.ID, agent, "Hello!", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.got) != 1 || h.got[0].ID != m.ID || h.got[0].Seq == 0 {
		t.Errorf("listener heard %+v; want only the stored public reply %s", h.got, m.ID)
	}
}

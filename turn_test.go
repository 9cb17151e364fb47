package parley

import (
	"testing"
	"time"
)

func TestNewTurnRefuses(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	reply := func(m Message) *Message { return &m }
	ok := Message{ConversationID: "c1", Author: Author{Kind: AuthorBot}, Text: "hi", ClientID: "bot:1"}
	cases := []struct {
		name string
		t    Turn
	}{
		{"unknown action", Turn{Decision: Decision{ConversationID: "c1", Action: "shrug"}}},
		{"reply elsewhere", Turn{Decision: Decision{ConversationID: "c1", Action: ActionAnswer},
			Reply: reply(Message{ConversationID: "c2", Author: Author{Kind: AuthorBot}, Text: "hi", ClientID: "bot:1"})}},
		{"reply by a visitor", Turn{Decision: Decision{ConversationID: "c1", Action: ActionAnswer},
			Reply: reply(Message{ConversationID: "c1", Author: Author{Kind: AuthorVisitor}, Text: "hi", ClientID: "bot:1"})}},
		{"reply without client id", Turn{Decision: Decision{ConversationID: "c1", Action: ActionAnswer},
			Reply: reply(Message{ConversationID: "c1", Author: Author{Kind: AuthorBot}, Text: "hi"})}},
		{"handoff without entry", Turn{Decision: Decision{ConversationID: "c1", Action: ActionHandoff}, Reply: reply(ok)}},
		{"entry without handoff", Turn{Decision: Decision{ConversationID: "c1", Action: ActionAnswer}, Reply: reply(ok), Handoff: &Conversation{}}},
	}
	for _, tc := range cases {
		if _, err := NewTurn(tc.t, now); ErrorCode(err) != EINVALID {
			t.Errorf("%s: error %v, want EINVALID", tc.name, err)
		}
	}
	got, err := NewTurn(Turn{Decision: Decision{ConversationID: "c1", Action: ActionAnswer, ReplySeq: 9}, Reply: reply(ok)}, now)
	if err != nil {
		t.Fatal(err)
	}
	if got.Decision.ID == "" || got.Reply.ID == "" || got.Decision.ReplySeq != 0 || !got.Reply.CreatedAt.Equal(now) {
		t.Errorf("NewTurn filled %+v", got)
	}
}

func TestTakeTurn(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	bot := Conversation{ID: "c1", Mode: ModeBot, Language: "en", LastSeq: 4}
	answer := Turn{Decision: Decision{Action: ActionAnswer, Language: "pl"}, Reply: &Message{}}
	c, taken, err := bot.TakeTurn(answer, now)
	if err != nil || !taken || c.LastSeq != 5 || c.Language != "pl" || !c.UpdatedAt.Equal(now) || c.Mode != ModeBot {
		t.Errorf("answer: %+v taken %t err %v", c, taken, err)
	}
	if c, _, _ := bot.TakeTurn(Turn{Decision: Decision{Action: ActionSilent, Language: "en"}}, now); c != bot {
		t.Errorf("a silent turn in the same language changed %+v", c)
	}
	handoff := Turn{Decision: Decision{Action: ActionHandoff}, Reply: &Message{},
		Handoff: &Conversation{Team: "billing", Urgency: UrgencyHigh, HandoffReason: "human_requested"}}
	c, taken, err = bot.TakeTurn(handoff, now)
	if err != nil || !taken || c.Mode != ModeQueued || c.Team != "billing" || !c.QueuedAt.Equal(now) || c.LastSeq != 5 {
		t.Errorf("handoff: %+v taken %t err %v", c, taken, err)
	}
	for _, m := range []Mode{ModeQueued, ModeAssigned, ModeResolved} {
		in := bot
		in.Mode = m
		if c, taken, err := in.TakeTurn(answer, now); taken || err != nil || c != in {
			t.Errorf("%s: %+v taken %t err %v; want nothing taken", m, c, taken, err)
		}
	}
	bad := handoff
	bad.Handoff = &Conversation{Urgency: "whenever"}
	if _, _, err := bot.TakeTurn(bad, now); ErrorCode(err) != EINVALID {
		t.Errorf("bad urgency: %v, want EINVALID", err)
	}
}

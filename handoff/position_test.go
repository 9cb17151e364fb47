package handoff

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// The place a routing pass tells a queued visitor is the one the welcome
// gives them on reconnect (Status, the store's QueuePosition): within the
// team's queue, and for a conversation with no team among every queued
// conversation, since any agent may take it and each of those comes first.
func TestPassAndWelcomeGiveOnePlace(t *testing.T) {
	rd := newRouteDesk(t, Config{})
	ctx := context.Background()
	queue := func(team string) parley.Conversation {
		s, err := rd.db.CreateSession(ctx, rd.site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			t.Fatal(err)
		}
		rd.now = rd.now.Add(time.Second)
		c, err := rd.db.Enqueue(ctx, s.Conversation.ID, parley.Conversation{Team: team, QueuedAt: rd.now})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	convs := []parley.Conversation{queue("l1"), queue("l2"), queue(""), queue("l1"), queue("")}
	want := []int{1, 1, 3, 2, 5}
	rd.pass(t)
	told := map[string]int{}
	for _, ev := range rd.events.evs {
		if ev.Kind == parley.EventStatus && ev.Status != nil {
			told[ev.ConversationID] = ev.Status.QueuePosition
		}
	}
	for i, c := range convs {
		welcome := rd.Status(ctx, c).QueuePosition
		if told[c.ID] != want[i] || welcome != want[i] {
			t.Errorf("conversation %d (team %q): the pass told place %d, the welcome %d; want %d", i, c.Team, told[c.ID], welcome, want[i])
		}
	}
}

package handoff

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// The place a routing pass tells a queued visitor is the one the store's
// QueuePosition counts, and the one the welcome gives them on reconnect
// (Status): within the team's queue, and for a conversation with no team
// among every queued conversation, since any agent may take it and each of
// those comes first.
func TestPassAndWelcomeGiveOnePlace(t *testing.T) {
	rd := newRouteDesk(t, Config{})
	ctx := context.Background()
	convs := []parley.Conversation{rd.queueIn(t, "l1"), rd.queueIn(t, "l2"), rd.queueIn(t, ""), rd.queueIn(t, "l1"), rd.queueIn(t, "")}
	want := []int{1, 1, 3, 2, 5}
	rd.pass(t)
	told := map[string]int{}
	for _, ev := range rd.events.evs {
		if ev.Kind == parley.EventStatus && ev.Status != nil {
			told[ev.ConversationID] = ev.Status.QueuePosition
		}
	}
	for i, c := range convs {
		counted, err := rd.db.QueuePosition(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		welcome := rd.Status(ctx, c).QueuePosition
		if told[c.ID] != want[i] || counted != want[i] || welcome != want[i] {
			t.Errorf("conversation %d (team %q): the pass told place %d, the store counts %d, the welcome says %d; want %d",
				i, c.Team, told[c.ID], counted, welcome, want[i])
		}
	}
}

// The welcome gives the place the last pass told, without counting the
// queue in the store; a conversation the pass did not see, or a pass grown
// old, is counted.
func TestWelcomeUsesThePassesPlace(t *testing.T) {
	rd := newRouteDesk(t, Config{RouteEvery: time.Second})
	store := &counting{DB: rd.db, calls: map[string]int{}}
	rd.cfg.Router = store
	ctx := context.Background()
	a, b := rd.queueIn(t, "l1"), rd.queueIn(t, "l1")
	rd.pass(t)
	store.take()
	if p := rd.Status(ctx, b).QueuePosition; p != 2 {
		t.Errorf("place %d after the pass, want 2", p)
	}
	if n := store.take()["QueuePosition"]; n != 0 {
		t.Errorf("the welcome counted the queue %d times right after a pass", n)
	}
	late := rd.queueIn(t, "l1")
	if p := rd.Status(ctx, late).QueuePosition; p != 3 {
		t.Errorf("a conversation queued after the pass: place %d, want 3", p)
	}
	if n := store.take()["QueuePosition"]; n != 1 {
		t.Errorf("a conversation the pass did not see: counted %d times, want 1", n)
	}
	if _, err := rd.db.SetMode(ctx, a.ID, parley.ModeAssigned); err != nil {
		t.Fatal(err)
	}
	rd.now = rd.now.Add(3 * time.Second) // the pass is older than two RouteEvery
	if p := rd.Status(ctx, b).QueuePosition; p != 1 {
		t.Errorf("with an old pass: place %d, want the store's 1", p)
	}
	if n := store.take()["QueuePosition"]; n != 1 {
		t.Errorf("with an old pass: counted %d times, want 1", n)
	}
}

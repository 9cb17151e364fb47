package handoff

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// queueHook runs after the router's queue read, before the pass goes on:
// a person's take lands between the read and the offer.
type queueHook struct {
	RouterStore
	after func()
}

func (q *queueHook) Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error) {
	cs, err := q.RouterStore.Queue(ctx, f)
	if q.after != nil {
		q.after()
		q.after = nil
	}
	return cs, err
}

// TestNoOfferOrWaitAfterATake: a pass that read a conversation as queued
// before a person took it (an accept, an assignment) neither offers it
// again nor tells its visitor it waits.
func TestNoOfferOrWaitAfterATake(t *testing.T) {
	for _, how := range []string{"accept", "assign"} {
		t.Run(how, func(t *testing.T) {
			ctx := context.Background()
			rd := newRouteDesk(t, Config{AcceptTimeout: 30 * time.Second})
			ana := rd.agent(t, "Ana", 3, "en")
			conv := rd.queue(t, "en")
			var took int
			rd.cfg.Router = &queueHook{RouterStore: rd.db, after: func() {
				took = len(rd.events.evs)
				var err error
				if how == "accept" {
					_, err = rd.Accept(ctx, conv, ana)
				} else {
					_, err = rd.Assign(ctx, conv, ana.ID)
				}
				if err != nil {
					t.Error(err)
				}
			}}
			rd.pass(t)
			if who, _ := rd.assignee(t, conv); who != ana.ID {
				t.Fatalf("assigned to %q", who)
			}
			for _, ev := range rd.events.evs[took:] {
				if ev.Kind == EventOffer && ev.On {
					t.Errorf("offered after the take: %q", ev.Comment)
				}
				if ev.Kind == parley.EventStatus && ev.Status.Mode == parley.ModeQueued {
					t.Errorf("told the visitor it waits after the take: %+v", *ev.Status)
				}
			}
			if o := rd.Offers(""); len(o) != 0 {
				t.Errorf("offers pending after the take: %+v", o)
			}
		})
	}
}

// TestOfferTakenElsewhereIsWithdrawn: an offer for a conversation taken
// outside this node's router (another node) is withdrawn on the next
// pass, even when the queue is empty then, so the agent's console drops it.
func TestOfferTakenElsewhereIsWithdrawn(t *testing.T) {
	ctx := context.Background()
	rd := newRouteDesk(t, Config{AcceptTimeout: 30 * time.Second})
	ana := rd.agent(t, "Ana", 3, "en")
	bo := rd.agent(t, "Bo", 3, "en")
	rd.presence.Set(ctx, bo.ID, parley.PresenceAway)
	conv := rd.queue(t, "en")
	rd.pass(t)
	if o := rd.Offers(ana.ID); len(o) != 1 {
		t.Fatalf("offers %+v, want one to Ana", o)
	}
	if _, err := rd.db.Assign(ctx, conv, bo.ID); err != nil { // as another node would
		t.Fatal(err)
	}
	n := len(rd.events.evs)
	rd.pass(t)
	if o := rd.Offers(""); len(o) != 0 {
		t.Errorf("offers pending after Bo took it elsewhere: %+v", o)
	}
	var withdrawn bool
	for _, ev := range rd.events.evs[n:] {
		withdrawn = withdrawn || (ev.Kind == EventOffer && !ev.On && ev.ConversationID == conv && ev.Author.ID == ana.ID)
	}
	if !withdrawn {
		t.Error("Ana's console was not told the offer is gone")
	}
}

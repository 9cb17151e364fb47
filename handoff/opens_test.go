package handoff

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// A visitor queued outside the team's business hours is told when they
// open next (Status.OpensAt), even with agents online; inside the hours
// with nobody online, offline without a time.
func TestStatusSaysWhenHoursOpen(t *testing.T) {
	ctx := context.Background()
	db, site, presence := offlineStore(t)
	if _, err := db.PutTeam(ctx, parley.Team{Key: "l1", Name: "General", Hours: belgrade}); err != nil {
		t.Fatal(err)
	}
	agent, err := db.CreateAgent(ctx, parley.Agent{Email: "a@example.com", Teams: []string{"l1"}, Capacity: 3}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	now := at(t, "2026-11-28 10:00") // a Saturday in Belgrade
	d := New(Config{Store: db, Desk: db, Router: db, Presence: presence, Now: func() time.Time { return now }})
	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Enqueue(ctx, sess.Conversation.ID, parley.Conversation{Team: "l1", QueuedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := presence.Set(ctx, agent.ID, parley.PresenceOnline); err != nil {
		t.Fatal(err)
	}
	st := d.Status(ctx, c)
	if want := at(t, "2026-11-30 09:00"); !st.Offline || !st.OpensAt.Equal(want) || st.QueuePosition != 1 {
		t.Errorf("Saturday: %+v; want offline, opens at %v", st, want)
	}
	if err := presence.Set(ctx, agent.ID, parley.PresenceOffline); err != nil {
		t.Fatal(err)
	}
	now = at(t, "2026-11-30 10:00") // Monday, open, nobody online
	if st := d.Status(ctx, c); !st.Offline || !st.OpensAt.IsZero() {
		t.Errorf("open hours, nobody online: %+v; want offline without a time", st)
	}
}

package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// names maps conversation ids to test names, to print orders readably.
type names map[string]string

func (n names) of(cs []parley.Conversation) string {
	var out []string
	for _, c := range cs {
		out = append(out, n[c.ID])
	}
	return strings.Join(out, " ")
}

// orderedQueue enqueues conversations whose queue order exercises every key:
// urgency rank, first-response due (zero last), queued time, then id (I, J).
func orderedQueue(t *testing.T, s Store, siteID string) (names, string) {
	base := time.Date(2031, 1, 2, 3, 4, 5, 0, time.FixedZone("Z", 2*3600))
	min := func(n int) time.Time { return base.Add(time.Duration(n) * time.Minute) }
	specs := []struct {
		name     string
		u        parley.Urgency
		due, que int // minutes after base; due -1 is none
	}{
		{"G", parley.UrgencyLow, 0, 0}, {"E", "", -1, 2}, {"A", parley.UrgencyCritical, -1, 0},
		{"H", parley.UrgencyNormal, 3, 3}, {"I", parley.UrgencyHigh, -1, 7}, {"B", parley.UrgencyCritical, 10, 5},
		{"F", parley.UrgencyNormal, -1, 1}, {"J", parley.UrgencyHigh, -1, 7}, {"D", parley.UrgencyHigh, 1, 1},
		{"C", parley.UrgencyCritical, 5, 9},
	}
	n := names{}
	ids := map[string]string{}
	for _, sp := range specs {
		e := parley.Conversation{Team: "l1", Urgency: sp.u, QueuedAt: min(sp.que)}
		if sp.due >= 0 {
			e.FirstResponseDue = min(sp.due)
		}
		c := mustEnqueue(t, s, siteID, e)
		n[c.ID], ids[sp.name] = sp.name, c.ID
	}
	ij := "I J"
	if ids["J"] < ids["I"] {
		ij = "J I"
	}
	return n, "C B A D " + ij + " H F E G"
}

var queueTests = []test{
	{"Order", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		n, want := orderedQueue(t, s, site.ID)
		got, err := s.Queue(ctx(t), parley.QueueFilter{})
		if err != nil || n.of(got) != want {
			t.Fatalf("Queue = %s, %v; want %s", n.of(got), err, want)
		}
	}},
	{"Position", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		n, want := orderedQueue(t, s, site.ID)
		// Another team's conversation, first in any order, counts for no
		// place in team l1.
		other := mustEnqueue(t, s, site.ID, parley.Conversation{Team: "l2", Urgency: parley.UrgencyCritical, QueuedAt: time.Unix(1, 0)})
		got, err := s.Queue(ctx(t), parley.QueueFilter{Team: "l1"})
		if err != nil || n.of(got) != want {
			t.Fatalf("Queue = %s, %v; want %s", n.of(got), err, want)
		}
		for i, c := range got {
			if p, err := s.QueuePosition(ctx(t), c.ID); err != nil || p != i+1 {
				t.Errorf("QueuePosition(%s) = %d, %v; want %d", n[c.ID], p, err, i+1)
			}
		}
		if p, err := s.QueuePosition(ctx(t), other.ID); err != nil || p != 1 {
			t.Errorf("QueuePosition(team l2's only) = %d, %v; want 1", p, err)
		}
		_, sess := mustSession(t, s, site.ID)
		for _, id := range []string{sess.Conversation.ID, "unknown"} {
			if p, err := s.QueuePosition(ctx(t), id); err != nil || p != 0 {
				t.Errorf("QueuePosition(%s, not queued) = %d, %v; want 0", id, p, err)
			}
		}
	}},
	{"Filters", func(t *testing.T, s Store) {
		site, other := mustSite(t, s), mustSite(t, s)
		n := names{}
		add := func(name, siteID, team string) parley.Conversation {
			c := mustEnqueue(t, s, siteID, parley.Conversation{Team: team, QueuedAt: time.Unix(int64(len(n)), 0)})
			n[c.ID] = name
			return c
		}
		add("q1", site.ID, "l1")
		q2 := add("q2", site.ID, "l2")
		q3 := add("q3", other.ID, "l1")
		q4 := add("q4", site.ID, "l1")
		a, b := mustAgent(t, s, 0), mustAgent(t, s, 0)
		mustClaim(t, s, q2.ID, a.ID)
		mustClaim(t, s, q4.ID, b.ID)
		mustClaim(t, s, q3.ID, a.ID)
		_, bot := mustSession(t, s, site.ID)
		n[bot.Conversation.ID] = "bot"
		for _, c := range []struct {
			f    parley.QueueFilter
			want string
		}{
			{parley.QueueFilter{}, "q1"},
			{parley.QueueFilter{Mode: parley.ModeAssigned}, "q3 q4 q2"},
			{parley.QueueFilter{Mode: parley.ModeAssigned, Limit: 2}, "q3 q4"},
			{parley.QueueFilter{Mode: parley.ModeAssigned, SiteID: site.ID}, "q4 q2"},
			{parley.QueueFilter{Mode: parley.ModeAssigned, AssigneeID: a.ID}, "q3 q2"},
			{parley.QueueFilter{Mode: parley.ModeAssigned, Team: "l1"}, "q3 q4"},
			{parley.QueueFilter{Mode: parley.ModeAssigned, SiteID: site.ID, Team: "l1", AssigneeID: b.ID}, "q4"},
			{parley.QueueFilter{Mode: parley.ModeAssigned, SiteID: other.ID, AssigneeID: b.ID}, ""},
			{parley.QueueFilter{Mode: parley.ModeBot, SiteID: site.ID}, "bot"},
			{parley.QueueFilter{Mode: parley.ModeResolved}, ""},
			{parley.QueueFilter{Team: "l2"}, ""},
		} {
			got, err := s.Queue(ctx(t), c.f)
			if err != nil || n.of(got) != c.want || (c.want == "") != (got == nil) {
				t.Errorf("Queue(%+v) = %q (%v), %v; want %q (none: nil)", c.f, n.of(got), got == nil, err, c.want)
			}
		}
		for _, f := range []parley.QueueFilter{{Mode: "limbo"}, {Limit: -1}, {Limit: 1001}, {Team: "\xff"}} {
			_, err := s.Queue(ctx(t), f)
			wantCode(t, err, parley.EINVALID)
		}
		if got, err := s.Queue(ctx(t), parley.QueueFilter{Mode: parley.ModeAssigned, Limit: 1000}); err != nil || len(got) != 3 {
			t.Errorf("Queue with limit 1000 = %d, %v", len(got), err)
		}
	}},
	{"RecentFirst", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		var all []parley.Conversation
		for range 5 {
			_, sess := mustSession(t, s, site.ID)
			all = append(all, sess.Conversation)
		}
		for _, c := range []parley.Conversation{all[2], all[0], all[4]} {
			mustAppend(t, s, visitorMsg(c.ID, "bump"))
		}
		for i := range all {
			all[i], _ = s.Conversation(ctx(t), all[i].ID)
		}
		slices.SortFunc(all, func(a, b parley.Conversation) int {
			if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
				return c
			}
			return strings.Compare(b.ID, a.ID)
		})
		got, err := s.Queue(ctx(t), parley.QueueFilter{Mode: parley.ModeBot, SiteID: site.ID})
		if err != nil || len(got) != len(all) {
			t.Fatalf("Queue(bot) = %d, %v", len(got), err)
		}
		for i := range all {
			if got[i].ID != all[i].ID {
				t.Fatalf("Queue(bot)[%d] = %s updated %v, want %s updated %v", i, got[i].ID, got[i].UpdatedAt, all[i].ID, all[i].UpdatedAt)
			}
		}
	}},
}

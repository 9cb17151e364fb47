package storetest

import (
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// deskLifecycle walks one conversation through transfer, resolve and reopen.
func deskLifecycle(t *testing.T, s Store) {
	site := mustSite(t, s)
	a := mustAgent(t, s, 0)
	q := mustEnqueue(t, s, site.ID, handoff("l1", parley.UrgencyNormal))
	conv := q.ID
	mustClaim(t, s, conv, a.ID)
	tr, err := s.Transfer(ctx(t), conv, "l2")
	want := q
	want.Team = "l2"
	if err != nil || tr.Mode != parley.ModeQueued {
		t.Fatalf("Transfer = %+v, %v", tr, err)
	}
	wantDesk(t, "Transfer (QueuedAt kept, unassigned)", want, tr)
	wantAssigned(t, s, a.ID, 0)
	if tr, err = s.Transfer(ctx(t), conv, "l3"); err != nil || tr.Team != "l3" || tr.Mode != parley.ModeQueued {
		t.Fatalf("Transfer a queued one = %+v, %v", tr, err)
	}
	_, err = s.Transfer(ctx(t), conv, "")
	wantCode(t, err, parley.EINVALID)
	_, bot := mustSession(t, s, site.ID)
	_, err = s.Transfer(ctx(t), bot.Conversation.ID, "l2")
	wantCode(t, err, parley.ECONFLICT)
	_, err = s.Transfer(ctx(t), parley.NewID(), "l2")
	wantNotFound(t, "Transfer unknown", err)

	mustClaim(t, s, conv, a.ID)
	at := time.Date(2031, 5, 7, 8, 9, 10, 999999999, time.FixedZone("X", -7*3600))
	res, err := s.Resolve(ctx(t), conv, at)
	want.Team, want.AssigneeID, want.ResolvedAt = "l3", a.ID, at.UTC().Truncate(time.Microsecond)
	if err != nil || res.Mode != parley.ModeResolved {
		t.Fatalf("Resolve = %+v, %v", res, err)
	}
	wantDesk(t, "Resolve (assignee kept)", want, res)
	wantAssigned(t, s, a.ID, 0)
	again, err := s.Resolve(ctx(t), conv, time.Now())
	if err != nil || !again.ResolvedAt.Equal(res.ResolvedAt) || !again.UpdatedAt.Equal(res.UpdatedAt) {
		t.Errorf("Resolve again = %+v, %v; want it unchanged", again, err)
	}
	_, err = s.Transfer(ctx(t), conv, "l2")
	wantCode(t, err, parley.ECONFLICT)
	_, err = s.Claim(ctx(t), conv, a.ID)
	wantCode(t, err, parley.ECONFLICT)
	_, err = s.Reopen(ctx(t), conv, parley.ModeAssigned)
	wantCode(t, err, parley.EINVALID)
	bo, err := s.Reopen(ctx(t), conv, parley.ModeBot)
	want.AssigneeID, want.ResolvedAt = "", time.Time{}
	if err != nil || bo.Mode != parley.ModeBot {
		t.Fatalf("Reopen(bot) = %+v, %v", bo, err)
	}
	wantDesk(t, "Reopen(bot)", want, bo)
	_, err = s.Reopen(ctx(t), conv, parley.ModeBot)
	wantCode(t, err, parley.ECONFLICT)
	if _, err := s.Resolve(ctx(t), conv, time.Time{}); err != nil { // from bot: auto-resolve
		t.Fatal(err)
	}
	before := time.Now().Add(-time.Minute)
	rq, err := s.Reopen(ctx(t), conv, parley.ModeQueued)
	if err != nil || rq.Mode != parley.ModeQueued || rq.QueuedAt.Before(before) || !rq.ResolvedAt.IsZero() || rq.Team != "l3" {
		t.Fatalf("Reopen(queued) = %+v, %v; want queued now, team kept", rq, err)
	}
	if got, err := s.Queue(ctx(t), parley.QueueFilter{SiteID: site.ID}); err != nil || len(got) != 1 || got[0].ID != conv {
		t.Errorf("Queue after Reopen(queued) = %+v, %v", got, err)
	}
	_, err = s.Reopen(ctx(t), parley.NewID(), parley.ModeBot)
	wantNotFound(t, "Reopen unknown", err)
	_, err = s.Resolve(ctx(t), parley.NewID(), time.Time{})
	wantNotFound(t, "Resolve unknown", err)
}

// markResponse checks MarkResponse, which does not move UpdatedAt.
func markResponse(t *testing.T, s Store) {
	site := mustSite(t, s)
	q := mustEnqueue(t, s, site.ID, handoff("l1", ""))
	conv := q.ID
	zone := time.FixedZone("Y", 3600)
	first, next := time.Date(2031, 5, 6, 10, 1, 0, 5000, zone), time.Date(2031, 5, 6, 11, 0, 0, 0, zone)
	if err := s.MarkResponse(ctx(t), conv, first, next); err != nil {
		t.Fatalf("MarkResponse: %v", err)
	}
	want := q
	want.FirstResponseAt, want.NextResponseDue = first.UTC(), next.UTC()
	got, err := s.Conversation(ctx(t), conv)
	if err != nil || !got.UpdatedAt.Equal(q.UpdatedAt) {
		t.Errorf("after MarkResponse: %v; UpdatedAt %v, want %v", err, got.UpdatedAt, q.UpdatedAt)
	}
	wantDesk(t, "MarkResponse", want, got)
	if err := s.MarkResponse(ctx(t), conv, first.Add(time.Hour), time.Time{}); err != nil {
		t.Fatalf("MarkResponse again: %v", err)
	}
	want.NextResponseDue = time.Time{}
	got, _ = s.Conversation(ctx(t), conv)
	wantDesk(t, "MarkResponse again (first kept, next cleared)", want, got)
	_, bot := mustSession(t, s, site.ID)
	before := time.Now().Add(-time.Minute)
	if err := s.MarkResponse(ctx(t), bot.Conversation.ID, time.Time{}, time.Time{}); err != nil {
		t.Fatalf("MarkResponse now: %v", err)
	}
	if c, err := s.Conversation(ctx(t), bot.Conversation.ID); err != nil || c.FirstResponseAt.Before(before) {
		t.Errorf("MarkResponse with zero time: FirstResponseAt %v, %v; want now", c.FirstResponseAt, err)
	}
	wantNotFound(t, "MarkResponse unknown", s.MarkResponse(ctx(t), parley.NewID(), first, next))
}

// claimRace has two agents claim one conversation at once, through two
// stores (nodes) that may be one, for rounds; exactly one must win.
func claimRace(t *testing.T, s1, s2 Store, rounds int) {
	site := mustSite(t, s1)
	nodes := [2]Store{s1, s2}
	agents := [2]parley.Agent{mustAgent(t, s1, 100), mustAgent(t, s1, 100)}
	for round := range rounds {
		conv := mustEnqueue(t, s1, site.ID, handoff("l1", "")).ID
		var errs [2]error
		race(2, func(i int) { _, errs[i] = nodes[i].Claim(ctx(t), conv, agents[i].ID) })
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won < 0:
				won = i
			case err == nil:
				t.Fatalf("round %d: both agents claimed %s", round, conv)
			case parley.ErrorCode(err) != parley.ECONFLICT:
				t.Fatalf("round %d: Claim %d: %v, want ECONFLICT for the loser", round, i, err)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: nobody claimed: %v", round, errs)
		}
		if c, err := s2.Conversation(ctx(t), conv); err != nil || c.AssigneeID != agents[won].ID || c.Mode != parley.ModeAssigned {
			t.Fatalf("round %d: stored %+v, %v; want assigned to the winner", round, c, err)
		}
	}
	wantAssigned(t, s2, agents[0].ID, rounds-mustCount(t, s2, agents[1].ID))
}

func mustCount(t *testing.T, s Store, agentID string) int {
	t.Helper()
	n, err := s.AssignedCount(ctx(t), agentID)
	if err != nil {
		t.Fatalf("AssignedCount: %v", err)
	}
	return n
}

// capacityRace has one agent of capacity 1 claim different conversations at
// once through two stores, for rounds: the agent must end with exactly one.
func capacityRace(t *testing.T, s1, s2 Store, rounds int) {
	site := mustSite(t, s1)
	nodes := [2]Store{s1, s2}
	for round := range rounds {
		a := mustAgent(t, s1, 1)
		convs := make([]string, 6)
		for i := range convs {
			convs[i] = mustEnqueue(t, s1, site.ID, handoff("l1", "")).ID
		}
		errs := make([]error, len(convs))
		got := make([]parley.Conversation, len(errs))
		race(len(errs), func(i int) { got[i], errs[i] = nodes[i%2].Claim(ctx(t), convs[i], a.ID) })
		won := map[string]bool{}
		for i, err := range errs {
			if err == nil {
				won[got[i].ID] = true
			} else if parley.ErrorCode(err) != parley.ECONFLICT {
				t.Fatalf("round %d: claim %d: %v, want ECONFLICT at capacity", round, i, err)
			}
		}
		if len(won) != 1 {
			t.Fatalf("round %d: %d conversations claimed by an agent of capacity 1: %v", round, len(won), errs)
		}
		wantAssigned(t, s2, a.ID, 1)
	}
}

package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// handoff is a full desk entry with times in a zone other than UTC and with
// nanoseconds, which the store keeps as UTC microseconds.
func handoff(team string, u parley.Urgency) parley.Conversation {
	at := time.Date(2031, 5, 6, 10, 0, 0, 123456789, time.FixedZone("NPT", 5*3600+45*60))
	return parley.Conversation{Team: team, Urgency: u, HandoffReason: "human_requested", QueuedAt: at,
		FirstResponseDue: at.Add(5 * time.Minute), NextResponseDue: at.Add(time.Hour), ResolutionDue: at.Add(24 * time.Hour)}
}

// normal is what a stored desk entry reads back as.
func normal(e parley.Conversation) parley.Conversation {
	for _, p := range []*time.Time{&e.QueuedAt, &e.FirstResponseDue, &e.NextResponseDue, &e.ResolutionDue, &e.FirstResponseAt, &e.ResolvedAt} {
		if !p.IsZero() {
			*p = p.UTC().Truncate(time.Microsecond)
		}
	}
	return e
}

// diffDesk describes how got's desk fields differ from want's, or "".
func diffDesk(want, got parley.Conversation) string {
	if got.Team != want.Team || got.AssigneeID != want.AssigneeID || got.Urgency != want.Urgency || got.HandoffReason != want.HandoffReason {
		return fmt.Sprintf("team %q assignee %q urgency %q reason %q, want %q %q %q %q", got.Team, got.AssigneeID, got.Urgency,
			got.HandoffReason, want.Team, want.AssigneeID, want.Urgency, want.HandoffReason)
	}
	g := []time.Time{got.QueuedAt, got.FirstResponseDue, got.NextResponseDue, got.ResolutionDue, got.FirstResponseAt, got.ResolvedAt}
	w := []time.Time{want.QueuedAt, want.FirstResponseDue, want.NextResponseDue, want.ResolutionDue, want.FirstResponseAt, want.ResolvedAt}
	names := []string{"QueuedAt", "FirstResponseDue", "NextResponseDue", "ResolutionDue", "FirstResponseAt", "ResolvedAt"}
	for i := range g {
		if !g[i].Equal(w[i]) || g[i].IsZero() != w[i].IsZero() || !g[i].IsZero() && g[i].Location() != time.UTC {
			return fmt.Sprintf("%s %v, want %v (UTC)", names[i], g[i], w[i])
		}
	}
	return ""
}

func wantDesk(t *testing.T, what string, want, got parley.Conversation) {
	t.Helper()
	if d := diffDesk(want, got); d != "" {
		t.Errorf("%s: %s", what, d)
	}
}

// mustEnqueue creates a conversation on the site and hands it to the queue.
func mustEnqueue(t *testing.T, s Store, siteID string, e parley.Conversation) parley.Conversation {
	t.Helper()
	_, sess := mustSession(t, s, siteID)
	c, err := s.Enqueue(ctx(t), sess.Conversation.ID, e)
	if err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	return c
}

func mustClaim(t *testing.T, s Store, convID, agentID string) parley.Conversation {
	t.Helper()
	c, err := s.Claim(ctx(t), convID, agentID)
	if err != nil || c.Mode != parley.ModeAssigned || c.AssigneeID != agentID {
		t.Fatalf("Claim = %+v, %v; want assigned to %s", c, err, agentID)
	}
	return c
}

func wantAssigned(t *testing.T, s Store, agentID string, want int) {
	t.Helper()
	if n, err := s.AssignedCount(ctx(t), agentID); err != nil || n != want {
		t.Errorf("AssignedCount = %d, %v; want %d", n, err, want)
	}
}

var deskTests = []test{
	{"FieldsOnEveryRead", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		tok, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		wantDesk(t, "new session", parley.Conversation{}, sess.Conversation)
		e := handoff("billing", parley.UrgencyHigh)
		got, err := s.Enqueue(ctx(t), conv, e)
		if err != nil || got.Mode != parley.ModeQueued {
			t.Fatalf("Enqueue = %+v, %v", got, err)
		}
		want := normal(e)
		wantDesk(t, "Enqueue", want, got)
		wantUTC(t, "UpdatedAt", got.UpdatedAt)
		mustAppend(t, s, visitorMsg(conv, "still waiting"))
		if err := s.SetLanguage(ctx(t), conv, "fr"); err != nil {
			t.Fatal(err)
		}
		c, err := s.Conversation(ctx(t), conv)
		wantDesk(t, "Conversation", want, c)
		if err != nil || c.LastSeq != 1 || c.Language != "fr" || c.Mode != parley.ModeQueued {
			t.Errorf("Conversation = %+v, %v", c, err)
		}
		bySess, err := s.SessionByToken(ctx(t), site.ID, tok)
		if err != nil {
			t.Fatal(err)
		}
		wantDesk(t, "SessionByToken", want, bySess.Conversation)
		ident, err := s.IdentifySession(ctx(t), site.ID, tok, parley.Identity{UserID: "u-" + parley.NewID()})
		if err != nil || ident.Conversation.ID != conv {
			t.Fatalf("IdentifySession = %+v, %v", ident, err)
		}
		wantDesk(t, "IdentifySession", want, ident.Conversation)
		q, err := s.Queue(ctx(t), parley.QueueFilter{SiteID: site.ID})
		if err != nil || len(q) != 1 || q[0].ID != conv {
			t.Fatalf("Queue = %+v, %v", q, err)
		}
		wantDesk(t, "Queue", want, q[0])
		set, err := s.SetMode(ctx(t), conv, parley.ModeQueued)
		wantDesk(t, "SetMode(queued) on a queued one", want, set)
		if err != nil {
			t.Fatal(err)
		}
	}},
	{"Enqueue", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		before := time.Now().Add(-time.Minute)
		_, err := s.Enqueue(ctx(t), conv, parley.Conversation{Urgency: "urgent"})
		wantCode(t, err, parley.EINVALID)
		_, err = s.Enqueue(ctx(t), conv, parley.Conversation{Team: "bad\xff"})
		wantCode(t, err, parley.EINVALID)
		got, err := s.Enqueue(ctx(t), conv, parley.Conversation{Team: "l1"})
		if err != nil || got.Mode != parley.ModeQueued || got.Team != "l1" || got.QueuedAt.Before(before) || got.Urgency != "" {
			t.Fatalf("Enqueue without times = %+v, %v; want queued now", got, err)
		}
		wantUTC(t, "QueuedAt", got.QueuedAt)
		_, err = s.Enqueue(ctx(t), conv, handoff("l2", ""))
		wantCode(t, err, parley.ECONFLICT)
		a := mustAgent(t, s, 0)
		mustClaim(t, s, conv, a.ID)
		_, err = s.Enqueue(ctx(t), conv, handoff("l2", ""))
		wantCode(t, err, parley.ECONFLICT)
		if err := s.MarkResponse(ctx(t), conv, time.Now(), time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Resolve(ctx(t), conv, time.Time{}); err != nil {
			t.Fatal(err)
		}
		again, err := s.Enqueue(ctx(t), conv, handoff("l2", parley.UrgencyCritical))
		if err != nil || again.Mode != parley.ModeQueued {
			t.Fatalf("Enqueue a resolved one = %+v, %v", again, err)
		}
		wantDesk(t, "Enqueue a resolved one (a new handoff)", normal(handoff("l2", parley.UrgencyCritical)), again)
		_, err = s.Enqueue(ctx(t), parley.NewID(), handoff("l2", ""))
		wantNotFound(t, "Enqueue unknown", err)
	}},
	{"Claim", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a, b := mustAgent(t, s, 2), mustAgent(t, s, 0)
		c1 := mustEnqueue(t, s, site.ID, handoff("l1", parley.UrgencyHigh))
		got := mustClaim(t, s, c1.ID, a.ID)
		want := c1
		want.AssigneeID = a.ID
		wantDesk(t, "Claim", want, got)
		if got.UpdatedAt.Before(c1.UpdatedAt) {
			t.Errorf("UpdatedAt went back: %v before %v", got.UpdatedAt, c1.UpdatedAt)
		}
		same, err := s.Claim(ctx(t), c1.ID, a.ID)
		if err != nil || same.AssigneeID != a.ID || !same.UpdatedAt.Equal(got.UpdatedAt) {
			t.Errorf("Claim again by the same agent = %+v, %v; want it unchanged", same, err)
		}
		_, err = s.Claim(ctx(t), c1.ID, b.ID)
		wantCode(t, err, parley.ECONFLICT)
		_, bot := mustSession(t, s, site.ID)
		_, err = s.Claim(ctx(t), bot.Conversation.ID, a.ID)
		wantCode(t, err, parley.ECONFLICT)
		_, err = s.Claim(ctx(t), parley.NewID(), a.ID)
		wantNotFound(t, "Claim unknown conversation", err)
		c2 := mustEnqueue(t, s, site.ID, handoff("l1", ""))
		_, err = s.Claim(ctx(t), c2.ID, parley.NewID())
		wantNotFound(t, "Claim by unknown agent", err)
		mustClaim(t, s, c2.ID, a.ID)
		wantAssigned(t, s, a.ID, 2)
		c3 := mustEnqueue(t, s, site.ID, handoff("l1", ""))
		_, err = s.Claim(ctx(t), c3.ID, a.ID)
		wantCode(t, err, parley.ECONFLICT) // at capacity
		if c, err := s.Conversation(ctx(t), c3.ID); err != nil || c.Mode != parley.ModeQueued || c.AssigneeID != "" {
			t.Errorf("refused claim changed the conversation: %+v, %v", c, err)
		}
		if _, err := s.Resolve(ctx(t), c1.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		wantAssigned(t, s, a.ID, 1)
		mustClaim(t, s, c3.ID, a.ID)
		wantAssigned(t, s, a.ID, 2)
		wantAssigned(t, s, b.ID, 0)
		_, err = s.AssignedCount(ctx(t), parley.NewID())
		wantNotFound(t, "AssignedCount unknown", err)
	}},
	{"AssignIgnoresCapacity", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a, b := mustAgent(t, s, 1), mustAgent(t, s, 1)
		mustClaim(t, s, mustEnqueue(t, s, site.ID, handoff("l1", "")).ID, a.ID)
		c := mustEnqueue(t, s, site.ID, handoff("l1", ""))
		_, err := s.Claim(ctx(t), c.ID, a.ID)
		wantCode(t, err, parley.ECONFLICT) // routing respects capacity
		got, err := s.Assign(ctx(t), c.ID, a.ID)
		if err != nil || got.Mode != parley.ModeAssigned || got.AssigneeID != a.ID {
			t.Fatalf("Assign at capacity = %+v, %v; want assigned: a person's choice is not limited", got, err)
		}
		wantAssigned(t, s, a.ID, 2)
		if same, err := s.Assign(ctx(t), c.ID, a.ID); err != nil || !same.UpdatedAt.Equal(got.UpdatedAt) {
			t.Errorf("Assign again = %+v, %v; want it unchanged", same, err)
		}
		_, err = s.Claim(ctx(t), mustEnqueue(t, s, site.ID, handoff("l1", "")).ID, a.ID)
		wantCode(t, err, parley.ECONFLICT) // over capacity now: still no routing
		_, err = s.Assign(ctx(t), c.ID, b.ID)
		wantCode(t, err, parley.ECONFLICT) // another agent's
		_, bot := mustSession(t, s, site.ID)
		_, err = s.Assign(ctx(t), bot.Conversation.ID, a.ID)
		wantCode(t, err, parley.ECONFLICT) // the bot's: the desk enqueues it first
		_, err = s.Assign(ctx(t), parley.NewID(), a.ID)
		wantNotFound(t, "Assign unknown conversation", err)
		_, err = s.Assign(ctx(t), mustEnqueue(t, s, site.ID, handoff("l1", "")).ID, parley.NewID())
		wantNotFound(t, "Assign by unknown agent", err)
		if _, err := s.SetAgentState(ctx(t), b.ID, parley.AgentDisabled); err != nil {
			t.Fatal(err)
		}
		_, err = s.Assign(ctx(t), mustEnqueue(t, s, site.ID, handoff("l1", "")).ID, b.ID)
		wantCode(t, err, parley.ECONFLICT) // a disabled agent takes nothing
		n := 0
		for _, act := range allActivities(t, s, 0) {
			if act.Kind == parley.ActivityAssigned && act.ConversationID == c.ID && act.AgentID == a.ID {
				n++
			}
		}
		if n != 1 {
			t.Errorf("Assign recorded %d conversation.assigned activities for the conversation, want 1", n)
		}
	}},
	{"TransferResolveReopen", deskLifecycle},
	{"MarkResponse", markResponse},
}

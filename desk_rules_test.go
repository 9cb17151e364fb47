package parley

import (
	"testing"
	"time"
)

var (
	t0  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now = t0.Add(time.Hour)
)

func code(err error) string {
	if err == nil {
		return ""
	}
	return ErrorCode(err)
}

func TestConversationEnqueue(t *testing.T) {
	e := Conversation{Team: "billing", Urgency: UrgencyHigh, HandoffReason: "human_requested", FirstResponseDue: now.Add(time.Hour)}
	for _, tc := range []struct {
		name string
		c    Conversation
		e    Conversation
		code string
	}{
		{"from the bot", Conversation{Mode: ModeBot}, e, ""},
		{"from resolved", Conversation{Mode: ModeResolved, AssigneeID: "ana", FirstResponseAt: t0, ResolvedAt: t0}, e, ""},
		{"queued already", Conversation{Mode: ModeQueued}, e, ECONFLICT},
		{"assigned", Conversation{Mode: ModeAssigned, AssigneeID: "ana"}, e, ECONFLICT},
		{"unknown urgency", Conversation{Mode: ModeBot}, Conversation{Urgency: "meh"}, EINVALID},
		{"NUL in the team", Conversation{Mode: ModeBot}, Conversation{Team: "a\x00"}, EINVALID},
		{"invalid UTF-8 in the reason", Conversation{Mode: ModeBot}, Conversation{HandoffReason: "\xff"}, EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.c.Enqueue(tc.e, now)
			if code(err) != tc.code {
				t.Fatalf("Enqueue: %v, want code %q", err, tc.code)
			}
			if err != nil {
				if got != tc.c {
					t.Errorf("refused Enqueue changed the conversation: %+v", got)
				}
				return
			}
			want := Conversation{Mode: ModeQueued, Team: "billing", Urgency: UrgencyHigh, HandoffReason: "human_requested",
				QueuedAt: now, FirstResponseDue: now.Add(time.Hour), UpdatedAt: now}
			if got != want {
				t.Errorf("Enqueue = %+v\nwant %+v", got, want)
			}
		})
	}
	e.QueuedAt = t0
	if got, _ := (Conversation{Mode: ModeBot}).Enqueue(e, now); !got.QueuedAt.Equal(t0) {
		t.Errorf("Enqueue with QueuedAt: %v, want %v", got.QueuedAt, t0)
	}
}

func TestConversationClaimAndAssign(t *testing.T) {
	ana := Agent{ID: "ana", Capacity: 2}
	queued := Conversation{Mode: ModeQueued, Team: "l1"}
	for _, tc := range []struct {
		name     string
		c        Conversation
		a        Agent
		assigned int
		// want: the code (or "" for success) and whether it changes, for
		// Claim (routing) and Assign (a person's choice).
		claimCode, assignCode string
		changed               bool
	}{
		{"free seat", queued, ana, 1, "", "", true},
		{"at capacity: routing waits, a person may take it", queued, ana, 2, ECONFLICT, "", true},
		{"over capacity (capacity lowered)", queued, ana, 5, ECONFLICT, "", true},
		{"disabled agent", queued, Agent{ID: "ana", Capacity: 2, State: AgentDisabled}, 0, ECONFLICT, ECONFLICT, false},
		{"deleted agent", queued, Agent{ID: "ana", Capacity: 2, State: AgentDeleted}, 0, ECONFLICT, ECONFLICT, false},
		{"already the agent's", Conversation{Mode: ModeAssigned, AssigneeID: "ana"}, ana, 2, "", "", false},
		{"another agent's", Conversation{Mode: ModeAssigned, AssigneeID: "bo"}, ana, 0, ECONFLICT, ECONFLICT, false},
		{"the bot's", Conversation{Mode: ModeBot}, ana, 0, ECONFLICT, ECONFLICT, false},
		{"resolved", Conversation{Mode: ModeResolved}, ana, 0, ECONFLICT, ECONFLICT, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := func(what string, got Conversation, changed bool, err error, wantCode string) {
				t.Helper()
				if code(err) != wantCode {
					t.Fatalf("%s: %v, want code %q", what, err, wantCode)
				}
				if err != nil {
					return
				}
				if changed != tc.changed {
					t.Errorf("%s: changed = %v, want %v", what, changed, tc.changed)
				}
				want := tc.c
				if tc.changed {
					want.Mode, want.AssigneeID, want.UpdatedAt = ModeAssigned, "ana", now
				}
				if got != want {
					t.Errorf("%s = %+v\nwant %+v", what, got, want)
				}
			}
			got, changed, err := tc.c.Claim(tc.a, tc.assigned, now)
			check("Claim", got, changed, err, tc.claimCode)
			got, changed, err = tc.c.Assign(tc.a, now)
			check("Assign", got, changed, err, tc.assignCode)
		})
	}
}

func TestConversationTransfer(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Conversation
		team string
		code string
	}{
		{"assigned", Conversation{Mode: ModeAssigned, AssigneeID: "ana", Team: "l1", QueuedAt: t0}, "l2", ""},
		{"queued", Conversation{Mode: ModeQueued, Team: "l1", QueuedAt: t0}, "l2", ""},
		{"no team", Conversation{Mode: ModeQueued}, "", EINVALID},
		{"NUL in the team", Conversation{Mode: ModeQueued}, "l\x002", EINVALID},
		{"the bot's", Conversation{Mode: ModeBot}, "l2", ECONFLICT},
		{"resolved", Conversation{Mode: ModeResolved}, "l2", ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.c.Transfer(tc.team, now)
			if code(err) != tc.code {
				t.Fatalf("Transfer: %v, want code %q", err, tc.code)
			}
			if err == nil && (got.Mode != ModeQueued || got.Team != tc.team || got.AssigneeID != "" ||
				!got.QueuedAt.Equal(t0) || !got.UpdatedAt.Equal(now)) {
				t.Errorf("Transfer = %+v", got)
			}
		})
	}
	if got, _ := (Conversation{Mode: ModeAssigned}).Transfer("l2", now); !got.QueuedAt.Equal(now) {
		t.Errorf("Transfer without QueuedAt: %v, want now", got.QueuedAt)
	}
}

func TestConversationResolveReopen(t *testing.T) {
	assigned := Conversation{Mode: ModeAssigned, AssigneeID: "ana", Team: "l1"}
	got, changed := assigned.Resolve(time.Time{}, now)
	if !changed || got.Mode != ModeResolved || got.AssigneeID != "ana" || !got.ResolvedAt.Equal(now) {
		t.Errorf("Resolve = %+v, %v", got, changed)
	}
	if again, changed := got.Resolve(now.Add(time.Hour), now.Add(time.Hour)); changed || again != got {
		t.Errorf("Resolve of a resolved one = %+v, %v; want it unchanged", again, changed)
	}
	if at, _ := assigned.Resolve(t0, now); !at.ResolvedAt.Equal(t0) || !at.UpdatedAt.Equal(now) {
		t.Errorf("Resolve at t0 = %+v", at)
	}
	for _, tc := range []struct {
		name string
		c    Conversation
		mode Mode
		code string
	}{
		{"to the bot", got, ModeBot, ""},
		{"to the queue", got, ModeQueued, ""},
		{"to assigned", got, ModeAssigned, EINVALID},
		{"not resolved", assigned, ModeBot, ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.c.Reopen(tc.mode, now.Add(time.Minute))
			if code(err) != tc.code {
				t.Fatalf("Reopen: %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if r.Mode != tc.mode || r.AssigneeID != "" || !r.ResolvedAt.IsZero() || r.Team != "l1" {
				t.Errorf("Reopen = %+v", r)
			}
			if tc.mode == ModeQueued && !r.QueuedAt.Equal(now.Add(time.Minute)) {
				t.Errorf("Reopen to the queue: QueuedAt %v, want now", r.QueuedAt)
			}
		})
	}
}

func TestConversationMarkResponse(t *testing.T) {
	c := Conversation{Mode: ModeAssigned, NextResponseDue: t0, UpdatedAt: t0}
	first := c.MarkResponse(time.Time{}, now.Add(time.Hour), now)
	if !first.FirstResponseAt.Equal(now) || !first.NextResponseDue.Equal(now.Add(time.Hour)) || !first.UpdatedAt.Equal(t0) {
		t.Errorf("first MarkResponse = %+v", first)
	}
	second := first.MarkResponse(now.Add(time.Minute), time.Time{}, now.Add(time.Minute))
	if !second.FirstResponseAt.Equal(now) || !second.NextResponseDue.IsZero() {
		t.Errorf("second MarkResponse = %+v; want the first response kept, the due time cleared", second)
	}
}

func TestConversationActivity(t *testing.T) {
	c := Conversation{ID: "c", SiteID: "s", Team: "l1", AssigneeID: "ana", HandoffReason: "human_requested"}
	for _, tc := range []struct {
		kind                ActivityKind
		agent, team, reason string
	}{
		{ActivityHandedOff, "", "l1", "human_requested"},
		{ActivityAssigned, "ana", "l1", ""},
		{ActivityResolved, "ana", "l1", ""},
		{ActivityTransferred, "", "l1", ""},
		{ActivityReopened, "", "", ""},
	} {
		a := c.Activity(tc.kind, now)
		if a.ID == "" || a.Kind != tc.kind || a.SiteID != "s" || a.ConversationID != "c" || !a.At.Equal(now) ||
			a.AgentID != tc.agent || a.Team != tc.team || a.Reason != tc.reason {
			t.Errorf("Activity(%s) = %+v", tc.kind, a)
		}
	}
}

func TestQueueFilterCanonical(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   QueueFilter
		want QueueFilter
		code string
	}{
		{"defaults", QueueFilter{}, QueueFilter{Mode: ModeQueued, Limit: DefaultQueueLimit}, ""},
		{"kept", QueueFilter{Mode: ModeAssigned, Limit: 5, Team: "l1"}, QueueFilter{Mode: ModeAssigned, Limit: 5, Team: "l1"}, ""},
		{"the most", QueueFilter{Limit: MaxQueueLimit}, QueueFilter{Mode: ModeQueued, Limit: MaxQueueLimit}, ""},
		{"too many", QueueFilter{Limit: MaxQueueLimit + 1}, QueueFilter{}, EINVALID},
		{"negative", QueueFilter{Limit: -1}, QueueFilter{}, EINVALID},
		{"unknown mode", QueueFilter{Mode: "waiting"}, QueueFilter{}, EINVALID},
		{"NUL in the site", QueueFilter{SiteID: "\x00"}, QueueFilter{}, EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.Canonical()
			if code(err) != tc.code {
				t.Fatalf("Canonical: %v, want code %q", err, tc.code)
			}
			if err == nil && got != tc.want {
				t.Errorf("Canonical = %+v, want %+v", got, tc.want)
			}
		})
	}
}

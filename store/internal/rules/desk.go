package rules

import (
	"time"

	"github.com/parley-chat/parley"
)

// The desk's transitions. Each takes the conversation as stored (read under
// the store's lock or by its single writer) and returns what to store, so
// both stores apply the same rules; none does I/O.

// Queue limits.
const (
	DefaultQueueLimit = 100
	MaxQueueLimit     = 1000
)

// OptTime is Time for a time that may be unset: zero stays zero.
func OptTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return Time(t)
}

// orNow returns t normalised, or now when t is zero.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return Time(t)
}

func notIn(c parley.Conversation, what string) error {
	return parley.Errorf(parley.ECONFLICT, "conversation is %s, not %s", c.Mode, what)
}

// Enqueue hands a bot or resolved conversation to the queue with e's team,
// urgency, reason and due times. QueuedAt is e's, or now. A new handoff
// counts its first response afresh, so FirstResponseAt and ResolvedAt clear,
// as does the assignee.
func Enqueue(c, e parley.Conversation, now time.Time) (parley.Conversation, error) {
	switch e.Urgency {
	case "", parley.UrgencyLow, parley.UrgencyNormal, parley.UrgencyHigh, parley.UrgencyCritical:
	default:
		return c, parley.Errorf(parley.EINVALID, "unknown urgency %q", e.Urgency)
	}
	if err := Texts("team", e.Team, "handoff reason", e.HandoffReason); err != nil {
		return c, err
	}
	if c.Mode != parley.ModeBot && c.Mode != parley.ModeResolved {
		return c, notIn(c, "bot or resolved")
	}
	c.Mode, c.Team, c.Urgency, c.HandoffReason = parley.ModeQueued, e.Team, e.Urgency, e.HandoffReason
	c.AssigneeID, c.QueuedAt = "", orNow(e.QueuedAt, now)
	c.FirstResponseDue, c.NextResponseDue, c.ResolutionDue = OptTime(e.FirstResponseDue), OptTime(e.NextResponseDue), OptTime(e.ResolutionDue)
	c.FirstResponseAt, c.ResolvedAt, c.UpdatedAt = time.Time{}, time.Time{}, now
	return c, nil
}

// Claim assigns a queued conversation to a, which holds assigned
// conversations now. Claiming one a already has changes nothing; one
// assigned to another agent, or not queued, is ECONFLICT, and so is an agent
// at capacity.
func Claim(c parley.Conversation, a parley.Agent, assigned int, now time.Time) (parley.Conversation, bool, error) {
	if c.Mode == parley.ModeAssigned && c.AssigneeID == a.ID {
		return c, false, nil
	}
	if c.Mode == parley.ModeAssigned {
		return c, false, parley.Errorf(parley.ECONFLICT, "conversation is assigned to another agent")
	}
	if c.Mode != parley.ModeQueued {
		return c, false, notIn(c, "queued")
	}
	if err := Capacity(a, assigned); err != nil {
		return c, false, err
	}
	c.Mode, c.AssigneeID, c.UpdatedAt = parley.ModeAssigned, a.ID, now
	return c, true, nil
}

// Capacity refuses a claim by an agent who holds assigned conversations.
func Capacity(a parley.Agent, assigned int) error {
	if !a.Active() {
		return parley.Errorf(parley.ECONFLICT, "agent is %s and takes no conversations", a.State)
	}
	if assigned >= a.Capacity {
		return parley.Errorf(parley.ECONFLICT, "agent is at capacity (%d of %d)", assigned, a.Capacity)
	}
	return nil
}

// Transfer puts a queued or assigned conversation back in the queue under
// team, unassigned. QueuedAt stays, so it keeps its place by time.
func Transfer(c parley.Conversation, team string, now time.Time) (parley.Conversation, error) {
	if team == "" {
		return c, parley.Errorf(parley.EINVALID, "transfer needs a team")
	}
	if err := Text("team", team); err != nil {
		return c, err
	}
	if c.Mode != parley.ModeQueued && c.Mode != parley.ModeAssigned {
		return c, notIn(c, "queued or assigned")
	}
	c.Mode, c.Team, c.AssigneeID, c.UpdatedAt = parley.ModeQueued, team, "", now
	c.QueuedAt = orNow(c.QueuedAt, now)
	return c, nil
}

// Resolve resolves a conversation at at (now when zero), keeping its
// assignee for reports. A resolved one is returned unchanged.
func Resolve(c parley.Conversation, at, now time.Time) (parley.Conversation, bool) {
	if c.Mode == parley.ModeResolved {
		return c, false
	}
	c.Mode, c.ResolvedAt, c.UpdatedAt = parley.ModeResolved, orNow(at, now), now
	return c, true
}

// Reopen returns a resolved conversation to the bot or the queue (entering
// it now), unassigned and with ResolvedAt cleared. Team, urgency and due
// times stay; the desk may set new ones.
func Reopen(c parley.Conversation, mode parley.Mode, now time.Time) (parley.Conversation, error) {
	if mode != parley.ModeBot && mode != parley.ModeQueued {
		return c, parley.Errorf(parley.EINVALID, "reopen to %q: want bot or queued", mode)
	}
	if c.Mode != parley.ModeResolved {
		return c, notIn(c, "resolved")
	}
	c.Mode, c.AssigneeID, c.ResolvedAt, c.UpdatedAt = mode, "", time.Time{}, now
	if mode == parley.ModeQueued {
		c.QueuedAt = now
	}
	return c, nil
}

// MarkResponse records a person's reply at at (now when zero): the first
// one sets FirstResponseAt; NextResponseDue becomes nextDue (zero clears it).
func MarkResponse(c parley.Conversation, at, nextDue, now time.Time) parley.Conversation {
	if c.FirstResponseAt.IsZero() {
		c.FirstResponseAt = orNow(at, now)
	}
	c.NextResponseDue = OptTime(nextDue)
	return c
}

// QueueFilter checks a filter and fills its defaults: mode queued, limit
// DefaultQueueLimit.
func QueueFilter(f parley.QueueFilter) (parley.QueueFilter, error) {
	if f.Mode == "" {
		f.Mode = parley.ModeQueued
	}
	if !f.Mode.Valid() {
		return f, parley.Errorf(parley.EINVALID, "unknown mode %q", f.Mode)
	}
	if f.Limit == 0 {
		f.Limit = DefaultQueueLimit
	}
	if f.Limit < 0 || f.Limit > MaxQueueLimit {
		return f, parley.Errorf(parley.EINVALID, "limit %d outside 1..%d", f.Limit, MaxQueueLimit)
	}
	return f, Texts("site id", f.SiteID, "team", f.Team, "assignee id", f.AssigneeID)
}

// ClaimFilter checks ClaimNext's teams and languages; languages become
// canonical tags.
func ClaimFilter(teams, languages []string) ([]string, error) {
	for _, t := range teams {
		if err := Text("team", t); err != nil {
			return nil, err
		}
	}
	return Languages(languages)
}

package parley

import "time"

// The desk's transitions. Each takes a conversation as stored (read inside
// the store's transaction, or by SQLite's single writer) and returns what to
// store, so every store applies the same rules; none does I/O. Times given
// are kept as given: the store normalises them to its precision.

// Queue limits (QueueFilter.Limit).
const (
	DefaultQueueLimit = 100
	MaxQueueLimit     = 1000
)

// orNow returns t, or now when t is zero.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

func (c Conversation) notIn(what string) error {
	return Errorf(ECONFLICT, "conversation is %s, not %s", c.Mode, what)
}

// Enqueue hands a bot or resolved conversation to the queue with e's team,
// urgency, reason and due times. QueuedAt is e's, or now. A new handoff
// counts its first response afresh, so FirstResponseAt and ResolvedAt clear,
// as does the assignee. Queued or assigned is ECONFLICT.
func (c Conversation) Enqueue(e Conversation, now time.Time) (Conversation, error) {
	if err := validUrgency(e.Urgency); err != nil {
		return c, err
	}
	if err := validTexts("team", e.Team, "handoff reason", e.HandoffReason); err != nil {
		return c, err
	}
	if c.Mode != ModeBot && c.Mode != ModeResolved {
		return c, c.notIn("bot or resolved")
	}
	c.Mode, c.Team, c.Urgency, c.HandoffReason = ModeQueued, e.Team, e.Urgency, e.HandoffReason
	c.AssigneeID, c.QueuedAt = "", orNow(e.QueuedAt, now)
	c.FirstResponseDue, c.NextResponseDue, c.ResolutionDue = e.FirstResponseDue, e.NextResponseDue, e.ResolutionDue
	c.FirstResponseAt, c.ResolvedAt, c.UpdatedAt = time.Time{}, time.Time{}, now
	return c, nil
}

// Two ways give a queued conversation to an agent, and only one of them
// counts the agent's load:
//
//   - Claim is automatic routing: the router offers the conversation to an
//     agent with a free seat, so an agent at capacity is refused (the
//     seat may have filled since the router looked).
//   - Assign is a person's decision: an agent taking a conversation ("to
//     me", or replying to a queued one) or an admin assigning it. The agent
//     chose to take on more, so capacity does not stand in the way.
//
// Both refuse an agent who is disabled or deleted, a conversation another
// agent holds, and one that is not queued; both change nothing when the
// agent already holds it (changed reports a change).

// Claim assigns a queued conversation to a for automatic routing; a holds
// assigned conversations now and must have a free seat (Agent.CheckCapacity).
func (c Conversation) Claim(a Agent, assigned int, now time.Time) (_ Conversation, changed bool, err error) {
	if c.Mode == ModeAssigned && c.AssigneeID == a.ID {
		return c, false, nil
	}
	if err := c.assignable(); err != nil {
		return c, false, err
	}
	if err := a.CheckCapacity(assigned); err != nil {
		return c, false, err
	}
	return c.Assign(a, now)
}

// Assign assigns a queued conversation to a because a person chose to: the
// agent's capacity does not limit it (see Claim).
func (c Conversation) Assign(a Agent, now time.Time) (_ Conversation, changed bool, err error) {
	if c.Mode == ModeAssigned && c.AssigneeID == a.ID {
		return c, false, nil
	}
	if err := c.assignable(); err != nil {
		return c, false, err
	}
	if !a.Active() {
		return c, false, Errorf(ECONFLICT, "agent is %s and takes no conversations", a.State)
	}
	c.Mode, c.AssigneeID, c.UpdatedAt = ModeAssigned, a.ID, now
	return c, true, nil
}

func (c Conversation) assignable() error {
	if c.Mode == ModeAssigned {
		return Errorf(ECONFLICT, "conversation is assigned to another agent")
	}
	if c.Mode != ModeQueued {
		return c.notIn("queued")
	}
	return nil
}

// CheckCapacity refuses routing one more conversation to an agent who holds
// assigned conversations: an inactive agent, or one with no free seat. It
// limits automatic routing only (Conversation.Claim), never a person's own
// choice (Conversation.Assign).
func (a Agent) CheckCapacity(assigned int) error {
	if !a.Active() {
		return Errorf(ECONFLICT, "agent is %s and takes no conversations", a.State)
	}
	if assigned >= a.Capacity {
		return Errorf(ECONFLICT, "agent is at capacity (%d of %d)", assigned, a.Capacity)
	}
	return nil
}

// Transfer puts a queued or assigned conversation back in the queue under
// team, unassigned. QueuedAt stays, so it keeps its place by time. An empty
// team is EINVALID; bot or resolved is ECONFLICT.
func (c Conversation) Transfer(team string, now time.Time) (Conversation, error) {
	if team == "" {
		return c, Errorf(EINVALID, "transfer needs a team")
	}
	if err := validText("team", team); err != nil {
		return c, err
	}
	if c.Mode != ModeQueued && c.Mode != ModeAssigned {
		return c, c.notIn("queued or assigned")
	}
	c.Mode, c.Team, c.AssigneeID, c.UpdatedAt = ModeQueued, team, "", now
	c.QueuedAt = orNow(c.QueuedAt, now)
	return c, nil
}

// Resolve resolves a conversation in any mode at at (now when zero), keeping
// its assignee for reports. A resolved one is returned unchanged.
func (c Conversation) Resolve(at, now time.Time) (_ Conversation, changed bool) {
	if c.Mode == ModeResolved {
		return c, false
	}
	c.Mode, c.ResolvedAt, c.UpdatedAt = ModeResolved, orNow(at, now), now
	return c, true
}

// Reopen returns a resolved conversation to the bot or the queue (entering
// it now), unassigned and with ResolvedAt cleared. Team, urgency and due
// times stay; the desk may set new ones. Another mode is EINVALID; a
// conversation that is not resolved is ECONFLICT.
func (c Conversation) Reopen(mode Mode, now time.Time) (Conversation, error) {
	if mode != ModeBot && mode != ModeQueued {
		return c, Errorf(EINVALID, "reopen to %q: want bot or queued", mode)
	}
	if c.Mode != ModeResolved {
		return c, c.notIn("resolved")
	}
	c.Mode, c.AssigneeID, c.ResolvedAt, c.UpdatedAt = mode, "", time.Time{}, now
	if mode == ModeQueued {
		c.QueuedAt = now
	}
	return c, nil
}

// MarkResponse records a person's reply at at (now when zero): the first
// one sets FirstResponseAt; NextResponseDue becomes nextDue (zero clears it).
// UpdatedAt stays: a reply is not a change of the desk's state.
func (c Conversation) MarkResponse(at, nextDue, now time.Time) Conversation {
	if c.FirstResponseAt.IsZero() {
		c.FirstResponseAt = orNow(at, now)
	}
	c.NextResponseDue = nextDue
	return c
}

// Activity is the activity a change of c records: kind, with the fields
// that kind carries taken from c as it is stored.
func (c Conversation) Activity(kind ActivityKind, now time.Time) Activity {
	a := Activity{ID: NewID(), Kind: kind, SiteID: c.SiteID, ConversationID: c.ID, At: now}
	switch kind {
	case ActivityHandedOff:
		a.Team, a.Reason = c.Team, c.HandoffReason
	case ActivityAssigned, ActivityResolved:
		a.AgentID, a.Team = c.AssigneeID, c.Team
	case ActivityTransferred:
		a.Team = c.Team
	}
	return a
}

// Canonical checks a filter and fills its defaults: mode queued, limit
// DefaultQueueLimit (more than MaxQueueLimit, or negative, is EINVALID).
func (f QueueFilter) Canonical() (QueueFilter, error) {
	if f.Mode == "" {
		f.Mode = ModeQueued
	}
	if !f.Mode.Valid() {
		return f, Errorf(EINVALID, "unknown mode %q", f.Mode)
	}
	if f.Limit == 0 {
		f.Limit = DefaultQueueLimit
	}
	if f.Limit < 0 || f.Limit > MaxQueueLimit {
		return f, Errorf(EINVALID, "limit %d outside 1..%d", f.Limit, MaxQueueLimit)
	}
	return f, validTexts("site id", f.SiteID, "team", f.Team, "assignee id", f.AssigneeID)
}

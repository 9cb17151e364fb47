package parley

import "time"

// Mode is where a conversation stands: the bot answers, it waits in the queue,
// an agent has it, or it is resolved.
type Mode string

const (
	ModeBot      Mode = "bot"
	ModeQueued   Mode = "queued"
	ModeAssigned Mode = "assigned"
	ModeResolved Mode = "resolved"
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool {
	switch m {
	case ModeBot, ModeQueued, ModeAssigned, ModeResolved:
		return true
	}
	return false
}

// Conversation is one thread between a contact and the site.
type Conversation struct {
	ID        string
	SiteID    string
	ContactID string
	Mode      Mode
	Language  string
	LastSeq   int64
	CreatedAt time.Time
	UpdatedAt time.Time

	// The desk's part, set from the handoff on.
	Team             string  // team key the conversation is routed to
	AssigneeID       string  // agent id while assigned
	Urgency          Urgency // from the bot's assessment at handoff
	HandoffReason    string
	QueuedAt         time.Time
	FirstResponseDue time.Time // SLA due times (zero: no target)
	NextResponseDue  time.Time
	ResolutionDue    time.Time
	FirstResponseAt  time.Time // first reply by a person
	ResolvedAt       time.Time
}

// UrgencyRank orders urgencies for the queue: critical first.
func UrgencyRank(u Urgency) int {
	switch u {
	case UrgencyCritical:
		return 3
	case UrgencyHigh:
		return 2
	case UrgencyNormal, "":
		return 1
	}
	return 0
}

// Session is what a visitor token grants: exactly one contact and that
// contact's current conversation.
type Session struct {
	Contact      Contact
	Conversation Conversation
}

// Status is the visitor-visible state of a conversation.
type Status struct {
	Mode          Mode
	QueuePosition int    // 1-based, when queued
	ETASeconds    int    // 0 when unknown
	AgentName     string // when assigned
	Offline       bool   // nobody can answer now
	// OpensAt is when the team's business hours open next, while they
	// are closed (zero otherwise: open, or no agent online).
	OpensAt time.Time
}

// QueueFilter selects conversations for the desk and the agents' API. Zero
// fields select everything; the zero Mode is ModeQueued.
type QueueFilter struct {
	SiteID     string
	Team       string
	Mode       Mode
	AssigneeID string
	Limit      int // at most this many; 0 means 100, more than 1000 is refused
}

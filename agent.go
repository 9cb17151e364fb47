package parley

import "time"

// Role is what a person on the site's side may do.
type Role string

const (
	RoleAgent Role = "agent" // answers conversations
	RoleAdmin Role = "admin" // also curates the KB and changes settings
)

// Presence says whether an agent can take conversations now.
type Presence string

const (
	PresenceOnline  Presence = "online"
	PresenceAway    Presence = "away"
	PresenceOffline Presence = "offline"
)

// Agent is a person who answers conversations (agents and admins).
type Agent struct {
	ID        string
	Email     string
	Name      string
	Role      Role
	Teams     []string // team keys, e.g. "l1", "billing"
	Languages []string // base language codes the agent answers in
	Skills    []string
	Capacity  int // most conversations assigned at once
	CreatedAt time.Time
	State     AgentState // "" is active
}

// AgentState says whether a person may sign in. Agents are never removed:
// conversations, messages, assignments and the audit log keep their id and
// name, so a disabled or deleted agent's history reads as it did.
type AgentState string

const (
	// AgentActive (the zero value) signs in and takes conversations.
	AgentActive AgentState = ""
	// AgentDisabled keeps everything but cannot sign in, has no session or
	// API token left, and takes no conversation; it can be enabled again.
	AgentDisabled AgentState = "disabled"
	// AgentDeleted is final: the agent is kept only as the author of its
	// history; its email is free for a new agent, its password is gone, and
	// it is no longer listed among agents.
	AgentDeleted AgentState = "deleted"
)

// Active reports whether the agent may sign in and take conversations.
func (a Agent) Active() bool { return a.State == AgentActive }

// Team groups agents; routing sends a conversation to one team.
type Team struct {
	ID    string
	Key   string // stable key used in routing rules, e.g. "l2"
	Name  string
	Hours BusinessHours
}

// BusinessHours are a team's working hours in its time zone. Empty Weekly
// means always open (24/7).
type BusinessHours struct {
	TimeZone string                   // IANA name, e.g. "Europe/Belgrade"
	Weekly   map[time.Weekday][]Shift // split shifts allowed
	Holidays []string                 // closed dates, YYYY-MM-DD in TimeZone
}

// Shift is one working interval of a day, "09:00" to "17:30" (To after From).
type Shift struct {
	From string
	To   string
}

// SLAPolicy sets response targets for conversations of one urgency and
// segment (empty matches any).
type SLAPolicy struct {
	Urgency       Urgency
	Segment       Segment
	FirstResponse time.Duration
	NextResponse  time.Duration
	Resolution    time.Duration
	BusinessHours bool // count only the team's business hours
}

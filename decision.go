package parley

import "time"

// Action is what the bot decided to do with a visitor message.
type Action string

const (
	ActionAnswer  Action = "answer"  // replied from the knowledge base
	ActionClarify Action = "clarify" // asked the visitor to rephrase or choose
	ActionHandoff Action = "handoff" // passed the conversation to people
	ActionSilent  Action = "silent"  // said nothing (after a handoff, or no visitor input since its last message)
)

// Urgency of a conversation, from the visitor's words, tone and contact.
type Urgency string

const (
	UrgencyLow      Urgency = "low"
	UrgencyNormal   Urgency = "normal"
	UrgencyHigh     Urgency = "high"
	UrgencyCritical Urgency = "critical"
)

// ArticleRef names an article a bot answer used.
type ArticleRef struct {
	ID    string `json:"id"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Decision is one bot decision with its inputs, stored so that agents see
// why the bot acted and analytics can count it.
type Decision struct {
	ID             string
	ConversationID string
	MessageSeq     int64 // the visitor message decided on
	ReplySeq       int64 // the bot's reply, when it sent one
	Action         Action
	HandoffReason  string // e.g. "human_requested", "critical_urgency", "automation_cap"
	Team           string // the team a routed intent hands off to
	Intent         string
	Confidence     float64
	Language       string
	Urgency        Urgency
	Frustrated     bool
	Reasons        []string // urgency and policy reasons, machine-readable
	Articles       []ArticleRef
	CreatedAt      time.Time
}

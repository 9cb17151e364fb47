package parley

// EventKind names what happened in a conversation.
type EventKind string

const (
	EventMessage  EventKind = "message"    // a message was appended
	EventTyping   EventKind = "typing"     // someone is (not) typing; not stored
	EventStatus   EventKind = "status"     // the conversation's mode or queue place changed
	EventHuman    EventKind = "human"      // the visitor asked for a person
	EventContact  EventKind = "contact"    // the visitor left contact details
	EventFeedback EventKind = "feedback"   // helpful / not helpful on a bot message
	EventCSAT     EventKind = "csat"       // rating after resolution
	EventRead     EventKind = "read"       // the visitor read up to Seq
	EventBreach   EventKind = "sla_breach" // an SLA target passed; Comment names which
	EventDraft    EventKind = "draft"      // a bot message being written; not stored
)

// Event is what the gateway hands to the desk and what the broker fans out
// between nodes. Only the fields of its kind are set.
type Event struct {
	Kind           EventKind
	SiteID         string
	ConversationID string
	ContactID      string
	Message        *Message
	Status         *Status
	Author         *Author // typing
	On             bool    // typing
	Seq            int64   // feedback, read
	Helpful        bool    // feedback
	Score          int     // csat
	Comment        string  // csat
	Draft          *Draft  // draft
}

// Draft is the provisional text of a bot message still being written (an
// LLM's answer as it streams). It is never stored: the message that ends
// it carries meta.draft = ID and replaces it, and an empty Text withdraws
// it. ID is unique within the conversation.
type Draft struct {
	ID   string
	Text string // everything written so far, so one lost draft costs nothing
}

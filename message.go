package parley

import (
	"encoding/json"
	"time"
)

// AuthorKind says who wrote a message.
type AuthorKind string

const (
	AuthorVisitor AuthorKind = "visitor"
	AuthorBot     AuthorKind = "bot"
	AuthorAgent   AuthorKind = "agent"
	AuthorSystem  AuthorKind = "system"
)

// Author of a message. ID is the contact or agent id (empty for bot/system).
type Author struct {
	Kind AuthorKind
	ID   string
	Name string
}

// Message is one entry in a conversation's append-only log. Seq is assigned
// by the store: per conversation, strictly increasing.
type Message struct {
	ID             string
	ConversationID string
	Seq            int64
	ClientID       string // the sender's idempotency key; empty when none
	Author         Author
	Text           string
	Private        bool            // internal note: never shown to the visitor
	Meta           json.RawMessage // JSON object, e.g. a bot answer's intent and articles
	CreatedAt      time.Time
	// ConversationMode is the conversation's mode when AppendMessage stored
	// this message (zero on any other read, and on a duplicate): the desk
	// then knows without a read that people have the conversation. It is
	// not stored.
	ConversationMode Mode
}

// Limits on visitor input from the protocol.
const (
	MaxClientIDLen = 64
	MaxTextRunes   = 4000
)

// ReadMarks say how far each side has read a conversation, as message seqs:
// the visitor (the widget's read frames) and the agents (the console).
// Each only rises.
type ReadMarks struct {
	Visitor int64
	Agent   int64
}

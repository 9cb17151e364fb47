package parley

import (
	"bytes"
	"encoding/json"
	"time"
)

// Validate checks a message before it is appended: a conversation (else
// ErrNotFound), a known author kind, a client id of at most MaxClientIDLen
// bytes, texts any store can keep, and Meta a JSON object or none (else
// EINVALID). The text's length is the caller's rule (the protocol's
// MaxTextRunes for visitors), not the log's.
func (m Message) Validate() error {
	_, err := m.canonical()
	return err
}

// NewMessage checks m (Validate) and fills what appending gives it besides
// Seq: ID when empty, CreatedAt now when zero, and Meta in its canonical
// form (nil for none, else the trimmed object).
func NewMessage(m Message, now time.Time) (Message, error) {
	m, err := m.canonical()
	if err != nil {
		return m, err
	}
	if m.ID == "" {
		m.ID = NewID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now
	}
	return m, nil
}

func (m Message) canonical() (Message, error) {
	if m.ConversationID == "" {
		return m, ErrNotFound
	}
	switch m.Author.Kind {
	case AuthorVisitor, AuthorBot, AuthorAgent, AuthorSystem:
	default:
		return m, Errorf(EINVALID, "unknown author kind %q", m.Author.Kind)
	}
	if len(m.ClientID) > MaxClientIDLen {
		return m, Errorf(EINVALID, "client id longer than %d bytes", MaxClientIDLen)
	}
	if err := validTexts("client id", m.ClientID, "text", m.Text, "author id", m.Author.ID, "author name", m.Author.Name); err != nil {
		return m, err
	}
	meta, err := canonicalMeta(m.Meta)
	if err != nil {
		return m, err
	}
	m.Meta = meta
	return m, nil
}

// canonicalMeta returns a message's meta as stored: nil for none (empty or
// null), else the JSON object itself, trimmed.
func canonicalMeta(m json.RawMessage) (json.RawMessage, error) {
	t := bytes.TrimSpace(m)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil, nil
	}
	if t[0] != '{' || !json.Valid(t) {
		return nil, Errorf(EINVALID, "meta must be a JSON object")
	}
	if bytes.Contains(t, []byte(`\u0000`)) {
		return nil, Errorf(EINVALID, "meta contains a NUL character")
	}
	return t, nil
}

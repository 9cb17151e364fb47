package protocol

import (
	"encoding/json"
	"time"

	"github.com/parley-chat/parley"
)

// Server frame types.
const (
	TypeWelcome = "welcome"
	TypeMessage = "message"
	TypeAck     = "ack"
	TypeStatus  = "status"
	TypeError   = "error"
	TypeDraft   = "draft" // extension: a bot message being written
	// TypeReadBy (extension) says how far the other side has read.
	TypeReadBy = "read"
)

type AuthorJSON struct {
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
}

type AgentJSON struct {
	Name string `json:"name"`
}

type StatusJSON struct {
	Mode          string     `json:"mode"`
	QueuePosition int        `json:"queue_position,omitempty"`
	ETASeconds    int        `json:"eta_seconds,omitempty"`
	Agent         *AgentJSON `json:"agent,omitempty"`
	Offline       bool       `json:"offline"`
	OpensAt       string     `json:"opens_at,omitempty"` // extension: RFC 3339, while closed by business hours
}

type ContactJSON struct {
	ID      string `json:"id"`
	Segment string `json:"segment"`
}

type Welcome struct {
	Type           string      `json:"type"`
	Token          string      `json:"token"`
	ConversationID string      `json:"conversation_id"`
	Contact        ContactJSON `json:"contact"`
	Status         StatusJSON  `json:"status"`
	Site           *SiteJSON   `json:"site,omitempty"`
}

// SiteJSON is the welcome's extension with the site's widget settings, the
// texts already picked for the visitor's language (docs/protocol.md).
type SiteJSON struct {
	Color    string `json:"color,omitempty"`
	Position string `json:"position,omitempty"`
	Greeting string `json:"greeting,omitempty"`
	Away     string `json:"away,omitempty"`
	BotName  string `json:"bot_name,omitempty"` // empty: the widget's own "Assistant"
}

// SiteFor picks a site's settings for a visitor's language; nil when the
// site has none (the widget's defaults).
func SiteFor(s parley.Site, lang string) *SiteJSON {
	j := SiteJSON{Color: s.Theme.Color, Position: s.Theme.Position,
		Greeting: parley.Localized(s.Greetings, lang), Away: parley.Localized(s.Away, lang), BotName: s.BotName}
	if j == (SiteJSON{}) {
		return nil
	}
	return &j
}

type MessageJSON struct {
	Type      string          `json:"type"`
	Seq       int64           `json:"seq"`
	ID        string          `json:"id"`
	ClientID  string          `json:"client_id,omitempty"`
	Author    AuthorJSON      `json:"author"`
	Text      string          `json:"text"`
	CreatedAt string          `json:"created_at"`
	Meta      json.RawMessage `json:"meta,omitempty"`
}

type Ack struct {
	Type     string `json:"type"`
	ClientID string `json:"client_id"`
	Seq      int64  `json:"seq"`
}

type StatusFrame struct {
	Type string `json:"type"`
	StatusJSON
}

type TypingFrame struct {
	Type   string     `json:"type"`
	Author AuthorJSON `json:"author"`
	On     bool       `json:"on"`
}

// DraftFrame is sent only to clients whose hello asked for drafts.
type DraftFrame struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Text string `json:"text"`
}

// ReadFrame (an extension) tells the visitor that an agent has read the
// conversation up to Seq; By is "agent".
type ReadFrame struct {
	Type string `json:"type"`
	By   string `json:"by"`
	Seq  int64  `json:"seq"`
}

type ErrorFrame struct {
	Type         string `json:"type"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	RetryAfterMS int64  `json:"retry_after_ms,omitempty"`
	ClientID     string `json:"client_id,omitempty"`
}

// StatusOf converts a domain status to its wire form.
func StatusOf(s parley.Status) StatusJSON {
	out := StatusJSON{Mode: string(s.Mode), QueuePosition: s.QueuePosition, ETASeconds: s.ETASeconds, Offline: s.Offline}
	if s.AgentName != "" {
		out.Agent = &AgentJSON{Name: s.AgentName}
	}
	if !s.OpensAt.IsZero() {
		out.OpensAt = s.OpensAt.UTC().Format(time.RFC3339)
	}
	return out
}

// EncodeWelcome builds the answer to hello; site may be nil.
func EncodeWelcome(token string, sess parley.Session, st parley.Status, site *SiteJSON) []byte {
	return mustJSON(Welcome{
		Type: TypeWelcome, Token: token, ConversationID: sess.Conversation.ID,
		Contact: ContactJSON{ID: sess.Contact.ID, Segment: string(sess.Contact.Segment)},
		Status:  StatusOf(st), Site: site,
	})
}

// EncodeMessage builds a message frame. Private notes must never reach here.
// client_id is shown only on what the visitor's own frames caused: the bot's
// and agents' idempotency keys are internal.
func EncodeMessage(m parley.Message) []byte {
	clientID := m.ClientID
	if m.Author.Kind == parley.AuthorBot || m.Author.Kind == parley.AuthorAgent {
		clientID = ""
	}
	f := MessageJSON{
		Type: TypeMessage, Seq: m.Seq, ID: m.ID, ClientID: clientID,
		Author: AuthorJSON{Kind: string(m.Author.Kind), Name: m.Author.Name},
		Text:   m.Text, CreatedAt: m.CreatedAt.UTC().Format(time.RFC3339Nano), Meta: m.Meta,
	}
	if len(f.Meta) > 0 && !json.Valid(f.Meta) {
		f.Meta = nil // a bad meta must not cost the visitor the message
	}
	return mustJSON(f)
}

func EncodeAck(clientID string, seq int64) []byte {
	return mustJSON(Ack{Type: TypeAck, ClientID: clientID, Seq: seq})
}

func EncodeStatus(s parley.Status) []byte {
	return mustJSON(StatusFrame{Type: TypeStatus, StatusJSON: StatusOf(s)})
}

func EncodeTyping(a parley.Author, on bool) []byte {
	return mustJSON(TypingFrame{Type: "typing", Author: AuthorJSON{Kind: string(a.Kind), Name: a.Name}, On: on})
}

func EncodeDraft(d parley.Draft) []byte {
	return mustJSON(DraftFrame{Type: TypeDraft, ID: d.ID, Text: d.Text})
}

// EncodeAgentRead tells the visitor an agent has read up to seq.
func EncodeAgentRead(seq int64) []byte {
	return mustJSON(ReadFrame{Type: TypeReadBy, By: string(parley.AuthorAgent), Seq: seq})
}

// EncodeError builds an error frame; internal errors never reveal details.
func EncodeError(code, message string, retryAfter time.Duration, clientID string) []byte {
	f := ErrorFrame{Type: TypeError, Code: code, Message: message, ClientID: clientID}
	if retryAfter > 0 {
		f.RetryAfterMS = max(retryAfter.Milliseconds(), 1)
	}
	return mustJSON(f)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Every frame type here is plain data; failure is a programming error.
		panic("protocol: encode: " + err.Error())
	}
	return b
}

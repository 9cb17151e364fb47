package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/mail"
	"net/url"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/parley-chat/parley"
)

// Client frame types.
const (
	TypeHello    = "hello"
	TypeSend     = "send"
	TypeTyping   = "typing"
	TypeRead     = "read"
	TypeFeedback = "feedback"
	TypeContact  = "contact"
	TypeCSAT     = "csat"
	TypeHuman    = "human"
	TypePage     = "page" // extension: the visitor is on this page now
	TypeNPS      = "nps"  // extension: the answer to the NPS survey
	// TypeTranscript (extension) asks for the conversation by email.
	TypeTranscript = "transcript"
)

// Limits on fields the protocol leaves open.
const (
	MaxTokenLen   = 256
	MaxLocaleLen  = 35
	MaxURLLen     = 2048
	MaxTitleLen   = 512
	MaxNameLen    = 200
	MaxEmailLen   = 254
	MaxCommentLen = 2000
	MaxJWTLen     = 4096
	MaxAttrsLen   = 8192 // encoded size of identity.attributes
)

// Inbound is one decoded client frame: *Hello, *Send, *Typing, *Read,
// *Feedback, *Contact, *CSAT, *Human, or the extensions *PageView, *NPS
// and *Transcript.
type Inbound interface{ Type() string }

type Page struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

type Identity struct {
	UserID     string          `json:"user_id"`
	UserHash   string          `json:"user_hash"`
	JWT        string          `json:"jwt"`
	Email      string          `json:"email"`
	Name       string          `json:"name"`
	Attributes json.RawMessage `json:"attributes"`
}

type Hello struct {
	Token    string
	LastSeq  int64
	Locale   string
	Page     *Page
	Identity *Identity
	// Drafts (an extension) asks for draft frames: bot answers shown as
	// they are written. Clients that do not ask never get them.
	Drafts bool
	// Reads (an extension) asks for read frames: how far an agent has read.
	Reads bool
}

// Send is a visitor message: text, attachments (an extension: ids of files
// the visitor uploaded to this conversation), or both.
type Send struct {
	ClientID    string
	Text        string
	Attachments []string
}
type Typing struct{ On bool }
type Read struct{ Seq int64 }
type Feedback struct {
	Seq     int64
	Helpful bool
}

// Contact, CSAT and Human may carry an optional client_id (an extension): the
// frame is then idempotent and answered with an ack like a send.
type Contact struct{ ClientID, Email, Name string }
type CSAT struct {
	ClientID string
	Score    int
	Comment  string
}
type Human struct{ ClientID string }

// PageView reports the page the visitor is on (on load and on in-page
// navigation); NPS answers the survey (score 0–10).
type PageView struct{ URL, Title string }
type NPS struct {
	ClientID string
	Score    int
	Comment  string
}

func (*Hello) Type() string    { return TypeHello }
func (*Send) Type() string     { return TypeSend }
func (*Typing) Type() string   { return TypeTyping }
func (*Read) Type() string     { return TypeRead }
func (*Feedback) Type() string { return TypeFeedback }
func (*Contact) Type() string  { return TypeContact }
func (*CSAT) Type() string     { return TypeCSAT }
func (*Human) Type() string    { return TypeHuman }
func (*PageView) Type() string { return TypePage }
func (*NPS) Type() string      { return TypeNPS }

// envelope holds every field any client frame may carry: one decoding pass.
type envelope struct {
	Type     *string   `json:"type"`
	Token    *string   `json:"token"`
	LastSeq  *int64    `json:"last_seq"`
	Locale   *string   `json:"locale"`
	Page     *Page     `json:"page"`
	Identity *Identity `json:"identity"`
	ClientID *string   `json:"client_id"`
	Text     *string   `json:"text"`
	On       *bool     `json:"on"`
	Seq      *int64    `json:"seq"`
	Helpful  *bool     `json:"helpful"`
	Email    *string   `json:"email"`
	Name     *string   `json:"name"`
	Score    *int      `json:"score"`
	Comment  *string   `json:"comment"`
	URL      *string   `json:"url"`
	Title    *string   `json:"title"`
	Drafts   *bool     `json:"drafts"`
	Reads    *bool     `json:"reads"`
	// Attachments (send, an extension) are uploaded attachment ids.
	Attachments []string `json:"attachments"`
}

func bad(format string, args ...any) *parley.Error {
	return parley.Errorf(parley.EBADFRAME, format, args...)
}

// Decode parses and validates one client frame. Unknown fields are ignored so
// newer clients keep working; a wrong type for a known field is an error.
func Decode(data []byte) (Inbound, error) {
	if !utf8.Valid(data) {
		return nil, bad("frame is not valid UTF-8")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, bad("frame must be a JSON object")
	}
	var e envelope
	if err := json.Unmarshal(trimmed, &e); err != nil {
		return nil, bad("invalid JSON: %s", jsonProblem(err))
	}
	if e.Type == nil {
		return nil, bad(`frame has no "type"`)
	}
	switch *e.Type {
	case TypeHello:
		return decodeHello(&e)
	case TypeSend:
		return decodeSend(&e)
	case TypeTyping:
		if e.On == nil {
			return nil, bad(`typing needs "on" (true or false)`)
		}
		return &Typing{On: *e.On}, nil
	case TypeRead:
		seq, err := needSeq(&e, "read")
		return &Read{Seq: seq}, err
	case TypeFeedback:
		seq, err := needSeq(&e, "feedback")
		if err != nil {
			return nil, err
		}
		if e.Helpful == nil {
			return nil, bad(`feedback needs "helpful" (true or false)`)
		}
		return &Feedback{Seq: seq, Helpful: *e.Helpful}, nil
	case TypeContact:
		return decodeContact(&e)
	case TypeCSAT:
		return decodeCSAT(&e)
	case TypeHuman:
		id, err := optionalClientID(&e)
		return &Human{ClientID: id}, err
	case TypePage:
		return decodePage(&e)
	case TypeNPS:
		return decodeNPS(&e)
	case TypeTranscript:
		return decodeTranscript(&e)
	}
	return nil, bad("unknown frame type %q", truncate(*e.Type, 40))
}

func decodeHello(e *envelope) (Inbound, error) {
	h := &Hello{Token: str(e.Token), Locale: str(e.Locale), Page: e.Page, Identity: e.Identity, Drafts: e.Drafts != nil && *e.Drafts, Reads: e.Reads != nil && *e.Reads}
	if len(h.Token) > MaxTokenLen {
		return nil, bad("hello.token is too long")
	}
	if e.LastSeq != nil {
		if *e.LastSeq < 0 {
			return nil, bad("hello.last_seq must be 0 or more")
		}
		h.LastSeq = *e.LastSeq
	}
	if len(h.Locale) > MaxLocaleLen {
		return nil, bad("hello.locale is too long")
	}
	if p := h.Page; p != nil && (len(p.URL) > MaxURLLen || len(p.Title) > MaxTitleLen) {
		return nil, bad("hello.page.url or title is too long")
	}
	if id := h.Identity; id != nil {
		switch {
		case len(id.UserID) > 256 || len(id.UserHash) > 128 || len(id.JWT) > MaxJWTLen:
			return nil, bad("hello.identity field is too long")
		case len(id.Email) > MaxEmailLen || len(id.Name) > MaxNameLen:
			return nil, bad("hello.identity.email or name is too long")
		case len(id.Attributes) > MaxAttrsLen:
			return nil, bad("hello.identity.attributes is too large")
		case len(id.Attributes) > 0 && bytes.TrimSpace(id.Attributes)[0] != '{' && string(bytes.TrimSpace(id.Attributes)) != "null":
			return nil, bad("hello.identity.attributes must be an object")
		}
	}
	return h, nil
}

func decodeSend(e *envelope) (Inbound, error) {
	id, err := clientID(e.ClientID, "send")
	if err != nil {
		return nil, err
	}
	files, ferr := attachmentIDs(e.Attachments)
	if ferr != nil {
		return nil, withClientID(ferr, id)
	}
	if e.Text == nil && len(files) == 0 {
		return nil, withClientID(bad(`send needs "text"`), id)
	}
	text := strings.TrimSpace(str(e.Text))
	n := utf8.RuneCountInString(text)
	if n == 0 && len(files) == 0 {
		return nil, withClientID(bad("send.text is empty"), id)
	}
	if n > parley.MaxTextRunes {
		return nil, withClientID(parley.Errorf(parley.ETOOLARGE, "send.text has %d characters; the limit is %d", n, parley.MaxTextRunes), id)
	}
	return &Send{ClientID: id, Text: text, Attachments: files}, nil
}

// maxAttachmentIDLen bounds one attachment id (ids are 26 characters).
const maxAttachmentIDLen = 64

// attachmentIDs checks send.attachments: at most
// parley.MaxAttachmentsPerMessage distinct, well-formed ids; null or an
// empty list is none.
func attachmentIDs(ids []string) ([]string, *parley.Error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > parley.MaxAttachmentsPerMessage {
		return nil, bad("send.attachments has %d ids; the limit is %d", len(ids), parley.MaxAttachmentsPerMessage)
	}
	seen := make(map[string]bool, len(ids))
	for i, a := range ids {
		if a == "" || len(a) > maxAttachmentIDLen || strings.ContainsFunc(a, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return nil, bad("send.attachments[%d] is not an attachment id", i)
		}
		if seen[a] {
			return nil, bad("send.attachments names %s twice", truncate(a, 40))
		}
		seen[a] = true
	}
	return ids, nil
}

func decodeContact(e *envelope) (Inbound, error) {
	id, err := optionalClientID(e)
	if err != nil {
		return nil, err
	}
	c := &Contact{ClientID: id, Email: strings.TrimSpace(str(e.Email)), Name: strings.TrimSpace(str(e.Name))}
	if c.Email == "" {
		return nil, withClientID(bad(`contact needs "email"`), id)
	}
	if len(c.Email) > MaxEmailLen {
		return nil, withClientID(bad("contact.email is too long"), id)
	}
	if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || a.Name != "" {
		return nil, withClientID(bad("contact.email is not a valid email address"), id)
	}
	if utf8.RuneCountInString(c.Name) > MaxNameLen {
		return nil, withClientID(bad("contact.name is too long"), id)
	}
	return c, nil
}

func decodeCSAT(e *envelope) (Inbound, error) {
	id, score, comment, err := decodeRating(e, "csat", 1, 5)
	if err != nil {
		return nil, err
	}
	return &CSAT{ClientID: id, Score: score, Comment: comment}, nil
}

// decodeRating reads what csat and nps carry: a score from lo to hi and an
// optional comment.
func decodeRating(e *envelope, frame string, lo, hi int) (id string, score int, comment string, err error) {
	if id, err = optionalClientID(e); err != nil {
		return "", 0, "", err
	}
	if e.Score == nil || *e.Score < lo || *e.Score > hi {
		return "", 0, "", withClientID(bad("%s.score must be a whole number from %d to %d", frame, lo, hi), id)
	}
	comment = strings.TrimSpace(str(e.Comment))
	if utf8.RuneCountInString(comment) > MaxCommentLen {
		return "", 0, "", withClientID(bad("%s.comment is too long (limit %d characters)", frame, MaxCommentLen), id)
	}
	return id, *e.Score, comment, nil
}

func decodePage(e *envelope) (Inbound, error) {
	p := &PageView{URL: str(e.URL), Title: strings.TrimSpace(str(e.Title))}
	if p.URL == "" {
		return nil, bad(`page needs "url"`)
	}
	if len(p.URL) > MaxURLLen || len(p.Title) > MaxTitleLen {
		return nil, bad("page.url or page.title is too long (limits %d and %d bytes)", MaxURLLen, MaxTitleLen)
	}
	if u, err := url.Parse(p.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, bad("page.url must be an absolute http or https URL")
	}
	return p, nil
}

func decodeNPS(e *envelope) (Inbound, error) {
	id, score, comment, err := decodeRating(e, "nps", 0, 10)
	if err != nil {
		return nil, err
	}
	return &NPS{ClientID: id, Score: score, Comment: comment}, nil
}

func needSeq(e *envelope, frame string) (int64, error) {
	if e.Seq == nil || *e.Seq < 1 {
		return 0, bad("%s needs \"seq\" (a message seq, 1 or more)", frame)
	}
	return *e.Seq, nil
}

func clientID(v *string, frame string) (string, error) {
	if v == nil {
		return "", bad(`%s needs "client_id"`, frame)
	}
	if n := utf8.RuneCountInString(*v); n < 1 || n > parley.MaxClientIDLen {
		return "", bad("%s.client_id must be 1 to %d characters", frame, parley.MaxClientIDLen)
	}
	return *v, nil
}

func optionalClientID(e *envelope) (string, error) {
	if e.ClientID == nil || *e.ClientID == "" {
		return "", nil
	}
	return clientID(e.ClientID, *e.Type)
}

// ClientIDError is a refusal of a frame that carried a client_id; the error
// frame then names it so the client knows which message was refused.
type ClientIDError struct {
	Err      *parley.Error
	ClientID string
}

func (e *ClientIDError) Error() string { return e.Err.Error() }
func (e *ClientIDError) Unwrap() error { return e.Err }

func withClientID(err *parley.Error, id string) error {
	if id == "" {
		return err
	}
	return &ClientIDError{Err: err, ClientID: id}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// jsonProblem turns encoding/json's error into a short client-facing phrase
// without echoing the client's bytes back at length.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return "field " + truncate(te.Field, 40) + " must be " + jsonKind(te.Type.Kind())
	case errors.As(err, &se):
		return "syntax error"
	}
	return "cannot parse"
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	case reflect.Slice:
		return "a list"
	}
	return "of another type"
}

package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-chat/parley"
)

// Time returns t in UTC at microsecond precision, the finest PostgreSQL keeps,
// so a value returned by a store equals the value read back later.
func Time(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Text refuses strings PostgreSQL cannot store (invalid UTF-8, NUL), so both
// stores accept the same input.
func Text(field, s string) error {
	if !utf8.ValidString(s) {
		return parley.Errorf(parley.EINVALID, "%s is not valid UTF-8", field)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return parley.Errorf(parley.EINVALID, "%s contains a NUL byte", field)
	}
	return nil
}

// Texts checks pairs of field name and value.
func Texts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := Text(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// TokenHash refuses anything but a SHA-256 digest, so a plaintext token can
// never be stored by mistake.
func TokenHash(h []byte) error {
	if len(h) != sha256.Size {
		return parley.Errorf(parley.EINVALID, "token hash must be %d bytes", sha256.Size)
	}
	return nil
}

// Meta returns the stored form of a message's meta: nil for none, else the
// JSON object itself.
func Meta(m json.RawMessage) ([]byte, error) {
	t := bytes.TrimSpace(m)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil, nil
	}
	if t[0] != '{' || !json.Valid(t) {
		return nil, parley.Errorf(parley.EINVALID, "meta must be a JSON object")
	}
	if bytes.Contains(t, []byte(`\u0000`)) {
		return nil, parley.Errorf(parley.EINVALID, "meta contains a NUL character")
	}
	return t, nil
}

// Message checks a message before it is appended and fills what the store
// assigns besides Seq: ID when empty and CreatedAt (now when zero).
func Message(m parley.Message, now time.Time) (parley.Message, []byte, error) {
	if m.ConversationID == "" {
		return m, nil, parley.ErrNotFound
	}
	switch m.Author.Kind {
	case parley.AuthorVisitor, parley.AuthorBot, parley.AuthorAgent, parley.AuthorSystem:
	default:
		return m, nil, parley.Errorf(parley.EINVALID, "unknown author kind %q", m.Author.Kind)
	}
	if len(m.ClientID) > parley.MaxClientIDLen {
		return m, nil, parley.Errorf(parley.EINVALID, "client id longer than %d bytes", parley.MaxClientIDLen)
	}
	if err := Texts("client id", m.ClientID, "text", m.Text, "author id", m.Author.ID, "author name", m.Author.Name); err != nil {
		return m, nil, err
	}
	meta, err := Meta(m.Meta)
	if err != nil {
		return m, nil, err
	}
	if m.ID == "" {
		m.ID = parley.NewID()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now
	}
	m.CreatedAt = Time(m.CreatedAt)
	m.Meta = meta
	return m, meta, nil
}

// Segment returns s, visitor when empty, or EINVALID when unknown.
func Segment(s parley.Segment) (parley.Segment, error) {
	if s == "" {
		return parley.SegmentVisitor, nil
	}
	if !s.Valid() {
		return "", parley.Errorf(parley.EINVALID, "unknown segment %q", s)
	}
	return s, nil
}

// Contact checks a new contact's fields.
func Contact(c parley.Contact) (parley.Contact, error) {
	seg, err := Segment(c.Segment)
	if err != nil {
		return c, err
	}
	c.Segment = seg
	if err := Texts("user id", c.UserID, "email", c.Email, "name", c.Name, "locale", c.Locale); err != nil {
		return c, err
	}
	if _, err := Attributes(c.Attributes); err != nil {
		return c, err
	}
	return c, nil
}

// Patch checks a contact patch.
func Patch(p parley.ContactPatch) error {
	if p.Segment != "" && !p.Segment.Valid() {
		return parley.Errorf(parley.EINVALID, "unknown segment %q", p.Segment)
	}
	if err := Texts("email", p.Email, "name", p.Name, "locale", p.Locale); err != nil {
		return err
	}
	_, err := Attributes(p.Attributes)
	return err
}

// Merge applies p to c: non-empty fields replace, the segment only rises,
// attributes merge key by key. c.Attributes is copied, never mutated.
func Merge(c parley.Contact, p parley.ContactPatch) parley.Contact {
	if p.Email != "" {
		c.Email = p.Email
	}
	if p.Name != "" {
		c.Name = p.Name
	}
	if p.Locale != "" {
		c.Locale = p.Locale
	}
	c.Segment = c.Segment.Max(p.Segment)
	if len(p.Attributes) > 0 {
		a := make(map[string]any, len(c.Attributes)+len(p.Attributes))
		maps.Copy(a, c.Attributes)
		maps.Copy(a, p.Attributes)
		c.Attributes = a
	}
	return c
}

// IdentityPatch is the patch an identity proof applies to its contact.
func IdentityPatch(id parley.Identity) parley.ContactPatch {
	return parley.ContactPatch{Email: id.Email, Name: id.Name, Segment: parley.SegmentUser, Attributes: id.Attributes}
}

// Identity checks an identity claim.
func Identity(id parley.Identity) error {
	if id.UserID == "" {
		return parley.Errorf(parley.EINVALID, "identity without user id")
	}
	if err := Texts("user id", id.UserID, "email", id.Email, "name", id.Name); err != nil {
		return err
	}
	_, err := Attributes(id.Attributes)
	return err
}

// Attributes returns the stored JSON form of contact attributes.
func Attributes(a map[string]any) ([]byte, error) {
	if len(a) == 0 {
		return []byte("{}"), nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "attributes are not JSON: %v", err)
	}
	if bytes.Contains(b, []byte(`\u0000`)) {
		return nil, parley.Errorf(parley.EINVALID, "attributes contain a NUL character")
	}
	return b, nil
}

// ParseAttributes reads stored attributes; empty is nil.
func ParseAttributes(b []byte) (map[string]any, error) {
	var a map[string]any
	if len(b) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, err
	}
	if len(a) == 0 {
		return nil, nil
	}
	return a, nil
}

// Origins returns the stored JSON form of allowed origins.
func Origins(o []string) []byte {
	if len(o) == 0 {
		return []byte("[]")
	}
	b, _ := json.Marshal(o) // strings always marshal
	return b
}

// ParseOrigins reads stored origins; empty is nil.
func ParseOrigins(b []byte) ([]string, error) {
	var o []string
	if len(b) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, err
	}
	if len(o) == 0 {
		return nil, nil
	}
	return o, nil
}

// Limit refuses a non-positive page size rather than guessing one.
func Limit(n int) error {
	if n <= 0 {
		return parley.Errorf(parley.EINVALID, "limit must be positive")
	}
	return nil
}

// ConversationTimes returns c with every time in the stored form (Time;
// zero stays zero), so the conversation a transition returns equals the one
// read back.
func ConversationTimes(c parley.Conversation) parley.Conversation {
	for _, t := range []*time.Time{&c.CreatedAt, &c.UpdatedAt, &c.QueuedAt, &c.FirstResponseDue,
		&c.NextResponseDue, &c.ResolutionDue, &c.FirstResponseAt, &c.ResolvedAt} {
		*t = OptTime(*t)
	}
	return c
}

// OptTime is Time for a time that may be unset: zero stays zero.
func OptTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return Time(t)
}

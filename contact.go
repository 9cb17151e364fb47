package parley

import "time"

// Segment says how much a site knows about a contact. It only ever rises:
// visitor → lead (left contact details) → user (identity proven by the site).
type Segment string

const (
	SegmentVisitor Segment = "visitor"
	SegmentLead    Segment = "lead"
	SegmentUser    Segment = "user"
)

func (s Segment) rank() int {
	switch s {
	case SegmentLead:
		return 1
	case SegmentUser:
		return 2
	}
	return 0
}

// Max returns the higher of two segments.
func (s Segment) Max(o Segment) Segment {
	if o.rank() > s.rank() {
		return o
	}
	return s
}

// Valid reports whether s is one of the three segments.
func (s Segment) Valid() bool {
	return s == SegmentVisitor || s == SegmentLead || s == SegmentUser
}

// Contact is a person on a site's side of the chat.
type Contact struct {
	ID         string
	SiteID     string
	Segment    Segment
	UserID     string // the site's own user id, set once identity is proven
	Email      string
	Name       string
	Locale     string
	Attributes map[string]any
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Identity is what a visitor claims about themselves in `hello`, after the
// gateway has verified it.
type Identity struct {
	UserID     string
	Email      string
	Name       string
	Attributes map[string]any
}

// ContactPatch is a partial update of a contact: non-empty fields replace,
// Segment only rises, Attributes merge key by key.
type ContactPatch struct {
	Email      string
	Name       string
	Locale     string
	Segment    Segment
	Attributes map[string]any
}

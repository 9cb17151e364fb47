package codec

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/parley-chat/parley"
)

// Time returns t in UTC at microsecond precision, the finest PostgreSQL keeps,
// so a value returned by a store equals the value read back later.
func Time(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Attributes returns the stored JSON form of contact attributes, which
// parley.Contact.Canonical (or ContactPatch.Validate, Identity.Validate)
// has checked.
func Attributes(a map[string]any) ([]byte, error) {
	if len(a) == 0 {
		return []byte("{}"), nil
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("attributes: %w", err)
	}
	return b, nil
}

// ParseAttributes reads stored attributes; empty is nil.
func ParseAttributes(b []byte) (map[string]any, error) {
	return parseJSON[map[string]any](b, "")
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
	return parseJSON[[]string](b, "")
}

// parseJSON reads a stored JSON list or map; an empty one, or none, is
// nil. A failure is wrapped with what, when there is one.
func parseJSON[T any](b []byte, what string) (T, error) {
	var v, none T
	if len(b) == 0 {
		return none, nil
	}
	if err := json.Unmarshal(b, &v); err != nil {
		if what != "" {
			err = fmt.Errorf("%s: %w", what, err)
		}
		return none, err
	}
	if reflect.ValueOf(v).Len() == 0 {
		return none, nil
	}
	return v, nil
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

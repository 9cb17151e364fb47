package parley

import (
	"math"
	"reflect"
	"time"
)

// NewDecision checks a bot decision before it is recorded and fills what
// recording gives it: ID when empty, CreatedAt now when zero, Language as a
// canonical tag, empty Reasons and Articles nil. A missing conversation is
// ErrNotFound; an unknown action or urgency, a negative seq, a confidence
// outside 0..1 or a text no store can keep is EINVALID.
func NewDecision(d Decision, now time.Time) (Decision, error) {
	if d.ConversationID == "" {
		return d, ErrNotFound
	}
	switch d.Action {
	case ActionAnswer, ActionClarify, ActionHandoff, ActionSilent:
	default:
		return d, Errorf(EINVALID, "unknown action %q", d.Action)
	}
	if err := validUrgency(d.Urgency); err != nil {
		return d, err
	}
	if d.MessageSeq < 0 || d.ReplySeq < 0 {
		return d, Errorf(EINVALID, "negative message seq")
	}
	if math.IsNaN(d.Confidence) || d.Confidence < 0 || d.Confidence > 1 {
		return d, Errorf(EINVALID, "confidence %v outside 0..1", d.Confidence)
	}
	lang, err := LanguageTag(d.Language)
	if err != nil {
		return d, err
	}
	d.Language = lang
	if err := validTexts("id", d.ID, "handoff reason", d.HandoffReason, "intent", d.Intent); err != nil {
		return d, err
	}
	for _, r := range d.Reasons {
		if err := validText("reason", r); err != nil {
			return d, err
		}
	}
	for _, a := range d.Articles {
		if err := validTexts("article id", a.ID, "article slug", a.Slug, "article title", a.Title, "article url", a.URL); err != nil {
			return d, err
		}
	}
	if d.ID == "" {
		d.ID = NewID()
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if len(d.Reasons) == 0 {
		d.Reasons = nil
	}
	if len(d.Articles) == 0 {
		d.Articles = nil
	}
	return d, nil
}

// Same reports whether d and o (both as NewDecision returned them, or as
// stored) are one decision, so recording it again is a retry, not a
// conflict.
func (d Decision) Same(o Decision) bool {
	if !d.CreatedAt.Equal(o.CreatedAt) {
		return false
	}
	d.CreatedAt, o.CreatedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(d, o)
}

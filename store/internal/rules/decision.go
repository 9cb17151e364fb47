package rules

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// MaxLanguageLen bounds a language tag; BCP 47 asks implementations to
// handle at least 35 characters.
const MaxLanguageLen = 35

// Language checks a BCP 47-style tag ("en", "sr-Latn", "pt-BR") and returns
// it in canonical case: language lower, script title, region upper, the rest
// lower. The first subtag is 2–3 letters, each later one 1–8 letters or
// digits. Empty stays empty (no language).
func Language(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	bad := func() (string, error) {
		return "", parley.Errorf(parley.EINVALID, "language %q is not a tag like en or pt-BR", s)
	}
	if len(s) > MaxLanguageLen {
		return bad()
	}
	parts := strings.Split(s, "-")
	singleton := false // after an extension or private-use singleton, all is lower case
	for i, p := range parts {
		if p == "" || len(p) > 8 || !alnum(p) {
			return bad()
		}
		switch {
		case i == 0:
			if len(p) < 2 || len(p) > 3 || !letters(p) {
				return bad()
			}
			p = strings.ToLower(p)
		case singleton:
			p = strings.ToLower(p)
		case len(p) == 1:
			singleton, p = true, strings.ToLower(p)
		case len(p) == 4 && letters(p):
			p = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		case len(p) == 2 && letters(p):
			p = strings.ToUpper(p)
		default:
			p = strings.ToLower(p)
		}
		parts[i] = p
	}
	return strings.Join(parts, "-"), nil
}

func alnum(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func letters(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// Decision checks a bot decision before it is recorded and fills what the
// store assigns: ID when empty and CreatedAt (now when zero). It returns the
// stored JSON forms of Reasons and Articles.
func Decision(d parley.Decision, now time.Time) (parley.Decision, []byte, []byte, error) {
	fail := func(err error) (parley.Decision, []byte, []byte, error) { return d, nil, nil, err }
	if d.ConversationID == "" {
		return fail(parley.ErrNotFound)
	}
	switch d.Action {
	case parley.ActionAnswer, parley.ActionClarify, parley.ActionHandoff, parley.ActionSilent:
	default:
		return fail(parley.Errorf(parley.EINVALID, "unknown action %q", d.Action))
	}
	switch d.Urgency {
	case "", parley.UrgencyLow, parley.UrgencyNormal, parley.UrgencyHigh, parley.UrgencyCritical:
	default:
		return fail(parley.Errorf(parley.EINVALID, "unknown urgency %q", d.Urgency))
	}
	if d.MessageSeq < 0 || d.ReplySeq < 0 {
		return fail(parley.Errorf(parley.EINVALID, "negative message seq"))
	}
	if math.IsNaN(d.Confidence) || d.Confidence < 0 || d.Confidence > 1 {
		return fail(parley.Errorf(parley.EINVALID, "confidence %v outside 0..1", d.Confidence))
	}
	lang, err := Language(d.Language)
	if err != nil {
		return fail(err)
	}
	d.Language = lang
	if err := Texts("id", d.ID, "handoff reason", d.HandoffReason, "intent", d.Intent); err != nil {
		return fail(err)
	}
	for _, r := range d.Reasons {
		if err := Text("reason", r); err != nil {
			return fail(err)
		}
	}
	for _, a := range d.Articles {
		if err := Texts("article id", a.ID, "article slug", a.Slug, "article title", a.Title, "article url", a.URL); err != nil {
			return fail(err)
		}
	}
	if d.ID == "" {
		d.ID = parley.NewID()
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	d.CreatedAt = Time(d.CreatedAt)
	if len(d.Reasons) == 0 {
		d.Reasons = nil
	}
	if len(d.Articles) == 0 {
		d.Articles = nil
	}
	articles := []byte("[]")
	if len(d.Articles) > 0 {
		articles, _ = json.Marshal(d.Articles) // strings always marshal
	}
	return d, Origins(d.Reasons), articles, nil
}

// ParseDecision fills a scanned decision's Reasons and Articles from their
// stored JSON; empty lists are nil.
func ParseDecision(d *parley.Decision, reasons, articles []byte) error {
	var err error
	if d.Reasons, err = ParseOrigins(reasons); err != nil {
		return err
	}
	d.Articles = nil
	if len(articles) > 0 {
		if err := json.Unmarshal(articles, &d.Articles); err != nil {
			return err
		}
	}
	if len(d.Articles) == 0 {
		d.Articles = nil
	}
	return nil
}

// SameDecision reports whether a and b (both as Decision returned them) are
// one decision: recording it again is a retry, not a conflict.
func SameDecision(a, b parley.Decision) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return false
	}
	a.CreatedAt, b.CreatedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

package proactive

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// Period is how often one rule may message one contact.
const Period = 24 * time.Hour

// Quiet is how long after the conversation's last change a proactive
// message may interrupt: a visitor who just talked is not prompted.
const Quiet = 10 * time.Minute

// Visit is the page the visitor is on and since when.
type Visit struct {
	URL   string
	Since time.Time
}

// State is what matters of the conversation: its mode and its last change.
type State struct {
	Mode    parley.Mode
	LastSeq int64
	Updated time.Time
}

// Active reports a conversation a proactive message must not interrupt:
// waiting for or talking to a person, or any message in the last Quiet.
func (s State) Active(now time.Time) bool {
	if s.Mode == parley.ModeQueued || s.Mode == parley.ModeAssigned {
		return true
	}
	return s.LastSeq > 0 && now.Sub(s.Updated) < Quiet
}

// Next returns the rule to fire now (ok), or else the shortest wait until
// one may fire (wait > 0), or neither when no rule can fire on this visit.
// Rules are tried in order; inactive and non-matching ones are skipped.
// Rules whose ids are in skip (already tried on this visit) are passed over.
func Next(rules []parley.ProactiveRule, v Visit, c parley.Contact, s State, skip map[string]bool, now time.Time) (rule parley.ProactiveRule, ok bool, wait time.Duration) {
	if s.Active(now) {
		return rule, false, 0
	}
	for _, r := range rules {
		if skip[r.ID] || !Matches(r, v.URL, c) {
			continue
		}
		left := time.Duration(r.MinSecondsOnPage)*time.Second - now.Sub(v.Since)
		if left <= 0 {
			return r, true, 0
		}
		if wait == 0 || left < wait {
			wait = left
		}
	}
	return rule, false, wait
}

// Matches reports whether an active rule applies to this page and contact.
func Matches(r parley.ProactiveRule, pageURL string, c parley.Contact) bool {
	if !r.Active || !MatchURL(r.URLPattern, pageURL) {
		return false
	}
	if len(r.Segments) > 0 && !slices.Contains(r.Segments, cmpSegment(c.Segment)) {
		return false
	}
	for k, want := range r.Attributes {
		v, ok := c.Attributes[k]
		if !ok || attrText(v) != want {
			return false
		}
	}
	return true
}

func cmpSegment(s parley.Segment) parley.Segment {
	if s == "" {
		return parley.SegmentVisitor
	}
	return s
}

// attrText is an attribute as the admin types it: strings as they are,
// numbers and booleans as JSON writes them.
func attrText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// MatchURL matches a glob where * is any run of characters: against the
// path and query when the pattern starts with "/", else the whole URL.
func MatchURL(pattern, raw string) bool {
	subject := raw
	if strings.HasPrefix(pattern, "/") {
		u, err := url.Parse(raw)
		if err != nil {
			return false
		}
		subject = u.EscapedPath()
		if subject == "" {
			subject = "/"
		}
		if u.RawQuery != "" {
			subject += "?" + u.RawQuery
		}
	}
	return glob(pattern, subject)
}

// glob matches with the classic two-pointer backtracking: linear in
// practice, never exponential.
func glob(p, s string) bool {
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && p[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// ClaimKey is the store's claim key for a rule's message to a contact.
func ClaimKey(ruleID string) string { return "proactive:" + ruleID }

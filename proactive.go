package parley

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ProactiveRule is a message the bot starts a conversation with, on a page
// the visitor has stayed on for a while (package proactive decides when).
type ProactiveRule struct {
	ID   string
	Name string
	// URLPattern is a glob over the page's path and query ("/pricing*"), or
	// over the whole URL when it does not start with "/"; * matches any run
	// of characters.
	URLPattern       string
	MinSecondsOnPage int
	Segments         []Segment         // the contact's segment is one of these; empty: any
	Attributes       map[string]string // every one equals the contact's attribute (as text)
	Messages         map[string]string // language tag → text, picked with Localized
	Active           bool
}

// Proactive rule limits.
const (
	MaxProactiveRules   = 50
	MaxProactiveSeconds = 24 * 60 * 60
	MaxURLPatternLen    = 512
)

// ValidateProactive checks a site's whole rule list: each rule, and ids
// unique within it.
func ValidateProactive(rules []ProactiveRule) error {
	if len(rules) > MaxProactiveRules {
		return Errorf(EINVALID, "at most %d proactive rules per site", MaxProactiveRules)
	}
	seen := make(map[string]bool, len(rules))
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			return Errorf(EINVALID, "rules[%d]: %s", i, ErrorMessage(err))
		}
		if seen[r.ID] {
			return Errorf(EINVALID, "rules[%d]: id %q is used twice", i, r.ID)
		}
		seen[r.ID] = true
	}
	return nil
}

// Validate checks one rule.
func (r ProactiveRule) Validate() error {
	if r.ID == "" || len(r.ID) > 64 || !printable(r.ID) {
		return Errorf(EINVALID, "id must be 1 to 64 printable characters")
	}
	if utf8.RuneCountInString(r.Name) > 200 || !printable(r.Name) {
		return Errorf(EINVALID, "name must be at most 200 printable characters")
	}
	if r.URLPattern == "" || len(r.URLPattern) > MaxURLPatternLen || !printable(r.URLPattern) {
		return Errorf(EINVALID, "url_pattern must be 1 to %d printable characters, like /pricing*", MaxURLPatternLen)
	}
	if r.MinSecondsOnPage < 0 || r.MinSecondsOnPage > MaxProactiveSeconds {
		return Errorf(EINVALID, "min_seconds_on_page must be 0 to %d", MaxProactiveSeconds)
	}
	for _, s := range r.Segments {
		if !s.Valid() {
			return Errorf(EINVALID, "segment %q is not visitor, lead or user", s)
		}
	}
	for k, v := range r.Attributes {
		if k == "" || len(k) > 100 || len(v) > 500 || !printable(k) || !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
			return Errorf(EINVALID, "attribute %q: names are 1 to 100 characters, values at most 500", k)
		}
	}
	if len(r.Messages) == 0 {
		return Errorf(EINVALID, "messages needs at least one language, like {\"en\": \"Questions about pricing?\"}")
	}
	return ValidTexts("messages", r.Messages)
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// String names a rule in logs.
func (r ProactiveRule) String() string { return fmt.Sprintf("proactive rule %s (%s)", r.ID, r.Name) }

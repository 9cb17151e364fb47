package rules

import (
	"encoding/json"
	"fmt"

	"github.com/parley-chat/parley"
)

// SiteJSON holds the stored JSON forms of a site's maps.
type SiteJSON struct{ Origins, Greetings, Away []byte }

// Site checks a site before it is stored (parley.Site.Validate, plus what
// PostgreSQL cannot store) and returns its JSON forms, language tags in
// canonical case.
func Site(s parley.Site) (SiteJSON, error) {
	var j SiteJSON
	if err := s.Validate(); err != nil {
		return j, err
	}
	if err := Texts("site key", s.Key, "site name", s.Name, "identity secret", s.IdentitySecret); err != nil {
		return j, err
	}
	var err error
	if j.Greetings, err = Localized(s.Greetings); err != nil {
		return j, err
	}
	if j.Away, err = Localized(s.Away); err != nil {
		return j, err
	}
	j.Origins = Origins(s.AllowedOrigins)
	return j, nil
}

// Localized returns the stored form of a language tag → text map, tags
// canonical ("PL" is "pl"); two tags equal once canonical are EINVALID.
func Localized(m map[string]string) ([]byte, error) {
	out := make(map[string]string, len(m))
	for k, v := range m {
		c, err := Language(k)
		if err != nil {
			return nil, err
		}
		if _, dup := out[c]; dup {
			return nil, parley.Errorf(parley.EINVALID, "language %q is given twice", c)
		}
		out[c] = v
	}
	b, _ := json.Marshal(out) // strings always marshal
	return b, nil
}

// ParseLocalized reads a stored map; empty is nil.
func ParseLocalized(b []byte) (map[string]string, error) {
	var m map[string]string
	if len(b) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("localized texts: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}

// proactiveJSON is the stored form of a rule: snake_case like the API.
type proactiveJSON struct {
	ID               string            `json:"id"`
	Name             string            `json:"name,omitempty"`
	URLPattern       string            `json:"url_pattern"`
	MinSecondsOnPage int               `json:"min_seconds_on_page,omitempty"`
	Segments         []parley.Segment  `json:"segments,omitempty"`
	Attributes       map[string]string `json:"attributes,omitempty"`
	Messages         json.RawMessage   `json:"messages"`
	Active           bool              `json:"active"`
}

// Proactive checks a site's rules and returns their stored form.
func Proactive(rules []parley.ProactiveRule) ([]byte, error) {
	if err := parley.ValidateProactive(rules); err != nil {
		return nil, err
	}
	out := make([]proactiveJSON, len(rules))
	for i, r := range rules {
		msgs, err := Localized(r.Messages)
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "rules[%d]: %s", i, parley.ErrorMessage(err))
		}
		out[i] = proactiveJSON{ID: r.ID, Name: r.Name, URLPattern: r.URLPattern, MinSecondsOnPage: r.MinSecondsOnPage,
			Segments: r.Segments, Attributes: r.Attributes, Messages: msgs, Active: r.Active}
	}
	b, _ := json.Marshal(out)
	return b, nil
}

// ParseProactive reads stored rules; none is nil.
func ParseProactive(b []byte) ([]parley.ProactiveRule, error) {
	var in []proactiveJSON
	if len(b) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, fmt.Errorf("proactive rules: %w", err)
	}
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]parley.ProactiveRule, len(in))
	for i, r := range in {
		msgs, err := ParseLocalized(r.Messages)
		if err != nil {
			return nil, err
		}
		if len(r.Attributes) == 0 {
			r.Attributes = nil
		}
		out[i] = parley.ProactiveRule{ID: r.ID, Name: r.Name, URLPattern: r.URLPattern, MinSecondsOnPage: r.MinSecondsOnPage,
			Segments: r.Segments, Attributes: r.Attributes, Messages: msgs, Active: r.Active}
	}
	return out, nil
}

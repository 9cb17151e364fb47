package codec

import (
	"encoding/json"

	"github.com/parley-chat/parley"
)

// SiteJSON holds the stored JSON forms of a site's lists and maps.
type SiteJSON struct{ Origins, Greetings, Away []byte }

// Site returns the stored forms of a site's lists and maps (checked and
// made canonical by parley.Site.Canonical).
func Site(s parley.Site) SiteJSON {
	return SiteJSON{Origins: Origins(s.AllowedOrigins), Greetings: Localized(s.Greetings), Away: Localized(s.Away)}
}

// Localized returns the stored form of a language tag → text map.
func Localized(m map[string]string) []byte {
	if m == nil {
		m = map[string]string{}
	}
	b, _ := json.Marshal(m) // strings always marshal
	return b
}

// ParseLocalized reads a stored map; empty is nil.
func ParseLocalized(b []byte) (map[string]string, error) {
	return parseJSON[map[string]string](b, "localized texts")
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

// Proactive returns the stored form of a site's rules (checked and made
// canonical by parley.CanonicalProactive).
func Proactive(rules []parley.ProactiveRule) []byte {
	out := make([]proactiveJSON, len(rules))
	for i, r := range rules {
		out[i] = proactiveJSON{ID: r.ID, Name: r.Name, URLPattern: r.URLPattern, MinSecondsOnPage: r.MinSecondsOnPage,
			Segments: r.Segments, Attributes: r.Attributes, Messages: Localized(r.Messages), Active: r.Active}
	}
	b, _ := json.Marshal(out)
	return b
}

// ParseProactive reads stored rules; none is nil.
func ParseProactive(b []byte) ([]parley.ProactiveRule, error) {
	in, err := parseJSON[[]proactiveJSON](b, "proactive rules")
	if err != nil || in == nil {
		return nil, err
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

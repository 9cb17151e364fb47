package proactive

import (
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

func TestMatchURL(t *testing.T) {
	for _, tc := range []struct {
		pattern, url string
		want         bool
	}{
		{"/pricing*", "https://example.com/pricing", true},
		{"/pricing*", "https://example.com/pricing/enterprise?plan=team", true},
		{"/pricing", "https://example.com/pricing?x=1", false},
		{"/pricing*", "https://example.com/about/pricing", false},
		{"*/pricing", "https://example.com/eu/pricing", true},
		{"/", "https://example.com", true},
		{"/docs/*/install", "https://example.com/docs/v2/install", true},
		{"/docs/*/install", "https://example.com/docs/v2/setup", false},
		{"https://shop.example.com/*", "https://shop.example.com/cart", true},
		{"https://shop.example.com/*", "https://example.com/cart", false},
		{"/a*b*c", "https://x/" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false}, // no blow-up
		{"/x", "::not a url", false},
	} {
		if got := MatchURL(tc.pattern, tc.url); got != tc.want {
			t.Errorf("MatchURL(%q, %q) = %v, want %v", tc.pattern, tc.url, got, tc.want)
		}
	}
}

func TestMatchesSegmentsAndAttributes(t *testing.T) {
	r := parley.ProactiveRule{ID: "r", URLPattern: "/*", Active: true,
		Segments: []parley.Segment{parley.SegmentUser}, Attributes: map[string]string{"plan": "free", "seats": "3", "trial": "true"}}
	user := parley.Contact{Segment: parley.SegmentUser, Attributes: map[string]any{"plan": "free", "seats": float64(3), "trial": true}}
	cases := map[string]struct {
		rule    func(parley.ProactiveRule) parley.ProactiveRule
		contact func(parley.Contact) parley.Contact
		want    bool
	}{
		"all match":     {nil, nil, true},
		"inactive":      {func(r parley.ProactiveRule) parley.ProactiveRule { r.Active = false; return r }, nil, false},
		"other segment": {nil, func(c parley.Contact) parley.Contact { c.Segment = parley.SegmentLead; return c }, false},
		"any segment":   {func(r parley.ProactiveRule) parley.ProactiveRule { r.Segments = nil; return r }, func(c parley.Contact) parley.Contact { c.Segment = ""; return c }, true},
		"empty=visitor": {func(r parley.ProactiveRule) parley.ProactiveRule {
			r.Segments = []parley.Segment{parley.SegmentVisitor}
			r.Attributes = nil
			return r
		}, func(c parley.Contact) parley.Contact { c.Segment = ""; return c }, true},
		"attr differs": {nil, func(c parley.Contact) parley.Contact {
			c.Attributes = map[string]any{"plan": "pro", "seats": float64(3), "trial": true}
			return c
		}, false},
		"attr missing":   {nil, func(c parley.Contact) parley.Contact { c.Attributes = map[string]any{"plan": "free"}; return c }, false},
		"no attrs asked": {func(r parley.ProactiveRule) parley.ProactiveRule { r.Attributes = nil; return r }, func(c parley.Contact) parley.Contact { c.Attributes = nil; return c }, true},
	}
	for name, tc := range cases {
		rr, cc := r, user
		if tc.rule != nil {
			rr = tc.rule(rr)
		}
		if tc.contact != nil {
			cc = tc.contact(cc)
		}
		if got := Matches(rr, "https://x/pricing", cc); got != tc.want {
			t.Errorf("%s: Matches = %v, want %v", name, got, tc.want)
		}
	}
}

func TestNext(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	rules := []parley.ProactiveRule{
		{ID: "slow", URLPattern: "/pricing*", MinSecondsOnPage: 60, Active: true},
		{ID: "fast", URLPattern: "/pricing*", MinSecondsOnPage: 20, Active: true},
		{ID: "docs", URLPattern: "/docs*", Active: true},
	}
	visit := func(path string, ago time.Duration) Visit {
		return Visit{URL: "https://x" + path, Since: now.Add(-ago)}
	}
	idle := State{Mode: parley.ModeBot}
	cases := []struct {
		name string
		v    Visit
		s    State
		skip map[string]bool
		fire string
		wait time.Duration
	}{
		{"just arrived: wait for the fastest", visit("/pricing", 0), idle, nil, "", 20 * time.Second},
		{"after 20s the fast rule", visit("/pricing", 20*time.Second), idle, nil, "fast", 0},
		{"after 60s the first in order", visit("/pricing", 61*time.Second), idle, nil, "slow", 0},
		{"skipped rules pass", visit("/pricing", 61*time.Second), idle, map[string]bool{"slow": true}, "fast", 0},
		{"all skipped", visit("/pricing", 61*time.Second), idle, map[string]bool{"slow": true, "fast": true}, "", 0},
		{"no delay", visit("/docs/a", 0), idle, nil, "docs", 0},
		{"no rule for the page", visit("/about", time.Hour), idle, nil, "", 0},
		{"queued", visit("/docs", 0), State{Mode: parley.ModeQueued}, nil, "", 0},
		{"assigned", visit("/docs", 0), State{Mode: parley.ModeAssigned}, nil, "", 0},
		{"talked a minute ago", visit("/docs", 0), State{Mode: parley.ModeBot, LastSeq: 3, Updated: now.Add(-time.Minute)}, nil, "", 0},
		{"talked an hour ago", visit("/docs", 0), State{Mode: parley.ModeBot, LastSeq: 3, Updated: now.Add(-time.Hour)}, nil, "docs", 0},
		{"resolved long ago", visit("/docs", 0), State{Mode: parley.ModeResolved, LastSeq: 9, Updated: now.Add(-time.Hour)}, nil, "docs", 0},
		{"empty conversation just made", visit("/docs", 0), State{Mode: parley.ModeBot, Updated: now}, nil, "docs", 0},
	}
	for _, tc := range cases {
		r, ok, wait := Next(rules, tc.v, parley.Contact{}, tc.s, tc.skip, now)
		got := ""
		if ok {
			got = r.ID
		}
		if got != tc.fire || wait != tc.wait {
			t.Errorf("%s: Next = %q, wait %v; want %q, wait %v", tc.name, got, wait, tc.fire, tc.wait)
		}
	}
}

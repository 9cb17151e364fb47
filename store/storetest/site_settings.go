package storetest

import (
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var siteSettingsTests = []test{
	{"SettingsRoundTrip", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		site.Theme = parley.Theme{Color: "#0f766e", Position: "left"}
		site.Greetings = map[string]string{"en": "Hi! Ask us anything.", "pl": "Cześć! Zapytaj o cokolwiek.", "sr-Latn": "Zdravo!"}
		site.Away = map[string]string{"en": "We are away until 9:00."}
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatalf("UpdateSite: %v", err)
		}
		for _, get := range []func() (parley.Site, error){
			func() (parley.Site, error) { return s.SiteByKey(ctx(t), site.Key) },
			func() (parley.Site, error) { return s.SiteByID(ctx(t), site.ID) },
		} {
			got, err := get()
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if !reflect.DeepEqual(got, site) {
				t.Errorf("read back\n %+v\nwant\n %+v", got, site)
			}
		}
		site.Theme, site.Greetings, site.Away = parley.Theme{}, nil, nil
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatalf("UpdateSite clear: %v", err)
		}
		got, err := s.SiteByKey(ctx(t), site.Key)
		if err != nil || !reflect.DeepEqual(got, site) {
			t.Errorf("after clearing: %+v, %v; want %+v", got, err, site)
		}
	}},
	{"EnsureSiteKeepsSettings", func(t *testing.T, s Store) {
		want := parley.Site{Key: "k-" + parley.NewID(), Theme: parley.Theme{Color: "#112233"}, Greetings: map[string]string{"ru": "Привет"}}
		got, err := s.EnsureSite(ctx(t), want)
		if err != nil || got.Theme != want.Theme || !reflect.DeepEqual(got.Greetings, want.Greetings) {
			t.Fatalf("EnsureSite = %+v, %v", got, err)
		}
	}},
	{"LanguageTagsCanonical", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		site.Greetings = map[string]string{"PL": "Cześć", "sr-latn": "Zdravo"}
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatalf("UpdateSite: %v", err)
		}
		got, _ := s.SiteByID(ctx(t), site.ID)
		if want := map[string]string{"pl": "Cześć", "sr-Latn": "Zdravo"}; !reflect.DeepEqual(got.Greetings, want) {
			t.Errorf("greetings = %v, want %v", got.Greetings, want)
		}
	}},
	{"InvalidSettings", func(t *testing.T, s Store) {
		long := make([]rune, parley.MaxSiteTextRunes+1)
		for i := range long {
			long[i] = 'ą'
		}
		for name, change := range map[string]func(*parley.Site){
			"colour name":      func(x *parley.Site) { x.Theme.Color = "red" },
			"short colour":     func(x *parley.Site) { x.Theme.Color = "#fff" },
			"position":         func(x *parley.Site) { x.Theme.Position = "top" },
			"language":         func(x *parley.Site) { x.Greetings = map[string]string{"polish": "Cześć"} },
			"empty greeting":   func(x *parley.Site) { x.Greetings = map[string]string{"pl": "  "} },
			"long away":        func(x *parley.Site) { x.Away = map[string]string{"pl": string(long)} },
			"twice":            func(x *parley.Site) { x.Away = map[string]string{"pl": "a", "PL": "b"} },
			"origin with path": func(x *parley.Site) { x.AllowedOrigins = []string{"https://example.com/app"} },
			"origin scheme":    func(x *parley.Site) { x.AllowedOrigins = []string{"ftp://example.com"} },
			"origin host":      func(x *parley.Site) { x.AllowedOrigins = []string{"example.com"} },
		} {
			site := mustSite(t, s)
			change(&site)
			if err := s.UpdateSite(ctx(t), site); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s: UpdateSite error = %v, want invalid", name, err)
			}
		}
	}},
	{"ProactiveRulesRoundTrip", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		if got, err := s.ProactiveRules(ctx(t), site.ID); err != nil || got != nil {
			t.Fatalf("ProactiveRules of a new site = %v, %v; want none", got, err)
		}
		rules := []parley.ProactiveRule{
			{ID: "pricing", Name: "Pricing help", URLPattern: "/pricing*", MinSecondsOnPage: 20,
				Segments: []parley.Segment{parley.SegmentVisitor, parley.SegmentLead}, Attributes: map[string]string{"plan": "free"},
				Messages: map[string]string{"en": "Questions about plans?", "pl": "Pytania o plany?"}, Active: true},
			{ID: "docs", URLPattern: "https://example.com/docs/*", Messages: map[string]string{"en": "Need a hand?"}},
		}
		if err := s.PutProactiveRules(ctx(t), site.ID, rules); err != nil {
			t.Fatalf("PutProactiveRules: %v", err)
		}
		got, err := s.ProactiveRules(ctx(t), site.ID)
		if err != nil || !reflect.DeepEqual(got, rules) {
			t.Fatalf("ProactiveRules =\n %+v, %v\nwant\n %+v", got, err, rules)
		}
		if err := s.PutProactiveRules(ctx(t), site.ID, nil); err != nil {
			t.Fatalf("PutProactiveRules(nil): %v", err)
		}
		if got, err := s.ProactiveRules(ctx(t), site.ID); err != nil || got != nil {
			t.Errorf("after clearing: %v, %v", got, err)
		}
		// Settings and rules are separate: updating one keeps the other.
		_ = s.PutProactiveRules(ctx(t), site.ID, rules[:1])
		site.Name = "renamed"
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ProactiveRules(ctx(t), site.ID); len(got) != 1 {
			t.Errorf("UpdateSite dropped the rules: %v", got)
		}
	}},
	{"ProactiveRulesInvalid", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		ok := parley.ProactiveRule{ID: "a", URLPattern: "/x", Messages: map[string]string{"en": "Hi"}}
		for name, rs := range map[string][]parley.ProactiveRule{
			"no id":       {{URLPattern: "/x", Messages: ok.Messages}},
			"no pattern":  {{ID: "a", Messages: ok.Messages}},
			"no messages": {{ID: "a", URLPattern: "/x"}},
			"negative":    {{ID: "a", URLPattern: "/x", MinSecondsOnPage: -1, Messages: ok.Messages}},
			"segment":     {{ID: "a", URLPattern: "/x", Segments: []parley.Segment{"vip"}, Messages: ok.Messages}},
			"same id":     {ok, ok},
			"bad lang":    {{ID: "a", URLPattern: "/x", Messages: map[string]string{"english": "Hi"}}},
		} {
			if err := s.PutProactiveRules(ctx(t), site.ID, rs); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s: error = %v, want invalid", name, err)
			}
		}
		wantNotFound(t, "PutProactiveRules unknown site", s.PutProactiveRules(ctx(t), parley.NewID(), []parley.ProactiveRule{ok}))
		_, err := s.ProactiveRules(ctx(t), parley.NewID())
		wantNotFound(t, "ProactiveRules unknown site", err)
	}},
	{"ClaimForContactOncePerPeriod", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, a := mustSession(t, s, site.ID)
		_, b := mustSession(t, s, site.ID)
		claim := func(contact, key string, every time.Duration) bool {
			t.Helper()
			ok, err := s.ClaimForContact(ctx(t), contact, key, every)
			if err != nil {
				t.Fatalf("ClaimForContact: %v", err)
			}
			return ok
		}
		if !claim(a.Contact.ID, "proactive:pricing", 24*time.Hour) {
			t.Fatal("first claim refused")
		}
		if claim(a.Contact.ID, "proactive:pricing", 24*time.Hour) {
			t.Fatal("second claim within the period granted")
		}
		if !claim(a.Contact.ID, "nps", 24*time.Hour) || !claim(b.Contact.ID, "proactive:pricing", 24*time.Hour) {
			t.Fatal("claims are per contact and per key")
		}
		if !claim(a.Contact.ID, "proactive:pricing", 0) {
			t.Fatal("a claim after the period (every 0) refused")
		}
		_, err := s.ClaimForContact(ctx(t), parley.NewID(), "nps", time.Hour)
		wantNotFound(t, "ClaimForContact unknown contact", err)
		_, err = s.ClaimForContact(ctx(t), a.Contact.ID, "", time.Hour)
		wantCode(t, err, parley.EINVALID)
	}},
	{"ClaimForContactRacing", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		var won atomic.Int32
		race(10, func(int) {
			ok, err := s.ClaimForContact(ctx(t), sess.Contact.ID, "nps", 90*24*time.Hour)
			if err != nil {
				t.Errorf("ClaimForContact: %v", err)
			}
			if ok {
				won.Add(1)
			}
		})
		if won.Load() != 1 {
			t.Fatalf("%d racing claims won, want 1", won.Load())
		}
	}},
}

package parley

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

func TestNewDecision(t *testing.T) {
	ok := Decision{ConversationID: "c", Action: ActionAnswer, Confidence: 0.9, Language: "PT-br",
		Reasons: []string{}, Articles: []ArticleRef{}}
	for _, tc := range []struct {
		name string
		edit func(d *Decision)
		code string
	}{
		{"answer", func(d *Decision) {}, ""},
		{"handoff, urgent", func(d *Decision) { d.Action, d.Urgency = ActionHandoff, UrgencyCritical }, ""},
		{"no conversation", func(d *Decision) { d.ConversationID = "" }, ENOTFOUND},
		{"unknown action", func(d *Decision) { d.Action = "shrug" }, EINVALID},
		{"unknown urgency", func(d *Decision) { d.Urgency = "asap" }, EINVALID},
		{"negative seq", func(d *Decision) { d.ReplySeq = -1 }, EINVALID},
		{"confidence over 1", func(d *Decision) { d.Confidence = 1.5 }, EINVALID},
		{"confidence NaN", func(d *Decision) { d.Confidence = math.NaN() }, EINVALID},
		{"bad language", func(d *Decision) { d.Language = "portuguese" }, EINVALID},
		{"NUL in a reason", func(d *Decision) { d.Reasons = []string{"\x00"} }, EINVALID},
		{"bad article url", func(d *Decision) { d.Articles = []ArticleRef{{URL: "\xff"}} }, EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ok
			tc.edit(&d)
			got, err := NewDecision(d, now)
			if code(err) != tc.code {
				t.Fatalf("NewDecision: %v, want code %q", err, tc.code)
			}
			if err == nil && (got.ID == "" || !got.CreatedAt.Equal(now) || got.Language != "pt-BR" || got.Reasons != nil || got.Articles != nil) {
				t.Errorf("NewDecision = %+v", got)
			}
		})
	}
	a, _ := NewDecision(ok, now)
	b := a
	b.Reasons = nil
	if !a.Same(b) {
		t.Errorf("a decision and its copy are not the same")
	}
	b.CreatedAt = now.In(time.FixedZone("X", 3600))
	if !a.Same(b) {
		t.Errorf("one instant in two zones is not the same decision")
	}
	b.Confidence = 0.5
	if a.Same(b) {
		t.Errorf("decisions of other confidence are the same")
	}
}

func TestIntentValidate(t *testing.T) {
	ok := Intent{SiteID: "s", Name: "refund_request", Team: "billing", Phrases: []string{"I want my money back"}}
	for _, tc := range []struct {
		name string
		edit func(in *Intent)
		code string
	}{
		{"ok", func(in *Intent) {}, ""},
		{"upper-case name", func(in *Intent) { in.Name = "Refund" }, EINVALID},
		{"long name", func(in *Intent) { in.Name = strings.Repeat("a", 65) }, EINVALID},
		{"no site", func(in *Intent) { in.SiteID = "" }, EINVALID},
		{"no phrases", func(in *Intent) { in.Phrases = nil }, EINVALID},
		{"too many phrases", func(in *Intent) { in.Phrases = make([]string, MaxPhrases+1) }, EINVALID},
		{"empty phrase", func(in *Intent) { in.Phrases = []string{""} }, EINVALID},
		{"long phrase", func(in *Intent) { in.Phrases = []string{strings.Repeat("a", MaxPhraseLen+1)} }, EINVALID},
		{"NUL in a phrase", func(in *Intent) { in.Phrases = []string{"a\x00"} }, EINVALID},
		{"NUL in the team", func(in *Intent) { in.Team = "\x00" }, EINVALID},
	} {
		in := ok
		tc.edit(&in)
		if err := in.Validate(); code(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
	}
}

func TestBotSettingsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    BotSettings
		code string
	}{
		{"defaults", BotSettings{}, ""},
		{"set", BotSettings{Threshold: 0.4, AutomationCap: 5, SkipSegments: []Segment{SegmentUser}, BypassUrgency: UrgencyHigh}, ""},
		{"threshold 1", BotSettings{Threshold: 1}, EINVALID},
		{"negative threshold", BotSettings{Threshold: -0.1}, EINVALID},
		{"cap over 100", BotSettings{AutomationCap: 101}, EINVALID},
		{"unknown segment", BotSettings{SkipSegments: []Segment{"vip"}}, EINVALID},
		{"bypass low", BotSettings{BypassUrgency: UrgencyLow}, EINVALID},
	} {
		if err := tc.s.Validate(); code(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
	}
}

func TestNewAuditEntry(t *testing.T) {
	e, err := NewAuditEntry(AuditEntry{Action: "settings.bot.update", Detail: "{}"}, now)
	if err != nil || e.ID == "" || !e.At.Equal(now) {
		t.Errorf("NewAuditEntry = %+v, %v", e, err)
	}
	if e, _ := NewAuditEntry(AuditEntry{Action: "a", At: t0}, now); !e.At.Equal(t0) {
		t.Errorf("NewAuditEntry replaced At: %v", e.At)
	}
	for name, e := range map[string]AuditEntry{
		"no action":   {},
		"long detail": {Action: "a", Detail: strings.Repeat("x", MaxAuditDetail+1)},
		"NUL target":  {Action: "a", Target: "\x00"},
	} {
		if _, err := NewAuditEntry(e, now); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
}

func TestNewAPIToken(t *testing.T) {
	hash := HashToken("pat_x")
	tok, err := NewAPIToken(APIToken{Name: "ci", Role: RoleAgent, LastUsedAt: t0, Revoked: true, ExpiresAt: now.Add(time.Hour)}, hash, now)
	if err != nil || tok.ID == "" || !tok.CreatedAt.Equal(now) || !tok.LastUsedAt.IsZero() || tok.Revoked || !tok.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("NewAPIToken = %+v, %v", tok, err)
	}
	for name, tc := range map[string]struct {
		tok  APIToken
		hash []byte
	}{
		"plaintext":    {APIToken{Name: "ci", Role: RoleAgent}, []byte("pat_x")},
		"no name":      {APIToken{Role: RoleAgent}, hash},
		"long name":    {APIToken{Name: strings.Repeat("n", 101), Role: RoleAgent}, hash},
		"unknown role": {APIToken{Name: "ci", Role: "root"}, hash},
		"NUL in name":  {APIToken{Name: "c\x00", Role: RoleAdmin}, hash},
	} {
		if _, err := NewAPIToken(tc.tok, tc.hash, now); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
}

func TestWebhookValidateStored(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    Webhook
		code string
	}{
		{"ok", Webhook{URL: "https://example.com/hook", Events: []ActivityKind{ActivityCSAT}}, ""},
		{"not http", Webhook{URL: "ftp://example.com"}, EINVALID},
		{"unknown event", Webhook{URL: "https://example.com", Events: []ActivityKind{"x"}}, EINVALID},
		{"NUL in the description", Webhook{URL: "https://example.com", Description: "a\x00"}, EINVALID},
	} {
		if err := tc.w.ValidateStored(); code(err) != tc.code {
			t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
		}
	}
}

func TestNewDelivery(t *testing.T) {
	in := WebhookDelivery{WebhookID: "w", ActivityID: "a", Event: ActivityCSAT, Payload: json.RawMessage(`{}`),
		Status: DeliveryFailed, Attempt: 3, Error: "old"}
	d, err := NewDelivery(in, now)
	if err != nil || d.ID == "" || d.Status != DeliveryPending || d.Attempt != 0 || d.Error != "" || !d.NextAt.Equal(now) || !d.CreatedAt.Equal(now) {
		t.Errorf("NewDelivery = %+v, %v", d, err)
	}
	in.NextAt = now.Add(time.Minute)
	if d, _ := NewDelivery(in, now); !d.NextAt.Equal(now.Add(time.Minute)) {
		t.Errorf("NewDelivery replaced NextAt: %v", d.NextAt)
	}
	for name, d := range map[string]WebhookDelivery{
		"no webhook":       {ActivityID: "a", Event: ActivityCSAT, Payload: []byte(`{}`)},
		"payload not JSON": {WebhookID: "w", ActivityID: "a", Event: ActivityCSAT, Payload: []byte(`{`)},
	} {
		if _, err := NewDelivery(d, now); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
}

func TestWebhookResultCanonical(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       WebhookResult
		code    string
		wantErr string
	}{
		{"delivered", WebhookResult{Status: DeliveryDelivered, Attempt: 1}, "", ""},
		{"retry", WebhookResult{Status: DeliveryPending, Attempt: 2, NextAt: now, Error: "503"}, "", "503"},
		{"retry without time", WebhookResult{Status: DeliveryPending, Attempt: 2}, EINVALID, ""},
		{"unknown status", WebhookResult{Status: "lost", Attempt: 1}, EINVALID, ""},
		{"attempt 0", WebhookResult{Status: DeliveryFailed}, EINVALID, ""},
		{"long error, cut on a rune", WebhookResult{Status: DeliveryFailed, Attempt: 1, Error: strings.Repeat("é", 600)}, "", strings.Repeat("é", 500)},
		{"unprintable error", WebhookResult{Status: DeliveryFailed, Attempt: 1, Error: "a\x00"}, "", "(unprintable error)"},
	} {
		got, err := tc.r.Canonical()
		if code(err) != tc.code || (err == nil && got.Error != tc.wantErr) {
			t.Errorf("%s: Canonical = %+v, %v; want code %q, error %q", tc.name, got, err, tc.code, tc.wantErr)
		}
	}
}

func TestSiteCanonical(t *testing.T) {
	in := Site{Key: "demo", Name: "Demo", Greetings: map[string]string{"PL": "Cześć"}, Away: map[string]string{"en": "Later"}}
	got, err := in.Canonical()
	if err != nil || got.Greetings["pl"] != "Cześć" || got.Away["en"] != "Later" || in.Greetings["PL"] != "Cześć" {
		t.Errorf("Canonical = %+v, %v (input %+v)", got, err, in)
	}
	for name, s := range map[string]Site{
		"no key":              {},
		"NUL in the secret":   {Key: "demo", IdentitySecret: "\x00"},
		"a language twice":    {Key: "demo", Greetings: map[string]string{"pl": "a", "PL": "b"}},
		"bad origin":          {Key: "demo", AllowedOrigins: []string{"example.com"}},
		"a greeting too long": {Key: "demo", Greetings: map[string]string{"en": strings.Repeat("a", MaxSiteTextRunes+1)}},
	} {
		if _, err := s.Canonical(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	rules := []ProactiveRule{{ID: "r1", URLPattern: "/pricing*", Messages: map[string]string{"EN": "Hi"}, Active: true}}
	out, err := CanonicalProactive(rules)
	if err != nil || len(out) != 1 || out[0].Messages["en"] != "Hi" || rules[0].Messages["EN"] != "Hi" {
		t.Errorf("CanonicalProactive = %+v, %v", out, err)
	}
	twice := []ProactiveRule{{ID: "r1", URLPattern: "/p", Messages: map[string]string{"en": "a", "EN": "b"}}}
	if _, err := CanonicalProactive(twice); ErrorCode(err) != EINVALID {
		t.Errorf("CanonicalProactive with a language twice: %v, want EINVALID", err)
	}
}

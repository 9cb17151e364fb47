package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestSiteRoutesNeedAnAdmin(t *testing.T) {
	f := newFixture(t)
	agent := f.login(t, "ana@example.com")
	for _, r := range [][2]string{{"GET", "/api/v1/sites"}, {"GET", "/api/v1/sites/demo"}, {"PUT", "/api/v1/sites/demo"},
		{"GET", "/api/v1/sites/demo/proactive"}, {"PUT", "/api/v1/sites/demo/proactive"}} {
		if st, out := f.call(t, r[0], r[1], "", map[string]any{}); st != 401 || errCode(out) != "unauthorized" {
			t.Errorf("%s %s signed out: %d %v", r[0], r[1], st, out)
		}
		if st, out := f.call(t, r[0], r[1], agent, map[string]any{}); st != 403 || errCode(out) != "forbidden" {
			t.Errorf("%s %s as an agent: %d %v", r[0], r[1], st, out)
		}
	}
}

func TestSiteSettingsRoundTripWithoutTheSecret(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	const secret = "s3cret-never-shown"
	body := map[string]any{"name": "Flowdesk", "allowed_origins": []string{"https://www.example.com", "http://localhost:8080"},
		"identity_secret": secret, "identity_required": false, "theme": map[string]any{"color": "#0f766e", "position": "left"},
		"greetings": map[string]string{"en": "Hi!", "PL": "Cześć!"}, "away": map[string]string{"en": "Back at 9."}}
	st, out := f.call(t, "PUT", "/api/v1/sites/demo", admin, body)
	if st != 200 {
		t.Fatalf("PUT: %d %v", st, out)
	}
	for _, path := range []string{"/api/v1/sites/demo", "/api/v1/sites"} {
		st, out := f.call(t, "GET", path, admin, nil)
		raw, _ := json.Marshal(out)
		if st != 200 || strings.Contains(string(raw), secret) || strings.Contains(string(raw), `"identity_secret"`) {
			t.Fatalf("GET %s leaks the secret or failed: %d %s", path, st, raw)
		}
	}
	_, out = f.call(t, "GET", "/api/v1/sites/demo", admin, nil)
	site := out["site"].(map[string]any)
	if site["identity_secret_set"] != true || site["name"] != "Flowdesk" || site["theme"].(map[string]any)["color"] != "#0f766e" ||
		site["greetings"].(map[string]any)["pl"] != "Cześć!" || len(site["allowed_origins"].([]any)) != 2 {
		t.Fatalf("GET = %v", site)
	}

	// An absent secret keeps the stored one; the rest is replaced.
	delete(body, "identity_secret")
	body["identity_required"] = true
	body["theme"] = map[string]any{"color": "#111111", "position": "right"}
	if st, out := f.call(t, "PUT", "/api/v1/sites/demo", admin, body); st != 200 {
		t.Fatalf("PUT without secret: %d %v", st, out)
	}
	stored, err := f.db.SiteByKey(context.Background(), "demo")
	if err != nil || stored.IdentitySecret != secret || !stored.IdentityRequired || stored.Theme.Color != "#111111" {
		t.Fatalf("stored = %+v, %v", stored, err)
	}
	entries, err := f.db.AuditLog(context.Background(), 0, 10)
	if err != nil || len(entries) < 2 {
		t.Fatalf("audit = %v, %v", entries, err)
	}
	for _, e := range entries {
		if strings.Contains(e.Detail, secret) {
			t.Fatalf("the audit trail holds the secret: %+v", e)
		}
	}
	if entries[0].Action != "site.update" || entries[0].Target != "demo" {
		t.Errorf("newest audit entry = %+v", entries[0])
	}
}

func TestSiteSettingsRefusals(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	ok := func() map[string]any {
		return map[string]any{"name": "Demo", "allowed_origins": []string{}, "theme": map[string]any{"color": "", "position": ""}}
	}
	for name, tc := range map[string]struct {
		change func(map[string]any)
		want   string
	}{
		"colour":      {func(b map[string]any) { b["theme"] = map[string]any{"color": "red"} }, "#1d4ed8"},
		"position":    {func(b map[string]any) { b["theme"] = map[string]any{"position": "top"} }, "left or right"},
		"origin path": {func(b map[string]any) { b["allowed_origins"] = []string{"https://example.com/app"} }, "no path"},
		"origin bare": {func(b map[string]any) { b["allowed_origins"] = []string{"example.com"} }, "scheme://host"},
		"language":    {func(b map[string]any) { b["greetings"] = map[string]string{"polish": "Cześć"} }, "language tag"},
		"long away":   {func(b map[string]any) { b["away"] = map[string]string{"en": strings.Repeat("a", 501)} }, "1 to 500"},
		"unknown":     {func(b map[string]any) { b["colour"] = "#fff" }, "colour"},
		"no secret":   {func(b map[string]any) { b["identity_required"] = true }, "identity_secret"},
		"wrong type":  {func(b map[string]any) { b["allowed_origins"] = "https://example.com" }, "allowed_origins"},
	} {
		b := ok()
		tc.change(b)
		st, out := f.call(t, "PUT", "/api/v1/sites/demo", admin, b)
		msg, _ := out["error"].(map[string]any)["message"].(string)
		if st != 400 || errCode(out) != "invalid" || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %v, want 400 mentioning %q", name, st, out, tc.want)
		}
	}
	if st, out := f.call(t, "GET", "/api/v1/sites/nope", admin, nil); st != 404 {
		t.Errorf("unknown site: %d %v", st, out)
	}
}

func TestProactiveRulesRoutes(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	st, out := f.call(t, "GET", "/api/v1/sites/demo/proactive", admin, nil)
	if st != 200 || len(out["rules"].([]any)) != 0 {
		t.Fatalf("GET empty: %d %v", st, out)
	}
	rules := map[string]any{"rules": []map[string]any{
		{"name": "Pricing help", "url_pattern": "/pricing*", "min_seconds_on_page": 20, "segments": []string{"visitor", "lead"},
			"attributes": map[string]string{"plan": "free"}, "messages": map[string]string{"en": "Questions about plans?"}, "active": true},
		{"id": "docs", "name": "Docs", "url_pattern": "/docs/*", "messages": map[string]string{"pl": "Pomóc z dokumentacją?"}},
	}}
	st, out = f.call(t, "PUT", "/api/v1/sites/demo/proactive", admin, rules)
	if st != 200 {
		t.Fatalf("PUT: %d %v", st, out)
	}
	got := out["rules"].([]any)
	first, second := got[0].(map[string]any), got[1].(map[string]any)
	if len(got) != 2 || first["id"] == "" || first["min_seconds_on_page"] != float64(20) || second["id"] != "docs" || second["active"] != false {
		t.Fatalf("PUT answer = %v", got)
	}
	_, again := f.call(t, "GET", "/api/v1/sites/demo/proactive", admin, nil)
	a, _ := json.Marshal(again)
	b, _ := json.Marshal(out)
	if string(a) != string(b) {
		t.Errorf("GET after PUT = %s, want %s", a, b)
	}
	for name, bad := range map[string]map[string]any{
		"no pattern": {"name": "x", "messages": map[string]string{"en": "Hi"}},
		"no message": {"name": "x", "url_pattern": "/x"},
		"segment":    {"name": "x", "url_pattern": "/x", "segments": []string{"vip"}, "messages": map[string]string{"en": "Hi"}},
		"negative":   {"name": "x", "url_pattern": "/x", "min_seconds_on_page": -5, "messages": map[string]string{"en": "Hi"}},
	} {
		st, out := f.call(t, "PUT", "/api/v1/sites/demo/proactive", admin, map[string]any{"rules": []any{bad}})
		if st != 400 || errCode(out) != "invalid" || !strings.Contains(out["error"].(map[string]any)["message"].(string), "rules[0]") {
			t.Errorf("%s: %d %v", name, st, out)
		}
	}
	if st, _ := f.call(t, "PUT", "/api/v1/sites/nope/proactive", admin, map[string]any{"rules": []any{}}); st != 404 {
		t.Errorf("unknown site: %d", st)
	}
}

package api

import (
	"strings"
	"testing"
)

// TestCreateSite: POST /api/v1/sites makes a new site (admins only, 409 on
// a taken key, 400 naming a bad field); an API token may create one but
// not give it an identity secret.
func TestCreateSite(t *testing.T) {
	f := newFixture(t)
	admin, agent := f.login(t, "root@example.com"), f.login(t, "ana@example.com")
	if st, _ := f.call(t, "POST", "/api/v1/sites", "", map[string]any{"key": "shop"}); st != 401 {
		t.Errorf("signed out: %d", st)
	}
	if st, _ := f.call(t, "POST", "/api/v1/sites", agent, map[string]any{"key": "shop"}); st != 403 {
		t.Errorf("as an agent: %d", st)
	}
	st, out := f.call(t, "POST", "/api/v1/sites", admin, map[string]any{"key": "shop", "name": "Shop",
		"allowed_origins": []string{"https://shop.example"}, "identity_secret": "s3cret", "identity_required": true,
		"greetings": map[string]string{"en": "Hello!"}})
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	site := out["site"].(map[string]any)
	if site["key"] != "shop" || site["name"] != "Shop" || site["identity_secret_set"] != true || site["id"] == "" ||
		strings.Contains(string(mustJSON(out)), "s3cret") {
		t.Fatalf("created %v", out)
	}
	if st, out := f.call(t, "GET", "/api/v1/sites/shop", admin, nil); st != 200 || out["site"].(map[string]any)["id"] != site["id"] {
		t.Fatalf("GET the new site: %d %v", st, out)
	}
	stored, err := f.db.SiteByKey(t.Context(), "shop")
	if err != nil || stored.IdentitySecret != "s3cret" || !stored.IdentityRequired || stored.AllowedOrigins[0] != "https://shop.example" {
		t.Fatalf("stored %+v %v", stored, err)
	}
	entries, _ := f.db.AuditLog(t.Context(), 0, 10)
	if len(entries) == 0 || entries[0].Action != "site.create" || entries[0].Target != "shop" || strings.Contains(string(entries[0].Detail), "s3cret") {
		t.Errorf("audit: %+v", entries)
	}
	if st, out := f.call(t, "POST", "/api/v1/sites", admin, map[string]any{"key": "shop", "name": "Again"}); st != 409 || errCode(out) != "conflict" {
		t.Errorf("taken key: %d %v", st, out)
	}
	if s, _ := f.db.SiteByKey(t.Context(), "shop"); s.Name != "Shop" {
		t.Errorf("the refused create changed the site: %+v", s)
	}
	for name, c := range map[string]struct {
		body map[string]any
		want string
	}{
		"no key":          {map[string]any{"name": "x"}, "key"},
		"upper case key":  {map[string]any{"key": "Shop2"}, "key"},
		"path in key":     {map[string]any{"key": "../x"}, "key"},
		"space in key":    {map[string]any{"key": "a b"}, "key"},
		"long key":        {map[string]any{"key": strings.Repeat("k", 65)}, "key"},
		"bad origin":      {map[string]any{"key": "ok1", "allowed_origins": []string{"https://x.example/path"}}, "origin"},
		"required alone":  {map[string]any{"key": "ok2", "identity_required": true}, "identity_secret"},
		"bad colour":      {map[string]any{"key": "ok3", "theme": map[string]any{"color": "red"}}, "theme.color"},
		"unknown field":   {map[string]any{"key": "ok4", "owner": "me"}, "owner"},
		"long name":       {map[string]any{"key": "ok5", "name": strings.Repeat("n", 201)}, "name"},
		"control in name": {map[string]any{"key": "ok6", "name": "a\nb"}, "name"},
	} {
		st, out := f.call(t, "POST", "/api/v1/sites", admin, c.body)
		e, _ := out["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if st != 400 || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %d %q, want 400 naming %q", name, st, msg, c.want)
		}
	}
	tok, _ := f.mintToken(t, admin, "admin")
	if st, out := f.call(t, "POST", "/api/v1/sites", tok, map[string]any{"key": "blog", "identity_secret": "x"}); st != 403 ||
		!strings.Contains(out["error"].(map[string]any)["message"].(string), "API tokens cannot") {
		t.Errorf("token with a secret: %d %v", st, out)
	}
	if st, out := f.call(t, "POST", "/api/v1/sites", tok, map[string]any{"key": "blog", "name": "Blog"}); st != 201 {
		t.Errorf("token without a secret: %d %v", st, out)
	}
	if st, out := f.call(t, "GET", "/api/v1/sites", admin, nil); st != 200 || len(out["sites"].([]any)) != 3 {
		t.Errorf("sites: %d %v", st, out)
	}
}

// TestUnknownSiteIsNamed: an unknown key is a 404 that says so (it was an
// empty message) and, for PUT, how to create the site.
func TestUnknownSiteIsNamed(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	for _, c := range []struct{ method, path, want string }{
		{"PUT", "/api/v1/sites/nope", `no site with key "nope": create it with POST /api/v1/sites`},
		{"GET", "/api/v1/sites/nope", `no site with key "nope"`},
		{"GET", "/api/v1/sites/nope/proactive", `no site with key "nope"`},
		{"GET", "/api/v1/articles?site=nope", `no site with key "nope"`},
	} {
		st, out := f.call(t, c.method, c.path, admin, map[string]any{"name": "x"})
		e, _ := out["error"].(map[string]any)
		if msg, _ := e["message"].(string); st != 404 || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s: %d %v, want 404 saying %q", c.method, c.path, st, out, c.want)
		}
	}
}

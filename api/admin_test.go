package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb/demo"
)

// TestEveryRouteChecksItsRole walks the route table itself, so a route
// added later is covered: nobody unauthenticated gets anything, and an
// agent gets nothing an admin-only route serves.
func TestEveryRouteChecksItsRole(t *testing.T) {
	f := newFixture(t)
	agent := f.login(t, "ana@example.com")
	params := strings.NewReplacer("{id}", "x", "{key}", "x")
	n := 0
	for _, rt := range f.api.Routes() {
		if rt.Role == "" {
			continue
		}
		path := params.Replace(rt.Pattern)
		if st, out := f.call(t, rt.Method, path, "", map[string]any{}); st != http.StatusUnauthorized || errCode(out) != parley.EUNAUTHORIZED {
			t.Errorf("%s %s without sign-in: %d %v", rt.Method, path, st, out)
		}
		if rt.Role == parley.RoleAdmin {
			n++
			if st, out := f.call(t, rt.Method, path, agent, map[string]any{}); st != http.StatusForbidden || errCode(out) != parley.EFORBIDDEN {
				t.Errorf("%s %s as an agent: %d %v; want 403", rt.Method, path, st, out)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d admin routes checked; the table is missing routes", n)
	}
}

// seedDemo publishes the demo KB on the fixture's site and builds it.
func (f *fixture) seedDemo(t *testing.T) parley.Site {
	t.Helper()
	site, err := f.db.SiteByKey(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		a.SiteID = site.ID
		if _, err := f.db.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.lib.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	return site
}

func str(m map[string]any, keys ...string) string {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	s, _ := v.(string)
	return s
}

func num(m map[string]any, key string) float64 { v, _ := m[key].(float64); return v }

var polish = map[string]any{
	"slug": "karta-podarunkowa", "language": "pl", "title": "Jak wykorzystać kartę podarunkową",
	"collection": "platnosci", "body": "Wpisz kod karty podarunkowej w koszyku, w polu **Kod karty**.",
	"questions": []string{"jak użyć karty podarunkowej", "gdzie wpisać kod karty podarunkowej", "karta podarunkowa nie działa"},
}

func TestDraftIsNotUsedUntilPublished(t *testing.T) {
	f := newFixture(t)
	f.seedDemo(t)
	admin := f.login(t, "root@example.com")
	st, out := f.call(t, "POST", "/api/v1/articles", admin, polish)
	if st != http.StatusCreated || str(out, "article", "status") != "draft" {
		t.Fatalf("create: %d %v", st, out)
	}
	id := str(out, "article", "id")
	ask := map[string]any{"text": "gdzie wpisać kod karty podarunkowej?"}
	_, live := f.call(t, "POST", "/api/v1/bot/test", admin, ask)
	if live["intent"] == "karta-podarunkowa" || live["language"] != "pl" {
		t.Fatalf("published KB: %v; the draft must not be used, and the language is Polish", live)
	}
	ask["drafts"] = true
	_, draft := f.call(t, "POST", "/api/v1/bot/test", admin, ask)
	if draft["action"] != "answer" || draft["intent"] != "karta-podarunkowa" || draft["knowledge"] != "drafts" {
		t.Fatalf("draft KB: %v; want an answer from the draft", draft)
	}
	if st, out := f.call(t, "POST", "/api/v1/articles/"+id+"/publish", admin, nil); st != 200 || str(out, "article", "status") != "published" {
		t.Fatalf("publish: %d %v", st, out)
	}
	if err := f.lib.Refresh(t.Context()); err != nil { // what the kick does in the server
		t.Fatal(err)
	}
	delete(ask, "drafts")
	_, live = f.call(t, "POST", "/api/v1/bot/test", admin, ask)
	if live["action"] != "answer" || live["intent"] != "karta-podarunkowa" || !strings.Contains(live["reply"].(string), "Kod karty") {
		t.Fatalf("after publishing: %v; want the Polish answer", live)
	}
	// Agents see published articles only; the audit trail names the admin.
	_, list := f.call(t, "GET", "/api/v1/audit", admin, nil)
	entries, _ := list["entries"].([]any)
	if len(entries) != 2 || str(entries[0].(map[string]any), "action") != "article.publish" ||
		str(entries[1].(map[string]any), "actor") != "root@example.com" {
		t.Fatalf("audit = %v; want create then publish by root", list)
	}
}

func TestVersionsRestoreAndConflicts(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	_, out := f.call(t, "POST", "/api/v1/articles", admin, polish)
	id := str(out, "article", "id")
	edit := map[string]any{"title": "Karta podarunkowa", "body": "Nowa treść.", "collection": "platnosci",
		"questions": []string{"karta podarunkowa"}, "base_version": 1}
	if st, out := f.call(t, "PUT", "/api/v1/articles/"+id, admin, edit); st != 200 || num(out["article"].(map[string]any), "version") != 2 {
		t.Fatalf("update: %d %v", st, out)
	}
	if st, out := f.call(t, "PUT", "/api/v1/articles/"+id, admin, edit); st != http.StatusConflict {
		t.Fatalf("update from a stale version: %d %v; want 409", st, out)
	}
	if st, out := f.call(t, "POST", "/api/v1/articles/"+id+"/restore", admin, map[string]any{"version": 1}); st != 200 ||
		str(out, "article", "title") != polish["title"] || num(out["article"].(map[string]any), "version") != 3 {
		t.Fatalf("restore 1: %d %v; want v1's title as version 3", st, out)
	}
	if st, _ := f.call(t, "POST", "/api/v1/articles/"+id+"/restore", admin, map[string]any{"version": 9}); st != 404 {
		t.Fatalf("restore a missing version: %d", st)
	}
	_, vs := f.call(t, "GET", "/api/v1/articles/"+id+"/versions", admin, nil)
	if list, _ := vs["versions"].([]any); len(list) != 3 || num(list[0].(map[string]any), "version") != 3 {
		t.Fatalf("versions = %v; want 3, newest first", vs)
	}
	// A translation made from the source goes stale when the source changes.
	en := map[string]any{"slug": "karta-podarunkowa", "language": "en", "title": "Gift cards", "body": "Enter the code.",
		"questions": []string{"how to use a gift card"}}
	_, out = f.call(t, "POST", "/api/v1/articles", admin, en)
	enID := str(out, "article", "id")
	if st, _ := f.call(t, "POST", "/api/v1/articles", admin, en); st != http.StatusConflict {
		t.Fatalf("a second article with one slug and language: %d; want 409", st)
	}
	_, got := f.call(t, "GET", "/api/v1/articles/"+enID, admin, nil)
	if got["article"].(map[string]any)["source_stale"] != false {
		t.Fatalf("fresh translation: %v", got)
	}
	edit["base_version"] = 0
	f.call(t, "PUT", "/api/v1/articles/"+id, admin, edit)
	_, got = f.call(t, "GET", "/api/v1/articles/"+enID, admin, nil)
	a := got["article"].(map[string]any)
	trs, _ := a["translations"].([]any)
	if a["source_stale"] != true || len(trs) != 1 || str(trs[0].(map[string]any), "language") != "pl" {
		t.Fatalf("after the Polish source changed: %v; want the English one stale", a)
	}
	if st, _ := f.call(t, "DELETE", "/api/v1/articles/"+enID, admin, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	if st, _ := f.call(t, "GET", "/api/v1/articles/"+enID, admin, nil); st != 404 {
		t.Fatalf("deleted article: %d", st)
	}
}

func TestIntentsAndSlugsDoNotClash(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	_, out := f.call(t, "POST", "/api/v1/articles", admin, polish)
	id := str(out, "article", "id")
	intent := map[string]any{"name": "billing_dispute", "team": "billing", "human_only": true, "phrases": []string{"dispute a charge"}}
	if st, out := f.call(t, "POST", "/api/v1/intents", admin, intent); st != http.StatusCreated {
		t.Fatalf("create intent: %d %v", st, out)
	}
	intent["name"] = polish["slug"]
	if st, _ := f.call(t, "POST", "/api/v1/intents", admin, intent); st != http.StatusConflict {
		t.Fatalf("an intent named like an article: %d; want 409", st)
	}
	clash := map[string]any{"slug": "billing_dispute", "language": "en", "title": "Disputes", "body": "…"}
	if st, _ := f.call(t, "POST", "/api/v1/articles", admin, clash); st != http.StatusConflict {
		t.Fatalf("an article slugged like an intent: %d; want 409", st)
	}
	rename := map[string]any{"slug": "billing_dispute", "title": "x", "body": "y"}
	if st, _ := f.call(t, "PUT", "/api/v1/articles/"+id, admin, rename); st != http.StatusConflict {
		t.Fatalf("renaming an article to an intent's name: %d; want 409", st)
	}
}

package api

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// TestArticleNamesAreValidated: the API refuses the slugs, languages and
// collections the import refuses (one rule, kb's), with a 400 naming the
// field, and the zip export still works after a bad create was refused.
func TestArticleNamesAreValidated(t *testing.T) {
	f := newFixture(t)
	root := f.login(t, "root@example.com")
	good := func() map[string]any {
		return map[string]any{"slug": "reset-password", "language": "en", "title": "Reset your password", "body": "Open Settings."}
	}
	st, out := f.call(t, "POST", "/api/v1/articles", root, good())
	if st != 201 {
		t.Fatalf("good article: %d %v", st, out)
	}
	id := out["article"].(map[string]any)["id"].(string)
	for _, c := range []struct {
		field string
		value any
		want  string
	}{
		{"slug", "../x", `slug: bad value: "../x"`},
		{"slug", "a/b", `slug: bad value`},
		{"slug", "Reset", `slug: bad value`},
		{"language", "../../x", `language: invalid language tag`},
		{"language", "xx-notatag-really-not", `language: invalid language tag`},
		{"collection", "../../etc", `collection: bad value`},
		{"title", "two\nlines", `title: bad value`},
		{"title", "  ", `title: missing required field`},
		{"questions", []string{"ok", "ok"}, `questions[1]: duplicate question`},
	} {
		body := good()
		body["slug"] = "other"
		body[c.field] = c.value
		st, out := f.call(t, "POST", "/api/v1/articles", root, body)
		e, _ := out["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if st != 400 || errCode(out) != "invalid" || !strings.Contains(msg, c.want) {
			t.Errorf("create with %s %q: %d %q, want 400 saying %q", c.field, c.value, st, msg, c.want)
		}
		// An update may not sneak the same in.
		upd := good()
		upd[c.field] = c.value
		if st, out := f.call(t, "PUT", "/api/v1/articles/"+id, root, upd); st != 400 {
			t.Errorf("update with %s %q: %d %v", c.field, c.value, st, out)
		}
	}
	st, raw := f.get(t, "/api/v1/articles/export?format=zip", root)
	if st != 200 {
		t.Fatalf("zip export after refused creates: %d %s", st, raw)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil || len(zr.File) != 1 || zr.File[0].Name != "reset-password.en.md" {
		t.Fatalf("zip: %v %v", err, zr)
	}
	// The API stores the canonical form the import would: base language.
	b := good()
	b["slug"], b["language"] = "billing", "sr-Latn"
	if st, out := f.call(t, "POST", "/api/v1/articles", root, b); st != 201 || out["article"].(map[string]any)["language"] != "sr" {
		t.Fatalf("sr-Latn: %d %v", st, out)
	}
}

// TestArticlesBySiteID: with two sites, agents name the site by the id
// their conversations carry (the console's canned replies) or by key.
func TestArticlesBySiteID(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	shop, err := f.db.EnsureSite(ctx, parley.Site{Key: "shop", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.PutArticle(ctx, parley.Article{SiteID: shop.ID, Slug: "returns", Language: "en", Title: "Returns", Body: "30 days.",
		Status: parley.ArticlePublished}); err != nil {
		t.Fatal(err)
	}
	ana := f.login(t, "ana@example.com")
	if st, out := f.call(t, "GET", "/api/v1/articles?status=published", ana, nil); st != 400 || !strings.Contains(out["error"].(map[string]any)["message"].(string), "site") {
		t.Errorf("two sites, none named: %d %v", st, out)
	}
	for _, q := range []string{"site_id=" + shop.ID, "site=shop"} {
		st, out := f.call(t, "GET", "/api/v1/articles?status=published&"+q, ana, nil)
		arts, _ := out["articles"].([]any)
		if st != 200 || len(arts) != 1 || arts[0].(map[string]any)["title"] != "Returns" {
			t.Errorf("%s: %d %v", q, st, out)
		}
	}
	if st, out := f.call(t, "GET", "/api/v1/articles?site_id=nope", ana, nil); st != 404 {
		t.Errorf("unknown site id: %d %v", st, out)
	}
}

// TestExportNamesAnArticleItCannotWrite: an article stored before the API
// checked names (slug "../x") makes the zip export a 409 naming it, not a
// bare 500, and renaming it through the API mends the export.
func TestExportNamesAnArticleItCannotWrite(t *testing.T) {
	f := newFixture(t)
	root := f.login(t, "root@example.com")
	site, _ := f.db.SiteByKey(t.Context(), "demo")
	bad, err := f.db.PutArticle(t.Context(), parley.Article{SiteID: site.ID, Slug: "../x", Language: "en", Title: "Old", Body: "b"})
	if err != nil {
		t.Fatal(err)
	}
	st, raw := f.get(t, "/api/v1/articles/export?format=zip", root)
	if st != 409 || !strings.Contains(string(raw), bad.ID) || !strings.Contains(string(raw), "slug") {
		t.Fatalf("export with a legacy bad slug: %d %s", st, raw)
	}
	if st, out := f.call(t, "PUT", "/api/v1/articles/"+bad.ID, root, map[string]any{"slug": "x", "title": "Old", "body": "b"}); st != 200 {
		t.Fatalf("rename: %d %v", st, out)
	}
	if st, raw := f.get(t, "/api/v1/articles/export?format=zip", root); st != 200 {
		t.Fatalf("export after the rename: %d %s", st, raw)
	}
}

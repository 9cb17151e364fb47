package parley

import (
	"testing"
	"time"
)

func TestArticleCanonical(t *testing.T) {
	ok := Article{SiteID: "s", Slug: "reset", Language: "en", Title: "Reset", Questions: []string{"forgot"}}
	for _, tc := range []struct {
		name   string
		edit   func(a *Article)
		code   string
		status ArticleStatus
	}{
		{"draft by default", func(a *Article) {}, "", ArticleDraft},
		{"published", func(a *Article) { a.Status = ArticlePublished }, "", ArticlePublished},
		{"no site", func(a *Article) { a.SiteID = "" }, ENOTFOUND, ""},
		{"no slug", func(a *Article) { a.Slug = "" }, EINVALID, ""},
		{"no language", func(a *Article) { a.Language = "" }, EINVALID, ""},
		{"unknown status", func(a *Article) { a.Status = "archived" }, EINVALID, ""},
		{"negative version", func(a *Article) { a.Version = -1 }, EINVALID, ""},
		{"NUL in the body", func(a *Article) { a.Body = "a\x00b" }, EINVALID, ""},
		{"invalid UTF-8 in a question", func(a *Article) { a.Questions = []string{"\xff"} }, EINVALID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := ok
			tc.edit(&a)
			got, err := a.Canonical()
			if code(err) != tc.code {
				t.Fatalf("Canonical: %v, want code %q", err, tc.code)
			}
			if err == nil && got.Status != tc.status {
				t.Errorf("status %q, want %q", got.Status, tc.status)
			}
		})
	}
}

func TestArticleUpdate(t *testing.T) {
	created := t0.Add(-time.Hour)
	stored := Article{ID: "a", SiteID: "s", Slug: "x", Language: "en", Title: "T", Body: "v1", Status: ArticleDraft,
		Version: 3, UpdatedBy: "ana", CreatedAt: created, UpdatedAt: t0}
	for _, tc := range []struct {
		name   string
		edit   func(a *Article)
		change ArticleChange
		want   func(a *Article) // from stored
		code   string
	}{
		{"identical, by someone else", func(a *Article) { a.Version, a.UpdatedBy = 0, "bo" }, ArticleUnchanged,
			func(a *Article) {}, ""},
		{"publish without a change: same version", func(a *Article) { a.Status, a.UpdatedBy = ArticlePublished, "bo" },
			ArticleRestatused, func(a *Article) { a.Status = ArticlePublished }, ""},
		{"publish from the version read", func(a *Article) { a.Status = ArticlePublished },
			ArticleRestatused, func(a *Article) { a.Status = ArticlePublished }, ""},
		{"new body", func(a *Article) { a.Body, a.UpdatedBy, a.Version = "v2", "bo", 0 }, ArticleNewVersion,
			func(a *Article) { a.Body, a.UpdatedBy, a.Version, a.UpdatedAt = "v2", "bo", 4, now }, ""},
		{"new body, published", func(a *Article) { a.Body, a.Status = "v2", ArticlePublished }, ArticleNewVersion,
			func(a *Article) { a.Body, a.Status, a.Version, a.UpdatedAt = "v2", ArticlePublished, 4, now }, ""},
		{"new questions", func(a *Article) { a.Questions = []string{"q"} }, ArticleNewVersion,
			func(a *Article) { a.Questions, a.Version, a.UpdatedAt = []string{"q"}, 4, now }, ""},
		{"renamed", func(a *Article) { a.Slug = "y" }, ArticleNewVersion,
			func(a *Article) { a.Slug, a.Version, a.UpdatedAt = "y", 4, now }, ""},
		{"the id and times are the stored ones", func(a *Article) { a.ID, a.CreatedAt, a.Title = "other", now, "T2" },
			ArticleNewVersion, func(a *Article) { a.Title, a.Version, a.UpdatedAt = "T2", 4, now }, ""},
		{"stale version", func(a *Article) { a.Version, a.Body = 2, "v2" }, ArticleUnchanged, func(a *Article) {}, ECONFLICT},
		{"stale publish", func(a *Article) { a.Version, a.Status = 2, ArticlePublished }, ArticleUnchanged, func(a *Article) {}, ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := stored
			tc.edit(&a)
			got, change, err := stored.Update(a, now)
			if code(err) != tc.code {
				t.Fatalf("Update: %v, want code %q", err, tc.code)
			}
			if change != tc.change {
				t.Errorf("change %d, want %d", change, tc.change)
			}
			if err != nil {
				return
			}
			want := stored
			tc.want(&want)
			if !got.SameContent(want) || got.ID != want.ID || got.SiteID != want.SiteID || got.Status != want.Status ||
				got.Version != want.Version || got.UpdatedBy != want.UpdatedBy ||
				!got.CreatedAt.Equal(want.CreatedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
				t.Errorf("Update = %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestArticleChangePublishes(t *testing.T) {
	pub, draft := Article{Status: ArticlePublished}, Article{Status: ArticleDraft}
	for _, tc := range []struct {
		c    ArticleChange
		a    Article
		want bool
	}{
		{ArticleCreated, pub, true}, {ArticleCreated, draft, false},
		{ArticleNewVersion, pub, true}, {ArticleNewVersion, draft, false},
		{ArticleRestatused, pub, true}, {ArticleRestatused, draft, false},
		{ArticleUnchanged, pub, false},
	} {
		if got := tc.c.Publishes(tc.a); got != tc.want {
			t.Errorf("%d.Publishes(%s) = %v, want %v", tc.c, tc.a.Status, got, tc.want)
		}
	}
}

func TestNewArticle(t *testing.T) {
	a := NewArticle(Article{Slug: "x", Version: 7}, now)
	if a.ID == "" || a.Version != 1 || !a.CreatedAt.Equal(now) || !a.UpdatedAt.Equal(now) {
		t.Errorf("NewArticle = %+v", a)
	}
	if b := NewArticle(Article{ID: "given"}, now); b.ID != "given" {
		t.Errorf("NewArticle dropped the given id: %+v", b)
	}
}

func TestArticleVoteValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    ArticleVote
		ok   bool
	}{
		{"ok", ArticleVote{SiteID: "s", Slug: "reset", Language: "en"}, true},
		{"no site", ArticleVote{Slug: "reset", Language: "en"}, false},
		{"no slug", ArticleVote{SiteID: "s", Language: "en"}, false},
		{"long slug", ArticleVote{SiteID: "s", Slug: string(make([]byte, 101)), Language: "en"}, false},
		{"no language", ArticleVote{SiteID: "s", Slug: "reset"}, false},
	} {
		if err := tc.v.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

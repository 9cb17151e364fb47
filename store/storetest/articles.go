package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/parley-chat/parley"
)

func mustPut(t *testing.T, s Store, a parley.Article) parley.Article {
	t.Helper()
	got, err := s.PutArticle(ctx(t), a)
	if err != nil {
		t.Fatalf("PutArticle(%s/%s): %v", a.Slug, a.Language, err)
	}
	return got
}

func wantArticle(t *testing.T, s Store, want parley.Article) {
	t.Helper()
	got, err := s.Article(ctx(t), want.ID)
	if err != nil {
		t.Fatalf("Article: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Article = %+v\nwant %+v", got, want)
	}
}

func article(siteID, slug, lang string) parley.Article {
	return parley.Article{SiteID: siteID, Slug: slug, Language: lang, Title: "Reset your password",
		Body: "1. Open **Settings**.", Collection: "account", Questions: []string{"forgot password", "can't log in"}}
}

var articleTests = []test{
	{"PutCreatesVersionOne", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		in := article(site.ID, "reset-password", "hy")
		in.Title, in.Questions, in.UpdatedBy = "Գաղտնաբառի վերականգնում", []string{"մոռացել եմ գաղտնաբառը 🙈"}, "admin-1"
		a := mustPut(t, s, in)
		if a.ID == "" || a.Version != 1 || a.Status != parley.ArticleDraft || a.SiteID != site.ID || a.UpdatedBy != "admin-1" {
			t.Errorf("PutArticle = %+v", a)
		}
		wantUTC(t, "CreatedAt", a.CreatedAt)
		wantUTC(t, "UpdatedAt", a.UpdatedAt)
		wantArticle(t, s, a)
		vs, err := s.ArticleVersions(ctx(t), a.ID)
		if err != nil || len(vs) != 1 || !reflect.DeepEqual(vs[0], a) {
			t.Errorf("ArticleVersions = %+v, %v; want [%+v]", vs, err, a)
		}
	}},
	{"PutUpdatesAndKeepsHistory", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		v1 := mustPut(t, s, article(site.ID, "reset-password", "en"))
		in := article(site.ID, "reset-password", "en")
		in.Body, in.Status, in.UpdatedBy = "1. Open **Settings**.\n2. Click *Reset*.", parley.ArticlePublished, "admin-2"
		v2 := mustPut(t, s, in)
		if v2.ID != v1.ID || v2.Version != 2 || !v2.CreatedAt.Equal(v1.CreatedAt) || v2.UpdatedAt.Before(v1.UpdatedAt) ||
			v2.Body != in.Body || v2.Status != parley.ArticlePublished || v2.UpdatedBy != "admin-2" {
			t.Errorf("second put = %+v (first %+v)", v2, v1)
		}
		same := mustPut(t, s, in)
		if !reflect.DeepEqual(same, v2) {
			t.Errorf("unchanged put = %+v, want %+v", same, v2)
		}
		wantArticle(t, s, v2)
		vs, err := s.ArticleVersions(ctx(t), v1.ID)
		if err != nil || len(vs) != 2 || !reflect.DeepEqual(vs[0], v1) || !reflect.DeepEqual(vs[1], v2) {
			t.Errorf("ArticleVersions = %+v, %v\nwant [%+v %+v]", vs, err, v1, v2)
		}
	}},
	{"PublishKeepsTheVersion", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		v1 := mustPut(t, s, article(site.ID, "refunds", "pl"))
		published := func(id string) int {
			n := 0
			for _, act := range allActivities(t, s, 0) {
				if act.Kind == parley.ActivityPublished && act.ArticleID == id {
					n++
				}
			}
			return n
		}
		in := v1
		in.Status, in.UpdatedBy = parley.ArticlePublished, "publisher"
		pub := mustPut(t, s, in)
		want := v1
		want.Status = parley.ArticlePublished // the version's editor and time stay
		if !reflect.DeepEqual(pub, want) {
			t.Errorf("publish without a change = %+v\nwant %+v (version 1, published)", pub, want)
		}
		wantArticle(t, s, want)
		vs, err := s.ArticleVersions(ctx(t), v1.ID)
		if err != nil || len(vs) != 1 || !reflect.DeepEqual(vs[0], want) {
			t.Errorf("ArticleVersions after publishing = %+v, %v; want [%+v]", vs, err, want)
		}
		if n := published(v1.ID); n != 1 {
			t.Errorf("%d article.published activities, want 1", n)
		}
		if again := mustPut(t, s, in); !reflect.DeepEqual(again, want) || published(v1.ID) != 1 {
			t.Errorf("publishing again = %+v (%d activities); want it unchanged, one activity", again, published(v1.ID))
		}
		in.Status = parley.ArticleDraft
		if draft := mustPut(t, s, in); draft.Version != 1 || draft.Status != parley.ArticleDraft || published(v1.ID) != 1 {
			t.Errorf("unpublish = %+v; want version 1, a draft, no activity", draft)
		}
		in.Body, in.Status, in.Version = "new text", parley.ArticlePublished, 1
		if v2 := mustPut(t, s, in); v2.Version != 2 || v2.Status != parley.ArticlePublished || published(v1.ID) != 2 {
			t.Errorf("new content, published = %+v; want version 2 and a second activity", v2)
		}
		if vs, _ := s.ArticleVersions(ctx(t), v1.ID); len(vs) != 2 || vs[0].Status != parley.ArticleDraft || vs[1].Body != "new text" {
			t.Errorf("ArticleVersions = %+v; want version 1 (as a draft again) and version 2", vs)
		}
	}},
	{"PutByIDRenames", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a := mustPut(t, s, article(site.ID, "old-slug", "fa"))
		a.Slug = "new-slug"
		b := mustPut(t, s, a)
		if b.ID != a.ID || b.Version != 2 || b.Slug != "new-slug" {
			t.Errorf("rename = %+v", b)
		}
		c := mustPut(t, s, article(site.ID, "old-slug", "fa"))
		if c.ID == a.ID || c.Version != 1 {
			t.Errorf("the old key should be free for a new article: %+v", c)
		}
	}},
	{"PutStaleVersionConflicts", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a := mustPut(t, s, article(site.ID, "billing", "ru"))
		a.Body = "first editor"
		if a = mustPut(t, s, a); a.Version != 2 {
			t.Fatalf("version %d, want 2", a.Version)
		}
		stale := a
		stale.Version, stale.Body = 1, "second editor, from version 1"
		_, err := s.PutArticle(ctx(t), stale)
		wantCode(t, err, parley.ECONFLICT)
		wantArticle(t, s, a)
	}},
	{"PutRefusesBadInput", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		noSlug := article(site.ID, "", "en")
		_, err := s.PutArticle(ctx(t), noSlug)
		wantCode(t, err, parley.EINVALID)
		badStatus := article(site.ID, "x", "en")
		badStatus.Status = "archived"
		_, err = s.PutArticle(ctx(t), badStatus)
		wantCode(t, err, parley.EINVALID)
		_, err = s.PutArticle(ctx(t), article(parley.NewID(), "x", "en"))
		wantNotFound(t, "unknown site", err)
		a := mustPut(t, s, article(site.ID, "taken", "en"))
		other := article(site.ID, "taken", "en")
		other.ID = parley.NewID()
		_, err = s.PutArticle(ctx(t), other)
		wantCode(t, err, parley.ECONFLICT)
		b := mustPut(t, s, article(site.ID, "b", "en"))
		b.Slug = a.Slug // renaming onto another article's key
		_, err = s.PutArticle(ctx(t), b)
		wantCode(t, err, parley.ECONFLICT)
	}},
	{"ArticlesFilter", func(t *testing.T, s Store) {
		site, other := mustSite(t, s), mustSite(t, s)
		put := func(slug, lang, coll string, st parley.ArticleStatus) string {
			a := article(site.ID, slug, lang)
			a.Collection, a.Status = coll, st
			mustPut(t, s, a)
			return slug + "/" + lang
		}
		// Put out of order; the list must come back sorted.
		pubFa := put("api-keys", "fa", "developers", parley.ArticlePublished)
		pubSr := put("reset", "sr", "account", parley.ArticlePublished)
		draftEn := put("invoice", "en", "billing", parley.ArticleDraft)
		pubEn := put("reset", "en", "account", parley.ArticlePublished)
		mustPut(t, s, article(other.ID, "reset", "en"))
		cases := []struct {
			name string
			f    parley.ArticleFilter
			want []string
		}{
			{"all", parley.ArticleFilter{}, []string{pubEn, pubSr, draftEn, pubFa}},
			{"published", parley.ArticleFilter{Status: parley.ArticlePublished}, []string{pubEn, pubSr, pubFa}},
			{"drafts", parley.ArticleFilter{Status: parley.ArticleDraft}, []string{draftEn}},
			{"english", parley.ArticleFilter{Language: "en"}, []string{pubEn, draftEn}},
			{"collection", parley.ArticleFilter{Collection: "account"}, []string{pubEn, pubSr}},
			{"slug", parley.ArticleFilter{Slug: "reset"}, []string{pubEn, pubSr}},
			{"everything at once", parley.ArticleFilter{Status: parley.ArticlePublished, Language: "sr", Collection: "account", Slug: "reset"}, []string{pubSr}},
			{"nothing", parley.ArticleFilter{Language: "de"}, nil},
		}
		for _, tc := range cases {
			got, err := s.Articles(ctx(t), site.ID, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var keys []string
			for _, a := range got {
				keys = append(keys, a.Slug+"/"+a.Language)
			}
			if !slices.Equal(keys, tc.want) { // each want is in collection, slug, language order
				t.Errorf("%s: %v, want %v", tc.name, keys, tc.want)
			}
		}
		_, err := s.Articles(ctx(t), site.ID, parley.ArticleFilter{Status: "archived"})
		wantCode(t, err, parley.EINVALID)
		_, err = s.Articles(ctx(t), parley.NewID(), parley.ArticleFilter{})
		wantNotFound(t, "Articles of unknown site", err)
	}},
	{"ConcurrentPutsOneArticle", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		const n = 10
		ids := make([]string, n)
		race(n, func(i int) {
			a := article(site.ID, "race", "en")
			a.Body = fmt.Sprint("body ", i)
			got, err := s.PutArticle(ctx(t), a)
			if err != nil {
				t.Errorf("put %d: %v", i, err)
			}
			ids[i] = got.ID
		})
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("racing puts made several articles: %v", ids)
			}
		}
		vs, err := s.ArticleVersions(ctx(t), ids[0])
		if err != nil || len(vs) != n {
			t.Fatalf("ArticleVersions = %d, %v; want %d", len(vs), err, n)
		}
		for i, v := range vs {
			if v.Version != i+1 {
				t.Fatalf("version %d at index %d", v.Version, i)
			}
		}
		cur, err := s.Article(ctx(t), ids[0])
		if err != nil || cur.Version != n || cur.Body != vs[n-1].Body {
			t.Errorf("current = %+v, %v; want version %d with the last body", cur, err, n)
		}
	}},
	{"Delete", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		a := mustPut(t, s, article(site.ID, "gone", "en"))
		a.Body = "v2"
		mustPut(t, s, a)
		keep := mustPut(t, s, article(site.ID, "kept", "en"))
		if err := s.DeleteArticle(ctx(t), a.ID); err != nil {
			t.Fatalf("DeleteArticle: %v", err)
		}
		_, err := s.Article(ctx(t), a.ID)
		wantNotFound(t, "Article after delete", err)
		_, err = s.ArticleVersions(ctx(t), a.ID)
		wantNotFound(t, "ArticleVersions after delete", err)
		wantNotFound(t, "second delete", s.DeleteArticle(ctx(t), a.ID))
		list, err := s.Articles(ctx(t), site.ID, parley.ArticleFilter{})
		if err != nil || len(list) != 1 || list[0].ID != keep.ID {
			t.Errorf("Articles after delete = %+v, %v", list, err)
		}
		again := mustPut(t, s, article(site.ID, "gone", "en"))
		if again.Version != 1 || again.ID == a.ID {
			t.Errorf("put after delete = %+v, want a new article at version 1", again)
		}
	}},
}

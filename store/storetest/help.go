package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var helpTests = []test{
	{"ArticleVotesCounted", func(t *testing.T, s Store) {
		site, other := mustSite(t, s), mustSite(t, s)
		before, after := time.Now().Add(-time.Minute), time.Now().Add(time.Hour)
		if got, err := s.ArticleVotes(ctx(t), site.ID, before, after); err != nil || got == nil || len(got) != 0 {
			t.Fatalf("ArticleVotes with none = %#v, %v; want an empty slice", got, err)
		}
		for _, v := range []parley.ArticleVote{
			{SiteID: site.ID, Slug: "reset-password", Language: "fa", Helpful: true},
			{SiteID: site.ID, Slug: "reset-password", Language: "fa", Helpful: false},
			{SiteID: site.ID, Slug: "reset-password", Language: "fa", Helpful: true},
			{SiteID: site.ID, Slug: "reset-password", Language: "en", Helpful: false},
			{SiteID: site.ID, Slug: "billing", Language: "en", Helpful: true},
			{SiteID: other.ID, Slug: "billing", Language: "en", Helpful: false},
		} {
			if err := s.RecordArticleVote(ctx(t), v); err != nil {
				t.Fatalf("RecordArticleVote(%+v): %v", v, err)
			}
		}
		got, err := s.ArticleVotes(ctx(t), site.ID, before, after)
		if err != nil {
			t.Fatal(err)
		}
		want := []parley.ArticleVotes{
			{Slug: "billing", Language: "en", Helpful: 1},
			{Slug: "reset-password", Language: "en", Unhelpful: 1},
			{Slug: "reset-password", Language: "fa", Helpful: 2, Unhelpful: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ArticleVotes = %+v\nwant %+v", got, want)
		}
		for name, w := range map[string][2]time.Time{"the future": {after, after.Add(time.Hour)}, "the past": {before.Add(-time.Hour), before}} {
			if got, err := s.ArticleVotes(ctx(t), site.ID, w[0], w[1]); err != nil || len(got) != 0 {
				t.Errorf("ArticleVotes in %s = %+v, %v; want none", name, got, err)
			}
		}
		all, err := s.ArticleVotes(ctx(t), "", before, after)
		if err != nil {
			t.Fatal(err)
		}
		want = append([]parley.ArticleVotes{{Slug: "billing", Language: "en", Helpful: 1, Unhelpful: 1}}, want[1:]...)
		if !reflect.DeepEqual(all, want) {
			t.Errorf("every site's votes = %+v\nwant %+v", all, want)
		}
	}},
	{"ArticleVoteRefusesBadInput", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		for name, v := range map[string]parley.ArticleVote{
			"no site":     {Slug: "a", Language: "en"},
			"no slug":     {SiteID: site.ID, Language: "en"},
			"no language": {SiteID: site.ID, Slug: "a"},
		} {
			if err := s.RecordArticleVote(ctx(t), v); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s: RecordArticleVote = %v, want EINVALID", name, err)
			}
		}
		err := s.RecordArticleVote(ctx(t), parley.ArticleVote{SiteID: parley.NewID(), Slug: "a", Language: "en"})
		if !errors.Is(err, parley.ErrNotFound) {
			t.Errorf("unknown site: RecordArticleVote = %v, want ErrNotFound", err)
		}
	}},
}

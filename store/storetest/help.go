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
		before := time.Now().Add(-time.Minute)
		if got, err := s.ArticleVotes(ctx(t), site.ID, before); err != nil || got == nil || len(got) != 0 {
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
		got, err := s.ArticleVotes(ctx(t), site.ID, before)
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
		if got, err := s.ArticleVotes(ctx(t), site.ID, time.Now().Add(time.Hour)); err != nil || len(got) != 0 {
			t.Errorf("ArticleVotes since the future = %+v, %v; want none", got, err)
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

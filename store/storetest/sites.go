package storetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

var siteTests = []test{
	{"EnsureSiteCreatesOnce", func(t *testing.T, s Store) {
		key := "k-" + parley.NewID()
		first, err := s.EnsureSite(ctx(t), parley.Site{Key: key, Name: "First"})
		if err != nil {
			t.Fatalf("EnsureSite: %v", err)
		}
		if first.ID == "" || first.Key != key || first.Name != "First" {
			t.Fatalf("EnsureSite = %+v", first)
		}
		wantUTC(t, "CreatedAt", first.CreatedAt)
		again, err := s.EnsureSite(ctx(t), parley.Site{Key: key, Name: "Second", IdentitySecret: "x"})
		if err != nil {
			t.Fatalf("EnsureSite again: %v", err)
		}
		if again.ID != first.ID || again.Name != "First" || again.IdentitySecret != "" || !again.CreatedAt.Equal(first.CreatedAt) {
			t.Errorf("EnsureSite overwrote: %+v, first %+v", again, first)
		}
		byKey, err := s.SiteByKey(ctx(t), key)
		if err != nil || byKey.ID != first.ID {
			t.Errorf("SiteByKey = %+v, %v", byKey, err)
		}
	}},
	{"EnsureSiteKeepsGivenID", func(t *testing.T, s Store) {
		id := parley.NewID()
		site, err := s.EnsureSite(ctx(t), parley.Site{ID: id, Key: "k-" + parley.NewID()})
		if err != nil || site.ID != id {
			t.Fatalf("EnsureSite = %+v, %v; want id %s", site, err, id)
		}
	}},
	{"EnsureSiteRacing", func(t *testing.T, s Store) {
		key := "k-" + parley.NewID()
		ids := make([]string, 10)
		race(len(ids), func(i int) {
			site, err := s.EnsureSite(ctx(t), parley.Site{Key: key})
			if err != nil {
				t.Errorf("EnsureSite: %v", err)
			}
			ids[i] = site.ID
		})
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("racing EnsureSite returned different sites: %v", ids)
			}
		}
	}},
	{"EnsureSiteWithoutKey", func(t *testing.T, s Store) {
		_, err := s.EnsureSite(ctx(t), parley.Site{Name: "no key"})
		wantCode(t, err, parley.EINVALID)
	}},
	{"SiteByKeyUnknown", func(t *testing.T, s Store) {
		_, err := s.SiteByKey(ctx(t), "nope")
		wantNotFound(t, "SiteByKey", err)
	}},
	{"UpdateSiteRoundTrip", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		site.Name = "Renamed ✓"
		site.AllowedOrigins = []string{"https://example.com", "http://localhost:8080"}
		site.IdentitySecret = "s3cret"
		site.IdentityRequired = true
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatalf("UpdateSite: %v", err)
		}
		got, err := s.SiteByKey(ctx(t), site.Key)
		if err != nil {
			t.Fatalf("SiteByKey: %v", err)
		}
		if got.ID != site.ID || got.Name != site.Name || !slices.Equal(got.AllowedOrigins, site.AllowedOrigins) ||
			got.IdentitySecret != site.IdentitySecret || !got.IdentityRequired || !got.CreatedAt.Equal(site.CreatedAt) {
			t.Errorf("after UpdateSite: %+v, want %+v", got, site)
		}
		wantUTC(t, "CreatedAt", got.CreatedAt)

		site.AllowedOrigins = nil
		site.IdentityRequired = false
		site.IdentitySecret = ""
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatalf("UpdateSite clear: %v", err)
		}
		got, err = s.SiteByKey(ctx(t), site.Key)
		if err != nil || len(got.AllowedOrigins) != 0 || got.IdentityRequired || got.IdentitySecret != "" {
			t.Errorf("after clearing: %+v, %v", got, err)
		}
	}},
	{"UpdateSiteUnknown", func(t *testing.T, s Store) {
		err := s.UpdateSite(ctx(t), parley.Site{ID: parley.NewID(), Key: "k-" + parley.NewID()})
		wantNotFound(t, "UpdateSite", err)
	}},
	{"SiteByID", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		site.AllowedOrigins = []string{"https://example.com"}
		site.IdentitySecret = "s"
		if err := s.UpdateSite(ctx(t), site); err != nil {
			t.Fatalf("UpdateSite: %v", err)
		}
		got, err := s.SiteByID(ctx(t), site.ID)
		if err != nil {
			t.Fatalf("SiteByID: %v", err)
		}
		if !reflect.DeepEqual(got, site) {
			t.Errorf("SiteByID = %+v, want %+v", got, site)
		}
		wantUTC(t, "CreatedAt", got.CreatedAt)
		_, err = s.SiteByID(ctx(t), parley.NewID())
		wantNotFound(t, "SiteByID unknown", err)
		_, err = s.SiteByID(ctx(t), site.Key)
		wantNotFound(t, "SiteByID with a key", err)
	}},
	{"Sites", func(t *testing.T, s Store) {
		if all, err := s.Sites(ctx(t)); err != nil || len(all) != 0 {
			t.Fatalf("Sites of an empty store = %+v, %v", all, err)
		}
		var want []parley.Site
		for _, key := range []string{"b", "a", "B", "ä", "a-2", "A"} { // byte order: A B a a-2 b ä
			site, err := s.EnsureSite(ctx(t), parley.Site{Key: key, Name: "site " + key, AllowedOrigins: []string{"https://" + key}})
			if err != nil {
				t.Fatalf("EnsureSite(%q): %v", key, err)
			}
			want = append(want, site)
		}
		slices.SortFunc(want, func(a, b parley.Site) int { return strings.Compare(a.Key, b.Key) })
		got, err := s.Sites(ctx(t))
		if err != nil {
			t.Fatalf("Sites: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Sites =\n %+v\nwant\n %+v", got, want)
		}
	}},
	{"Ping", func(t *testing.T, s Store) {
		if err := s.Ping(ctx(t)); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	}},
}

package librarian

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/kb/demo"
	"github.com/parley-chat/parley/store/sqlite"
)

// TestOneSiteCannotStopTheOthers: a site whose content the classifier
// refuses (an intent named like an article) keeps no new knowledge, the
// other sites are built, and the site is built once its content is fixed.
func TestOneSiteCannotStopTheOthers(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lib.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	var sites []parley.Site
	for _, key := range []string{"broken", "fine"} {
		site, _ := db.EnsureSite(ctx, parley.Site{Key: key})
		for _, a := range arts {
			a.SiteID = site.ID
			if _, err := db.PutArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		sites = append(sites, site)
	}
	clash, err := db.PutIntent(ctx, parley.Intent{SiteID: sites[0].ID, Name: arts[0].Slug, Team: "billing", Phrases: []string{"x y z"}})
	if err != nil {
		t.Fatal(err)
	}
	svc := bot.NewService(bot.Config{})
	l := New(db, svc, nil)
	if err := l.Refresh(ctx); err != nil {
		t.Fatalf("Refresh: %v; one site's content must not fail the refresh", err)
	}
	if svc.Knowledge(sites[0].ID) != nil || svc.Knowledge(sites[1].ID) == nil {
		t.Fatalf("knowledge: broken %v, fine %v; want none and some", svc.Knowledge(sites[0].ID), svc.Knowledge(sites[1].ID))
	}
	if err := db.DeleteIntent(ctx, clash.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.Refresh(ctx); err != nil || svc.Knowledge(sites[0].ID) == nil {
		t.Fatalf("after the clash is gone: %v, knowledge %v", err, svc.Knowledge(sites[0].ID))
	}
}

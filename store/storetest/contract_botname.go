package storetest

import (
	"testing"

	"github.com/parley-chat/parley"
)

// A site's bot name is kept with its settings: created, changed, read by
// key, id and in the list of sites, and cleared back to the default.
var botNameTests = []test{{"RoundTrip", func(t *testing.T, s Store) {
	site, err := s.EnsureSite(ctx(t), parley.Site{Key: "k-" + parley.NewID(), BotName: "Nova"})
	if err != nil || site.BotName != "Nova" || site.Bot() != "Nova" {
		t.Fatalf("EnsureSite: %+v, %v; want bot name Nova", site, err)
	}
	site.BotName = "Ава"
	if err := s.UpdateSite(ctx(t), site); err != nil {
		t.Fatalf("UpdateSite: %v", err)
	}
	byKey, err1 := s.SiteByKey(ctx(t), site.Key)
	byID, err2 := s.SiteByID(ctx(t), site.ID)
	all, err3 := s.Sites(ctx(t))
	listed := ""
	for _, x := range all {
		if x.ID == site.ID {
			listed = x.BotName
		}
	}
	if err1 != nil || err2 != nil || err3 != nil || byKey.BotName != "Ава" || byID.BotName != "Ава" || listed != "Ава" {
		t.Errorf("read back %q %q %q (%v %v %v); want Ава", byKey.BotName, byID.BotName, listed, err1, err2, err3)
	}
	site.BotName = ""
	if err := s.UpdateSite(ctx(t), site); err != nil {
		t.Fatalf("UpdateSite: %v", err)
	}
	if got, err := s.SiteByKey(ctx(t), site.Key); err != nil || got.BotName != "" || got.Bot() != parley.DefaultBotName {
		t.Errorf("cleared: %q, %v; want the default %q", got.BotName, err, parley.DefaultBotName)
	}
}}}

package api

import (
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// Admins name a site's bot; agents read every site's name, the default
// until one is set; bad names are refused.
func TestBotName(t *testing.T) {
	f := newFixture(t)
	agent, admin := f.login(t, "ana@example.com"), f.login(t, "root@example.com")
	name := func() string {
		t.Helper()
		st, out := f.call(t, "GET", "/api/v1/bots", agent, nil)
		bots, _ := out["bots"].([]any)
		if st != 200 || len(bots) != 1 {
			t.Fatalf("GET /api/v1/bots: %d %v", st, out)
		}
		b := bots[0].(map[string]any)
		if b["site_key"] != "demo" || b["site_id"] == "" {
			t.Errorf("bot entry %v lacks its site", b)
		}
		return b["name"].(string)
	}
	if got := name(); got != parley.DefaultBotName {
		t.Errorf("default bot name %q; want %q", got, parley.DefaultBotName)
	}
	if st, out := f.call(t, "PUT", "/api/v1/sites/demo/bot", admin, map[string]string{"name": "  Nova  "}); st != 200 || out["name"] != "Nova" {
		t.Fatalf("PUT bot name: %d %v", st, out)
	}
	if got := name(); got != "Nova" {
		t.Errorf("bot name %q after naming it Nova", got)
	}
	if site, _ := f.db.SiteByKey(t.Context(), "demo"); site.BotName != "Nova" {
		t.Errorf("stored bot name %q", site.BotName)
	}
	for _, bad := range []string{strings.Repeat("x", parley.MaxBotNameRunes+1), "Nova\u202e", "a\nb"} {
		if st, out := f.call(t, "PUT", "/api/v1/sites/demo/bot", admin, map[string]string{"name": bad}); st != 400 || errCode(out) != parley.EINVALID {
			t.Errorf("PUT bot name %q: %d %v; want 400 invalid", bad, st, out)
		}
	}
	if st, _ := f.call(t, "PUT", "/api/v1/sites/demo/bot", agent, map[string]string{"name": "Mine"}); st != 403 {
		t.Errorf("an agent naming the bot: %d; want 403", st)
	}
	if st, _ := f.call(t, "PUT", "/api/v1/sites/nope/bot", admin, map[string]string{"name": "X"}); st != 404 {
		t.Errorf("unknown site: %d; want 404", st)
	}
	if st, out := f.call(t, "PUT", "/api/v1/sites/demo/bot", admin, map[string]string{"name": ""}); st != 200 || out["name"] != parley.DefaultBotName {
		t.Errorf("clearing the name: %d %v; want the default", st, out)
	}
}

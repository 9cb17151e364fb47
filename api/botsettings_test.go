package api

import "testing"

// The admin sees the threshold the site's classifier chose for itself,
// which the bot uses while the site sets none.
func TestBotSettingsShowTheChosenThreshold(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	st, out := f.call(t, "GET", "/api/v1/settings/bot?site=demo", admin, nil)
	if _, ok := out["chosen_threshold"]; st != 200 || ok {
		t.Fatalf("before any build: %d %v", st, out)
	}
	f.seedDemo(t)
	st, out = f.call(t, "GET", "/api/v1/settings/bot?site=demo", admin, nil)
	chosen, _ := out["chosen_threshold"].(float64)
	if st != 200 || chosen < 0.3 || chosen > 0.9 || out["threshold"] != 0.0 {
		t.Fatalf("after the build: %d %v", st, out)
	}
	st, out = f.call(t, "PUT", "/api/v1/settings/bot?site=demo", admin, map[string]any{"threshold": 0.8})
	if st != 200 || out["threshold"] != 0.8 || out["chosen_threshold"] != chosen {
		t.Errorf("after setting one: %d %v", st, out)
	}
}

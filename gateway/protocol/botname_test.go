package protocol

import (
	"encoding/json"
	"testing"

	"github.com/parley-chat/parley"
)

// A named bot travels in welcome.site.bot_name; an unnamed one adds
// nothing (the widget keeps its translated default).
func TestWelcomeSiteBotName(t *testing.T) {
	var w struct {
		Site map[string]string `json:"site"`
	}
	data := EncodeWelcome("tok", parley.Session{}, parley.Status{Mode: parley.ModeBot}, SiteFor(parley.Site{BotName: "Nova"}, "en"))
	if err := json.Unmarshal(data, &w); err != nil || w.Site["bot_name"] != "Nova" || len(w.Site) != 1 {
		t.Fatalf("welcome = %s (%v); want site {bot_name: Nova}", data, err)
	}
	if SiteFor(parley.Site{}, "en") != nil {
		t.Error("an unnamed bot adds a site object")
	}
}

package protocol

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

func TestDecodePageAndNPS(t *testing.T) {
	f, err := Decode([]byte(`{"type":"page","url":"https://shop.example.com/pricing?plan=team","title":"  Pricing "}`))
	if p, ok := f.(*PageView); err != nil || !ok || p.URL != "https://shop.example.com/pricing?plan=team" || p.Title != "Pricing" {
		t.Fatalf("page = %+v, %v", f, err)
	}
	f, err = Decode([]byte(`{"type":"nps","client_id":"n1","score":0,"comment":" meh "}`))
	if n, ok := f.(*NPS); err != nil || !ok || n.Score != 0 || n.ClientID != "n1" || n.Comment != "meh" {
		t.Fatalf("nps = %+v, %v", f, err)
	}
	f, err = Decode([]byte(`{"type":"nps","score":10}`))
	if n, ok := f.(*NPS); err != nil || !ok || n.Score != 10 {
		t.Fatalf("nps 10 = %+v, %v", f, err)
	}
}

func TestDecodePageAndNPSRefusals(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"type":"page"}`, `page needs "url"`},
		{`{"type":"page","url":"/pricing"}`, "absolute http or https"},
		{`{"type":"page","url":"javascript:alert(1)"}`, "absolute http or https"},
		{`{"type":"page","url":"https://x/` + strings.Repeat("a", MaxURLLen) + `"}`, "too long"},
		{`{"type":"page","url":"https://x/","title":"` + strings.Repeat("t", MaxTitleLen+1) + `"}`, "too long"},
		{`{"type":"page","url":5}`, "must be a string"},
		{`{"type":"nps"}`, "from 0 to 10"},
		{`{"type":"nps","score":11}`, "from 0 to 10"},
		{`{"type":"nps","score":-1,"client_id":"c9"}`, "from 0 to 10"},
		{`{"type":"nps","score":7.5}`, "whole number"},
		{`{"type":"nps","score":7,"comment":"` + strings.Repeat("ы", MaxCommentLen+1) + `"}`, "too long"},
	} {
		_, err := Decode([]byte(tc.in))
		if err == nil || parley.ErrorCode(err) != parley.EBADFRAME || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%.60s) = %v, want bad_frame containing %q", tc.in, err, tc.want)
		}
	}
	_, err := Decode([]byte(`{"type":"nps","score":-1,"client_id":"c9"}`))
	if ce, ok := err.(*ClientIDError); !ok || ce.ClientID != "c9" {
		t.Errorf("nps refusal does not name its client_id: %#v", err)
	}
}

func TestWelcomeSiteExtension(t *testing.T) {
	site := parley.Site{Theme: parley.Theme{Color: "#0f766e", Position: "left"},
		Greetings: map[string]string{"en": "Hi!", "pl": "Cześć!"}, Away: map[string]string{"en": "Back at 9."}}
	var w struct {
		Type string            `json:"type"`
		Site map[string]string `json:"site"`
	}
	data := EncodeWelcome("tok", parley.Session{}, parley.Status{Mode: parley.ModeBot}, SiteFor(site, "pl"))
	if err := json.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"color": "#0f766e", "position": "left", "greeting": "Cześć!", "away": "Back at 9."}
	if w.Type != "welcome" || len(w.Site) != len(want) {
		t.Fatalf("welcome = %s", data)
	}
	for k, v := range want {
		if w.Site[k] != v {
			t.Errorf("site.%s = %q, want %q", k, w.Site[k], v)
		}
	}
	if SiteFor(parley.Site{Key: "plain"}, "en") != nil {
		t.Error("a site without settings adds a site object")
	}
	if strings.Contains(string(EncodeWelcome("t", parley.Session{}, parley.Status{}, nil)), `"site"`) {
		t.Error("nil site encoded")
	}
}

func TestHelloAsksForDrafts(t *testing.T) {
	for in, want := range map[string]bool{
		`{"type":"hello","token":"","last_seq":0,"drafts":true}`:  true,
		`{"type":"hello","token":"","last_seq":0,"drafts":false}`: false,
		`{"type":"hello","token":"","last_seq":0}`:                false,
	} {
		f, err := Decode([]byte(in))
		if h, ok := f.(*Hello); err != nil || !ok || h.Drafts != want {
			t.Errorf("Decode(%s) = %+v, %v; want Drafts %v", in, f, err, want)
		}
	}
	if _, err := Decode([]byte(`{"type":"hello","drafts":"yes"}`)); parley.ErrorCode(err) != parley.EBADFRAME {
		t.Errorf("a non-boolean drafts was accepted: %v", err)
	}
}

func TestDraftFrame(t *testing.T) {
	var f map[string]any
	if err := json.Unmarshal(EncodeDraft(parley.Draft{ID: "d7", Text: "Откройте <b>"}), &f); err != nil {
		t.Fatal(err)
	}
	if f["type"] != "draft" || f["id"] != "d7" || f["text"] != "Откройте <b>" || len(f) != 3 {
		t.Fatalf("draft frame %v", f)
	}
}

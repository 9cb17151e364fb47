package protocol

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

func TestDecodeValid(t *testing.T) {
	tests := []struct {
		name, in string
		check    func(t *testing.T, f Inbound)
	}{
		{"hello empty", `{"type":"hello","token":"","last_seq":0}`, func(t *testing.T, f Inbound) {
			if h := f.(*Hello); h.Token != "" || h.LastSeq != 0 {
				t.Fatalf("got %+v", h)
			}
		}},
		{"hello full", `{"type":"hello","token":"T","last_seq":7,"locale":"fa-IR","page":{"url":"https://x/p","title":"P"},"identity":{"user_id":"u1","user_hash":"ab","attributes":{"plan":"pro"}}}`, func(t *testing.T, f Inbound) {
			h := f.(*Hello)
			if h.Token != "T" || h.LastSeq != 7 || h.Locale != "fa-IR" || h.Page.URL != "https://x/p" || h.Identity.UserID != "u1" || string(h.Identity.Attributes) != `{"plan":"pro"}` {
				t.Fatalf("got %+v", h)
			}
		}},
		{"send trims", `{"type":"send","client_id":"c1","text":"  سلام  "}`, func(t *testing.T, f Inbound) {
			if s := f.(*Send); s.ClientID != "c1" || s.Text != "سلام" {
				t.Fatalf("got %+v", s)
			}
		}},
		{"send 4000 runes", `{"type":"send","client_id":"c","text":"` + strings.Repeat("ж", 4000) + `"}`, func(t *testing.T, f Inbound) {
			if len([]rune(f.(*Send).Text)) != 4000 {
				t.Fatal("text cut")
			}
		}},
		{"unknown field ignored", `{"type":"typing","on":true,"future":1}`, func(t *testing.T, f Inbound) {
			if !f.(*Typing).On {
				t.Fatal("on lost")
			}
		}},
		{"read", `{"type":"read","seq":3}`, func(t *testing.T, f Inbound) {
			if f.(*Read).Seq != 3 {
				t.Fatal("seq")
			}
		}},
		{"feedback", `{"type":"feedback","seq":2,"helpful":false}`, func(t *testing.T, f Inbound) {
			if fb := f.(*Feedback); fb.Seq != 2 || fb.Helpful {
				t.Fatalf("got %+v", fb)
			}
		}},
		{"contact", `{"type":"contact","email":"ana@example.com","name":"Ana"}`, func(t *testing.T, f Inbound) {
			if c := f.(*Contact); c.Email != "ana@example.com" || c.Name != "Ana" {
				t.Fatalf("got %+v", c)
			}
		}},
		{"csat", `{"type":"csat","score":5,"comment":"great"}`, func(t *testing.T, f Inbound) {
			if c := f.(*CSAT); c.Score != 5 || c.Comment != "great" {
				t.Fatalf("got %+v", c)
			}
		}},
		{"human with client id", `{"type":"human","client_id":"h1"}`, func(t *testing.T, f Inbound) {
			if f.(*Human).ClientID != "h1" {
				t.Fatal("client id")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Decode([]byte(tt.in))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			tt.check(t, f)
		})
	}
}

func TestDecodeInvalid(t *testing.T) {
	tests := []struct {
		name, in, code, msg, clientID string
	}{
		{"not json", `hello`, parley.EBADFRAME, "JSON object", ""},
		{"array", `[1]`, parley.EBADFRAME, "JSON object", ""},
		{"broken json", `{"type":`, parley.EBADFRAME, "invalid JSON", ""},
		{"invalid utf8", "{\"type\":\"send\",\"client_id\":\"a\",\"text\":\"\xff\"}", parley.EBADFRAME, "UTF-8", ""},
		{"no type", `{"text":"x"}`, parley.EBADFRAME, `no "type"`, ""},
		{"type not string", `{"type":5}`, parley.EBADFRAME, "must be a string", ""},
		{"unknown type", `{"type":"launch"}`, parley.EBADFRAME, "unknown frame type", ""},
		{"send no client id", `{"type":"send","text":"x"}`, parley.EBADFRAME, "client_id", ""},
		{"send long client id", `{"type":"send","client_id":"` + strings.Repeat("a", 65) + `","text":"x"}`, parley.EBADFRAME, "1 to 64", ""},
		{"send empty text", `{"type":"send","client_id":"c","text":"   "}`, parley.EBADFRAME, "empty", "c"},
		{"send no text", `{"type":"send","client_id":"c"}`, parley.EBADFRAME, "text", "c"},
		{"send too long", `{"type":"send","client_id":"c","text":"` + strings.Repeat("a", 4001) + `"}`, parley.ETOOLARGE, "4001", "c"},
		{"negative last seq", `{"type":"hello","last_seq":-1}`, parley.EBADFRAME, "last_seq", ""},
		{"fractional last seq", `{"type":"hello","last_seq":1.5}`, parley.EBADFRAME, "whole number", ""},
		{"attributes not object", `{"type":"hello","identity":{"attributes":[1]}}`, parley.EBADFRAME, "attributes", ""},
		{"typing without on", `{"type":"typing"}`, parley.EBADFRAME, "on", ""},
		{"read zero", `{"type":"read","seq":0}`, parley.EBADFRAME, "seq", ""},
		{"feedback no helpful", `{"type":"feedback","seq":1}`, parley.EBADFRAME, "helpful", ""},
		{"contact bad email", `{"type":"contact","email":"not an email"}`, parley.EBADFRAME, "valid email", ""},
		{"contact display-name email", `{"type":"contact","email":"Eve <eve@example.com>"}`, parley.EBADFRAME, "valid email", ""},
		{"csat out of range", `{"type":"csat","score":6}`, parley.EBADFRAME, "1 to 5", ""},
		{"csat missing", `{"type":"csat"}`, parley.EBADFRAME, "1 to 5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.in))
			if err == nil {
				t.Fatal("Decode accepted bad input")
			}
			if got := parley.ErrorCode(err); got != tt.code {
				t.Fatalf("code = %q, want %q (%v)", got, tt.code, err)
			}
			if !strings.Contains(parley.ErrorMessage(err), tt.msg) {
				t.Fatalf("message %q does not mention %q", parley.ErrorMessage(err), tt.msg)
			}
			var ce *ClientIDError
			if got := errors.As(err, &ce); got != (tt.clientID != "") || (got && ce.ClientID != tt.clientID) {
				t.Fatalf("client id in error: %v %+v", got, ce)
			}
		})
	}
}

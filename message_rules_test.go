package parley

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNewMessage(t *testing.T) {
	ok := Message{ConversationID: "c", Author: Author{Kind: AuthorVisitor, ID: "v"}, Text: "hello"}
	for _, tc := range []struct {
		name string
		edit func(m *Message)
		code string
		meta string // the canonical meta, when accepted
	}{
		{"plain", func(m *Message) {}, "", ""},
		{"every author kind", func(m *Message) { m.Author.Kind = AuthorSystem }, "", ""},
		{"meta object, trimmed", func(m *Message) { m.Meta = json.RawMessage(` {"a":1} `) }, "", `{"a":1}`},
		{"meta not ASCII", func(m *Message) { m.Meta = json.RawMessage(`{"نام":"✓"}`) }, "", `{"نام":"✓"}`},
		{"meta null is none", func(m *Message) { m.Meta = json.RawMessage(`null`) }, "", ""},
		{"no conversation", func(m *Message) { m.ConversationID = "" }, ENOTFOUND, ""},
		{"unknown author", func(m *Message) { m.Author.Kind = "robot" }, EINVALID, ""},
		{"long client id", func(m *Message) { m.ClientID = strings.Repeat("x", MaxClientIDLen+1) }, EINVALID, ""},
		{"longest client id", func(m *Message) { m.ClientID = strings.Repeat("x", MaxClientIDLen) }, "", ""},
		{"NUL in the text", func(m *Message) { m.Text = "a\x00" }, EINVALID, ""},
		{"invalid UTF-8 in the author's name", func(m *Message) { m.Author.Name = "\xff" }, EINVALID, ""},
		{"meta array", func(m *Message) { m.Meta = json.RawMessage(`[1]`) }, EINVALID, ""},
		{"meta string", func(m *Message) { m.Meta = json.RawMessage(`"s"`) }, EINVALID, ""},
		{"meta broken", func(m *Message) { m.Meta = json.RawMessage(`{`) }, EINVALID, ""},
		{"meta with NUL", func(m *Message) { m.Meta = json.RawMessage(`{"a":"\u0000"}`) }, EINVALID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := ok
			tc.edit(&m)
			if err := m.Validate(); code(err) != tc.code {
				t.Errorf("Validate: %v, want code %q", err, tc.code)
			}
			got, err := NewMessage(m, now)
			if code(err) != tc.code {
				t.Fatalf("NewMessage: %v, want code %q", err, tc.code)
			}
			if err != nil {
				return
			}
			if got.ID == "" || !got.CreatedAt.Equal(now) || string(got.Meta) != tc.meta || (tc.meta == "") != (got.Meta == nil) {
				t.Errorf("NewMessage = %+v (meta %q), want an id, now and meta %q", got, got.Meta, tc.meta)
			}
		})
	}
	kept, _ := NewMessage(Message{ID: "m1", ConversationID: "c", Author: Author{Kind: AuthorBot}, CreatedAt: t0}, now)
	if kept.ID != "m1" || !kept.CreatedAt.Equal(t0) {
		t.Errorf("NewMessage replaced a given id or time: %+v", kept)
	}
}

func TestContactRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Contact
		code string
		seg  Segment
	}{
		{"visitor by default", Contact{}, "", SegmentVisitor},
		{"lead", Contact{Segment: SegmentLead, Email: "a@b"}, "", SegmentLead},
		{"unknown segment", Contact{Segment: "vip"}, EINVALID, ""},
		{"NUL in the name", Contact{Name: "a\x00"}, EINVALID, ""},
		{"attributes", Contact{Attributes: map[string]any{"plan": "pro"}}, "", SegmentVisitor},
		{"attributes with NUL", Contact{Attributes: map[string]any{"plan": "a\x00"}}, EINVALID, ""},
		{"attributes not JSON", Contact{Attributes: map[string]any{"f": func() {}}}, EINVALID, ""},
	} {
		got, err := tc.c.Canonical()
		if code(err) != tc.code || (err == nil && got.Segment != tc.seg) {
			t.Errorf("%s: Canonical = %+v, %v; want code %q segment %q", tc.name, got, err, tc.code, tc.seg)
		}
	}
	for _, tc := range []struct {
		name string
		p    ContactPatch
		code string
	}{
		{"empty", ContactPatch{}, ""},
		{"segment", ContactPatch{Segment: SegmentUser}, ""},
		{"unknown segment", ContactPatch{Segment: "vip"}, EINVALID},
		{"bad locale", ContactPatch{Locale: "\xff"}, EINVALID},
		{"attributes with NUL", ContactPatch{Attributes: map[string]any{"k": "\x00"}}, EINVALID},
	} {
		if err := tc.p.Validate(); code(err) != tc.code {
			t.Errorf("%s: ContactPatch.Validate = %v, want code %q", tc.name, err, tc.code)
		}
	}
	for _, tc := range []struct {
		name string
		id   Identity
		code string
	}{
		{"user", Identity{UserID: "u1", Email: "a@b"}, ""},
		{"no user id", Identity{Email: "a@b"}, EINVALID},
		{"NUL in the email", Identity{UserID: "u1", Email: "\x00"}, EINVALID},
	} {
		if err := tc.id.Validate(); code(err) != tc.code {
			t.Errorf("%s: Identity.Validate = %v, want code %q", tc.name, err, tc.code)
		}
	}
	if p := (Identity{UserID: "u", Email: "e", Name: "n"}).Patch(); p.Email != "e" || p.Name != "n" || p.Segment != SegmentUser {
		t.Errorf("Identity.Patch = %+v", p)
	}
}

func TestContactMergeDoesNotMutate(t *testing.T) {
	attrs := map[string]any{"plan": "free"}
	c := Contact{Segment: SegmentLead, Name: "A", Attributes: attrs}
	got := c.Merge(ContactPatch{Segment: SegmentVisitor, Email: "e@x", Attributes: map[string]any{"plan": "pro", "n": 1.0}})
	if got.Segment != SegmentLead || got.Name != "A" || got.Email != "e@x" || got.Attributes["plan"] != "pro" || got.Attributes["n"] != 1.0 {
		t.Errorf("Merge = %+v", got)
	}
	if attrs["plan"] != "free" || len(attrs) != 1 {
		t.Errorf("Merge changed the input attributes: %v", attrs)
	}
	if up := c.Merge(ContactPatch{Segment: SegmentUser}); up.Segment != SegmentUser || up.Name != "A" {
		t.Errorf("Merge to user = %+v", up)
	}
}

func TestFeedbackRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		err       error
		wantValid bool
	}{
		{"csat 1", ValidCSAT(1, ""), true}, {"csat 5", ValidCSAT(5, "great"), true},
		{"csat 0", ValidCSAT(0, ""), false}, {"csat 6", ValidCSAT(6, ""), false},
		{"csat NUL comment", ValidCSAT(3, "\x00"), false},
		{"nps 0", ValidNPS(0, ""), true}, {"nps 10", ValidNPS(10, ""), true},
		{"nps -1", ValidNPS(-1, ""), false}, {"nps 11", ValidNPS(11, ""), false},
		{"nps bad comment", ValidNPS(5, "\xff"), false},
		{"claim", ValidContactClaim("c", "nps"), true},
		{"claim without contact", ValidContactClaim("", "nps"), false},
		{"claim without key", ValidContactClaim("c", ""), false},
		{"claim with a long key", ValidContactClaim("c", strings.Repeat("k", 201)), false},
		{"token hash", ValidTokenHash(HashToken("t")), true},
		{"plaintext token", ValidTokenHash([]byte("secret")), false},
		{"password hash", ValidPasswordHash([]byte("$2a$10$...")), true},
		{"no password hash", ValidPasswordHash(nil), false},
		{"limit", ValidLimit(1), true}, {"limit 0", ValidLimit(0), false},
	} {
		if (tc.err == nil) != tc.wantValid {
			t.Errorf("%s: %v, want valid=%v", tc.name, tc.err, tc.wantValid)
		}
	}
	a := ScoreActivity(ActivityCSAT, "s", "c", 4, now)
	if a.ID == "" || a.Kind != ActivityCSAT || a.SiteID != "s" || a.ConversationID != "c" || a.Score != 4 || !a.At.Equal(now) {
		t.Errorf("ScoreActivity = %+v", a)
	}
}

package storetest

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// mustConversation creates a site and a session and returns its conversation id.
func mustConversation(t *testing.T, s Store) string {
	t.Helper()
	_, sess := mustSession(t, s, mustSite(t, s).ID)
	return sess.Conversation.ID
}

func mustDecide(t *testing.T, s Store, d parley.Decision) parley.Decision {
	t.Helper()
	got, err := s.RecordDecision(ctx(t), d)
	if err != nil {
		t.Fatalf("RecordDecision(%+v): %v", d, err)
	}
	return got
}

// wantDecisions compares decisions field by field, times by instant and zone.
func wantDecisions(t *testing.T, what string, want, got []parley.Decision) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d decisions %+v, want %d %+v", what, len(got), got, len(want), want)
	}
	for i := range want {
		w, g := want[i], got[i]
		if !g.CreatedAt.Equal(w.CreatedAt) || g.CreatedAt.Location() != time.UTC {
			t.Errorf("%s[%d]: created %v, want %v in UTC", what, i, g.CreatedAt, w.CreatedAt)
		}
		w.CreatedAt, g.CreatedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s[%d]:\n got %+v\nwant %+v", what, i, g, w)
		}
	}
}

var decisionTests = []test{
	{"RoundTrip", func(t *testing.T, s Store) {
		conv := mustConversation(t, s)
		tehran := time.FixedZone("IRST", 3*3600+1800)
		in := parley.Decision{
			ID: parley.NewID(), ConversationID: conv, MessageSeq: 3, ReplySeq: 4,
			Action: parley.ActionHandoff, HandoffReason: "critical_urgency", Intent: "billing.refund",
			Confidence: 0.8125, Language: "sr-Latn", Urgency: parley.UrgencyCritical, Frustrated: true,
			Reasons:   []string{"legal_threat", "повраћај"},
			Articles:  []parley.ArticleRef{{ID: "a1", Slug: "refunds", Title: "Refunds — how ✓", URL: "/help/refunds?lang=sr"}, {Slug: "s"}},
			CreatedAt: time.Date(2024, 3, 20, 12, 30, 15, 123456789, tehran),
		}
		got := mustDecide(t, s, in)
		want := in
		want.CreatedAt = time.Date(2024, 3, 20, 9, 0, 15, 123456000, time.UTC) // UTC, microseconds
		wantDecisions(t, "RecordDecision", []parley.Decision{want}, []parley.Decision{got})
		all, err := s.Decisions(ctx(t), conv)
		if err != nil {
			t.Fatalf("Decisions: %v", err)
		}
		wantDecisions(t, "Decisions", []parley.Decision{want}, all)
	}},
	{"Defaults", func(t *testing.T, s Store) {
		conv := mustConversation(t, s)
		before := time.Now().Add(-time.Minute)
		got := mustDecide(t, s, parley.Decision{ConversationID: conv, MessageSeq: 1, Action: parley.ActionSilent,
			Language: "PT-br", Reasons: []string{}, Articles: []parley.ArticleRef{}})
		if got.ID == "" || got.CreatedAt.Before(before) || got.Language != "pt-BR" || got.Reasons != nil || got.Articles != nil {
			t.Fatalf("RecordDecision = %+v; want id, now, pt-BR, nil lists", got)
		}
		wantUTC(t, "CreatedAt", got.CreatedAt)
		other := mustDecide(t, s, parley.Decision{ConversationID: conv, Action: parley.ActionAnswer})
		if other.ID == got.ID {
			t.Errorf("two decisions got id %s", got.ID)
		}
		all, err := s.Decisions(ctx(t), conv)
		if err != nil {
			t.Fatalf("Decisions: %v", err)
		}
		wantDecisions(t, "Decisions", []parley.Decision{got, other}, all)
	}},
	{"OldestFirst", func(t *testing.T, s Store) {
		conv, elsewhere := mustConversation(t, s), mustConversation(t, s)
		t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		var ds []parley.Decision
		for i, at := range []time.Duration{2, 0, 1, 1, 3, 1} { // equal times keep recording order
			ds = append(ds, mustDecide(t, s, parley.Decision{ConversationID: conv, MessageSeq: int64(i + 1),
				Action: parley.ActionAnswer, CreatedAt: t0.Add(at * time.Second)}))
			mustDecide(t, s, parley.Decision{ConversationID: elsewhere, Action: parley.ActionClarify, CreatedAt: t0})
		}
		want := []parley.Decision{ds[1], ds[2], ds[3], ds[5], ds[0], ds[4]}
		all, err := s.Decisions(ctx(t), conv)
		if err != nil {
			t.Fatalf("Decisions: %v", err)
		}
		wantDecisions(t, "Decisions", want, all)
	}},
	{"None", func(t *testing.T, s Store) {
		conv := mustConversation(t, s)
		all, err := s.Decisions(ctx(t), conv)
		if err != nil || len(all) != 0 {
			t.Fatalf("Decisions of a new conversation = %+v, %v; want none", all, err)
		}
		_, err = s.Decisions(ctx(t), parley.NewID())
		wantNotFound(t, "Decisions unknown", err)
		_, err = s.RecordDecision(ctx(t), parley.Decision{ConversationID: parley.NewID(), Action: parley.ActionAnswer})
		wantNotFound(t, "RecordDecision unknown", err)
		_, err = s.RecordDecision(ctx(t), parley.Decision{Action: parley.ActionAnswer})
		wantNotFound(t, "RecordDecision without conversation", err)
	}},
	{"Invalid", func(t *testing.T, s Store) {
		conv := mustConversation(t, s)
		ok := parley.Decision{ConversationID: conv, MessageSeq: 1, Action: parley.ActionAnswer, Confidence: 1, Urgency: parley.UrgencyLow}
		mustDecide(t, s, ok)
		for name, bad := range map[string]func(d *parley.Decision){
			"no action":        func(d *parley.Decision) { d.Action = "" },
			"unknown action":   func(d *parley.Decision) { d.Action = "shrug" },
			"unknown urgency":  func(d *parley.Decision) { d.Urgency = "meh" },
			"NaN confidence":   func(d *parley.Decision) { d.Confidence = math.NaN() },
			"confidence > 1":   func(d *parley.Decision) { d.Confidence = 1.5 },
			"confidence < 0":   func(d *parley.Decision) { d.Confidence = -0.1 },
			"infinite":         func(d *parley.Decision) { d.Confidence = math.Inf(1) },
			"negative seq":     func(d *parley.Decision) { d.MessageSeq = -1 },
			"negative reply":   func(d *parley.Decision) { d.ReplySeq = -2 },
			"language":         func(d *parley.Decision) { d.Language = "en_US" },
			"intent UTF-8":     func(d *parley.Decision) { d.Intent = "bad\xff" },
			"reason NUL":       func(d *parley.Decision) { d.Reasons = []string{"ok", "a\x00b"} },
			"article title":    func(d *parley.Decision) { d.Articles = []parley.ArticleRef{{Title: "\xff"}} },
			"handoff reason":   func(d *parley.Decision) { d.HandoffReason = "\x00" },
			"id not storable":  func(d *parley.Decision) { d.ID = "\xfe" },
			"article url NULL": func(d *parley.Decision) { d.Articles = []parley.ArticleRef{{URL: "/\x00"}} },
		} {
			d := ok
			bad(&d)
			_, err := s.RecordDecision(ctx(t), d)
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s: error = %v, want EINVALID", name, err)
			}
		}
		if all, err := s.Decisions(ctx(t), conv); err != nil || len(all) != 1 {
			t.Errorf("after refused decisions: %d stored, %v; want 1", len(all), err)
		}
	}},
	{"SameIDAgain", func(t *testing.T, s Store) {
		conv, other := mustConversation(t, s), mustConversation(t, s)
		first := mustDecide(t, s, parley.Decision{ID: parley.NewID(), ConversationID: conv, MessageSeq: 2,
			Action: parley.ActionAnswer, Reasons: []string{"x"}, Confidence: 0.3})
		again, err := s.RecordDecision(ctx(t), first)
		if err != nil {
			t.Fatalf("recording the same decision again: %v", err)
		}
		wantDecisions(t, "again", []parley.Decision{first}, []parley.Decision{again})
		changed := first
		changed.Action = parley.ActionHandoff
		_, err = s.RecordDecision(ctx(t), changed)
		wantCode(t, err, parley.ECONFLICT)
		moved := first
		moved.ConversationID = other
		_, err = s.RecordDecision(ctx(t), moved)
		wantCode(t, err, parley.ECONFLICT)
		all, err := s.Decisions(ctx(t), conv)
		if err != nil {
			t.Fatalf("Decisions: %v", err)
		}
		wantDecisions(t, "Decisions", []parley.Decision{first}, all)
		if all, err := s.Decisions(ctx(t), other); err != nil || len(all) != 0 {
			t.Errorf("other conversation: %+v, %v; want none", all, err)
		}
	}},
	{"Racing", func(t *testing.T, s Store) {
		conv := mustConversation(t, s)
		const n = 30
		race(n, func(i int) {
			if _, err := s.RecordDecision(ctx(t), parley.Decision{ConversationID: conv, MessageSeq: int64(i),
				Action: parley.ActionAnswer, Intent: fmt.Sprint("i", i)}); err != nil {
				t.Errorf("RecordDecision %d: %v", i, err)
			}
		})
		all, err := s.Decisions(ctx(t), conv)
		if err != nil || len(all) != n {
			t.Fatalf("Decisions = %d, %v; want %d", len(all), err, n)
		}
		seen := map[string]bool{}
		for i, d := range all {
			if seen[d.ID] || d.Intent != fmt.Sprint("i", d.MessageSeq) {
				t.Fatalf("decision %d: %+v (duplicate or mixed up)", i, d)
			}
			seen[d.ID] = true
			if i > 0 && d.CreatedAt.Before(all[i-1].CreatedAt) {
				t.Fatalf("decision %d older than the one before it", i)
			}
		}
	}},
}

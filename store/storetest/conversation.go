package storetest

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var conversationTests = []test{
	{"ReadMarker", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		for range 4 {
			mustAppend(t, s, visitorMsg(conv, "x"))
		}
		for i, set := range []int64{2, 1, 2, 4, 0} { // lower and equal seqs are no error
			if err := s.SetRead(ctx(t), conv, set); err != nil {
				t.Fatalf("step %d: SetRead(%d): %v", i, set, err)
			}
		}
		wantCode(t, s.SetRead(ctx(t), conv, 5), parley.EINVALID)
		wantCode(t, s.SetRead(ctx(t), conv, -1), parley.EINVALID)
		wantNotFound(t, "SetRead unknown", s.SetRead(ctx(t), parley.NewID(), 1))
	}},
	{"Feedback", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		question := mustAppend(t, s, visitorMsg(conv, "how do I reset my password?"))
		answer := mustAppend(t, s, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Text: "like this"})
		for _, helpful := range []bool{false, true} {
			if err := s.RecordFeedback(ctx(t), conv, answer.Seq, helpful); err != nil {
				t.Fatalf("RecordFeedback(bot, %v): %v", helpful, err)
			}
		}
		wantCode(t, s.RecordFeedback(ctx(t), conv, question.Seq, true), parley.EINVALID)
		wantNotFound(t, "unknown seq", s.RecordFeedback(ctx(t), conv, answer.Seq+1, true))
		wantNotFound(t, "unknown conversation", s.RecordFeedback(ctx(t), parley.NewID(), 1, true))
		if got, err := s.Feedback(ctx(t), conv); err != nil || !maps.Equal(got, map[int64]bool{answer.Seq: true}) {
			t.Fatalf("Feedback = %v, %v; want {%d: true}", got, err, answer.Seq)
		}
		second := mustAppend(t, s, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Text: "or this"})
		for _, helpful := range []bool{true, false} {
			if err := s.RecordFeedback(ctx(t), conv, second.Seq, helpful); err != nil {
				t.Fatalf("RecordFeedback(second, %v): %v", helpful, err)
			}
		}
		if err := s.RecordFeedback(ctx(t), conv, answer.Seq, false); err != nil {
			t.Fatalf("RecordFeedback(answer, false): %v", err)
		}
		want := map[int64]bool{answer.Seq: false, second.Seq: false}
		if got, err := s.Feedback(ctx(t), conv); err != nil || !maps.Equal(got, want) {
			t.Fatalf("Feedback = %v, %v; want %v (the last vote wins)", got, err, want)
		}
		if err := s.RecordFeedback(ctx(t), conv, answer.Seq, true); err != nil {
			t.Fatalf("RecordFeedback(answer, true): %v", err)
		}
		want[answer.Seq] = true
		if got, err := s.Feedback(ctx(t), conv); err != nil || !maps.Equal(got, want) {
			t.Fatalf("Feedback = %v, %v; want %v (the last vote wins)", got, err, want)
		}
		_, other := mustSession(t, s, site.ID)
		if got, err := s.Feedback(ctx(t), other.Conversation.ID); err != nil || got == nil || len(got) != 0 {
			t.Errorf("Feedback of a conversation without votes = %v, %v; want an empty map", got, err)
		}
		_, err := s.Feedback(ctx(t), parley.NewID())
		wantNotFound(t, "Feedback unknown", err)
	}},
	{"CSAT", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		_, _, err := s.CSAT(ctx(t), conv)
		wantNotFound(t, "CSAT before any", err)
		for _, score := range []int{1, 5, 3} {
			if err := s.RecordCSAT(ctx(t), conv, score, "Спасибо 🙏"); err != nil {
				t.Fatalf("RecordCSAT(%d): %v", score, err)
			}
		}
		if score, comment, err := s.CSAT(ctx(t), conv); err != nil || score != 3 || comment != "Спасибо 🙏" {
			t.Fatalf("CSAT = %d, %q, %v; want the last: 3, %q", score, comment, err, "Спасибо 🙏")
		}
		for _, score := range []int{0, 6, -1} {
			wantCode(t, s.RecordCSAT(ctx(t), conv, score, ""), parley.EINVALID)
		}
		wantCode(t, s.RecordCSAT(ctx(t), conv, 4, "bad\xff"), parley.EINVALID)
		wantNotFound(t, "unknown conversation", s.RecordCSAT(ctx(t), parley.NewID(), 5, ""))
		if err := s.RecordCSAT(ctx(t), conv, 4, ""); err != nil {
			t.Fatalf("RecordCSAT(4): %v", err)
		}
		if score, comment, err := s.CSAT(ctx(t), conv); err != nil || score != 4 || comment != "" {
			t.Fatalf("CSAT = %d, %q, %v; want 4 and no comment (refused ratings change nothing)", score, comment, err)
		}
		_, _, err = s.CSAT(ctx(t), parley.NewID())
		wantNotFound(t, "CSAT unknown", err)
	}},
	{"SetMode", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		for _, mode := range []parley.Mode{parley.ModeQueued, parley.ModeAssigned, parley.ModeResolved, parley.ModeBot} {
			got, err := s.SetMode(ctx(t), conv, mode)
			if err != nil || got.Mode != mode || got.ID != conv {
				t.Fatalf("SetMode(%s) = %+v, %v", mode, got, err)
			}
			wantUTC(t, "UpdatedAt", got.UpdatedAt)
			if mode == parley.ModeQueued && (got.QueuedAt.Before(sess.Conversation.UpdatedAt) || !got.QueuedAt.Equal(got.UpdatedAt)) {
				t.Errorf("SetMode(queued) from bot: QueuedAt %v, want now (%v)", got.QueuedAt, got.UpdatedAt)
			}
			if got.UpdatedAt.Before(sess.Conversation.UpdatedAt) {
				t.Errorf("UpdatedAt went back: %v before %v", got.UpdatedAt, sess.Conversation.UpdatedAt)
			}
			stored, err := s.Conversation(ctx(t), conv)
			if err != nil || stored.Mode != mode {
				t.Fatalf("Conversation after SetMode(%s) = %+v, %v", mode, stored, err)
			}
		}
		_, err := s.SetMode(ctx(t), conv, "limbo")
		wantCode(t, err, parley.EINVALID)
		_, err = s.SetMode(ctx(t), parley.NewID(), parley.ModeQueued)
		wantNotFound(t, "SetMode unknown", err)
	}},
	{"SetLanguage", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		for _, st := range []struct{ in, want string }{
			{"en", "en"}, {"FA", "fa"}, {"sr-latn", "sr-Latn"}, {"PT-br", "pt-BR"}, {"zh-hant-tw", "zh-Hant-TW"},
			{"es-419", "es-419"}, {"de-CH-1996", "de-CH-1996"}, {"en-x-Twain", "en-x-twain"}, {"", ""}, {"hy", "hy"},
		} {
			if err := s.SetLanguage(ctx(t), conv, st.in); err != nil {
				t.Fatalf("SetLanguage(%q): %v", st.in, err)
			}
			if c, err := s.Conversation(ctx(t), conv); err != nil || c.Language != st.want {
				t.Fatalf("after SetLanguage(%q): language %q, %v; want %q", st.in, c.Language, err, st.want)
			}
		}
		for _, bad := range []string{"e", "english", "en_US", "en-", "-en", "en--us", "1en", "en-toolongsubtag",
			"ру", "en us", "en\x00", "\xff", "en-" + strings.Repeat("abcd-", 6) + "abcd"} {
			wantCode(t, s.SetLanguage(ctx(t), conv, bad), parley.EINVALID)
		}
		if c, err := s.Conversation(ctx(t), conv); err != nil || c.Language != "hy" {
			t.Fatalf("after refused languages: %q, %v; want hy", c.Language, err)
		}
		wantNotFound(t, "SetLanguage unknown", s.SetLanguage(ctx(t), parley.NewID(), "en"))
		wantNotFound(t, "SetLanguage unknown, no language", s.SetLanguage(ctx(t), parley.NewID(), ""))
	}},
	{"SetLanguageMovesUpdatedAtOnChange", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		if err := s.SetLanguage(ctx(t), conv, "kk"); err != nil {
			t.Fatalf("SetLanguage: %v", err)
		}
		set, err := s.Conversation(ctx(t), conv)
		if err != nil || set.UpdatedAt.Before(sess.Conversation.UpdatedAt) {
			t.Fatalf("after SetLanguage: %+v, %v; UpdatedAt went back", set, err)
		}
		wantUTC(t, "UpdatedAt", set.UpdatedAt)
		time.Sleep(2 * time.Millisecond)
		if err := s.SetLanguage(ctx(t), conv, "KK"); err != nil {
			t.Fatalf("SetLanguage again: %v", err)
		}
		again, err := s.Conversation(ctx(t), conv)
		if err != nil || !again.UpdatedAt.Equal(set.UpdatedAt) || again.Language != "kk" {
			t.Errorf("unchanged language moved UpdatedAt: %v → %v (%q), %v", set.UpdatedAt, again.UpdatedAt, again.Language, err)
		}
	}},
}

package storetest

import (
	"testing"

	"github.com/parley-chat/parley"
)

var conversationTests = []test{
	{"ReadMarkerOnlyRises", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		if seq, err := s.ReadSeq(ctx(t), conv); err != nil || seq != 0 {
			t.Fatalf("ReadSeq before any = %d, %v; want 0", seq, err)
		}
		for range 4 {
			mustAppend(t, s, visitorMsg(conv, "x"))
		}
		for i, st := range []struct{ set, want int64 }{{2, 2}, {1, 2}, {2, 2}, {4, 4}, {0, 4}} {
			if err := s.SetRead(ctx(t), conv, st.set); err != nil {
				t.Fatalf("step %d: SetRead(%d): %v", i, st.set, err)
			}
			if got, err := s.ReadSeq(ctx(t), conv); err != nil || got != st.want {
				t.Fatalf("step %d: after SetRead(%d) ReadSeq = %d, %v; want %d", i, st.set, got, err, st.want)
			}
		}
		wantCode(t, s.SetRead(ctx(t), conv, 5), parley.EINVALID)
		wantCode(t, s.SetRead(ctx(t), conv, -1), parley.EINVALID)
		wantNotFound(t, "SetRead unknown", s.SetRead(ctx(t), parley.NewID(), 1))
		_, err := s.ReadSeq(ctx(t), parley.NewID())
		wantNotFound(t, "ReadSeq unknown", err)
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
	}},
	{"CSAT", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		for _, score := range []int{1, 5, 3} {
			if err := s.RecordCSAT(ctx(t), conv, score, "Спасибо 🙏"); err != nil {
				t.Fatalf("RecordCSAT(%d): %v", score, err)
			}
		}
		for _, score := range []int{0, 6, -1} {
			wantCode(t, s.RecordCSAT(ctx(t), conv, score, ""), parley.EINVALID)
		}
		wantCode(t, s.RecordCSAT(ctx(t), conv, 4, "bad\xff"), parley.EINVALID)
		wantNotFound(t, "unknown conversation", s.RecordCSAT(ctx(t), parley.NewID(), 5, ""))
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
}

package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// mustMessage reads back the conversation's message with seq.
func mustMessage(t *testing.T, s Store, conversationID string, seq int64) parley.Message {
	t.Helper()
	ms, err := s.Messages(ctx(t), conversationID, seq-1, 1, true)
	if err != nil || len(ms) != 1 || ms[0].Seq != seq {
		t.Fatalf("Messages after %d = %+v, %v; want message %d", seq-1, ms, err, seq)
	}
	return ms[0]
}

var messageTests = []test{
	{"AppendAssignsSeq", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		var prev parley.Message
		for i := range 5 {
			m, created, err := s.AppendMessage(ctx(t), visitorMsg(conv, fmt.Sprint("hello ", i)))
			if err != nil || !created {
				t.Fatalf("append %d: created=%v err=%v", i, created, err)
			}
			if m.Seq != int64(i+1) || m.ID == "" || m.ID == prev.ID || m.ConversationID != conv {
				t.Fatalf("append %d = %+v (previous %+v)", i, m, prev)
			}
			wantUTC(t, "CreatedAt", m.CreatedAt)
			prev = m
		}
		c, err := s.Conversation(ctx(t), conv)
		if err != nil || c.LastSeq != 5 {
			t.Errorf("Conversation = %+v, %v; want LastSeq 5", c, err)
		}
	}},
	{"AppendSaysConversationMode", func(t *testing.T, s Store) {
		// The desk skips its read of a message people are handling on this.
		conv := mustConversation(t, s)
		in := visitorMsg(conv, "hello")
		in.ClientID = "c-mode"
		if m := mustAppend(t, s, in); m.ConversationMode != parley.ModeBot {
			t.Errorf("new conversation: mode %q, want bot", m.ConversationMode)
		}
		if _, err := s.SetMode(ctx(t), conv, parley.ModeAssigned); err != nil {
			t.Fatal(err)
		}
		if m := mustAppend(t, s, visitorMsg(conv, "still there?")); m.ConversationMode != parley.ModeAssigned {
			t.Errorf("assigned conversation: mode %q, want assigned", m.ConversationMode)
		}
		again, created, err := s.AppendMessage(ctx(t), in)
		if err != nil || created || again.ConversationMode != "" {
			t.Errorf("duplicate = %+v, created %v, %v; want no mode", again, created, err)
		}
		ms, err := s.Messages(ctx(t), conv, 0, 10, true)
		if err != nil || len(ms) != 2 || ms[0].ConversationMode != "" {
			t.Errorf("read back = %+v, %v; the mode is not stored", ms, err)
		}
	}},
	{"AppendKeepsGivenIDAndTimeInUTC", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		tehran := time.FixedZone("IRST", 3*3600+1800)
		at := time.Date(2024, 3, 20, 12, 30, 15, 123456000, tehran)
		in := visitorMsg(sess.Conversation.ID, "x")
		in.ID, in.CreatedAt = parley.NewID(), at
		m := mustAppend(t, s, in)
		if m.ID != in.ID || !m.CreatedAt.Equal(at) {
			t.Errorf("stored id %s at %v, want %s at %v", m.ID, m.CreatedAt, in.ID, at)
		}
		wantUTC(t, "returned CreatedAt", m.CreatedAt)
		got := mustMessage(t, s, sess.Conversation.ID, m.Seq)
		wantUTC(t, "stored CreatedAt", got.CreatedAt)
		wantMessage(t, "read back", m, got)
	}},
	{"AppendConcurrentSeqsDistinct", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		const n = 50
		seqs := make([]int64, n)
		race(n, func(i int) {
			m, _, err := s.AppendMessage(ctx(t), visitorMsg(sess.Conversation.ID, fmt.Sprint(i)))
			if err != nil {
				t.Errorf("append %d: %v", i, err)
			}
			seqs[i] = m.Seq
		})
		slices.Sort(seqs)
		for i, seq := range seqs {
			if seq != int64(i+1) {
				t.Fatalf("seqs after %d concurrent appends = %v, want 1..%d", n, seqs, n)
			}
		}
		all, err := s.Messages(ctx(t), sess.Conversation.ID, 0, 1000, true)
		if err != nil || len(all) != n {
			t.Fatalf("Messages = %d, %v; want %d", len(all), err, n)
		}
		for i := 1; i < len(all); i++ {
			if all[i].Seq <= all[i-1].Seq {
				t.Fatalf("Messages out of order at %d: %d after %d", i, all[i].Seq, all[i-1].Seq)
			}
		}
	}},
	// Appends committed together: one that fails (a taken id) fails alone,
	// and the others keep consecutive seqs.
	{"AppendTakenIDFailsAlone", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		first, _, err := s.AppendMessage(ctx(t), visitorMsg(sess.Conversation.ID, "first"))
		if err != nil {
			t.Fatal(err)
		}
		const n = 40
		errs := make([]error, n)
		race(n, func(i int) {
			m := visitorMsg(sess.Conversation.ID, fmt.Sprint(i))
			m.ClientID = fmt.Sprint("c", i)
			if i%4 == 0 {
				m.ID = first.ID
			}
			_, _, errs[i] = s.AppendMessage(ctx(t), m)
		})
		for i, err := range errs {
			if i%4 == 0 {
				wantCode(t, err, parley.ECONFLICT)
			} else if err != nil {
				t.Fatalf("append %d beside a failing one: %v", i, err)
			}
		}
		all, err := s.Messages(ctx(t), sess.Conversation.ID, 0, 1000, true)
		if err != nil || len(all) != 1+n-n/4 {
			t.Fatalf("Messages = %d, %v; want %d", len(all), err, 1+n-n/4)
		}
		for i, m := range all {
			if m.Seq != int64(i+1) {
				t.Fatalf("message %d has seq %d: seqs must stay consecutive", i, m.Seq)
			}
		}
	}},
	{"AppendIdempotentOnClientID", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, a := mustSession(t, s, site.ID)
		_, b := mustSession(t, s, site.ID)
		in := visitorMsg(a.Conversation.ID, "first")
		in.ClientID = "c-1"
		first, created, err := s.AppendMessage(ctx(t), in)
		if err != nil || !created {
			t.Fatalf("first append: created=%v err=%v", created, err)
		}
		mustAppend(t, s, visitorMsg(a.Conversation.ID, "in between"))
		in.Text = "retry with other text"
		again, created, err := s.AppendMessage(ctx(t), in)
		if err != nil || created {
			t.Fatalf("retry: created=%v err=%v", created, err)
		}
		wantMessage(t, "retry", first, again)
		byClient, err := s.MessageByClientID(ctx(t), a.Conversation.ID, "c-1")
		if err != nil {
			t.Fatalf("MessageByClientID: %v", err)
		}
		wantMessage(t, "MessageByClientID", first, byClient)
		in.ConversationID = b.Conversation.ID
		other, created, err := s.AppendMessage(ctx(t), in)
		if err != nil || !created || other.Seq != 1 {
			t.Errorf("same client id in another conversation: %+v created=%v err=%v", other, created, err)
		}
		if c, _ := s.Conversation(ctx(t), a.Conversation.ID); c.LastSeq != 2 {
			t.Errorf("LastSeq = %d after a duplicate, want 2", c.LastSeq)
		}
	}},
	{"AppendIdempotentRace", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		const n = 50
		var got [n]parley.Message
		var created [n]bool
		race(n, func(i int) {
			m := visitorMsg(sess.Conversation.ID, fmt.Sprint("try ", i))
			m.ClientID = "same"
			var err error
			got[i], created[i], err = s.AppendMessage(ctx(t), m)
			if err != nil {
				t.Errorf("append %d: %v", i, err)
			}
		})
		winners := 0
		for i := range n {
			if created[i] {
				winners++
			}
			if got[i].Seq != got[0].Seq || got[i].ID != got[0].ID || got[i].Text != got[0].Text {
				t.Errorf("goroutine %d got %+v, goroutine 0 got %+v", i, got[i], got[0])
			}
		}
		if winners != 1 {
			t.Errorf("%d appends reported created, want exactly 1", winners)
		}
		all, err := s.Messages(ctx(t), sess.Conversation.ID, 0, 100, true)
		if err != nil || len(all) != 1 {
			t.Fatalf("Messages = %d, %v; want exactly 1", len(all), err)
		}
	}},
	{"UnknownConversation", func(t *testing.T, s Store) {
		id := parley.NewID()
		_, _, err := s.AppendMessage(ctx(t), visitorMsg(id, "x"))
		wantNotFound(t, "AppendMessage", err)
		_, err = s.Messages(ctx(t), id, 0, 10, true)
		wantNotFound(t, "Messages", err)
		_, err = s.MessageByClientID(ctx(t), id, "c")
		wantNotFound(t, "MessageByClientID", err)
		_, err = s.Conversation(ctx(t), id)
		wantNotFound(t, "Conversation", err)
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		if none, err := s.Messages(ctx(t), sess.Conversation.ID, 0, 10, true); err != nil || len(none) != 0 {
			t.Errorf("Messages of an empty conversation = %+v, %v; want none", none, err)
		}
		_, err = s.MessageByClientID(ctx(t), sess.Conversation.ID, "nope")
		wantNotFound(t, "MessageByClientID unknown client id", err)
	}},
	{"AppendRefusesBadInput", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		bad := map[string]parley.Message{
			"author kind":     {ConversationID: conv, Author: parley.Author{Kind: "alien"}, Text: "x"},
			"meta not object": {ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Meta: json.RawMessage(`[1]`)},
			"meta not json":   {ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Meta: json.RawMessage(`{`)},
			"invalid utf-8":   visitorMsg(conv, "\xff\xfe"),
			"long client id":  {ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor}, ClientID: strings.Repeat("x", parley.MaxClientIDLen+1)},
		}
		for name, m := range bad {
			_, _, err := s.AppendMessage(ctx(t), m)
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s: error %v, want EINVALID", name, err)
			}
		}
		if c, _ := s.Conversation(ctx(t), conv); c.LastSeq != 0 {
			t.Errorf("refused appends used seqs: LastSeq %d", c.LastSeq)
		}
	}},
	{"MessagesAfterSeqLimitPrivate", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		var all, public []parley.Message
		for i := range 8 {
			m := visitorMsg(conv, fmt.Sprint("m", i))
			if i%3 == 1 {
				m.Author, m.Private, m.Text = parley.Author{Kind: parley.AuthorAgent, ID: "agent-1", Name: "Mona"}, true, "note"
			}
			m = mustAppend(t, s, m)
			all = append(all, m)
			if !m.Private {
				public = append(public, m)
			}
		}
		cases := []struct {
			name    string
			after   int64
			limit   int
			private bool
			want    []parley.Message
		}{
			{"all with private", 0, 100, true, all},
			{"all public", 0, 100, false, public},
			{"after 3 with private", 3, 100, true, all[3:]},
			{"after 3 public", 3, 100, false, public[2:]},
			{"limit 2 with private", 0, 2, true, all[:2]},
			{"limit 2 public", 0, 2, false, public[:2]},
			{"after 4 limit 3 public", 4, 3, false, public[3:]},
			{"after last", 8, 100, true, nil},
		}
		for _, tc := range cases {
			got, err := s.Messages(ctx(t), conv, tc.after, tc.limit, tc.private)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if len(got) != len(tc.want) {
				t.Errorf("%s: %d messages, want %d", tc.name, len(got), len(tc.want))
				continue
			}
			for i := range got {
				wantMessage(t, tc.name, tc.want[i], got[i])
			}
		}
		_, err := s.Messages(ctx(t), conv, 0, 0, true)
		wantCode(t, err, parley.EINVALID)
	}},
	{"MetaRoundTrip", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		meta := json.RawMessage(`{"intent":"reset_password","confidence":0.87,"language":"hy",
			"articles":[{"slug":"reset","title":"Գաղտնաբառ"}],"handoff":null,"nested":{"ok":true,"n":[1,2,3]}}`)
		in := parley.Message{ConversationID: sess.Conversation.ID, Author: parley.Author{Kind: parley.AuthorBot, Name: "Bot"}, Text: "answer", Meta: meta}
		m := mustAppend(t, s, in)
		if !sameJSON(m.Meta, meta) {
			t.Errorf("returned meta %s, want %s", m.Meta, meta)
		}
		wantMessage(t, "read back", m, mustMessage(t, s, sess.Conversation.ID, m.Seq))
		plain := mustAppend(t, s, visitorMsg(sess.Conversation.ID, "no meta"))
		list, err := s.Messages(ctx(t), sess.Conversation.ID, 0, 10, false)
		if err != nil || len(list) != 2 {
			t.Fatalf("Messages = %d, %v", len(list), err)
		}
		wantMessage(t, "Messages[0]", m, list[0])
		if len(list[1].Meta) != 0 || len(plain.Meta) != 0 {
			t.Errorf("message without meta came back with %q / %q", list[1].Meta, plain.Meta)
		}
	}},
	{"UnicodeRoundTrip", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		texts := []string{
			"سلام، رمز عبورم را فراموش کرده‌ام", // Persian with a ZWNJ
			"Բարև, չեմ կարողանում մուտք գործել", // Armenian
			"Здравствуйте! Оплата не прошла",    // Cyrillic
			"👍🏽 👨‍👩‍👧‍👦 🇦🇲 ❤️",                  // emoji: skin tone, ZWJ family, flag, VS16
			"e\u0301 \u200f RTL mark, tab\tand\nnewline",
		}
		for i, text := range texts {
			in := visitorMsg(sess.Conversation.ID, text)
			in.Author.Name = "Ժաննա 🌸"
			in.ClientID = fmt.Sprint("cid-", i)
			m := mustAppend(t, s, in)
			if m.Text != text {
				t.Errorf("returned text %q, want %q", m.Text, text)
			}
			got, err := s.MessageByClientID(ctx(t), sess.Conversation.ID, in.ClientID)
			if err != nil {
				t.Fatalf("MessageByClientID: %v", err)
			}
			if got.Text != text || got.Author.Name != in.Author.Name {
				t.Errorf("stored %q by %q, want %q by %q", got.Text, got.Author.Name, text, in.Author.Name)
			}
		}
	}},
}

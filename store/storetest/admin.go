package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

var adminTests = []test{
	{"AuditPages", func(t *testing.T, s Store) {
		for i := range 5 {
			e, err := s.RecordAudit(ctx(t), parley.AuditEntry{ActorID: "a1", Actor: "ana@example.com",
				Action: "article.publish", Target: fmt.Sprint("art-", i), Detail: `{"title":"Повраћај"}`})
			if err != nil || e.ID == "" || e.N == 0 || e.At.IsZero() {
				t.Fatalf("RecordAudit = %+v, %v; want id, n and time", e, err)
			}
		}
		_, err := s.RecordAudit(ctx(t), parley.AuditEntry{Actor: "x"})
		wantCode(t, err, parley.EINVALID)
		page, err := s.AuditLog(ctx(t), 0, 3)
		if err != nil || len(page) != 3 || page[0].Target != "art-4" || page[2].Target != "art-2" {
			t.Fatalf("AuditLog(0, 3) = %+v, %v; want art-4..art-2", page, err)
		}
		if page[0].Detail != `{"title":"Повраћај"}` || page[0].Actor != "ana@example.com" || page[0].ActorID != "a1" {
			t.Errorf("entry = %+v; fields not kept", page[0])
		}
		rest, err := s.AuditLog(ctx(t), page[2].N, 0)
		if err != nil || len(rest) != 2 || rest[0].Target != "art-1" || rest[1].Target != "art-0" {
			t.Fatalf("AuditLog(after page) = %+v, %v; want art-1, art-0", rest, err)
		}
		_, err = s.AuditLog(ctx(t), 0, 501)
		wantCode(t, err, parley.EINVALID)
	}},
	{"Intents", func(t *testing.T, s Store) {
		site, other := mustSite(t, s), mustSite(t, s)
		in, err := s.PutIntent(ctx(t), parley.Intent{SiteID: site.ID, Name: "billing_dispute", Team: "billing",
			HumanOnly: true, Phrases: []string{"I want to dispute a charge", "оспорить платёж"}})
		if err != nil || in.ID == "" || in.UpdatedAt.IsZero() {
			t.Fatalf("PutIntent = %+v, %v", in, err)
		}
		got, err := s.Intent(ctx(t), in.ID)
		if err != nil || !reflect.DeepEqual(got, in) {
			t.Fatalf("Intent = %+v, %v; want %+v", got, err, in)
		}
		in.Phrases, in.HumanOnly = []string{"chargeback"}, false
		upd, err := s.PutIntent(ctx(t), in)
		if err != nil || upd.ID != in.ID || upd.HumanOnly || !reflect.DeepEqual(upd.Phrases, []string{"chargeback"}) {
			t.Fatalf("PutIntent(update) = %+v, %v", upd, err)
		}
		_, err = s.PutIntent(ctx(t), parley.Intent{SiteID: site.ID, Name: "billing_dispute", Phrases: []string{"x"}})
		wantCode(t, err, parley.ECONFLICT)
		_, err = s.PutIntent(ctx(t), parley.Intent{ID: in.ID, SiteID: other.ID, Name: "steal", Phrases: []string{"x"}})
		wantCode(t, err, parley.ECONFLICT)
		if _, err := s.PutIntent(ctx(t), parley.Intent{SiteID: other.ID, Name: "billing_dispute", Phrases: []string{"x"}}); err != nil {
			t.Fatalf("the same name on another site: %v", err)
		}
		for _, bad := range []parley.Intent{
			{SiteID: site.ID, Name: "Bad Name", Phrases: []string{"x"}},
			{SiteID: site.ID, Name: "no_phrases"},
			{SiteID: site.ID, Name: "empty_phrase", Phrases: []string{""}},
		} {
			_, err := s.PutIntent(ctx(t), bad)
			wantCode(t, err, parley.EINVALID)
		}
		_, err = s.PutIntent(ctx(t), parley.Intent{SiteID: parley.NewID(), Name: "orphan", Phrases: []string{"x"}})
		wantNotFound(t, "PutIntent on an unknown site", err)
		a, _ := s.PutIntent(ctx(t), parley.Intent{SiteID: site.ID, Name: "a_first", Phrases: []string{"y"}})
		list, err := s.Intents(ctx(t), site.ID)
		if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != in.ID {
			t.Fatalf("Intents = %+v, %v; want a_first, billing_dispute", list, err)
		}
		if err := s.DeleteIntent(ctx(t), a.ID); err != nil {
			t.Fatalf("DeleteIntent: %v", err)
		}
		wantNotFound(t, "DeleteIntent twice", s.DeleteIntent(ctx(t), a.ID))
		_, err = s.Intent(ctx(t), a.ID)
		wantNotFound(t, "Intent deleted", err)
	}},
	{"BotSettings", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		if got, err := s.BotSettings(ctx(t), site.ID); err != nil || !reflect.DeepEqual(got, parley.BotSettings{}) {
			t.Fatalf("BotSettings of a new site = %+v, %v; want zero", got, err)
		}
		want := parley.BotSettings{Threshold: 0.65, AutomationCap: 2, SkipSegments: []parley.Segment{parley.SegmentUser},
			BypassUrgency: parley.UrgencyHigh}
		if err := s.PutBotSettings(ctx(t), site.ID, want); err != nil {
			t.Fatalf("PutBotSettings: %v", err)
		}
		if got, err := s.BotSettings(ctx(t), site.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("BotSettings = %+v, %v; want %+v", got, err, want)
		}
		for _, bad := range []parley.BotSettings{{Threshold: 1}, {Threshold: -0.1}, {AutomationCap: -1},
			{SkipSegments: []parley.Segment{"vip"}}, {BypassUrgency: parley.UrgencyLow}} {
			wantCode(t, s.PutBotSettings(ctx(t), site.ID, bad), parley.EINVALID)
		}
		wantNotFound(t, "PutBotSettings on an unknown site", s.PutBotSettings(ctx(t), parley.NewID(), want))
	}},
	{"DeleteTeam", func(t *testing.T, s Store) {
		if _, err := s.PutTeam(ctx(t), parley.Team{Key: "l1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteTeam(ctx(t), "l1"); err != nil {
			t.Fatalf("DeleteTeam: %v", err)
		}
		wantNotFound(t, "DeleteTeam twice", s.DeleteTeam(ctx(t), "l1"))
	}},
	{"RecentQuestions", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		var want []string
		for i := range 3 {
			m, _, err := s.AppendMessage(ctx(t), visitorMsg(conv, fmt.Sprint("question ", i)))
			if err != nil {
				t.Fatal(err)
			}
			mustDecide(t, s, parley.Decision{ConversationID: conv, MessageSeq: m.Seq, Action: parley.ActionAnswer, Intent: "refund"})
			want = append([]string{m.Text}, want...)
		}
		mustDecide(t, s, parley.Decision{ConversationID: conv, Action: parley.ActionSilent}) // no message
		other := mustConversation(t, s)
		mustDecide(t, s, parley.Decision{ConversationID: other, MessageSeq: 0, Action: parley.ActionHandoff})
		got, err := s.RecentQuestions(ctx(t), site.ID, 2)
		if err != nil || len(got) != 2 {
			t.Fatalf("RecentQuestions = %+v, %v; want 2", got, err)
		}
		for i, q := range got {
			if q.Text != want[i] || q.ConversationID != conv || q.SiteID != site.ID || q.Decision.Intent != "refund" {
				t.Errorf("question %d = %+v; want %q with its decision", i, q, want[i])
			}
		}
		_, err = s.RecentQuestions(ctx(t), site.ID, 1001)
		wantCode(t, err, parley.EINVALID)
	}},
	{"HandlingTimes", func(t *testing.T, s Store) {
		site := mustSite(t, s).ID
		agent := mustAgent(t, s, 10)
		base := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		for i, d := range []time.Duration{4 * time.Minute, 9 * time.Minute, 2 * time.Minute} {
			c := mustEnqueue(t, s, site, handoff("", parley.UrgencyNormal))
			mustClaim(t, s, c.ID, agent.ID)
			first := base.Add(time.Duration(i) * 10 * time.Minute)
			if err := s.MarkResponse(ctx(t), c.ID, first, time.Time{}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Resolve(ctx(t), c.ID, first.Add(d)); err != nil {
				t.Fatal(err)
			}
		}
		unanswered := mustEnqueue(t, s, site, handoff("", parley.UrgencyNormal)) // resolved with no reply: not handling
		if _, err := s.Resolve(ctx(t), unanswered.ID, base); err != nil {
			t.Fatal(err)
		}
		got, err := s.HandlingTimes(ctx(t), base.Add(-time.Minute), 0)
		want := []time.Duration{2 * time.Minute, 9 * time.Minute, 4 * time.Minute} // newest resolution first
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("HandlingTimes = %v, %v; want %v", got, err, want)
		}
		if got, _ := s.HandlingTimes(ctx(t), base.Add(20*time.Minute), 0); len(got) != 1 || got[0] != 2*time.Minute {
			t.Errorf("HandlingTimes since a later time = %v; want only the one resolved after it", got)
		}
		if got, _ := s.HandlingTimes(ctx(t), base.Add(-time.Minute), 1); len(got) != 1 {
			t.Errorf("limit 1 gave %v", got)
		}
	}},
}

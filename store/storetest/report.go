package storetest

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/report"
)

// ReportStore is a store that also counts the reports.
type ReportStore interface {
	Store
	report.Store
}

// clock is a store's Now that the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// script drives a store through conversations at chosen times.
type script struct {
	t     *testing.T
	s     ReportStore
	clock *clock
	agent parley.Agent
}

func (sc *script) at(t time.Time) { sc.clock.set(t) }

func (sc *script) conv(siteID string) string {
	sc.t.Helper()
	_, sess := mustSession(sc.t, sc.s, siteID)
	return sess.Conversation.ID
}

// say appends a visitor message and returns its seq.
func (sc *script) say(conv, text string) int64 {
	sc.t.Helper()
	return mustAppend(sc.t, sc.s, visitorMsg(conv, text)).Seq
}

// bot records the bot's decision on message seq; an answer also appends
// the reply, whose seq it returns.
func (sc *script) bot(conv string, seq int64, action parley.Action, intent, reason string) int64 {
	sc.t.Helper()
	d := parley.Decision{ConversationID: conv, MessageSeq: seq, Action: action, Intent: intent, HandoffReason: reason, Language: "en"}
	if action == parley.ActionAnswer {
		d.ReplySeq = mustAppend(sc.t, sc.s, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot}, Text: "Here is how."}).Seq
	}
	mustDecide(sc.t, sc.s, d)
	return d.ReplySeq
}

// handoff enqueues with first-response and resolution targets after now.
func (sc *script) handoff(conv, team, reason string, first, resolution time.Duration) {
	sc.t.Helper()
	now := sc.clock.Now()
	e := parley.Conversation{Team: team, HandoffReason: reason, FirstResponseDue: now.Add(first), ResolutionDue: now.Add(resolution)}
	if _, err := sc.s.Enqueue(ctx(sc.t), conv, e); err != nil {
		sc.t.Fatalf("Enqueue: %v", err)
	}
}

func (sc *script) must(what string, err error) {
	sc.t.Helper()
	if err != nil {
		sc.t.Fatalf("%s: %v", what, err)
	}
}

// RunReports scripts conversations with known figures and checks every
// report figure on a store whose clock is now.
func RunReports(t *testing.T, open func(t *testing.T, now func() time.Time) ReportStore) {
	c := &clock{t: time.Date(2031, 3, 2, 8, 0, 0, 0, time.UTC)}
	s := open(t, c.Now)
	t.Cleanup(func() { s.Close() })
	sc := &script{t: t, s: s, clock: c, agent: mustAgent(t, s, 10)}
	site, other := mustSite(t, s), mustSite(t, s)
	sc.scenario(site.ID, other.ID)
	sc.at(time.Date(2031, 3, 5, 0, 0, 0, 0, time.UTC)) // every target is past due

	from, to := time.Date(2031, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2031, 3, 4, 0, 0, 0, 0, time.UTC)
	q := report.Query{From: from, To: to, SiteID: site.ID}
	t.Run("Summary", func(t *testing.T) {
		sum, err := report.ComputeSummary(ctx(t), s, q)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"from":"2031-03-02T00:00:00Z","to":"2031-03-04T00:00:00Z","conversations":6,` +
			`"first_response_p50_s":390,"first_response_p90_s":558,"resolution_p50_s":3780,"csat":0.5,"nps":33.3,` +
			`"bot_containment_rate":0.3333,"handoff_rate":0.5,"false_answer_rate":0.5,"sla_breaches":3,` +
			`"handoffs_by_reason":{"human_requested":1,"low_confidence":1,"no_knowledge":1},` +
			`"kb_gaps":[{"question":"can I pay with bitcoin","count":2},{"question":"I need a refund for my order","count":1}]}`
		wantJSON(t, "summary", sum, want)
	})
	t.Run("Daily", func(t *testing.T) {
		days, err := report.ComputeDaily(ctx(t), s, q)
		if err != nil {
			t.Fatal(err)
		}
		want := `[{"date":"2031-03-02","conversations":4,"first_response_p50_s":390,"first_response_p90_s":558,` +
			`"resolution_p50_s":3780,"csat":0.5,"nps":33.3,"bot_containment_rate":0.25,"handoff_rate":0.75,` +
			`"false_answer_rate":0.3333,"sla_breaches":3,"handoffs":3},` +
			`{"date":"2031-03-03","conversations":2,"first_response_p50_s":null,"first_response_p90_s":null,` +
			`"resolution_p50_s":null,"csat":null,"nps":null,"bot_containment_rate":0.5,"handoff_rate":0,` +
			`"false_answer_rate":1,"sla_breaches":null,"handoffs":0}]`
		wantJSON(t, "daily", days, want)
	})
	t.Run("Filters", func(t *testing.T) {
		all, err := report.ComputeSummary(ctx(t), s, report.Query{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		if all.Conversations != 7 || all.HandoffsByReason["frustration"] != 1 || *all.HandoffRate != 0.5714 {
			t.Errorf("every site: %d conversations, reasons %v, handoff rate %v; want 7, frustration 1, 0.5714",
				all.Conversations, all.HandoffsByReason, *all.HandoffRate)
		}
		billing, err := report.ComputeSummary(ctx(t), s, report.Query{From: from, To: to, Team: "billing", Segment: string(parley.SegmentVisitor)})
		if err != nil {
			t.Fatal(err)
		}
		if billing.Conversations != 2 || *billing.HandoffRate != 1 || *billing.FirstResponseP50 != 180 || billing.CSAT == nil || *billing.CSAT != 1 {
			t.Errorf("team billing: %+v; want 2 conversations, both handed off, first response 180 s, csat 1", billing)
		}
		none, err := report.ComputeSummary(ctx(t), s, report.Query{From: from, To: to, Language: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		wantJSON(t, "no data", none, `{"from":"2031-03-02T00:00:00Z","to":"2031-03-04T00:00:00Z","conversations":0,`+
			`"first_response_p50_s":null,"first_response_p90_s":null,"resolution_p50_s":null,"csat":null,"nps":null,`+
			`"bot_containment_rate":null,"handoff_rate":null,"false_answer_rate":null,"sla_breaches":null,"handoffs_by_reason":{},"kb_gaps":[]}`)
	})
	t.Run("HoursAndGaps", func(t *testing.T) {
		hours, err := report.ComputeHours(ctx(t), s, q)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]int]int{}
		total := 0
		for _, h := range hours {
			if h.Messages > 0 {
				got[[2]int{h.Weekday, h.Hour}] = h.Messages
				total += h.Messages
			}
		}
		sun, mon := int(from.Weekday()), int(from.AddDate(0, 0, 1).Weekday())
		want := map[[2]int]int{{sun, 9}: 5, {sun, 10}: 1, {mon, 10}: 1, {mon, 11}: 1, {mon, 12}: 1}
		if len(hours) != 168 || total != 9 || len(got) != len(want) {
			t.Fatalf("hours: %d cells, %d messages, busy %v; want 168, 9, %v", len(hours), total, got, want)
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("weekday %d hour %d: %d messages, want %d", k[0], k[1], got[k], n)
			}
		}
		gaps, err := report.ComputeGaps(ctx(t), s, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(gaps) != 2 || gaps[0].Language != "en" || len(gaps[0].ConversationIDs) != 2 {
			t.Fatalf("gaps: %+v; want 2, the first in en from 2 conversations", gaps)
		}
	})
}

func wantJSON(t *testing.T, what string, v any, want string) {
	t.Helper()
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

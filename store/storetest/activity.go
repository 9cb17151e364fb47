package storetest

import (
	"cmp"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/parley-chat/parley"
)

// allActivities reads every activity after afterN, a page of three at a
// time, checking that N rises.
func allActivities(t *testing.T, s Store, afterN int64) []parley.Activity {
	t.Helper()
	var out []parley.Activity
	for {
		page, err := s.Activities(ctx(t), afterN, 3)
		if err != nil {
			t.Fatalf("Activities(%d): %v", afterN, err)
		}
		if len(page) > 3 {
			t.Fatalf("Activities(limit 3) returned %d", len(page))
		}
		for _, a := range page {
			if a.N <= afterN {
				t.Fatalf("activity N %d after cursor %d", a.N, afterN)
			}
			afterN = a.N
		}
		out = append(out, page...)
		if len(page) < 3 {
			return out
		}
	}
}

// lastN is the cursor after every activity stored so far.
func lastN(t *testing.T, s Store) int64 {
	t.Helper()
	all := allActivities(t, s, 0)
	if len(all) == 0 {
		return 0
	}
	return all[len(all)-1].N
}

// brief renders activities as "kind site conv article agent team reason score"
// lines ("-" for an empty field), so a test states its expectation as text.
func brief(as []parley.Activity) string {
	var b strings.Builder
	for _, a := range as {
		f := []string{string(a.Kind), a.SiteID, a.ConversationID, a.ArticleID, a.AgentID, a.Team, a.Reason}
		for i := range f {
			f[i] = cmp.Or(f[i], "-")
		}
		fmt.Fprintf(&b, "%s %d\n", strings.Join(f, " "), a.Score)
	}
	return b.String()
}

var activityTests = []test{
	{"EveryChangeRecordsOne", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		agent := mustAgent(t, s, 5)
		_, sess := mustSession(t, s, site.ID)
		c := sess.Conversation.ID
		e := handoff("billing", parley.UrgencyHigh)
		e.HandoffReason = "human_requested"
		if _, err := s.Enqueue(ctx(t), c, e); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		mustClaim(t, s, c, agent.ID)
		if _, err := s.Transfer(ctx(t), c, "l2"); err != nil {
			t.Fatalf("Transfer: %v", err)
		}
		if _, err := s.Assign(ctx(t), c, agent.ID); err != nil {
			t.Fatalf("Assign: %v", err)
		}
		if _, err := s.Resolve(ctx(t), c, parley.Conversation{}.ResolvedAt); err != nil {
			t.Fatalf("Resolve: %v", err)
		}
		if err := s.RecordCSAT(ctx(t), c, 4, ""); err != nil {
			t.Fatalf("RecordCSAT: %v", err)
		}
		if err := s.RecordNPS(ctx(t), c, 9, "great"); err != nil {
			t.Fatalf("RecordNPS: %v", err)
		}
		if _, err := s.Reopen(ctx(t), c, parley.ModeBot); err != nil {
			t.Fatalf("Reopen: %v", err)
		}
		draft := mustPut(t, s, article(site.ID, "reset", "en"))
		draft.Status = parley.ArticlePublished
		pub := mustPut(t, s, draft)

		got := allActivities(t, s, 0)
		want := fmt.Sprintf(`conversation.created %[1]s %[2]s - - - - 0
conversation.handed_off %[1]s %[2]s - - billing human_requested 0
conversation.assigned %[1]s %[2]s - %[3]s billing - 0
conversation.transferred %[1]s %[2]s - - l2 - 0
conversation.assigned %[1]s %[2]s - %[3]s l2 - 0
conversation.resolved %[1]s %[2]s - %[3]s l2 - 0
csat.received %[1]s %[2]s - - - - 4
nps.received %[1]s %[2]s - - - - 9
conversation.reopened %[1]s %[2]s - - - - 0
article.published %[1]s - %[4]s - - - 0
`, site.ID, c, agent.ID, pub.ID)
		if b := brief(got); b != want {
			t.Fatalf("activities:\n%s\nwant:\n%s", b, want)
		}
		ids := map[string]bool{}
		for _, a := range got {
			wantUTC(t, "activity At", a.At)
			if a.ID == "" || ids[a.ID] {
				t.Errorf("activity id %q empty or repeated", a.ID)
			}
			ids[a.ID] = true
		}
		if rest := allActivities(t, s, got[len(got)-1].N); len(rest) != 0 {
			t.Errorf("after the last N: %d activities", len(rest))
		}
	}},
	{"NoChangeRecordsNothing", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		agent := mustAgent(t, s, 5)
		c := mustEnqueue(t, s, site.ID, handoff("billing", ""))
		mustClaim(t, s, c.ID, agent.ID)
		a := mustPut(t, s, article(site.ID, "draft", "en"))
		before := lastN(t, s)
		mustClaim(t, s, c.ID, agent.ID) // already has it
		if _, err := s.Enqueue(ctx(t), c.ID, handoff("l2", "")); err == nil {
			t.Fatal("Enqueue of an assigned conversation succeeded")
		}
		if _, err := s.Reopen(ctx(t), c.ID, parley.ModeBot); err == nil {
			t.Fatal("Reopen of an assigned conversation succeeded")
		}
		if _, err := s.Resolve(ctx(t), c.ID, c.ResolvedAt); err != nil {
			t.Fatalf("Resolve: %v", err)
		}
		resolved := lastN(t, s)
		if _, err := s.Resolve(ctx(t), c.ID, c.ResolvedAt); err != nil {
			t.Fatalf("Resolve again: %v", err)
		}
		a.Title = "Still a draft"
		a = mustPut(t, s, a)
		mustPut(t, s, a) // identical
		wantCode(t, s.RecordCSAT(ctx(t), c.ID, 6, ""), parley.EINVALID)
		got := allActivities(t, s, before)
		if len(got) != 1 || got[0].Kind != parley.ActivityResolved || got[0].N != resolved {
			t.Fatalf("activities after no-op calls:\n%s want one conversation.resolved", brief(got))
		}
	}},
	{"NPS", func(t *testing.T, s Store) {
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		for _, score := range []int{-1, 11} {
			wantCode(t, s.RecordNPS(ctx(t), sess.Conversation.ID, score, ""), parley.EINVALID)
		}
		wantNotFound(t, "RecordNPS", s.RecordNPS(ctx(t), "no-such-conversation", 5, ""))
		for _, score := range []int{0, 10} { // both bounds; the second replaces the first
			if err := s.RecordNPS(ctx(t), sess.Conversation.ID, score, ""); err != nil {
				t.Fatalf("RecordNPS(%d): %v", score, err)
			}
		}
		got := allActivities(t, s, 0)
		if b := brief(got[1:]); !strings.HasPrefix(b, "nps.received") || strings.Count(b, "nps.received") != 2 {
			t.Fatalf("activities:\n%s", brief(got))
		}
	}},
	{"BadLimit", func(t *testing.T, s Store) {
		for _, n := range []int{0, -1} {
			_, err := s.Activities(ctx(t), 0, n)
			wantCode(t, err, parley.EINVALID)
		}
	}},
	{"CursorNeverSkips", func(t *testing.T, s Store) {
		// A reader following the cursor while writers commit in any order
		// must see every activity exactly once.
		site := mustSite(t, s)
		const writers, each = 4, 15
		done := make(chan struct{})
		seen := map[string]int{}
		var wg sync.WaitGroup
		wg.Go(func() {
			var cursor int64
			for {
				finished := false
				select {
				case <-done:
					finished = true
				default:
				}
				page, err := s.Activities(ctx(t), cursor, 7)
				if err != nil {
					t.Errorf("Activities: %v", err)
					return
				}
				for _, a := range page {
					seen[a.ID]++
					cursor = a.N
				}
				if finished && len(page) == 0 {
					return
				}
			}
		})
		race(writers, func(int) {
			for range each {
				if _, err := s.CreateSession(ctx(t), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{}); err != nil {
					t.Errorf("CreateSession: %v", err)
				}
			}
		})
		close(done)
		wg.Wait()
		if len(seen) != writers*each {
			t.Fatalf("reader saw %d activities, want %d", len(seen), writers*each)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("activity %s seen %d times", id, n)
			}
		}
	}},
}

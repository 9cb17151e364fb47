package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// RunNodes checks the desk's claims across nodes: open must return two
// stores on one fresh, empty database (two nodes of one deployment; a store
// that has a single node may return one store twice) and clean up both.
// Agents and conversations created through one are claimed through both.
// (Run has no claim races of its own: these cover one store's too.)
func RunNodes(t *testing.T, open func(t *testing.T) (Store, Store)) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, s1, s2 Store)
	}{
		{"ClaimRace", func(t *testing.T, s1, s2 Store) { claimRace(t, s1, s2, 100) }},
		{"CapacityRace", func(t *testing.T, s1, s2 Store) { capacityRace(t, s1, s2, 10) }},
		{"ClaimNextRace", func(t *testing.T, s1, s2 Store) { claimNextRace(t, s1, s2, 50, 200) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s1, s2 := open(t)
			t.Cleanup(func() {
				if err := s1.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if err := s2.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s1, s2)
		})
	}
}

// claimNextRace queues n conversations and has workers, spread over two
// stores and over ten agents whose capacities sum to n, call ClaimNext until
// the queue is empty or their agent is full: every conversation must be
// claimed exactly once and no agent may exceed its capacity.
func claimNextRace(t *testing.T, s1, s2 Store, workers, n int) {
	site := mustSite(t, s1)
	for range n {
		mustEnqueue(t, s1, site.ID, handoff("l1", ""))
	}
	agents := make([]parley.Agent, 10)
	for i := range agents {
		agents[i] = mustAgent(t, s1, n/len(agents))
	}
	var mu sync.Mutex
	claimedBy := map[string]string{}
	nodes := [2]Store{s1, s2}
	race(workers, func(i int) {
		a := agents[i%len(agents)]
		for {
			c, err := nodes[i%2].ClaimNext(ctx(t), a.ID, []string{"l1"}, nil)
			if parley.ErrorCode(err) == parley.ENOTFOUND || parley.ErrorCode(err) == parley.ECONFLICT {
				return
			}
			if err != nil || c.AssigneeID != a.ID {
				t.Errorf("ClaimNext = %+v, %v", c, err)
				return
			}
			mu.Lock()
			if prev, ok := claimedBy[c.ID]; ok {
				t.Errorf("conversation %s claimed twice: by %s and %s", c.ID, prev, a.ID)
			}
			claimedBy[c.ID] = a.ID
			mu.Unlock()
		}
	})
	if len(claimedBy) != n {
		t.Errorf("%d of %d conversations claimed", len(claimedBy), n)
	}
	for _, a := range agents {
		wantAssigned(t, s2, a.ID, n/len(agents))
	}
	if q, err := s2.Queue(ctx(t), parley.QueueFilter{}); err != nil || len(q) != 0 {
		t.Errorf("queue after the race: %d left, %v", len(q), err)
	}
}

// claimNextFilters claims through teams and languages filters in order.
func claimNextFilters(t *testing.T, s Store) {
	site := mustSite(t, s)
	n := names{}
	for i, c := range []struct{ name, team, lang string }{
		{"en-l1", "l1", "en"}, {"ptBR-l2", "l2", "pt-BR"}, {"none-l1", "l1", ""}, {"de-l3", "l3", "de"},
		{"ptPT-l2", "l2", "pt-PT"}, {"sr-l1", "l1", "sr-Latn"}, {"en-none", "", "en"},
	} {
		conv := mustEnqueue(t, s, site.ID, parley.Conversation{Team: c.team, QueuedAt: time.Unix(int64(i), 0)})
		if err := s.SetLanguage(ctx(t), conv.ID, c.lang); err != nil {
			t.Fatal(err)
		}
		n[conv.ID] = c.name
	}
	a := mustAgent(t, s, 100)
	for i, st := range []struct {
		teams, langs []string
		want         string // "" is ErrNotFound
	}{
		{[]string{"l2"}, []string{"pt"}, "ptBR-l2"},
		{[]string{"l2"}, []string{"pt-BR"}, ""},
		{[]string{"l2"}, []string{"pt-pt"}, "ptPT-l2"},
		{[]string{"l1", "l3"}, []string{"de"}, "none-l1"},
		{[]string{"l1", "l3"}, []string{"de"}, "de-l3"},
		{[]string{"l1", "l3"}, []string{"de", "fr"}, ""},
		{[]string{"l1"}, []string{"sr"}, "sr-l1"},
		{nil, []string{"EN"}, "en-l1"},
		{[]string{"l1"}, nil, ""},
		{[]string{}, []string{}, "en-none"},
		{nil, nil, ""},
	} {
		c, err := s.ClaimNext(ctx(t), a.ID, st.teams, st.langs)
		switch {
		case st.want == "":
			wantNotFound(t, "ClaimNext", err)
		case err != nil || n[c.ID] != st.want || c.AssigneeID != a.ID:
			t.Fatalf("step %d: ClaimNext(%q, %q) = %s %+v, %v; want %s", i, st.teams, st.langs, n[c.ID], c, err, st.want)
		}
	}
	_, err := s.ClaimNext(ctx(t), a.ID, nil, []string{"english"})
	wantCode(t, err, parley.EINVALID)
	_, err = s.ClaimNext(ctx(t), a.ID, []string{"\xff"}, nil)
	wantCode(t, err, parley.EINVALID)
	_, err = s.ClaimNext(ctx(t), parley.NewID(), nil, nil)
	wantNotFound(t, "ClaimNext by an unknown agent", err)
	full := mustAgent(t, s, 1)
	mustClaim(t, s, mustEnqueue(t, s, site.ID, parley.Conversation{}).ID, full.ID)
	_, err = s.ClaimNext(ctx(t), full.ID, nil, nil)
	wantCode(t, err, parley.ECONFLICT) // at capacity, though the queue is empty
}

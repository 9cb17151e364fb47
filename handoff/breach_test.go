package handoff

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/parley-chat/parley"
)

// queueSource serves a fixed set of conversations to the watcher.
type queueSource struct {
	mu    sync.Mutex
	convs []parley.Conversation
}

func (q *queueSource) Queue(_ context.Context, f parley.QueueFilter) ([]parley.Conversation, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []parley.Conversation
	for _, c := range q.convs {
		if c.Mode == f.Mode {
			out = append(out, c)
		}
	}
	return out, nil
}
func (q *queueSource) Agents(context.Context) ([]parley.Agent, error)     { return nil, nil }
func (q *queueSource) AssignedCount(context.Context, string) (int, error) { return 0, nil }
func (q *queueSource) QueuePosition(context.Context, string) (int, error) { return 0, nil }

func TestBreachesAreReportedOnceWhenDue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		src := &queueSource{convs: []parley.Conversation{
			{ID: "late", Mode: parley.ModeQueued, FirstResponseDue: start.Add(10 * time.Minute)},
			{ID: "answered", Mode: parley.ModeAssigned, FirstResponseDue: start.Add(5 * time.Minute), FirstResponseAt: start.Add(time.Minute)},
			{ID: "slow", Mode: parley.ModeAssigned, NextResponseDue: start.Add(20 * time.Minute)},
		}}
		var mu sync.Mutex
		var got []string
		w := &Watcher{Source: src, Every: time.Minute, OnBreach: func(b Breach) {
			mu.Lock()
			got = append(got, b.Conversation.ID+":"+b.Kind)
			mu.Unlock()
		}}
		ctx, cancel := context.WithCancel(context.Background())
		go w.Run(ctx)
		snapshot := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), got...) }

		time.Sleep(9*time.Minute + 30*time.Second)
		synctest.Wait()
		if g := snapshot(); len(g) != 0 {
			t.Fatalf("breaches before any due time: %v", g)
		}
		time.Sleep(2 * time.Minute) // past the first-response due
		synctest.Wait()
		if g := snapshot(); len(g) != 1 || g[0] != "late:first_response" {
			t.Fatalf("at 11m: %v", g)
		}
		time.Sleep(15 * time.Minute) // past the next-response due; "late" not again
		synctest.Wait()
		if g := snapshot(); len(g) != 2 || g[1] != "slow:next_response" {
			t.Fatalf("at 26m: %v", g)
		}
		// A reply sets a new next-response due: that one can breach again.
		src.mu.Lock()
		src.convs[2].NextResponseDue = time.Now().Add(5 * time.Minute)
		src.mu.Unlock()
		time.Sleep(6 * time.Minute)
		synctest.Wait()
		if g := snapshot(); len(g) != 3 || g[2] != "slow:next_response" {
			t.Fatalf("after the new due: %v", g)
		}
		cancel()
	})
}

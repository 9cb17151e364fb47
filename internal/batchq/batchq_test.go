package batchq

import (
	"slices"
	"sync"
	"testing"
	"time"
)

func TestOneLeaderTakesEverythingInOrder(t *testing.T) {
	var q Queue[int]
	if !q.Add(1) {
		t.Fatal("the first Add must start a leader")
	}
	for i := 2; i <= 5; i++ {
		if q.Add(i) {
			t.Fatalf("Add(%d) started a second leader", i)
		}
	}
	if b := q.Next(3); !slices.Equal(b, []int{1, 2, 3}) {
		t.Fatalf("first batch %v, want [1 2 3]", b)
	}
	if b := q.Next(3); !slices.Equal(b, []int{4, 5}) {
		t.Fatalf("second batch %v, want [4 5]", b)
	}
	if b := q.Next(3); b != nil {
		t.Fatalf("empty queue gave %v", b)
	}
	if !q.Add(6) {
		t.Fatal("after the leader's turn ended, Add must start a new one")
	}
	if q.Claim() {
		t.Fatal("Claim while a leader runs")
	}
}

func TestConcurrentAddsAreTakenOnce(t *testing.T) {
	var q Queue[int]
	var mu sync.Mutex
	var got []int
	var wg sync.WaitGroup
	for i := range 1000 {
		wg.Go(func() {
			if q.Add(i) {
				wg.Go(func() {
					for b := q.Next(64); b != nil; b = q.Next(64) {
						mu.Lock()
						got = append(got, b...)
						mu.Unlock()
					}
				})
			}
		})
	}
	wg.Wait()
	slices.Sort(got)
	if len(got) != 1000 || got[0] != 0 || got[999] != 999 || q.Len() != 0 {
		t.Fatalf("took %d items (%d left), want each of 1000 once", len(got), q.Len())
	}
}

func TestCounts(t *testing.T) {
	var c Counts
	c.Ran(2, 4*time.Millisecond)
	c.Ran(1, 0)
	if commits, writes, waited := c.GroupCommits(); commits != 2 || writes != 3 || waited != 4*time.Millisecond {
		t.Fatalf("GroupCommits() = %d, %d, %s; want 2, 3, 4ms", commits, writes, waited)
	}
}

func TestRecordSumsTheWaits(t *testing.T) {
	var c Counts
	queued := []time.Time{time.Now().Add(-time.Second), time.Now().Add(-2 * time.Second)}
	Record(&c, queued, func(at time.Time) time.Time { return at })
	if commits, writes, waited := c.GroupCommits(); commits != 1 || writes != 2 || waited < 3*time.Second {
		t.Fatalf("GroupCommits() = %d, %d, %s; want 1, 2, at least 3s", commits, writes, waited)
	}
}

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

// The waits land in their buckets, cumulatively, beside the totals.
func TestCounts(t *testing.T) {
	var c Counts
	now := time.Now()
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	Record(&c, []time.Time{at(0), at(3 * time.Millisecond)}, func(t time.Time) time.Time { return t })
	Record(&c, []time.Time{at(2 * time.Second)}, func(t time.Time) time.Time { return t })
	commits, writes, waited := c.GroupCommits()
	if commits != 2 || writes != 3 || waited < 2003*time.Millisecond {
		t.Fatalf("GroupCommits() = %d, %d, %s; want 2, 3, at least 2.003s", commits, writes, waited)
	}
	waits := c.Waits()
	if len(waits) != len(WaitBuckets) {
		t.Fatalf("%d buckets, want %d", len(waits), len(WaitBuckets))
	}
	// ≤ 1 ms: the wait of 0; ≤ 5 ms: and the 3 ms one; the 2 s wait is
	// above every bound (in the histogram's count only).
	for bound, want := range map[time.Duration]uint64{time.Millisecond: 1, 5 * time.Millisecond: 2, time.Second: 2} {
		if got := waits[slices.Index(WaitBuckets[:], bound)]; got != want {
			t.Errorf("writes that waited at most %s: %d, want %d (%v)", bound, got, want, waits)
		}
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

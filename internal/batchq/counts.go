package batchq

import (
	"sync/atomic"
	"time"
)

// WaitBuckets are the upper bounds of the queue-wait histogram (Counts):
// from a commit's fsync (about 0.1 ms here) to a write held behind a slow
// batch (tens of ms) or a flood (a second).
var WaitBuckets = [...]time.Duration{
	250 * time.Microsecond, 500 * time.Microsecond, time.Millisecond, 2 * time.Millisecond,
	5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond, time.Second,
}

// Counts counts group commits: how many ran, how many writes they carried
// and how long each write waited in the queue before its commit began (a
// histogram over WaitBuckets, with the sum), so that /metrics gives the
// batch size and the queue wait's mean and tail without an instrumented
// build.
type Counts struct {
	commits, writes, waitedNanos atomic.Int64
	// buckets[i] counts waits ≤ WaitBuckets[i] and above the one before;
	// the last, waits above them all.
	buckets [len(WaitBuckets) + 1]atomic.Int64
}

// Record counts a batch about to be committed, each item queued at the
// time queued gives.
func Record[T any](c *Counts, batch []T, queued func(T) time.Time) {
	start := time.Now()
	var waited time.Duration
	for _, v := range batch {
		w := start.Sub(queued(v))
		waited += w
		c.buckets[bucket(w)].Add(1)
	}
	c.commits.Add(1)
	c.writes.Add(int64(len(batch)))
	c.waitedNanos.Add(int64(waited))
}

func bucket(w time.Duration) int {
	for i, b := range WaitBuckets {
		if w <= b {
			return i
		}
	}
	return len(WaitBuckets)
}

// GroupCommits reports the totals so far.
func (c *Counts) GroupCommits() (commits, writes int64, waited time.Duration) {
	return c.commits.Load(), c.writes.Load(), time.Duration(c.waitedNanos.Load())
}

// Waits reports, for each of WaitBuckets, how many writes waited at most
// that long (cumulative, as Prometheus buckets are); the writes and their
// total wait are GroupCommits'.
func (c *Counts) Waits() []uint64 {
	out := make([]uint64, len(WaitBuckets))
	var sum uint64
	for i := range WaitBuckets {
		sum += uint64(c.buckets[i].Load())
		out[i] = sum
	}
	return out
}

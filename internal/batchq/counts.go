package batchq

import (
	"sync/atomic"
	"time"
)

// Counts counts group commits: how many ran, how many writes
// they carried and how long the writes waited in the queue before their
// commit began, so that /metrics gives the batch size and the queue wait
// (writes/commits, waited/writes) without an instrumented build.
type Counts struct {
	commits, writes, waitedNanos atomic.Int64
}

// Ran records one group commit of writes that waited waited in all.
func (c *Counts) Ran(writes int, waited time.Duration) {
	c.commits.Add(1)
	c.writes.Add(int64(writes))
	c.waitedNanos.Add(int64(waited))
}

// Record is Ran for a batch about to be committed, each item queued at
// the time queued gives.
func Record[T any](c *Counts, batch []T, queued func(T) time.Time) {
	start := time.Now()
	var waited time.Duration
	for _, v := range batch {
		waited += start.Sub(queued(v))
	}
	c.Ran(len(batch), waited)
}

// GroupCommits reports the totals so far.
func (c *Counts) GroupCommits() (commits, writes int64, waited time.Duration) {
	return c.commits.Load(), c.writes.Load(), time.Duration(c.waitedNanos.Load())
}

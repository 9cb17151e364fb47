package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-chat/parley/internal/batchq"
)

// groupCommitter is a store that batches its writes into group commits
// (the embedded writer; PostgreSQL's appends).
type groupCommitter interface {
	GroupCommits() *batchq.Counts
}

// registerGroupCommits exports a store's group commits, so that the batch
// size (writes / commits) and the queue wait, its mean and its tail, come
// from /metrics rather than from an instrumented build.
func registerGroupCommits(reg prometheus.Registerer, counts *batchq.Counts) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "parley_store_group_commits_total",
			Help: "Group commits the store ran (embedded: every write; PostgreSQL: appends)."},
			func() float64 { c, _, _ := counts.GroupCommits(); return float64(c) }),
		commitWaits{counts, prometheus.NewDesc("parley_store_group_commit_wait_seconds",
			"How long each write those group commits carried waited in the queue before its commit began.", nil, nil)},
	)
}

// commitWaits is the queue-wait histogram, read from the store's counts
// at each scrape.
type commitWaits struct {
	counts *batchq.Counts
	desc   *prometheus.Desc
}

func (c commitWaits) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c commitWaits) Collect(ch chan<- prometheus.Metric) {
	waits := c.counts.Waits()
	_, writes, waited := c.counts.GroupCommits()
	buckets := map[float64]uint64{}
	for i, n := range waits {
		buckets[batchq.WaitBuckets[i].Seconds()] = n
	}
	// A batch being recorded meanwhile may be in the buckets and not yet
	// in the total: the count is never below a bucket.
	count := max(uint64(writes), waits[len(waits)-1])
	ch <- prometheus.MustNewConstHistogram(c.desc, count, waited.Seconds(), buckets)
}

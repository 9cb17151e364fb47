package main

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// groupCommitter is a store that batches its writes into group commits
// (the embedded writer; PostgreSQL's appends).
type groupCommitter interface {
	GroupCommits() (commits, writes int64, waited time.Duration)
}

// registerGroupCommits exports a store's group commits, so that the batch
// size (writes / commits) and the queue wait (wait seconds / writes) come
// from /metrics rather than from an instrumented build.
func registerGroupCommits(reg prometheus.Registerer, gc groupCommitter) {
	counter := func(name, help string, v func(commits, writes int64, waited time.Duration) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return v(gc.GroupCommits()) })
	}
	reg.MustRegister(
		counter("parley_store_group_commits_total", "Group commits the store ran (embedded: every write; PostgreSQL: appends).",
			func(c, _ int64, _ time.Duration) float64 { return float64(c) }),
		counter("parley_store_group_commit_writes_total", "Writes those group commits carried.",
			func(_, w int64, _ time.Duration) float64 { return float64(w) }),
		counter("parley_store_group_commit_wait_seconds_total", "Time those writes waited in the queue before their commit began, summed.",
			func(_, _ int64, d time.Duration) float64 { return d.Seconds() }),
	)
}

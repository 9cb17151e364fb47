// Package batchq is the queue behind the leader-based group commits: work
// that arrives while one batch is in flight waits here and goes out together
// in the next. One leader at a time takes batches; it is a short-lived
// goroutine started by the caller whose Add found none running, so no
// caller waits for others' work and there is nothing to stop on Close.
// Used by the PostgreSQL store's appends and the Redis broker's publishes.
package batchq

import "sync"

// Queue holds the items waiting for the next batch. The zero value is ready.
type Queue[T any] struct {
	mu      sync.Mutex
	pending []T
	leading bool
}

// Add queues v and reports whether the caller must start a leader.
func (q *Queue[T]) Add(v T) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending = append(q.pending, v)
	return q.claim()
}

// Claim takes the leader's turn if nobody has it.
func (q *Queue[T]) Claim() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.claim()
}

func (q *Queue[T]) claim() bool {
	if q.leading {
		return false
	}
	q.leading = true
	return true
}

// Next takes up to max waiting items in the order they came, or ends the
// leader's turn and returns nil when none waits.
func (q *Queue[T]) Next(max int) []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(len(q.pending), max)
	if n == 0 {
		q.leading = false
		q.pending = nil // drop a grown backing array
		return nil
	}
	b := q.pending[:n:n]
	q.pending = q.pending[n:]
	return b
}

// Len is how many items wait.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}

package llm

import (
	"sync"
	"time"
)

// outcome is how one attempt went, as far as the breaker cares.
type outcome int

const (
	success outcome = iota // the endpoint answered (even NO_ANSWER)
	failure                // it failed, timed out or broke the stream
	ignored                // not its fault (the caller gave up, a budget refused)
)

// breaker opens after threshold consecutive failures; after cooldown it
// lets one probe through, which closes it on success or reopens it.
type breaker struct {
	now       func() time.Time
	threshold int
	cooldown  time.Duration

	mu       sync.Mutex
	failures int       // consecutive
	openedAt time.Time // when it last opened; meaningful while failures >= threshold
	probing  bool      // the half-open probe is in flight
}

// allow returns a func to report the attempt's outcome with, or
// ErrCircuitOpen.
func (b *breaker) allow() (func(outcome), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	probe := false
	if b.failures >= b.threshold {
		if b.probing || b.now().Before(b.openedAt.Add(b.cooldown)) {
			return nil, ErrCircuitOpen
		}
		b.probing, probe = true, true
	}
	return func(o outcome) { b.report(o, probe) }, nil
}

func (b *breaker) report(o outcome, probe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch o {
	case success:
		b.failures = 0
	case failure:
		b.failures++
		if probe || b.failures >= b.threshold {
			b.failures = max(b.failures, b.threshold)
			b.openedAt = b.now()
		}
	}
}

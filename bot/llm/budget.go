package llm

import (
	"fmt"
	"sync"
	"time"
)

// budget counts Answer calls per UTC day, per visitor and in total. The
// visitor map holds at most perDay entries, since each entry cost a call.
type budget struct {
	now        func() time.Time
	perVisitor int
	perDay     int

	mu       sync.Mutex
	day      string
	total    int
	visitors map[string]int
}

// take charges one call to visitor, or returns an error wrapping ErrBudget.
func (b *budget) take(visitor string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if day := b.now().UTC().Format(time.DateOnly); day != b.day {
		b.day, b.total, b.visitors = day, 0, map[string]int{}
	}
	if b.total >= b.perDay {
		return fmt.Errorf("%w: %d calls today on this node", ErrBudget, b.perDay)
	}
	if b.visitors[visitor] >= b.perVisitor {
		return fmt.Errorf("%w: %d calls today for this visitor", ErrBudget, b.perVisitor)
	}
	b.total++
	b.visitors[visitor]++
	return nil
}

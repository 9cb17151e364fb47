package llm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Counter increments a named count and returns its new value; the count
// is dropped after ttl. redis.Counter is the cluster-wide one.
type Counter interface {
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
}

// budget counts Answer calls per UTC day, per visitor and in total: in
// the shared Counter when there is one, so every node charges the same
// counts; on this node alone otherwise, or while the Counter fails (the
// budgets then hold per node, as the rate limits fall back to local ones).
// The visitor map holds at most perDay entries, since each entry cost a call.
type budget struct {
	now        func() time.Time
	perVisitor int
	perDay     int
	shared     Counter // optional

	mu       sync.Mutex
	day      string
	total    int
	visitors map[string]int
}

// budgetTTL keeps a day's shared counts past the day's end in every zone.
const budgetTTL = 48 * time.Hour

// take charges one call to visitor, or returns an error wrapping ErrBudget.
func (b *budget) take(ctx context.Context, visitor string) error {
	day := b.now().UTC().Format(time.DateOnly)
	if b.shared != nil {
		err := b.takeShared(ctx, day, visitor)
		if err == nil || errors.Is(err, ErrBudget) {
			return err
		}
	}
	return b.takeLocal(day, visitor)
}

func (b *budget) takeShared(ctx context.Context, day, visitor string) error {
	n, err := b.shared.Incr(ctx, "llm:visitor:"+day+":"+visitor, budgetTTL)
	if err != nil {
		return err
	}
	if n > int64(b.perVisitor) {
		return fmt.Errorf("%w: %d calls today for this visitor", ErrBudget, b.perVisitor)
	}
	if n, err = b.shared.Incr(ctx, "llm:day:"+day, budgetTTL); err != nil {
		return err
	}
	if n > int64(b.perDay) {
		return fmt.Errorf("%w: %d calls today on all nodes", ErrBudget, b.perDay)
	}
	return nil
}

func (b *budget) takeLocal(day, visitor string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if day != b.day {
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

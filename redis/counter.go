package redis

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Counter is a cluster-wide count per key (the LLM budgets: llm.Counter).
type Counter struct {
	rdb goredis.UniversalClient
}

// NewCounter returns a counter on rdb.
func NewCounter(rdb goredis.UniversalClient) *Counter { return &Counter{rdb: rdb} }

// Incr adds one to key and returns the new count; the key expires ttl
// after its last increment. INCR and EXPIRE travel in one transaction, so
// no count outlives its ttl.
func (c *Counter) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	key = "parley:" + key
	pipe := c.rdb.TxPipeline()
	n := pipe.Incr(ctx, key)
	pipe.Expire(ctx, key, ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("redis counter: %w", err)
	}
	return n.Val(), nil
}

package redis

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
)

// Limiter is the cluster-wide rate limiter: every node counts against the
// same GCRA state in Redis. An error means "unknown", and the gateway then
// lets the node's local limiter decide.
type Limiter struct {
	rl *redis_rate.Limiter
}

// NewLimiter returns a limiter on rdb.
func NewLimiter(rdb goredis.UniversalClient) *Limiter {
	return &Limiter{rl: redis_rate.NewLimiter(rdb)}
}

// Allow admits one event under key if it fits r.
func (l *Limiter) Allow(ctx context.Context, key string, r parley.Rate) (bool, time.Duration, error) {
	if r.Count <= 0 || r.Period <= 0 {
		return true, 0, nil
	}
	res, err := l.rl.Allow(ctx, "parley:"+key, redis_rate.Limit{Rate: r.Count, Burst: max(r.Burst, 1), Period: r.Period})
	if err != nil {
		return false, 0, fmt.Errorf("redis rate limit: %w", err)
	}
	return res.Allowed > 0, max(res.RetryAfter, 0), nil
}

// Open parses a redis:// URL and checks that the server answers.
func Open(ctx context.Context, url string) (*goredis.Client, error) {
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis url: %w", err)
	}
	rdb := goredis.NewClient(opt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("redis ping: %w", err)
	}
	return rdb, nil
}

package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
)

// Limiter is the cluster-wide rate limiter: every node counts against the
// same GCRA state in Redis (redis_rate's script). Calls are coalesced: Run
// owns a few loops, each sending every check waiting at that moment as one
// pipelined round trip, so under load a node pays one round trip per batch
// rather than one per message, and one event's checks (AllowAll) always
// share theirs. An error means "unknown" (Redis slow or down,
// Run not running) and the gateway then lets the node's local limiter decide.
type Limiter struct {
	rdb      goredis.UniversalClient
	rl       *redis_rate.Limiter
	reqs     chan []*evalReq // a lone check, or the checks of one AllowAll
	running  atomic.Bool
	stats    limiterStats
	maxBatch int
	loops    int
}

// LimiterStats are cumulative counts since NewLimiter.
type LimiterStats struct {
	Calls      int64 // Allow calls that reached Redis in a batch
	RoundTrips int64 // pipelines sent
	Failures   int64 // Allow calls answered with an error (the local limit decided)
}

type limiterStats struct{ calls, roundTrips, failures atomic.Int64 }

// ErrNotRunning is the error of a check made while Run is not running.
var ErrNotRunning = errors.New("redis rate limit: limiter not running")

// flushTimeout bounds one round trip; callers give up sooner on their own
// context (the gateway's budget) and decide locally.
const flushTimeout = time.Second

type evalReq struct {
	ctx  context.Context
	sha  string
	keys []string
	args []any
	cmd  *goredis.Cmd
	done chan struct{}
}

// NewLimiter returns a limiter on rdb; Run must be running for it to ask Redis.
func NewLimiter(rdb goredis.UniversalClient) *Limiter {
	l := &Limiter{rdb: rdb, reqs: make(chan []*evalReq, 1024), maxBatch: 512, loops: 4}
	l.rl = redis_rate.NewLimiter(batcher{l})
	return l
}

// Allow admits one event under key if it fits r.
func (l *Limiter) Allow(ctx context.Context, key string, r parley.Rate) (bool, time.Duration, error) {
	if !limited(r) {
		return true, 0, nil
	}
	res, err := l.rl.Allow(ctx, "parley:"+key, redis_rate.Limit{Rate: r.Count, Burst: max(r.Burst, 1), Period: r.Period})
	if err != nil {
		l.stats.failures.Add(1)
		return false, 0, fmt.Errorf("redis rate limit: %w", err)
	}
	return res.Allowed > 0, max(res.RetryAfter, 0), nil
}

// AllowAll admits one event under every check and asks Redis about all of
// them in one round trip: a frame's contact and IP checks would otherwise
// reach the loops one by one and, below a load that keeps a queue, cost a
// round trip each. ctx must end (the gateway's budget): the round trip waits
// for every check to be queued.
func (l *Limiter) AllowAll(ctx context.Context, checks []parley.RateCheck) []parley.RateVerdict {
	out := make([]parley.RateVerdict, len(checks))
	g := &evalGroup{}
	for i, c := range checks {
		if limited(c.Rate) {
			g.want++
		} else {
			out[i].OK = true
		}
	}
	if g.want > 1 {
		ctx = context.WithValue(ctx, groupKey{}, g)
	}
	// redis_rate's call blocks until its answer: every check but the first
	// gets a goroutine, the first runs on this one. A goroutine made last
	// runs next on this P once this one waits, so the group is complete
	// without a trip through the run queue (which under load is long).
	var wg sync.WaitGroup
	first := -1
	for i, c := range checks {
		if !limited(c.Rate) {
			continue
		}
		if first < 0 {
			first = i
			continue
		}
		wg.Go(func() { out[i].OK, out[i].RetryAfter, out[i].Err = l.Allow(ctx, c.Key, c.Rate) })
	}
	if first >= 0 {
		c := checks[first]
		out[first].OK, out[first].RetryAfter, out[first].Err = l.Allow(ctx, c.Key, c.Rate)
	}
	wg.Wait()
	return out
}

func limited(r parley.Rate) bool { return r.Count > 0 && r.Period > 0 }

// evalGroup gathers the script calls of one AllowAll, made by redis_rate
// on as many goroutines, so that they enter the queue as one.
type evalGroup struct {
	want int // set before any member runs
	mu   sync.Mutex
	reqs []*evalReq
}

type groupKey struct{}

// add records r and returns the whole group once r completes it.
func (g *evalGroup) add(r *evalReq) []*evalReq {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.reqs = append(g.reqs, r)
	if len(g.reqs) < g.want {
		return nil
	}
	return g.reqs
}

// Stats returns the counts so far (for metrics and benchmarks).
func (l *Limiter) Stats() LimiterStats {
	return LimiterStats{Calls: l.stats.calls.Load(), RoundTrips: l.stats.roundTrips.Load(), Failures: l.stats.failures.Load()}
}

// Run sends the waiting checks to Redis until ctx ends. Each of a few
// loops takes the first waiting check, then every other already queued (up
// to maxBatch), as one pipeline: checks that arrive during a round trip go
// in the next, so batches grow with the load and a lone check costs one
// round trip. More than one loop keeps a slow round trip (a descheduled
// Redis or node) from holding every check behind it.
func (l *Limiter) Run(ctx context.Context) {
	l.running.Store(true)
	defer l.running.Store(false)
	var wg sync.WaitGroup
	for range l.loops {
		wg.Go(func() { l.loop(ctx) })
	}
	wg.Wait()
}

func (l *Limiter) loop(ctx context.Context) {
	batch := make([]*evalReq, 0, l.maxBatch)
	for {
		batch = batch[:0]
		select {
		case <-ctx.Done():
			return
		case rs := <-l.reqs:
			batch = append(batch, rs...)
		}
	more:
		for len(batch) < l.maxBatch {
			select {
			case rs := <-l.reqs:
				batch = append(batch, rs...)
			default:
				break more
			}
		}
		l.flush(ctx, batch)
	}
}

func (l *Limiter) flush(ctx context.Context, batch []*evalReq) {
	ctx, cancel := context.WithTimeout(ctx, flushTimeout)
	defer cancel()
	pipe := l.rdb.Pipeline()
	live := batch[:0]
	for _, r := range batch {
		if r.ctx.Err() != nil { // its caller has decided locally already
			close(r.done)
			continue
		}
		r.cmd = pipe.EvalSha(ctx, r.sha, r.keys, r.args...)
		live = append(live, r)
	}
	if len(live) > 0 {
		l.stats.roundTrips.Add(1)
		l.stats.calls.Add(int64(len(live)))
		_, _ = pipe.Exec(ctx) // each command carries its own result or error
	}
	for _, r := range live {
		close(r.done)
	}
}

// evalSha queues one script call for Run (with the rest of its AllowAll
// group, the last to arrive queuing them all) and waits for its answer or ctx.
func (l *Limiter) evalSha(ctx context.Context, sha string, keys []string, args []any) *goredis.Cmd {
	if !l.running.Load() {
		return failed(ctx, ErrNotRunning)
	}
	r := &evalReq{ctx: ctx, sha: sha, keys: keys, args: args, done: make(chan struct{})}
	rs := []*evalReq{r}
	if g, ok := ctx.Value(groupKey{}).(*evalGroup); ok {
		rs = g.add(r)
	}
	if rs != nil {
		select {
		case l.reqs <- rs:
		case <-ctx.Done():
			return failed(ctx, fmt.Errorf("not sent within the budget: %w", ctx.Err()))
		}
	}
	select {
	case <-r.done:
		if r.cmd == nil {
			return failed(ctx, fmt.Errorf("no answer within the budget: %w", ctx.Err()))
		}
		return r.cmd
	case <-ctx.Done():
		return failed(ctx, fmt.Errorf("no answer within the budget: %w", ctx.Err()))
	}
}

func failed(ctx context.Context, err error) *goredis.Cmd {
	cmd := goredis.NewCmd(ctx)
	cmd.SetErr(err)
	return cmd
}

// batcher is what redis_rate runs its script on: EVALSHA goes through the
// batch; the rest (EVAL after a NOSCRIPT, once per script cache flush) goes
// straight to Redis.
type batcher struct{ l *Limiter }

func (b batcher) EvalSha(ctx context.Context, sha string, keys []string, args ...any) *goredis.Cmd {
	return b.l.evalSha(ctx, sha, keys, args)
}

func (b batcher) Eval(ctx context.Context, script string, keys []string, args ...any) *goredis.Cmd {
	return b.l.rdb.Eval(ctx, script, keys, args...)
}

func (b batcher) EvalRO(ctx context.Context, script string, keys []string, args ...any) *goredis.Cmd {
	return b.l.rdb.EvalRO(ctx, script, keys, args...)
}

func (b batcher) EvalShaRO(ctx context.Context, sha string, keys []string, args ...any) *goredis.Cmd {
	return b.l.rdb.EvalShaRO(ctx, sha, keys, args...)
}

func (b batcher) ScriptExists(ctx context.Context, hashes ...string) *goredis.BoolSliceCmd {
	return b.l.rdb.ScriptExists(ctx, hashes...)
}

func (b batcher) ScriptLoad(ctx context.Context, script string) *goredis.StringCmd {
	return b.l.rdb.ScriptLoad(ctx, script)
}

func (b batcher) Del(ctx context.Context, keys ...string) *goredis.IntCmd {
	return b.l.rdb.Del(ctx, keys...)
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

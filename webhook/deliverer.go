package webhook

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/tick"
)

// Store is what a Deliverer reads and writes (both stores fit).
type Store interface {
	Activities(ctx context.Context, afterN int64, limit int) ([]parley.Activity, error)
	Webhooks(ctx context.Context) ([]parley.Webhook, error)
	WebhookCursor(ctx context.Context) (int64, error)
	EnqueueWebhookDeliveries(ctx context.Context, from, to int64, ds []parley.WebhookDelivery) error
	ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]parley.WebhookClaim, error)
	FinishWebhookDelivery(ctx context.Context, r parley.WebhookResult) error
	PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int, error)
}

// Config configures a Deliverer; zero values take the documented defaults.
type Config struct {
	Store  Store
	Client *http.Client // default NewClient(AllowPrivate)
	// AllowPrivate lets the default client deliver to loopback, private
	// and link-local addresses (--webhook-allow-private); refused when false.
	AllowPrivate bool
	Now          func() time.Time // default time.Now
	// Backoff returns the wait after the attempt-th failed attempt, or false
	// to give up (default DefaultBackoff: 10s, 30s, 2m, 10m, 1h, 6h).
	Backoff func(attempt int) (time.Duration, bool)
	Poll    time.Duration // how often idle loops look for work (default 1s)
	Lease   time.Duration // how long a claimed delivery is this node's (default 2m)
	Batch   int           // activities read and deliveries claimed at once (default 16)
	// Keep is how long finished deliveries stay for the admin's history
	// before they are pruned (default 30 days), checked every PruneEvery
	// (default 1h) by every node: deleting twice is harmless.
	Keep       time.Duration
	PruneEvery time.Duration
	Log        *slog.Logger
	// Grace is how long an attempt already under way may still finish
	// after Run's context ends (default 5s): cutting it at once would
	// record a request the endpoint may have accepted as due again, and
	// send it twice.
	Grace time.Duration
	// Attempted, when set, counts every attempt by its result: delivered,
	// retry, failed or interrupted (metrics).
	Attempted func(result string)
}

// Deliverer turns activities into deliveries and sends them.
type Deliverer struct {
	cfg Config
}

// New returns a Deliverer; Run starts it.
func New(cfg Config) *Deliverer {
	if cfg.Client == nil {
		cfg.Client = NewClient(cfg.AllowPrivate)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Backoff == nil {
		cfg.Backoff = DefaultBackoff
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 16
	}
	if cfg.Keep <= 0 {
		cfg.Keep = 30 * 24 * time.Hour
	}
	if cfg.PruneEvery <= 0 {
		cfg.PruneEvery = time.Hour
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 5 * time.Second
	}
	return &Deliverer{cfg: cfg}
}

// Run feeds, sends and prunes until ctx ends, then returns once its loops
// have stopped. An attempt cut short by the end is recorded as due again.
func (d *Deliverer) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { d.loop(ctx, "feed", d.Feed) })
	wg.Go(func() { d.loop(ctx, "send", d.SendDue) })
	wg.Go(func() { d.pruneLoop(ctx) })
	wg.Wait()
}

// pruneBatch bounds one DELETE, so pruning never holds the outbox long.
const pruneBatch = 1000

// Prune deletes the finished deliveries older than Keep, a batch at a
// time, and returns how many.
func (d *Deliverer) Prune(ctx context.Context) (int, error) {
	before := d.cfg.Now().Add(-d.cfg.Keep)
	total := 0
	for {
		n, err := d.cfg.Store.PruneWebhookDeliveries(ctx, before, pruneBatch)
		total += n
		if err != nil || n < pruneBatch {
			return total, err
		}
	}
}

// pruneLoop prunes at once, then every PruneEvery.
func (d *Deliverer) pruneLoop(ctx context.Context) {
	d.prune(ctx)
	tick.Every(ctx, d.cfg.PruneEvery, nil, d.prune)
}

func (d *Deliverer) prune(ctx context.Context) {
	if n, err := d.Prune(ctx); err != nil && ctx.Err() == nil {
		d.cfg.Log.Warn("webhooks", "step", "prune", "err", err)
	} else if n > 0 {
		d.cfg.Log.Info("webhooks: pruned finished deliveries", "deliveries", n, "older_than", d.cfg.Keep)
	}
}

// loop runs step again at once while it finds a full batch, else after Poll.
func (d *Deliverer) loop(ctx context.Context, name string, step func(context.Context) (int, error)) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := step(ctx)
		if err != nil && ctx.Err() == nil {
			d.cfg.Log.Warn("webhooks", "step", name, "err", err)
		}
		if n >= d.cfg.Batch && err == nil {
			t.Reset(0)
		} else {
			t.Reset(d.cfg.Poll)
		}
	}
}

// Feed turns the next activities after the cursor into pending deliveries,
// one per active endpoint subscribed to the activity's kind and created by
// then, and moves the cursor past them in the same transaction. It returns
// how many activities it consumed; when another node moved the cursor first,
// 0 and no error (the next pass starts from there).
func (d *Deliverer) Feed(ctx context.Context) (int, error) {
	st := d.cfg.Store
	from, err := st.WebhookCursor(ctx)
	if err != nil {
		return 0, err
	}
	acts, err := st.Activities(ctx, from, d.cfg.Batch)
	if err != nil || len(acts) == 0 {
		return 0, err
	}
	hooks, err := st.Webhooks(ctx)
	if err != nil {
		return 0, err
	}
	var ds []parley.WebhookDelivery
	now := d.cfg.Now()
	for _, a := range acts {
		var body []byte
		for _, w := range hooks {
			if !w.Active || !w.Wants(a.Kind) || a.At.Before(w.CreatedAt) {
				continue
			}
			if body == nil {
				if body, err = Payload(a); err != nil {
					return 0, err
				}
			}
			ds = append(ds, parley.WebhookDelivery{WebhookID: w.ID, ActivityID: a.ID, Event: a.Kind, Payload: body, NextAt: now})
		}
	}
	err = st.EnqueueWebhookDeliveries(ctx, from, acts[len(acts)-1].N, ds)
	if errors.Is(err, parley.ErrConflict) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return len(acts), nil
}

// SendDue claims the deliveries due now, sends them side by side and
// records each attempt. It returns how many it claimed.
func (d *Deliverer) SendDue(ctx context.Context) (int, error) {
	claims, err := d.cfg.Store.ClaimWebhookDeliveries(ctx, d.cfg.Now(), d.cfg.Lease, d.cfg.Batch)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(claims))
	for i, c := range claims {
		wg.Go(func() { errs[i] = d.deliver(ctx, c) })
	}
	wg.Wait()
	return len(claims), errors.Join(errs...)
}

// deliver makes one attempt and records its outcome. The attempt may run
// Grace past the end of ctx, and the record outlives it (briefly), so a
// shutdown neither resends what was answered nor leaves the delivery leased.
func (d *Deliverer) deliver(ctx context.Context, c parley.WebhookClaim) error {
	actx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		select {
		case <-time.After(d.cfg.Grace):
			cancel()
		case <-actx.Done():
		}
	})
	defer stop()
	ctx = actx // from here on, "ended" means the grace ran out too
	out := d.attempt(ctx, c)
	res := parley.WebhookResult{DeliveryID: c.Delivery.ID, Attempt: c.Delivery.Attempt, StatusCode: out.status, Error: out.err}
	switch {
	case out.ok:
		res.Status = parley.DeliveryDelivered
	case ctx.Err() != nil:
		res.Status, res.NextAt, res.Error = parley.DeliveryPending, d.cfg.Now(), "interrupted by shutdown"
	case !out.retry:
		res.Status = parley.DeliveryFailed
	default:
		wait, again := d.cfg.Backoff(c.Delivery.Attempt)
		res.Status, res.NextAt = parley.DeliveryPending, d.cfg.Now().Add(max(wait, out.retryAfter))
		if !again {
			res.Status, res.NextAt = parley.DeliveryFailed, time.Time{}
			res.Error = "gave up after " + itoa(c.Delivery.Attempt) + " attempts: " + res.Error
		}
	}
	if d.cfg.Attempted != nil {
		d.cfg.Attempted(attemptResult(res, ctx.Err() != nil))
	}
	if res.Status == parley.DeliveryFailed {
		d.cfg.Log.Warn("webhook delivery failed", "delivery", c.Delivery.ID, "event", c.Delivery.Event, "status", out.status, "err", res.Error)
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return d.cfg.Store.FinishWebhookDelivery(fctx, res)
}

func attemptResult(r parley.WebhookResult, interrupted bool) string {
	switch {
	case r.Status == parley.DeliveryDelivered:
		return "delivered"
	case r.Status == parley.DeliveryFailed:
		return "failed"
	case interrupted:
		return "interrupted"
	}
	return "retry"
}

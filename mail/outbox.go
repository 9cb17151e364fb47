package mail

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// Sender delivers one message (Client.Send).
type Sender interface {
	Send(ctx context.Context, m Message) (string, error)
}

// OutboxConfig configures an Outbox; zero values take the defaults.
type OutboxConfig struct {
	Sender  Sender
	Log     *slog.Logger
	Size    int           // messages waiting at most (default 1024); more are refused
	Tries   int           // attempts per message (default 6)
	Backoff time.Duration // first retry's wait, doubling (default 10s)
	// Sent observes each outcome: "sent", "retry", "failed", "dropped".
	Sent func(result string)
}

// ErrFull is returned by Enqueue when the outbox holds Size messages.
var ErrFull = errors.New("mail outbox full")

// Outbox queues messages and sends them on one goroutine with retries, so
// no request waits for SMTP. It lives in memory: what waits at shutdown is
// logged and lost (a store-backed outbox would need a store table).
type Outbox struct {
	cfg   OutboxConfig
	queue chan queued
	wg    sync.WaitGroup
}

type queued struct {
	m     Message
	tries int
	not   time.Time // not before
}

// NewOutbox returns an outbox; Run sends.
func NewOutbox(cfg OutboxConfig) *Outbox {
	cfg.Size = cmp.Or(cfg.Size, 1024)
	cfg.Tries = cmp.Or(cfg.Tries, 6)
	cfg.Backoff = cmp.Or(cfg.Backoff, 10*time.Second)
	cfg.Log = cmp.Or(cfg.Log, slog.Default())
	return &Outbox{cfg: cfg, queue: make(chan queued, cfg.Size)}
}

// Enqueue queues m without blocking.
func (o *Outbox) Enqueue(m Message) error {
	select {
	case o.queue <- queued{m: m}:
		return nil
	default:
		o.observe("dropped")
		return ErrFull
	}
}

func (o *Outbox) observe(r string) {
	if o.cfg.Sent != nil {
		o.cfg.Sent(r)
	}
}

// Run sends until ctx ends. A failed message waits its backoff on its own
// timer and comes back to the queue, so one bad recipient does not hold
// up the rest.
func (o *Outbox) Run(ctx context.Context) {
	defer o.wg.Wait()
	for {
		select {
		case <-ctx.Done():
			if n := len(o.queue); n > 0 {
				o.cfg.Log.Warn("mail: outbox stopped with messages unsent", "count", n)
			}
			return
		case q := <-o.queue:
			if d := time.Until(q.not); d > 0 {
				o.later(ctx, q, d)
				continue
			}
			o.send(ctx, q)
		}
	}
}

func (o *Outbox) send(ctx context.Context, q queued) {
	_, err := o.cfg.Sender.Send(ctx, q.m)
	if err == nil {
		o.observe("sent")
		return
	}
	q.tries++
	if q.tries >= o.cfg.Tries || ctx.Err() != nil {
		o.observe("failed")
		o.cfg.Log.Error("mail: not sent", "to", q.m.To, "subject", q.m.Subject, "tries", q.tries, "err", err)
		return
	}
	o.observe("retry")
	wait := o.cfg.Backoff << (q.tries - 1)
	o.cfg.Log.Warn("mail: send failed; will retry", "to", q.m.To, "in", wait, "err", err)
	q.not = time.Now().Add(wait)
	o.later(ctx, q, wait)
}

// later puts q back after d, unless ctx ends first.
func (o *Outbox) later(ctx context.Context, q queued, d time.Duration) {
	o.wg.Add(1)
	go func() {
		defer o.wg.Done()
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
			select {
			case o.queue <- q:
			case <-ctx.Done():
			}
		}
	}()
}

package redis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/batchq"
)

// Channel is the pub/sub channel every node publishes to and subscribes to.
const Channel = "parley:events"

// maxPublishBatch bounds the PUBLISH commands one pipeline carries.
const maxPublishBatch = 512

// Broker publishes events to every node and delivers every node's events to
// this node's handler (its hub).
//
// A node's own events reach its handler at once, in Publish, with the very
// payload given (the hub then skips decoding it); Run drops their echo from
// Redis by the node id each message starts with. Publishes that arrive
// while a pipeline is in flight go out together in the next one: under load
// a node pays one round trip per batch rather than one per event.
type Broker struct {
	rdb     goredis.UniversalClient
	channel string
	node    string // "id\n", the prefix of this node's messages
	deliver func(topic string, payload []byte)
	log     *slog.Logger
	ready   chan struct{}
	pubs    batchq.Queue[*publishReq]
	stats   brokerStats
}

// BrokerStats are cumulative counts since NewBroker.
type BrokerStats struct {
	Published  int64 // events sent to Redis
	RoundTrips int64 // pipelines sent
}

type brokerStats struct{ published, roundTrips atomic.Int64 }

// NewBroker returns a broker on rdb; call Run to receive other nodes' events.
func NewBroker(rdb goredis.UniversalClient, deliver func(topic string, payload []byte), log *slog.Logger) *Broker {
	if log == nil {
		log = slog.Default()
	}
	return &Broker{rdb: rdb, channel: Channel, node: parley.NewID() + "\n", deliver: deliver, log: log, ready: make(chan struct{})}
}

// Stats returns the counts so far (for benchmarks and tests).
func (b *Broker) Stats() BrokerStats {
	return BrokerStats{Published: b.stats.published.Load(), RoundTrips: b.stats.roundTrips.Load()}
}

// Publish hands payload for topic to this node's handler, then sends it to
// every other node and waits for Redis to take it (or ctx).
func (b *Broker) Publish(ctx context.Context, topic string, payload []byte) error {
	b.deliver(topic, payload)
	msg := make([]byte, 0, len(b.node)+len(topic)+1+len(payload))
	msg = append(append(append(append(msg, b.node...), topic...), '\n'), payload...)
	r := &publishReq{ctx: ctx, msg: msg, done: make(chan struct{})}
	if b.pubs.Add(r) {
		go b.lead()
	}
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return fmt.Errorf("redis publish: %w", ctx.Err())
	}
}

type publishReq struct {
	ctx  context.Context
	msg  []byte
	err  error
	done chan struct{}
}

// lead sends batches until none waits.
func (b *Broker) lead() {
	for batch := b.pubs.Next(maxPublishBatch); batch != nil; batch = b.pubs.Next(maxPublishBatch) {
		b.flush(batch)
	}
}

// flush sends batch as one pipeline. Its context is no caller's: one caller
// giving up must not fail the others' publishes.
func (b *Broker) flush(batch []*publishReq) {
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	defer cancel()
	pipe := b.rdb.Pipeline()
	cmds := make([]*goredis.IntCmd, 0, len(batch))
	live := batch[:0:0]
	for _, r := range batch {
		if r.ctx.Err() != nil { // its caller has given up already
			close(r.done)
			continue
		}
		cmds = append(cmds, pipe.Publish(ctx, b.channel, r.msg))
		live = append(live, r)
	}
	if len(live) > 0 {
		b.stats.roundTrips.Add(1)
		b.stats.published.Add(int64(len(live)))
		_, _ = pipe.Exec(ctx) // each command carries its own result or error
	}
	for i, r := range live {
		if err := cmds[i].Err(); err != nil {
			r.err = fmt.Errorf("redis publish: %w", err)
		}
		close(r.done)
	}
}

// Ready is closed once the first subscription is confirmed.
func (b *Broker) Ready() <-chan struct{} { return b.ready }

// Run receives other nodes' events until ctx ends. go-redis resubscribes
// after a reconnect; events published meanwhile are lost to this node and
// recovered by the gateway's gap filling and the clients' resume.
func (b *Broker) Run(ctx context.Context) error {
	ps := b.rdb.Subscribe(ctx, b.channel)
	defer ps.Close()
	for {
		if _, err := ps.Receive(ctx); err == nil {
			break
		} else if ctx.Err() != nil {
			return nil
		} else {
			b.log.Warn("redis broker: subscribe failed; retrying", "err", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
		}
	}
	close(b.ready)
	ch := ps.Channel(goredis.WithChannelSize(4096))
	for {
		select {
		case <-ctx.Done():
			return nil
		case m, ok := <-ch:
			if !ok {
				return errors.New("redis broker: subscription closed")
			}
			b.receive(m.Payload)
		}
	}
}

// receive delivers one message from Redis unless this node sent it (it was
// delivered in Publish).
func (b *Broker) receive(msg string) {
	if len(msg) >= len(b.node) && msg[:len(b.node)] == b.node {
		return
	}
	_, rest, found := bytes.Cut([]byte(msg), []byte{'\n'}) // the sender's node id
	topic, payload, found2 := bytes.Cut(rest, []byte{'\n'})
	if !found || !found2 {
		b.log.Warn("redis broker: malformed event dropped")
		return
	}
	b.deliver(string(topic), payload)
}

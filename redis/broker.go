package redis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Channel is the pub/sub channel every node publishes to and subscribes to.
const Channel = "parley:events"

// Broker publishes events to every node and delivers every node's events to
// this node's handler (its hub).
type Broker struct {
	rdb     goredis.UniversalClient
	channel string
	deliver func(topic string, payload []byte)
	log     *slog.Logger
	ready   chan struct{}
}

// NewBroker returns a broker on rdb; call Run to receive.
func NewBroker(rdb goredis.UniversalClient, deliver func(topic string, payload []byte), log *slog.Logger) *Broker {
	if log == nil {
		log = slog.Default()
	}
	return &Broker{rdb: rdb, channel: Channel, deliver: deliver, log: log, ready: make(chan struct{})}
}

// Publish sends payload for topic to every node.
func (b *Broker) Publish(ctx context.Context, topic string, payload []byte) error {
	msg := make([]byte, 0, len(topic)+1+len(payload))
	msg = append(append(append(msg, topic...), '\n'), payload...)
	if err := b.rdb.Publish(ctx, b.channel, msg).Err(); err != nil {
		return fmt.Errorf("redis publish: %w", err)
	}
	return nil
}

// Ready is closed once the first subscription is confirmed.
func (b *Broker) Ready() <-chan struct{} { return b.ready }

// Run receives until ctx ends. go-redis resubscribes after a reconnect;
// events published meanwhile are lost to this node and recovered by the
// gateway's gap filling and the clients' resume.
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
			topic, payload, found := bytes.Cut([]byte(m.Payload), []byte{'\n'})
			if !found {
				b.log.Warn("redis broker: malformed event dropped")
				continue
			}
			b.deliver(string(topic), payload)
		}
	}
}

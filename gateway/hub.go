package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sync"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// subscriber receives a conversation's events. deliver must not block or do
// I/O: it is called with the hub's shard lock held for reading.
type subscriber interface {
	deliver(d *delivery)
}

// delivery is one event on its way to this node's subscribers; frames are
// encoded once, lazily, and shared by every subscriber.
type delivery struct {
	ev    parley.Event
	once  sync.Once
	frame []byte // visitor frame; nil when visitors must not see the event

	agentOnce  sync.Once
	agentBytes []byte // the console's frame: everything, notes included
}

func (d *delivery) visitorFrame() []byte {
	d.once.Do(func() {
		ev := &d.ev
		switch ev.Kind {
		case parley.EventMessage:
			if ev.Message != nil && !ev.Message.Private {
				d.frame = protocol.EncodeMessage(*ev.Message)
			}
		case parley.EventStatus:
			if ev.Status != nil {
				d.frame = protocol.EncodeStatus(*ev.Status)
			}
		case parley.EventTyping:
			if ev.Author != nil && ev.Author.Kind != parley.AuthorVisitor {
				d.frame = protocol.EncodeTyping(*ev.Author, ev.On)
			}
		case parley.EventDraft:
			if ev.Draft != nil {
				d.frame = protocol.EncodeDraft(*ev.Draft)
			}
		}
	})
	return d.frame
}

const hubShards = 32

// Hub is this node's registry of live subscribers by topic. The broker hands
// every cluster event to Receive; the hub delivers it to local subscribers.
// Sharded so that many connections joining and leaving do not contend.
type Hub struct {
	seed   maphash.Seed
	shards [hubShards]hubShard
	log    *slog.Logger

	allMu sync.RWMutex // agents' consoles: every topic
	all   map[subscriber]struct{}
}

type hubShard struct {
	mu     sync.RWMutex
	topics map[string]map[subscriber]struct{}
}

// NewHub returns an empty hub.
func NewHub(log *slog.Logger) *Hub {
	if log == nil {
		log = slog.Default()
	}
	h := &Hub{seed: maphash.MakeSeed(), log: log, all: map[subscriber]struct{}{}}
	for i := range h.shards {
		h.shards[i].topics = make(map[string]map[subscriber]struct{})
	}
	return h
}

// ConversationTopic names the topic of one conversation's events.
func ConversationTopic(id string) string { return "conv:" + id }

func (h *Hub) shard(topic string) *hubShard {
	return &h.shards[maphash.String(h.seed, topic)%hubShards]
}

func (h *Hub) subscribe(topic string, s subscriber) {
	sh := h.shard(topic)
	sh.mu.Lock()
	subs := sh.topics[topic]
	if subs == nil {
		subs = make(map[subscriber]struct{})
		sh.topics[topic] = subs
	}
	subs[s] = struct{}{}
	sh.mu.Unlock()
}

func (h *Hub) unsubscribe(topic string, s subscriber) {
	sh := h.shard(topic)
	sh.mu.Lock()
	if subs := sh.topics[topic]; subs != nil {
		delete(subs, s)
		if len(subs) == 0 {
			delete(sh.topics, topic)
		}
	}
	sh.mu.Unlock()
}

// Receive delivers one broker payload (an encoded parley.Event) to the
// topic's local subscribers. Safe to call from any goroutine.
func (h *Hub) Receive(topic string, payload []byte) {
	sh := h.shard(topic)
	sh.mu.RLock()
	n := len(sh.topics[topic])
	sh.mu.RUnlock()
	h.allMu.RLock()
	n += len(h.all)
	h.allMu.RUnlock()
	if n == 0 {
		return // most nodes have no subscriber for most topics: skip decoding
	}
	d := &delivery{}
	if ev, ok := localEvent(payload); ok {
		d.ev = ev
	} else if err := json.Unmarshal(payload, &d.ev); err != nil {
		h.log.Error("hub: undecodable event", "topic", topic, "err", err)
		return
	}
	sh.mu.RLock()
	for s := range sh.topics[topic] {
		s.deliver(d)
	}
	sh.mu.RUnlock()
	h.allMu.RLock()
	for s := range h.all {
		s.deliver(d)
	}
	h.allMu.RUnlock()
}

func (h *Hub) subscribeAll(s subscriber) {
	h.allMu.Lock()
	h.all[s] = struct{}{}
	h.allMu.Unlock()
}

func (h *Hub) unsubscribeAll(s subscriber) {
	h.allMu.Lock()
	delete(h.all, s)
	h.allMu.Unlock()
}

// encodeEvent is the broker payload for ev.
func encodeEvent(ev parley.Event) ([]byte, error) { return json.Marshal(ev) }

// localEvents holds, while this process publishes an event, a copy of the
// event behind its payload, keyed by the payload's first byte. An in-process
// broker hands the very same slice to Receive before Publish returns, so a
// hub on this node skips decoding what was just encoded (6% of the embedded
// server's CPU went to that decode, docs/performance.md). Payloads from another process
// (Redis) are other slices and are decoded.
var localEvents sync.Map // *byte → parley.Event

// publishEvent encodes ev and publishes it on topic.
func publishEvent(ctx context.Context, b Broker, topic string, ev parley.Event) error {
	payload, err := encodeEvent(ev)
	if err != nil {
		return fmt.Errorf("gateway: encode event: %w", err)
	}
	key := &payload[0]
	localEvents.Store(key, snapshot(ev))
	defer localEvents.Delete(key)
	return b.Publish(ctx, topic, payload)
}

func localEvent(payload []byte) (parley.Event, bool) {
	if len(payload) == 0 {
		return parley.Event{}, false
	}
	v, ok := localEvents.Load(&payload[0])
	if !ok {
		return parley.Event{}, false
	}
	return v.(parley.Event), true
}

// snapshot copies what ev points to, so later changes by the publisher do
// not reach subscribers, as they could not through the encoded payload.
func snapshot(ev parley.Event) parley.Event {
	ev.Message, ev.Status, ev.Author, ev.Draft = clone(ev.Message), clone(ev.Status), clone(ev.Author), clone(ev.Draft)
	return ev
}

// clone is a copy of *p in a new variable (nil stays nil).
func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

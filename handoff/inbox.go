package handoff

import (
	"sync"

	"github.com/parley-chat/parley"
)

// inbox is one desk worker's waiting work: the conversations with visitor
// events not yet handled, oldest first, each holding its newest visitor
// message and its request for a person, if any. Coalescing a burst is what
// the bot does anyway (bot.Decide answers the messages since its last
// reply as one), and it bounds the work to one pass per conversation
// however fast visitors write, so a busy desk falls behind on whole
// conversations instead of dropping the events that would get a reply.
type inbox struct {
	limit int           // conversations waiting at most; beyond, events are refused
	ready chan struct{} // 1-buffered: something may be waiting

	mu      sync.Mutex
	order   []string // conversation ids, oldest first
	waiting map[string]*turnEvents
}

// turnEvents is what one conversation has waiting.
type turnEvents struct {
	message *parley.Event // the newest visitor message
	human   *parley.Event // the first request for a person
}

func newInbox(limit int) *inbox {
	return &inbox{limit: limit, ready: make(chan struct{}, 1), waiting: map[string]*turnEvents{}}
}

// put adds ev, merging it into its conversation's waiting events; false
// when the inbox is full.
func (b *inbox) put(ev parley.Event) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	w := b.waiting[ev.ConversationID]
	if w == nil {
		if len(b.order) >= b.limit {
			return false
		}
		w = &turnEvents{}
		b.waiting[ev.ConversationID] = w
		b.order = append(b.order, ev.ConversationID)
	}
	switch {
	case ev.Kind == parley.EventHuman:
		if w.human == nil {
			w.human = &ev
		}
	case w.message == nil || ev.Message.Seq > w.message.Message.Seq:
		w.message = &ev
	}
	select {
	case b.ready <- struct{}{}:
	default:
	}
	return true
}

// take returns the oldest waiting conversation's events in the order they
// happened (by seq), or false when nothing waits.
func (b *inbox) take() ([]parley.Event, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.order) == 0 {
		return nil, false
	}
	id := b.order[0]
	b.order[0] = ""
	b.order = b.order[1:]
	w := b.waiting[id]
	delete(b.waiting, id)
	var evs []parley.Event
	for _, ev := range []*parley.Event{w.human, w.message} {
		if ev != nil {
			evs = append(evs, *ev)
		}
	}
	if len(evs) == 2 && evs[1].Message.Seq < evs[0].Message.Seq {
		evs[0], evs[1] = evs[1], evs[0]
	}
	return evs, true
}

package handoff

import (
	"slices"
	"testing"

	"github.com/parley-chat/parley"
)

func visitorEv(conv string, seq int64) parley.Event {
	return parley.Event{Kind: parley.EventMessage, ConversationID: conv,
		Message: &parley.Message{Seq: seq, Author: parley.Author{Kind: parley.AuthorVisitor}}}
}

func humanEv(conv string, seq int64) parley.Event {
	return parley.Event{Kind: parley.EventHuman, ConversationID: conv,
		Message: &parley.Message{Seq: seq, Author: parley.Author{Kind: parley.AuthorSystem}}}
}

func seqs(evs []parley.Event) []int64 {
	var out []int64
	for _, ev := range evs {
		out = append(out, ev.Message.Seq)
	}
	return out
}

// A burst becomes one turn on its newest message; a request for a person
// is never merged away; conversations come out in the order they first
// arrived; a full inbox refuses new conversations but still merges.
func TestInboxMergesBurstsPerConversation(t *testing.T) {
	b := newInbox(2)
	for _, ev := range []parley.Event{visitorEv("a", 1), visitorEv("b", 1), visitorEv("a", 3), humanEv("a", 2), visitorEv("a", 2), humanEv("a", 9)} {
		if !b.put(ev) {
			t.Fatalf("put %s/%d refused", ev.ConversationID, ev.Message.Seq)
		}
	}
	if b.put(visitorEv("c", 1)) {
		t.Fatal("a third conversation fit an inbox of two")
	}
	if !b.put(visitorEv("b", 4)) {
		t.Fatal("a waiting conversation's new message was refused")
	}
	evs, ok := b.take()
	if !ok || evs[0].ConversationID != "a" || !slices.Equal(seqs(evs), []int64{2, 3}) || evs[0].Kind != parley.EventHuman {
		t.Fatalf("first turn %v (seqs %v); want a: the request for a person (2), then the newest message (3)", evs, seqs(evs))
	}
	evs, ok = b.take()
	if !ok || evs[0].ConversationID != "b" || !slices.Equal(seqs(evs), []int64{4}) {
		t.Fatalf("second turn seqs %v; want b's newest message 4", seqs(evs))
	}
	if _, ok := b.take(); ok {
		t.Fatal("the inbox should be empty")
	}
	if !b.put(visitorEv("c", 1)) {
		t.Fatal("an emptied inbox refused a conversation")
	}
}

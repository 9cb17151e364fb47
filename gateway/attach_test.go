package gateway

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// putFile stores a file for conversation conv as uploaded by uploader.
func putFile(t *testing.T, ts *testServer, conv string, uploader parley.Author, name string) parley.Attachment {
	t.Helper()
	a, err := ts.store.PutAttachment(context.Background(), parley.Attachment{ConversationID: conv, Uploader: uploader,
		Filename: name, ContentType: "image/png"}, []byte("\x89PNG\r\n\x1a\nfake"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSendCarriesAttachments(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	w := c.hello("", 0)
	conv, me := w["conversation_id"].(string), w["contact"].(map[string]any)["id"].(string)
	mine := putFile(t, ts, conv, parley.Author{Kind: parley.AuthorVisitor, ID: me}, "shot.png")

	c.send(map[string]any{"type": "send", "client_id": "f1", "attachments": []string{mine.ID}})
	if a := c.expect("ack"); a["client_id"] != "f1" {
		t.Fatalf("ack %v", a)
	}
	m := c.expect("message")
	files, _ := m["meta"].(map[string]any)["attachments"].([]any)
	if m["text"] != "" || len(files) != 1 {
		t.Fatalf("message %v", m)
	}
	if f := files[0].(map[string]any); f["id"] != mine.ID || f["name"] != "shot.png" || f["type"] != "image/png" || f["image"] != true || num(f["size"]) != mine.Size {
		t.Errorf("attachment in meta %v", f)
	}
	stored, err := ts.store.MessageByClientID(context.Background(), conv, "f1")
	if err != nil || !strings.Contains(string(stored.Meta), mine.ID) {
		t.Errorf("stored %+v, %v", stored, err)
	}

	// Another visitor's file, an agent's file and an unknown id are all
	// refused the same way, naming the frame; nothing is stored.
	o := ts.dial(t, "demo", nil)
	ow := o.hello("", 0)
	theirs := putFile(t, ts, ow["conversation_id"].(string), parley.Author{Kind: parley.AuthorVisitor, ID: ow["contact"].(map[string]any)["id"].(string)}, "x.png")
	agents := putFile(t, ts, conv, parley.Author{Kind: parley.AuthorAgent, ID: "ag1"}, "y.png")
	for i, id := range []string{theirs.ID, agents.ID, parley.NewID()} {
		cid := "bad" + string(rune('a'+i))
		c.send(map[string]any{"type": "send", "client_id": cid, "text": "see", "attachments": []string{mine.ID, id}})
		e := c.expect("error")
		if e["code"] != parley.ENOTFOUND || e["client_id"] != cid || !strings.Contains(e["message"].(string), "no attachment "+id) {
			t.Errorf("case %d: %v", i, e)
		}
		if _, err := ts.store.MessageByClientID(context.Background(), conv, cid); err == nil {
			t.Errorf("case %d: a refused send was stored", i)
		}
	}
}

func TestReadMarkersTravel(t *testing.T) {
	ts := newTestServer(t, nil)
	c := ts.dial(t, "demo", nil)
	c.send(map[string]any{"type": "hello", "token": "", "last_seq": 0, "reads": true})
	w := c.expect("welcome")
	conv := w["conversation_id"].(string)
	plain := ts.dial(t, "demo", nil) // a client that did not ask: no read frames
	plain.hello(w["token"].(string), 0)
	for _, id := range []string{"r1", "r2"} {
		c.send(map[string]any{"type": "send", "client_id": id, "text": "hello " + id})
		c.expect("ack")
	}
	// The visitor's marker reaches the consoles once per rise, with its author.
	seen := &eventTap{ch: make(chan parley.Event, 10)}
	ts.hub.subscribe(ConversationTopic(conv), seen)
	c.send(map[string]any{"type": "read", "seq": 2})
	c.send(map[string]any{"type": "read", "seq": 1})
	c.send(map[string]any{"type": "read", "seq": 2})
	c.send(map[string]any{"type": "typing", "on": true}) // a frame after them, to know they were handled
	for ev := range seen.ch {
		if ev.Kind == parley.EventTyping {
			break
		}
		if ev.Kind == parley.EventMessage {
			continue // the sends' own, published after their acks
		}
		if ev.Kind != parley.EventRead || ev.Seq != 2 || ev.Author == nil || ev.Author.Kind != parley.AuthorVisitor {
			t.Fatalf("event %+v", ev)
		}
		if seen.reads++; seen.reads > 1 {
			t.Fatalf("a read marker that did not rise was published again")
		}
	}
	if seen.reads != 1 {
		t.Fatalf("published %d read events, want 1", seen.reads)
	}

	// The agents' marker reaches the visitor live, and on the next hello.
	if _, err := ts.store.SetAgentRead(context.Background(), conv, 2); err != nil {
		t.Fatal(err)
	}
	payload, _ := encodeEvent(parley.Event{Kind: parley.EventRead, ConversationID: conv, Author: &parley.Author{Kind: parley.AuthorAgent, ID: "ag"}, Seq: 2})
	ts.hub.Receive(ConversationTopic(conv), payload)
	if f := c.expect("read"); f["by"] != "agent" || num(f["seq"]) != 2 {
		t.Fatalf("live read %v", f)
	}
	r := ts.dial(t, "demo", nil)
	r.send(map[string]any{"type": "hello", "token": w["token"], "last_seq": 2, "reads": true})
	if f := r.expect("read"); f["by"] != "agent" || num(f["seq"]) != 2 {
		t.Fatalf("read on hello %v", f)
	}
	plain.send(map[string]any{"type": "typing", "on": true}) // answered by nothing; then a message marks the end
	payload, _ = encodeEvent(parley.Event{Kind: parley.EventMessage, ConversationID: conv, Message: &parley.Message{ConversationID: conv, Seq: 3,
		Author: parley.Author{Kind: parley.AuthorAgent, Name: "Ana"}, Text: "end"}})
	ts.hub.Receive(ConversationTopic(conv), payload)
	for {
		f := plain.next()
		if f["type"] == "read" {
			t.Fatalf("a client that did not ask got %v", f)
		}
		if f["type"] == "message" && f["text"] == "end" {
			break
		}
	}
}

// eventTap is a subscriber that hands on what it is delivered.
type eventTap struct {
	ch    chan parley.Event
	reads int
}

func (e *eventTap) deliver(d *delivery) {
	select {
	case e.ch <- d.ev:
	default:
	}
}

package gateway

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

type catcher struct{ got []*delivery }

func (c *catcher) deliver(d *delivery) { c.got = append(c.got, d) }

// syncBroker hands every payload to the hub before Publish returns, as the
// in-process broker does; copy makes it behave like one across processes.
type syncBroker struct {
	h    *Hub
	copy bool
}

func (b syncBroker) Publish(_ context.Context, topic string, payload []byte) error {
	if b.copy {
		payload = bytes.Clone(payload)
	}
	b.h.Receive(topic, payload)
	return nil
}

// An event published in this process reaches the hub without a decode, and
// its subscribers see exactly what a decoded payload would give them, not
// what the publisher changes afterwards.
func TestLocalEventMatchesDecoded(t *testing.T) {
	m := &parley.Message{ID: "m1", ConversationID: "c1", Seq: 7, ClientID: "k", Text: "héllo **there**",
		Author: parley.Author{Kind: parley.AuthorBot, Name: "Parley"}, Meta: []byte(`{"a": 1}`),
		CreatedAt: time.Date(2026, 12, 7, 6, 0, 0, 123000, time.UTC)}
	ev := parley.Event{Kind: parley.EventMessage, SiteID: "s", ConversationID: "c1", Message: m}
	frames := func(copy bool) (visitor, agent []byte) {
		h := NewHub(nil)
		c := &catcher{}
		h.subscribe(ConversationTopic("c1"), c)
		before := len(c.got)
		if err := publishEvent(t.Context(), syncBroker{h: h, copy: copy}, ConversationTopic("c1"), ev); err != nil {
			t.Fatal(err)
		}
		if len(c.got) != before+1 {
			t.Fatalf("deliveries = %d, want 1", len(c.got)-before)
		}
		m.Text = "changed after publish"
		defer func() { m.Text = "héllo **there**" }()
		d := c.got[len(c.got)-1]
		return d.visitorFrame(), d.agentFrame()
	}
	lv, la := frames(false)
	dv, da := frames(true)
	if !bytes.Equal(lv, dv) || !bytes.Equal(la, da) {
		t.Fatalf("local frames differ from decoded ones:\n%s\n%s\n%s\n%s", lv, dv, la, da)
	}
	if !bytes.Contains(lv, []byte("héllo")) {
		t.Fatalf("visitor frame %s lost the text", lv)
	}
	n := 0
	localEvents.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Fatalf("%d events left behind after publishing", n)
	}
}

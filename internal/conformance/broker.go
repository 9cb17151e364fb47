package conformance

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/internal/testenv"
)

// Delivery is one payload a broker handed to its node's handler.
type Delivery struct {
	Topic   string
	Payload string
}

// RunBroker checks what every broker promises its node: each published
// payload reaches the handler once, byte for byte (newlines and empty
// payloads included), in the order one publisher published them. open
// returns a broker ready to deliver to deliver, on a channel of its own.
func RunBroker(t *testing.T, open func(t *testing.T, deliver func(topic string, payload []byte)) gateway.Broker) {
	ctx := context.Background()
	var mu sync.Mutex
	var got []Delivery
	b := open(t, func(topic string, payload []byte) {
		mu.Lock()
		got = append(got, Delivery{topic, string(payload)})
		mu.Unlock()
	})
	want := []Delivery{
		{"conv:a", `{"text":"line1\nline2"}`},
		{"conv:b", ""},
		{"agents", "\x00\xff binary"},
	}
	for i := range 50 {
		want = append(want, Delivery{"conv:order", fmt.Sprint(i)})
	}
	for _, d := range want {
		if err := b.Publish(ctx, d.Topic, []byte(d.Payload)); err != nil {
			t.Fatalf("Publish(%s): %v", d.Topic, err)
		}
	}
	received := func() []Delivery {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
	// A last payload marks the end: delivered in order, it arrives after
	// every earlier one and any duplicate of them.
	end := Delivery{"end", "end"}
	if err := b.Publish(ctx, end.Topic, []byte(end.Payload)); err != nil {
		t.Fatalf("Publish(end): %v", err)
	}
	testenv.Eventually(t, 10*time.Second, func() bool { return slices.Contains(received(), end) }, "every published payload delivered")
	if g := received(); !slices.Equal(g, append(want, end)) {
		t.Fatalf("delivered %d payloads, want %d in order:\n got %q\nwant %q", len(g), len(want), g, want)
	}
}

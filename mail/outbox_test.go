package mail

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley/internal/testenv"
)

// flaky fails its first n sends.
type flaky struct {
	mu    sync.Mutex
	n     int
	calls int
	sent  []Message
}

func (f *flaky) Send(_ context.Context, m Message) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls <= f.n {
		return "", errors.New("421 try later")
	}
	f.sent = append(f.sent, m)
	return "<id>", nil
}

func (f *flaky) count() (calls, sent int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, len(f.sent)
}

func TestOutboxRetriesThenGivesUp(t *testing.T) {
	results := make(chan string, 16)
	f := &flaky{n: 2}
	o := NewOutbox(OutboxConfig{Sender: f, Tries: 3, Backoff: 10 * time.Millisecond, Sent: func(r string) { results <- r }})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	if err := o.Enqueue(Message{To: []string{"a@parley.test"}, Subject: "one"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"retry", "retry", "sent"} {
		if got := <-results; got != want {
			t.Fatalf("result %q, want %q", got, want)
		}
	}
	f.mu.Lock()
	f.n = 100
	f.mu.Unlock()
	_ = o.Enqueue(Message{To: []string{"b@parley.test"}, Subject: "two"})
	for _, want := range []string{"retry", "retry", "failed"} {
		if got := <-results; got != want {
			t.Fatalf("result %q, want %q", got, want)
		}
	}
	if calls, sent := f.count(); calls != 6 || sent != 1 {
		t.Errorf("%d calls, %d sent; want 6 and 1", calls, sent)
	}
	cancel()
	<-done
}

func TestOutboxRefusesWhenFull(t *testing.T) {
	o := NewOutbox(OutboxConfig{Sender: &flaky{}, Size: 1}) // not running: nothing drains it
	if err := o.Enqueue(Message{}); err != nil {
		t.Fatal(err)
	}
	if err := o.Enqueue(Message{}); !errors.Is(err, ErrFull) {
		t.Errorf("second enqueue: %v, want ErrFull", err)
	}
}

func TestOutboxDeliversToRealServer(t *testing.T) {
	c, api := mailpit(t)
	o := NewOutbox(OutboxConfig{Sender: c})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go o.Run(ctx)
	to := rcpt(t, "outbox")
	if err := o.Enqueue(Message{To: []string{to}, Subject: "Запис разговора", Text: "Здраво"}); err != nil {
		t.Fatal(err)
	}
	if m := testenv.WaitMail(t, api, to, 10*time.Second); m.Subject != "Запис разговора" {
		t.Errorf("subject %q", m.Subject)
	}
}

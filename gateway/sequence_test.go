package gateway

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
)

// queuedTransport is a transport with no socket: what its writer would send
// is what is queued.
func queuedTransport(t *testing.T, outboundBytes int) *conn {
	t.Helper()
	s := &Server{ctx: context.Background()}
	s.cfg.OutboundBytes = outboundBytes
	s.cfg.setDefaults()
	c := newTransport(s, nil, "")
	t.Cleanup(c.stopCtx)
	return c
}

func (c *conn) queuedText() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, f := range c.queue {
		out = append(out, string(f.data))
	}
	return out
}

// storedUpTo reads messages 1..last, skipping the private ones.
func storedUpTo(last int64, private ...int64) readStored {
	return func(after int64, limit int) ([]storedFrame, error) {
		var out []storedFrame
		for seq := after + 1; seq <= last && len(out) < limit; seq++ {
			if !slices.Contains(private, seq) {
				out = append(out, storedFrame{seq: seq, data: []byte(fmt.Sprint(seq))})
			}
		}
		return out, nil
	}
}

// The transport queues message frames in seq order with no gap and no
// repeat: live frames wait behind a catch-up, a gap is filled from the
// store, an echo of something queued is dropped.
func TestMessageOrder(t *testing.T) {
	c := queuedTransport(t, 0)
	c.resume(1) // the client has seq 1
	if c.enqueueMessage(4, []byte("4")) {
		t.Fatal("a live frame during the replay asked for a second catch-up")
	}
	if err := c.catchUp(3, storedUpTo(4, 3)); err != nil { // seq 3 is a private note
		t.Fatal(err)
	}
	for _, seq := range []int64{4, 5} {
		if c.enqueueMessage(seq, []byte(fmt.Sprint(seq))) {
			t.Fatalf("seq %d in order asked for a catch-up", seq)
		}
	}
	if !c.enqueueMessage(8, []byte("8")) { // 6 and 7 were not delivered
		t.Fatal("a gap did not ask for a catch-up")
	}
	if err := c.catchUp(0, storedUpTo(8)); err != nil {
		t.Fatal(err)
	}
	c.enqueueMessage(9, []byte("9"))
	if got, want := c.queuedText(), []string{"2", "4", "5", "6", "7", "8", "9"}; !slices.Equal(got, want) {
		t.Fatalf("queued %v, want %v", got, want)
	}
}

// A message that does not fit the queue is read from the store later,
// once the writer has made room, and nothing behind it overtakes it.
func TestMessageOverflowIsCaughtUp(t *testing.T) {
	c := queuedTransport(t, 4)
	c.resume(0)
	if err := c.catchUp(0, storedUpTo(0)); err != nil {
		t.Fatal(err)
	}
	stored := []storedFrame{{1, []byte("aaa")}, {2, []byte("bbbb")}, {3, []byte("c")}}
	c.enqueueMessage(1, stored[0].data)
	if !c.enqueueMessage(2, stored[1].data) {
		t.Fatal("a message over the bound was queued")
	}
	c.enqueueMessage(3, stored[2].data) // behind the catch-up, although it fits
	if got := c.queuedText(); !slices.Equal(got, []string{"aaa"}) {
		t.Fatalf("queued %v before the catch-up, want [aaa]", got)
	}
	done := make(chan error, 1)
	go func() {
		done <- c.catchUp(0, func(after int64, limit int) ([]storedFrame, error) { return stored[after:], nil })
	}()
	var sent []string // what the writer writes, as it makes room
	for caughtUp := false; !caughtUp || len(c.queuedText()) > 0; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			caughtUp = true
		default:
		}
		for _, f := range c.take() {
			sent = append(sent, string(f.data))
			c.written(&f)
		}
		runtime.Gosched()
	}
	if want := []string{"aaa", "bbbb", "c"}; !slices.Equal(sent, want) {
		t.Fatalf("sent %v, want %v", sent, want)
	}
}

// A catch-up whose read fails reports it (the session then closes the
// connection, and the client resumes with last_seq).
func TestCatchUpReadError(t *testing.T) {
	c := queuedTransport(t, 0)
	c.resume(0)
	boom := errors.New("store down")
	if err := c.catchUp(5, func(int64, int) ([]storedFrame, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("catchUp = %v, want %v", err, boom)
	}
}

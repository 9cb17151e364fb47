package bench

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// msgState is one message a visitor sent: when it was first written (ns
// since the load started) and the seq its ack carried (0 = not acked).
type msgState struct {
	sent int64
	seq  int64
}

// visitor is one simulated visitor. The reader goroutine owns the socket's
// read side and the latency samples; mu guards writes, ws and msgs, which
// the sender (open loop) and retry timers also touch.
type visitor struct {
	r     *load
	idx   int
	token string

	mu      sync.Mutex
	ws      *websocket.Conn
	msgs    []msgState
	wbuf    []byte
	closing bool

	// reader-owned
	rbuf       []byte
	lastSeq    int64
	lat        []int64 // ack latencies (ns) of acks read in the window
	replyLat   []int64 // bot/agent reply latencies, whole run
	unanswered []int64 // send times of own messages not yet answered
	windowAcks int
	mismatch   int // acks repeating a client_id with another seq
}

func (v *visitor) now() int64 { return int64(time.Since(v.r.t0)) }

// sendNext writes message number len(msgs) unless the load is over.
func (v *visitor) sendNext() {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.now()
	if v.closing || now >= v.r.end {
		return
	}
	n := len(v.msgs)
	v.msgs = append(v.msgs, msgState{sent: now})
	v.r.inflight.Add(1)
	v.r.sent.Add(1)
	v.write(n)
}

// resend writes message n again with the same client_id (after
// rate_limited or internal); its latency still counts from the first write.
func (v *visitor) resend(n int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.closing && n < len(v.msgs) && v.msgs[n].seq == 0 {
		v.write(n)
	}
}

// write sends message n; mu held. A failed write is left to the reader,
// which reconnects and resends everything unacked.
func (v *visitor) write(n int) {
	v.wbuf = appendSend(v.wbuf[:0], n, v.r.cfg.textJSON)
	_ = v.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_ = v.ws.WriteMessage(websocket.TextMessage, v.wbuf)
}

// readLoop handles the visitor's frames until the load is stopped.
func (v *visitor) readLoop(ctx context.Context) {
	var f frame
	for {
		var err error
		v.rbuf, err = readFrame(v.ws, v.rbuf)
		if err == nil {
			err = parseFrame(v.rbuf, &f)
		}
		if err != nil {
			if v.r.stopping.Load() || !v.reconnect(ctx) {
				return
			}
			continue
		}
		switch f.kind {
		case kindAck:
			v.ack(&f)
		case kindMessage:
			v.message(&f)
		case kindError:
			v.r.countError(f.code)
			v.refused(&f)
		}
	}
}

func (v *visitor) ack(f *frame) {
	n, ok := parseClientID(f.clientID)
	now := v.now()
	v.mu.Lock()
	if !ok || n >= len(v.msgs) {
		v.mu.Unlock()
		return
	}
	first := v.msgs[n].seq == 0
	if first {
		v.msgs[n].seq = f.seq
	} else if v.msgs[n].seq != f.seq {
		v.mismatch++
	}
	sent := v.msgs[n].sent
	latest := n == len(v.msgs)-1
	v.mu.Unlock()
	if !first {
		return
	}
	v.r.inflight.Add(-1)
	if now >= v.r.warmEnd && now < v.r.end {
		v.windowAcks++
		v.lat = append(v.lat, now-sent)
	}
	if v.r.cfg.rate == 0 && latest {
		v.sendNext()
	}
}

// message tracks the resume point and times bot/agent replies from the
// oldest own message not yet answered.
func (v *visitor) message(f *frame) {
	if f.seq <= v.lastSeq {
		return // replayed after a reconnect: already seen
	}
	v.lastSeq = f.seq
	switch f.author {
	case "visitor":
		if n, ok := parseClientID(f.clientID); ok {
			v.mu.Lock()
			if n < len(v.msgs) {
				v.unanswered = append(v.unanswered, v.msgs[n].sent)
			}
			v.mu.Unlock()
		}
	case "bot", "agent":
		if len(v.unanswered) == 0 {
			return
		}
		// Bots answer mostly at a conversation's start (warmup): keep all.
		v.replyLat = append(v.replyLat, v.now()-v.unanswered[0])
		v.unanswered = v.unanswered[:copy(v.unanswered, v.unanswered[1:])]
	}
}

// refused resends a send the server refused but asked to resend.
func (v *visitor) refused(f *frame) {
	n, ok := parseClientID(f.clientID)
	if !ok {
		return
	}
	wait := f.retry
	switch f.code {
	case "rate_limited":
		wait = max(wait, time.Millisecond)
	case "internal":
		wait = 100 * time.Millisecond
	default:
		return
	}
	time.AfterFunc(wait, func() { v.resend(n) })
}

// reconnect resumes the visitor after a dropped connection (clients simply
// reconnect, protocol "Transport") and resends every unacked message.
func (v *visitor) reconnect(ctx context.Context) bool {
	v.r.reconnects.Add(1)
	for attempt := 1; attempt <= 5; attempt++ {
		if v.r.stopping.Load() || ctx.Err() != nil {
			return false
		}
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
		ws, _, err := v.r.dialer.hello(ctx, v.idx, v.token, v.lastSeq)
		if err != nil {
			continue
		}
		v.mu.Lock()
		v.ws.Close()
		v.ws = ws
		for n := range v.msgs {
			if v.msgs[n].seq == 0 {
				v.write(n)
			}
		}
		closing := v.closing
		v.mu.Unlock()
		return !closing
	}
	return false
}

// stop sends a close frame; the reader returns when the server answers.
func (v *visitor) stop() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closing = true
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bench done")
	_ = v.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	_ = v.ws.SetReadDeadline(time.Now().Add(3 * time.Second))
}

// counters shared by all visitors of one load.
type counters struct {
	inflight   atomic.Int64 // sent and not yet acked
	sent       atomic.Int64
	reconnects atomic.Int64
	stopping   atomic.Bool
	errMu      sync.Mutex
	errs       map[string]int
}

func (c *counters) countError(code string) {
	c.errMu.Lock()
	c.errs[code]++
	c.errMu.Unlock()
}

package gateway

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// outFrame is one frame queued for the writer. seq > 0 marks a message
// frame, which the writer sends in seq order without gaps or repeats;
// catchUp asks the writer to send what is stored after what it sent, up to
// seq (the conversation's end when the connection subscribed, or messages
// that did not fit the queue). key names frames of which only the latest
// matters (drafts, status, typing), merged when the queue is full.
type outFrame struct {
	data    []byte
	seq     int64
	catchUp bool
	key     string
}

// conn is one visitor websocket. The reader goroutine owns the session and
// all handling; the writer goroutine owns the socket's write side,
// lastSent and its batch. Others only enqueue (never blocking) or call
// stop. The queue (outbound.go) holds no memory while empty.
type conn struct {
	srv  *Server
	ws   *websocket.Conn
	site parley.Site
	ip   string // its slot in srv.perIP is held until untrack
	// visitorSlot is the contact counted in srv.perVisit ("" when none):
	// set by the reader after hello, cleared by untrack, under srv.mu.
	visitorSlot string
	ctx         context.Context
	stopCtx     context.CancelFunc

	mu       sync.Mutex    // guards the queue: the fields down to drained
	queue    []outFrame    // not yet taken by the writer; nil when empty
	qBytes   int           // encoded bytes queued or taken and not yet written
	inflight int           // frames queued or taken and not yet written
	qMaxSeq  int64         // highest message seq queued: everything up to it will be sent
	drained  chan struct{} // made by a waiting reader, closed by the writer when there is room
	progress atomic.Int64  // mono() of the last write, or of the queue's last start from empty
	wake     chan struct{} // capacity 1: the queue has frames

	// writer-owned
	batch   []outFrame // taken from the queue, for the pool
	pending []outFrame // what is left of batch to write

	done      chan struct{} // closed by stop
	readDone  chan struct{} // closed when the reader returns
	stopOnce  sync.Once
	closeCode int
	closeText string

	// reader-owned
	locale    string // hello.locale, else the contact's
	sess      parley.Session
	hello     bool
	typingOn  bool
	badFrames []time.Time

	// set by the reader before the first catchUp frame, then writer-owned
	conversationID string
	lastSent       int64

	npsEligible atomic.Bool // a signed-in user: set by hello, read by deliver
	drafts      atomic.Bool // hello asked for draft frames: set by hello, read by deliver
	visit       visitState  // proactive messages: the page and its timer
}

func newConn(s *Server, ws *websocket.Conn, site parley.Site, ip string) *conn {
	c := &conn{srv: s, ws: ws, site: site, ip: ip,
		wake: make(chan struct{}, 1), done: make(chan struct{}), readDone: make(chan struct{})}
	c.ctx, c.stopCtx = context.WithCancel(s.ctx)
	return c
}

// stop ends the connection with a close code; the first call wins.
func (c *conn) stop(code int, text string) {
	c.stopOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
	})
}

// deliver is the hub's entry point (subscriber).
func (c *conn) deliver(d *delivery) {
	f := d.visitorFrame()
	if f == nil || d.ev.Kind == parley.EventDraft && !c.drafts.Load() {
		return
	}
	of := outFrame{data: f}
	switch d.ev.Kind {
	case parley.EventMessage:
		of.seq = d.ev.Message.Seq
	case parley.EventDraft:
		of.key = "draft:" + d.ev.Draft.ID
	case parley.EventStatus:
		of.key = "status"
	case parley.EventTyping:
		of.key = "typing:" + string(d.ev.Author.Kind) + ":" + d.ev.Author.ID
	}
	if d.ev.Kind == parley.EventStatus && d.ev.Status.Mode == parley.ModeResolved && c.npsEligible.Load() {
		c.srv.goBackground(c.offerNPS) // store work: never on the hub's goroutine
	}
	c.enqueue(of)
}

func (c *conn) writeLoop() {
	defer c.srv.wg.Done()
	ping := time.NewTicker(c.srv.cfg.PingInterval)
	defer ping.Stop()
	defer c.closeSocket()
	for {
		select {
		case <-c.wake:
			if err := c.writeBatch(true); err != nil {
				c.stop(CloseInternal, "")
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.srv.cfg.WriteTimeout)); err != nil {
				c.stop(CloseInternal, "")
				return
			}
		case <-c.done:
			if c.closeCode != CloseTryAgainLater {
				c.flush() // queued acks and the error explaining the close
			}
			msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
			_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
			return
		}
	}
}

// closeSocket waits (briefly) for the reader to see the client's close reply
// before closing: closing with unread input makes the kernel send a reset,
// which can destroy the close frame before the client reads it.
func (c *conn) closeSocket() {
	c.stop(CloseInternal, "")
	_ = c.ws.SetReadDeadline(time.Now().Add(2 * time.Second))
	select {
	case <-c.readDone:
	case <-time.After(3 * time.Second):
	}
	c.ws.Close()
}

// flush writes what is queued now (not what arrives meanwhile): the batch
// being written, then the queue.
func (c *conn) flush() {
	if c.writeBatch(false) == nil {
		_ = c.writeBatch(false)
	}
}

// write sends one frame; message frames keep the visitor's stream ordered
// and gap-free whatever order the broker delivered them in.
func (c *conn) write(f outFrame) error {
	switch {
	case f.catchUp:
		return c.catchUpOnFreshStack(f.seq)
	case f.seq > 0 && f.seq <= c.lastSent:
		return nil // already sent (own echo, other node, or catch-up)
	case f.seq > c.lastSent+1:
		c.srv.cfg.Metrics.GapFills.Inc()
		if err := c.catchUpOnFreshStack(f.seq); err != nil {
			return err
		}
		if f.seq <= c.lastSent {
			return nil
		}
	}
	if err := c.send(f.data); err != nil {
		return err
	}
	if f.seq > 0 {
		c.lastSent = f.seq
	}
	return nil
}

// onFreshStack runs f on a goroutine of its own and waits for it. Handling
// a frame calls the store, whose embedded driver (C translated to Go) grows
// a goroutine's stack by several KiB, and a stack shrinks only at a GC:
// done on the connection's own goroutines, that would stay with every idle
// connection (docs/performance.md, "Idle memory").
func onFreshStack(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

func (c *conn) catchUpOnFreshStack(upTo int64) (err error) {
	onFreshStack(func() { err = c.catchUp(upTo) })
	return err
}

// catchUp sends stored visitor-visible messages after lastSent, up to and
// including upTo.
func (c *conn) catchUp(upTo int64) error {
	const page = 200
	for {
		ctx, cancel := context.WithTimeout(c.ctx, c.srv.cfg.WriteTimeout)
		msgs, err := c.srv.cfg.Store.Messages(ctx, c.conversationID, c.lastSent, page, false)
		cancel()
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.Seq > upTo {
				return nil
			}
			if err := c.send(protocol.EncodeMessage(m)); err != nil {
				return err
			}
			c.lastSent = m.Seq
		}
		if len(msgs) < page {
			if upTo > c.lastSent {
				c.lastSent = upTo // the rest were private notes
			}
			return nil
		}
	}
}

func (c *conn) send(data []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(c.srv.cfg.WriteTimeout))
	if err := c.ws.WriteMessage(websocket.TextMessage, data); err != nil {
		return err
	}
	c.progress.Store(mono())
	return nil
}

var framePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (c *conn) readLoop() {
	defer c.srv.wg.Done()
	defer close(c.readDone)
	defer c.cleanup()
	cfg := &c.srv.cfg
	c.ws.SetReadLimit(cfg.HardFrameBytes)
	_ = c.ws.SetReadDeadline(time.Now().Add(cfg.HelloTimeout))
	alive := func() { _ = c.ws.SetReadDeadline(time.Now().Add(cfg.PingInterval + cfg.PongTimeout)) }
	c.ws.SetPongHandler(func(string) error {
		if c.hello {
			alive()
		}
		return nil
	})
	for {
		mt, r, err := c.ws.NextReader()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.stop(CloseTooBig, "frame too large")
			}
			return
		}
		buf := framePool.Get().(*bytes.Buffer)
		buf.Reset()
		n, err := io.Copy(buf, io.LimitReader(r, int64(cfg.MaxFrameBytes)+1))
		if err == nil && n > int64(cfg.MaxFrameBytes) {
			_, err = io.Copy(io.Discard, r) // drain; the hard read limit still applies
			c.refuse(parley.Errorf(parley.ETOOLARGE, "frame is larger than %d bytes", cfg.MaxFrameBytes), "")
		} else if err == nil && mt != websocket.TextMessage {
			c.refuse(parley.Errorf(parley.EBADFRAME, "only text frames are accepted"), "")
		} else if err == nil && !c.stopping() {
			if c.hello {
				alive()
			}
			c.waitRoom() // a full queue paces the client's own frames
			if !c.stopping() {
				hadHello := c.hello
				onFreshStack(func() { c.handle(buf.Bytes()) })
				if !hadHello && c.hello {
					c.claimVisitor() // the contact is known only once hello has run
				}
			}
		}
		framePool.Put(buf)
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.stop(CloseTooBig, "frame too large")
			}
			return
		}
	}
}

func (c *conn) stopping() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

func (c *conn) cleanup() {
	c.stop(websocket.CloseNormalClosure, "")
	c.stopCtx()
	c.endVisit()
	if c.sess.Conversation.ID != "" {
		c.srv.cfg.Hub.unsubscribe(ConversationTopic(c.sess.Conversation.ID), c)
	}
	c.srv.untrack(c)
}

// refuse answers a bad frame with an error frame and keeps the connection,
// unless the client keeps misbehaving.
func (c *conn) refuse(err error, clientID string) {
	code, msg := parley.ErrorCode(err), parley.ErrorMessage(err)
	var ce *protocol.ClientIDError
	if errors.As(err, &ce) && clientID == "" {
		clientID = ce.ClientID
	}
	c.sendError(code, msg, 0, clientID)
	if code != parley.EBADFRAME && code != parley.ETOOLARGE {
		return
	}
	now := c.srv.cfg.Now()
	keep := c.badFrames[:0]
	for _, t := range c.badFrames {
		if now.Sub(t) < time.Minute {
			keep = append(keep, t)
		}
	}
	c.badFrames = append(keep, now)
	if len(c.badFrames) > c.srv.cfg.MaxBadFrames {
		c.stop(ClosePolicy, "too many bad frames")
	}
}

func (c *conn) sendError(code, msg string, retry time.Duration, clientID string) {
	c.srv.cfg.Metrics.Errors.WithLabelValues(code).Inc()
	c.enqueue(outFrame{data: protocol.EncodeError(code, msg, retry, clientID)})
}

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
)

// frameHandler is the layer above a connection (a session): what the
// reader hands the client's frames to. Every method runs on the reader
// goroutine.
type frameHandler interface {
	// handle acts on one text frame within Config.MaxFrameBytes.
	handle(data []byte)
	// refuse answers a frame the transport rejected (too large, not text).
	refuse(err error, clientID string)
	// ended releases the session: the reader has stopped for good.
	ended()
}

// outFrame is one frame queued for the writer. key names frames of which
// only the latest matters (drafts, status, typing), merged when the queue
// is full.
type outFrame struct {
	data []byte
	key  string
}

// conn is the transport of one visitor websocket: its reader and writer
// goroutines and the bounded queue between everyone else and the writer
// (outbound.go). It knows frames, not the store: the session (h) decides
// what to send and reads missed messages itself.
type conn struct {
	srv     *Server // the configuration and the wait group Shutdown waits on
	ws      *websocket.Conn
	h       frameHandler
	ip      string             // its slot in srv.perIP is held until untrack
	ctx     context.Context    // ends when the reader does: the session's work
	stopCtx context.CancelFunc // stops with it

	mu       sync.Mutex    // guards the queue: the fields down to drained
	queue    []outFrame    // not yet taken by the writer; nil when empty
	qBytes   int           // encoded bytes queued or taken and not yet written
	inflight int           // frames queued or taken and not yet written
	qMaxSeq  int64         // highest message seq queued or known private: everything up to it is sent
	want     int64         // highest message seq known stored and not yet queued
	fetching bool          // a catch-up owns the message order (outbound.go)
	drained  chan struct{} // made by a waiting goroutine, closed by the writer when there is room
	progress atomic.Int64  // mono() of the last write, or of the queue's last start from empty
	pinger   *time.Timer   // the next ping; runs no goroutine while it waits

	// A writer goroutine runs only while there is something to write
	// (frames, a ping, the close): an idle connection keeps no writer stack.
	writing atomic.Bool // a writer runs (or, before start and after the close, none may)
	pingDue atomic.Bool // the pinger asks the writer for a ping
	holding atomic.Bool // the hello is being handled: its frames wait until it is whole

	// writer-owned
	batch   []outFrame // taken from the queue, for the pool
	pending []outFrame // what is left of batch to write

	done      chan struct{} // closed by stop
	readDone  chan struct{} // closed when the reader returns
	stopOnce  sync.Once
	closeCode int
	closeText string

	live bool // reader-owned: hello is done, so pongs keep the connection open
}

func newTransport(s *Server, ws *websocket.Conn, ip string) *conn {
	c := &conn{srv: s, ws: ws, ip: ip, done: make(chan struct{}), readDone: make(chan struct{})}
	c.writing.Store(true) // no writer until start
	c.ctx, c.stopCtx = context.WithCancel(s.ctx)
	return c
}

// start runs the reader, arms the pinger and lets writers start; the
// connection was tracked (its reader counted in srv.wg).
func (c *conn) start() {
	c.mu.Lock()
	c.pinger = time.AfterFunc(c.srv.cfg.PingInterval, c.pingTick)
	c.mu.Unlock()
	c.writing.Store(false)
	if c.hasWork() {
		c.kick()
	}
	go c.readLoop()
}

// pingTick asks for a ping and arms the next one, unless the connection
// is stopping (the close stops the timer under the same lock).
func (c *conn) pingTick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopping() {
		return
	}
	c.pinger.Reset(c.srv.cfg.PingInterval)
	c.pingDue.Store(true)
	c.kick()
}

// kick starts a writer unless one runs. Whoever makes work for the writer
// makes it visible first, then kicks: a writer that is leaving checks for
// work again after saying so (writeLoop), so no work is left unwritten.
func (c *conn) kick() {
	if c.holding.Load() {
		return // handleShallow kicks when the hello is handled
	}
	if c.writing.CompareAndSwap(false, true) {
		c.srv.wg.Add(1) // the reader's count is still held: see start and readLoop
		go c.writeLoop()
	}
}

func (c *conn) hasWork() bool {
	if c.pingDue.Load() || c.stopping() {
		return true
	}
	if c.holding.Load() {
		return false // the queue waits for the hello
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue) > 0
}

// stop ends the connection with a close code; the first call wins.
func (c *conn) stop(code int, text string) {
	c.stopOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
		c.kick() // the writer writes the close
	})
}

// handleShallow hands a frame to the session on a short-lived goroutine and
// waits for it. Handling grows a goroutine's stack (decoding a frame with
// encoding/json takes it to 4 KiB; a store's driver may take far more), and
// a stack shrinks only at a GC: done on the reader, which spends an idle
// connection's life parked in a read, that growth would stay with every
// idle connection (docs/performance.md, "Idle memory").
//
// Until hello is done, what handling queues is written only once it
// returns: the client reads the welcome only after the whole hello (the
// visitor's connection slot included) has been decided.
func (c *conn) handleShallow(data []byte) {
	hold := !c.live
	if hold {
		c.holding.Store(true)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.h.handle(data)
	}()
	<-done
	if hold {
		c.holding.Store(false)
		if c.hasWork() {
			c.kick()
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

// establish moves the read deadline from the hello timeout to the ping
// cycle: from now on pongs keep the connection open (reader goroutine).
func (c *conn) establish() {
	c.live = true
	c.keepAlive()
}

func (c *conn) keepAlive() {
	cfg := &c.srv.cfg
	_ = c.ws.SetReadDeadline(time.Now().Add(cfg.PingInterval + cfg.PongTimeout))
}

// writeLoop writes while there is work, then leaves; the last one, once
// the connection stops, writes the close and keeps writing set for good.
func (c *conn) writeLoop() {
	defer c.srv.wg.Done()
	for {
		switch {
		case c.stopping():
			c.mu.Lock()
			if c.pinger != nil {
				c.pinger.Stop()
			}
			c.mu.Unlock()
			if c.closeCode != CloseTryAgainLater {
				c.flush() // queued acks and the error explaining the close
			}
			msg := websocket.FormatCloseMessage(c.closeCode, c.closeText)
			_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
			c.closeSocket()
			return
		case c.pingDue.Swap(false):
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.srv.cfg.WriteTimeout)); err != nil {
				c.fail()
				return
			}
		default:
			if c.holding.Load() {
				// a ping's writer during hello: the queue waits for it
			} else if err := c.writeBatch(true); err != nil {
				c.fail()
				return
			}
			if c.hasWork() {
				continue
			}
			c.writing.Store(false)
			if !c.hasWork() || !c.writing.CompareAndSwap(false, true) {
				return // idle, or another writer took over
			}
		}
	}
}

// fail ends the connection after a write error: no close frame on a
// socket that cannot be written.
func (c *conn) fail() {
	c.stop(CloseInternal, "") // writing is set: no other writer starts
	c.mu.Lock()
	if c.pinger != nil {
		c.pinger.Stop()
	}
	c.mu.Unlock()
	c.closeSocket()
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
	defer c.srv.untrack(c)
	defer c.h.ended()
	defer c.stopCtx()
	defer c.stop(websocket.CloseNormalClosure, "")
	cfg := &c.srv.cfg
	c.ws.SetReadLimit(cfg.HardFrameBytes)
	_ = c.ws.SetReadDeadline(time.Now().Add(cfg.HelloTimeout))
	c.ws.SetPongHandler(func(string) error {
		if c.live {
			c.keepAlive()
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
			c.h.refuse(parley.Errorf(parley.ETOOLARGE, "frame is larger than %d bytes", cfg.MaxFrameBytes), "")
		} else if err == nil && mt != websocket.TextMessage {
			c.h.refuse(parley.Errorf(parley.EBADFRAME, "only text frames are accepted"), "")
		} else if err == nil && !c.stopping() {
			if c.live {
				c.keepAlive()
			}
			// A full queue paces the client's own frames.
			if c.waitRoom() {
				c.handleShallow(buf.Bytes())
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

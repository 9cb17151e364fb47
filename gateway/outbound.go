package gateway

import (
	"sync"
	"time"
)

// The outbound queue of a visitor connection.
//
// It is bounded in bytes of encoded frames (Config.OutboundBytes, default
// DefaultOutboundBytes) and holds no memory while empty: an idle connection
// keeps only the queue's header. When a frame does not fit:
//   - a message frame is left to a catch-up (sequence.go), which reads it
//     from the store once there is room, as it fills any gap;
//   - a draft, status or typing frame replaces a queued one of its kind
//     (the same draft id, the status, the same typist): only the latest
//     counts for each (docs/protocol.md);
//   - the reader stops reading the client's frames until there is room
//     again, so a client's own burst is paced by how fast it reads.
//
// The rule for disconnecting (close 1013) is: the queue is full AND the
// writer has written nothing for StallTimeout while frames were waiting.
// Only a client that stopped reading meets it; one that reads slowly makes
// progress and is never dropped, however large its burst.

// DefaultOutboundBytes bounds a connection's queued frames: about a
// thousand typical message frames.
const DefaultOutboundBytes = 256 << 10

// DefaultStallTimeout is how long a full queue may see no write before its
// client counts as gone. Below the write timeout (10 s), so the client
// hears 1013 rather than having its socket cut.
const DefaultStallTimeout = 5 * time.Second

// monoStart makes mono a monotonic clock in an int64.
var monoStart = time.Now()

func mono() int64 { return int64(time.Since(monoStart)) }

// framesPool recycles the writer's batches, so that neither an idle
// connection nor a busy one keeps or churns a queue of its own.
var framesPool = sync.Pool{New: func() any { s := make([]outFrame, 0, 16); return &s }}

const maxPooledFrames = 256

// enqueue never blocks (the hub calls it under its lock): see the queue's
// rules above. Message frames go through enqueueMessage instead.
func (c *conn) enqueue(f outFrame) {
	c.mu.Lock()
	wake := c.enqueueLocked(f)
	c.mu.Unlock()
	if wake {
		c.signal()
	}
}

func (c *conn) signal() { c.kick() }

func (c *conn) enqueueLocked(f outFrame) bool {
	if c.inflight == 0 {
		c.progress.Store(mono()) // the writer was idle, not stuck
	}
	if !c.fitsLocked(len(f.data)) {
		if c.stalledLocked() {
			c.slow()
			return false
		}
		if f.key != "" {
			for i := range c.queue {
				if q := &c.queue[i]; q.key == f.key {
					c.qBytes += len(f.data) - len(q.data)
					q.data = f.data
					return false
				}
			}
		}
	}
	return c.pushLocked(f)
}

func (c *conn) fitsLocked(n int) bool { return c.qBytes+n <= c.srv.cfg.OutboundBytes }

// pushLocked appends f whatever its size.
func (c *conn) pushLocked(f outFrame) bool {
	if c.queue == nil {
		c.queue = (*framesPool.Get().(*[]outFrame))[:0]
	}
	c.queue = append(c.queue, f)
	c.qBytes += len(f.data)
	c.inflight++
	return true
}

// stalledLocked reports whether frames wait and nothing was written for
// StallTimeout.
func (c *conn) stalledLocked() bool {
	return c.inflight > 0 && mono()-c.progress.Load() >= int64(c.srv.cfg.StallTimeout)
}

func (c *conn) slow() {
	c.srv.cfg.Metrics.SlowDisconnect.Inc()
	c.stop(CloseTryAgainLater, "too slow: reconnect and resume with last_seq")
}

// waitRoom holds the caller (the reader, or a catch-up) while the queue is
// full, and disconnects the client if the writer stalls meanwhile. It
// reports false once the connection stops.
func (c *conn) waitRoom() bool {
	for {
		c.mu.Lock()
		if c.stopping() {
			c.mu.Unlock()
			return false
		}
		if c.qBytes < c.srv.cfg.OutboundBytes {
			c.mu.Unlock()
			return true
		}
		if c.stalledLocked() {
			c.mu.Unlock()
			c.slow()
			return false
		}
		left := time.Duration(int64(c.srv.cfg.StallTimeout) - (mono() - c.progress.Load()))
		if c.drained == nil {
			c.drained = make(chan struct{})
		}
		drained := c.drained
		c.mu.Unlock()
		t := time.NewTimer(left)
		select {
		case <-drained:
		case <-c.done:
		case <-t.C:
		}
		t.Stop()
	}
}

// take hands the writer the queued frames, leaving the queue empty.
func (c *conn) take() []outFrame {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.queue
	c.queue = nil
	return b
}

// written accounts for one frame the writer is done with.
func (c *conn) written(f *outFrame) {
	c.mu.Lock()
	c.qBytes -= len(f.data)
	c.inflight--
	if c.drained != nil && c.qBytes < c.srv.cfg.OutboundBytes {
		close(c.drained)
		c.drained = nil
	}
	c.mu.Unlock()
}

// writeBatch writes the writer's pending frames, taking the queue's when it
// has none; with untilStop it returns early once the connection stops.
func (c *conn) writeBatch(untilStop bool) error {
	if len(c.pending) == 0 {
		c.release()
		c.pending = c.take()
		c.batch = c.pending
	}
	for len(c.pending) > 0 {
		if untilStop && c.stopping() {
			return nil
		}
		f := &c.pending[0]
		err := c.send(f.data)
		c.written(f)
		c.pending = c.pending[1:]
		if err != nil {
			return err
		}
	}
	c.release()
	return nil
}

// release gives the finished batch back to the pool.
func (c *conn) release() {
	if b := c.batch; b != nil && cap(b) <= maxPooledFrames {
		clear(b[:cap(b)])
		b = b[:0]
		framesPool.Put(&b)
	}
	c.batch, c.pending = nil, nil
}

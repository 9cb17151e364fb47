package gateway

// The order of message frames.
//
// A visitor sees messages in seq order, without gaps (but for private
// notes, which share the seq space and are never sent) or repeats, however
// the broker delivered them. The queue keeps that order as it takes them:
// qMaxSeq is the highest seq queued, and a message is queued live only if
// it comes right after it and fits. Any other (a gap, a full queue, the
// missed history after hello) is left to a catch-up: one goroutine at a
// time, never the writer, that reads the stored messages after qMaxSeq up
// to want and queues them, waiting for room as the reader does. While it
// runs, live message frames only raise want, so nothing overtakes it.

// storedFrame is a stored message, encoded for the visitor.
type storedFrame struct {
	seq  int64
	data []byte
}

// readStored returns up to limit visitor-visible messages after seq, in seq
// order, encoded. It is the session's: it calls the store.
type readStored func(after int64, limit int) ([]storedFrame, error)

// catchUpPage is how many stored messages one read returns.
const catchUpPage = 200

// enqueueMessage queues message frame seq, or leaves it to a catch-up. It
// never blocks; it reports true when the caller must start the catch-up
// (run catchUp on a goroutine of its own).
func (c *conn) enqueueMessage(seq int64, data []byte) (catchUp bool) {
	c.mu.Lock()
	catchUp, wake := c.messageLocked(seq, data)
	c.mu.Unlock()
	if wake {
		c.signal()
	}
	return catchUp
}

func (c *conn) messageLocked(seq int64, data []byte) (catchUp, wake bool) {
	if seq <= c.qMaxSeq {
		return false, false // queued already (own echo, other node, catch-up)
	}
	if c.fetching {
		c.want = max(c.want, seq)
		return false, false
	}
	if c.inflight == 0 {
		c.progress.Store(mono()) // the writer was idle, not stuck
	}
	switch {
	case seq > c.qMaxSeq+1:
		c.srv.cfg.Metrics.GapFills.Inc()
	case !c.fitsLocked(len(data)):
		if c.stalledLocked() {
			c.slow()
			return false, false
		}
	default:
		c.qMaxSeq = seq
		return false, c.pushLocked(outFrame{data: data})
	}
	c.want, c.fetching = seq, true
	return true, false
}

// resume starts the message stream after seq, the last one the client has
// (hello's last_seq), with a catch-up that the caller runs: live messages
// wait for it. Call it before subscribing.
func (c *conn) resume(seq int64) {
	c.mu.Lock()
	c.qMaxSeq, c.want, c.fetching = seq, seq, true
	c.mu.Unlock()
}

// catchUp queues the stored messages after qMaxSeq up to want (raised to
// upTo first), reading them with read on the caller's goroutine, until the
// queue is back on the live stream. Only the caller that enqueueMessage or
// resume made responsible runs it. It returns nil early if the connection
// stops; on a read error the caller should close the connection, whose
// client then resumes with last_seq.
func (c *conn) catchUp(upTo int64, read readStored) error {
	c.mu.Lock()
	c.want = max(c.want, upTo)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		after, until := c.qMaxSeq, c.want
		if until <= after {
			c.fetching = false
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
		frames, err := read(after, catchUpPage)
		if err != nil {
			return err
		}
		for _, f := range frames {
			if !c.waitRoom() {
				return nil
			}
			c.mu.Lock()
			if c.inflight == 0 {
				c.progress.Store(mono())
			}
			c.qMaxSeq = max(c.qMaxSeq, f.seq)
			c.pushLocked(outFrame{data: f.data})
			c.mu.Unlock()
			c.signal()
		}
		if len(frames) < catchUpPage {
			// Everything up to until was stored before the read: what it
			// did not return were private notes.
			c.mu.Lock()
			c.qMaxSeq = max(c.qMaxSeq, until)
			c.mu.Unlock()
		}
	}
}

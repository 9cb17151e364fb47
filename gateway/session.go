package gateway

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// transport is what a session needs of its connection (conn.go,
// outbound.go, sequence.go).
type transport interface {
	enqueue(f outFrame)                         // never blocks
	enqueueMessage(seq int64, data []byte) bool // true: run catchUp
	resume(seq int64)                           // hello: messages after seq, by a catch-up
	catchUp(upTo int64, read readStored) error  // on the caller's goroutine, never the writer's
	stop(code int, text string)                 // the first call's close code wins
	establish()                                 // hello is done: pongs keep the connection
}

var _ transport = (*conn)(nil)

// session is a visitor's side of one connection: hello, identity, the
// handling of frames, proactive messages and NPS. The reader goroutine
// owns it (every frame is handled there); the hub's deliver, catch-ups,
// proactive timers and NPS offers touch only the fields marked so.
type session struct {
	srv  *Server
	c    transport
	ctx  context.Context // the connection's: ends when its reader does
	site parley.Site
	ip   string
	// visitorSlot is the contact counted in srv.perVisit ("" when none):
	// set by the reader after hello, cleared by ended, under srv.mu.
	visitorSlot string

	// reader-owned
	locale    string // hello.locale, else the contact's
	sess      parley.Session
	hello     bool
	typingOn  bool
	readSeq   int64 // the visitor's read marker this connection published
	badFrames []time.Time

	// set by the reader in hello before subscribing, then read-only
	conversationID string

	catchUps    sync.WaitGroup // the running catch-up; ended waits for it
	npsEligible atomic.Bool    // a signed-in user: set by hello, read by deliver
	drafts      atomic.Bool    // hello asked for draft frames: set by hello, read by deliver
	reads       atomic.Bool    // hello asked for read frames: set by hello, read by deliver
	visit       visitState     // proactive messages: the page and its timer
}

// newConn is a visitor connection: its transport, with a session above it.
func newConn(s *Server, ws *websocket.Conn, site parley.Site, ip string) *conn {
	c := newTransport(s, ws, ip)
	c.h = &session{srv: s, c: c, ctx: c.ctx, site: site, ip: ip}
	return c
}

// handle is the reader's entry point.
func (s *session) handle(data []byte) {
	hadHello := s.hello
	s.dispatch(data)
	if !hadHello && s.hello {
		s.claimVisitor() // the contact is known only once hello has run
	}
}

// deliver is the hub's entry point (subscriber): no I/O, no waiting.
func (s *session) deliver(d *delivery) {
	if d.ev.Kind == parley.EventRead {
		// Only the agents' marker reaches visitors (the read extension).
		if d.ev.Author != nil && d.ev.Author.Kind == parley.AuthorAgent && s.reads.Load() {
			s.c.enqueue(outFrame{data: protocol.EncodeAgentRead(d.ev.Seq), key: "read:agent"})
		}
		return
	}
	f := d.visitorFrame()
	if f == nil || d.ev.Kind == parley.EventDraft && !s.drafts.Load() {
		return
	}
	var key string
	switch d.ev.Kind {
	case parley.EventMessage:
		s.enqueueMessage(d.ev.Message.Seq, f)
		return
	case parley.EventDraft:
		key = "draft:" + d.ev.Draft.ID
	case parley.EventStatus:
		key = "status"
	case parley.EventTyping:
		key = "typing:" + string(d.ev.Author.Kind) + ":" + d.ev.Author.ID
	}
	if d.ev.Kind == parley.EventStatus && d.ev.Status.Mode == parley.ModeResolved && s.npsEligible.Load() {
		s.srv.goBackground(s.offerNPS) // store work: never on the hub's goroutine
	}
	s.c.enqueue(outFrame{data: f, key: key})
}

// enqueueMessage queues a message frame, starting a catch-up when the
// transport asks for one.
func (s *session) enqueueMessage(seq int64, data []byte) {
	if s.c.enqueueMessage(seq, data) {
		s.goCatchUp(0)
	}
}

// goCatchUp runs the transport's catch-up on a goroutine of its own, so
// that neither the reader nor the writer waits for the store. Called only
// before ended has unsubscribed (by the reader, or by the hub's deliver).
func (s *session) goCatchUp(upTo int64) {
	s.catchUps.Go(func() {
		if err := s.c.catchUp(upTo, s.readStored); err != nil {
			if s.ctx.Err() == nil {
				s.srv.cfg.Log.Warn("gateway: catch-up", "conversation", s.conversationID, "err", err)
			}
			s.c.stop(CloseInternal, "")
		}
	})
}

// readStored reads the visitor-visible messages after seq.
func (s *session) readStored(after int64, limit int) ([]storedFrame, error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.srv.cfg.WriteTimeout)
	defer cancel()
	msgs, err := s.srv.cfg.Store.Messages(ctx, s.conversationID, after, limit, false)
	if err != nil {
		return nil, fmt.Errorf("messages after %d: %w", after, err)
	}
	frames := make([]storedFrame, len(msgs))
	for i, m := range msgs {
		frames[i] = storedFrame{seq: m.Seq, data: protocol.EncodeMessage(m)}
	}
	return frames, nil
}

// ended runs once the reader has stopped: no frame, delivery or catch-up
// follows it.
func (s *session) ended() {
	s.endVisit()
	if s.sess.Conversation.ID != "" {
		s.srv.cfg.Hub.unsubscribe(ConversationTopic(s.sess.Conversation.ID), s)
	}
	s.catchUps.Wait() // the connection has stopped: a catch-up returns at once
	srv := s.srv
	srv.mu.Lock()
	if s.visitorSlot != "" {
		srv.giveSlotLocked(srv.perVisit, s.visitorSlot)
		s.visitorSlot = ""
	}
	srv.mu.Unlock()
}

// claimVisitor counts a connection against its visitor once hello has
// found the contact; past the cap it answers rate_limited and closes 1008
// (reader goroutine).
func (s *session) claimVisitor() bool {
	id := s.sess.Contact.ID
	if id == "" || s.visitorSlot != "" {
		return true
	}
	srv := s.srv
	if !srv.takeSlot(srv.perVisit, id, srv.cfg.MaxConnsPerVisitor) {
		srv.cfg.Metrics.Refused.WithLabelValues("visitor_connections").Inc()
		s.sendError(parley.ERATELIMITED, fmt.Sprintf("too many connections for this visitor (at most %d); close other tabs", srv.cfg.MaxConnsPerVisitor), time.Minute, "")
		s.c.stop(ClosePolicy, "too many connections")
		return false
	}
	srv.mu.Lock()
	s.visitorSlot = id
	srv.mu.Unlock()
	return true
}

// refuse answers a bad frame with an error frame and keeps the connection,
// unless the client keeps misbehaving.
func (s *session) refuse(err error, clientID string) {
	code, msg := parley.ErrorCode(err), parley.ErrorMessage(err)
	var ce *protocol.ClientIDError
	if errors.As(err, &ce) && clientID == "" {
		clientID = ce.ClientID
	}
	s.sendError(code, msg, 0, clientID)
	if code != parley.EBADFRAME && code != parley.ETOOLARGE {
		return
	}
	now := s.srv.cfg.Now()
	keep := s.badFrames[:0]
	for _, t := range s.badFrames {
		if now.Sub(t) < time.Minute {
			keep = append(keep, t)
		}
	}
	s.badFrames = append(keep, now)
	if len(s.badFrames) > s.srv.cfg.MaxBadFrames {
		s.c.stop(ClosePolicy, "too many bad frames")
	}
}

func (s *session) sendError(code, msg string, retry time.Duration, clientID string) {
	s.srv.cfg.Metrics.Errors.WithLabelValues(code).Inc()
	s.c.enqueue(outFrame{data: protocol.EncodeError(code, msg, retry, clientID)})
}

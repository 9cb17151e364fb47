package gateway

import (
	"cmp"
	"context"
	"encoding/json"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// handle decodes and acts on one client frame (reader goroutine).
func (c *conn) handle(data []byte) {
	in, err := protocol.Decode(data)
	if err != nil {
		c.srv.cfg.Metrics.FramesIn.WithLabelValues("invalid").Inc()
		c.refuse(err, "")
		return
	}
	c.srv.cfg.Metrics.FramesIn.WithLabelValues(in.Type()).Inc()
	if h, ok := in.(*protocol.Hello); ok {
		if c.hello {
			c.refuse(parley.Errorf(parley.EBADFRAME, "hello was already received on this connection"), "")
			return
		}
		c.handleHello(h)
		return
	}
	if !c.hello {
		c.sendError(parley.EUNAUTHORIZED, "send hello first", 0, "")
		return
	}
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	switch f := in.(type) {
	case *protocol.Send:
		c.handleSend(ctx, f, start)
	case *protocol.Human:
		c.handleHuman(ctx, f, start)
	case *protocol.Contact:
		c.handleContact(ctx, f, start)
	case *protocol.Typing:
		c.handleTyping(ctx, f)
	case *protocol.Read:
		c.handleRead(ctx, f)
	case *protocol.Feedback:
		c.handleFeedback(ctx, f)
	case *protocol.CSAT:
		c.handleCSAT(ctx, f)
	case *protocol.PageView:
		c.handlePage(ctx, f)
	case *protocol.NPS:
		c.handleNPS(ctx, f)
	}
}

// allow applies the per-contact and per-IP limits to one stored frame. The
// local limiter always decides; the global one (Redis) also must agree when
// it answers, and a failure of it is logged and counted, never "no limit".
func (c *conn) allow(ctx context.Context) (bool, time.Duration) {
	cfg := &c.srv.cfg
	checks := []struct {
		key  string
		rate parley.Rate
	}{
		{"contact:" + c.sess.Contact.ID, cfg.Limits.ContactMessages},
		{"ip:" + c.ip, cfg.Limits.IPMessages},
	}
	for _, ch := range checks {
		if ok, retry := c.srv.limit(ctx, ch.key, ch.rate); !ok {
			return false, retry
		}
	}
	return true, 0
}

func (s *Server) limit(ctx context.Context, key string, r parley.Rate) (bool, time.Duration) {
	ok, retry, err := s.cfg.Local.Allow(ctx, key, r)
	if err != nil || !ok {
		return err != nil, retry // a local failure cannot happen; fail open only then
	}
	if s.cfg.Global == nil {
		return true, 0
	}
	gctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	ok, retry, err = s.cfg.Global.Allow(gctx, key, r)
	if err != nil {
		s.cfg.Metrics.LimitFallback.Inc()
		s.cfg.Log.Warn("rate limit: global limiter failed; local limit applies", "err", err)
		return true, 0
	}
	return ok, retry
}

// store appends a visitor-side message through the one path every stored
// frame takes: limit (unless the client id was already acked), append
// idempotently, ack, echo, publish, dispatch.
func (c *conn) store(ctx context.Context, m parley.Message, ev parley.Event, start time.Time) {
	m.ConversationID = c.sess.Conversation.ID
	if c.limited(ctx, m, start) {
		return
	}
	c.commit(ctx, m, ev, start)
}

// limited applies the rate limits to a frame that stores m. It reports
// true when the frame was answered already: refused, or (for a resend of a
// stored client id, which is never limited) acked again.
func (c *conn) limited(ctx context.Context, m parley.Message, start time.Time) bool {
	ok, retry := c.allow(ctx)
	if ok {
		return false
	}
	if m.ClientID != "" {
		if prev, err := c.srv.cfg.Store.MessageByClientID(ctx, m.ConversationID, m.ClientID); err == nil {
			c.ackAndEcho(prev, start)
			return true
		}
	}
	c.sendError(parley.ERATELIMITED, "too many messages; retry later", retry, m.ClientID)
	return true
}

// commit appends m (already past the limits) and tells everyone.
func (c *conn) commit(ctx context.Context, m parley.Message, ev parley.Event, start time.Time) {
	cfg := &c.srv.cfg
	stored, created, err := cfg.Store.AppendMessage(ctx, m)
	if err != nil {
		cfg.Log.Error("gateway: append", "conversation", m.ConversationID, "err", err)
		c.sendError(parley.EINTERNAL, "message not stored; resend it", 0, m.ClientID)
		return
	}
	c.ackAndEcho(stored, start)
	if !created {
		return
	}
	msgEv := parley.Event{Kind: parley.EventMessage, SiteID: c.site.ID,
		ConversationID: stored.ConversationID, ContactID: c.sess.Contact.ID, Message: &stored}
	c.publish(ctx, msgEv)
	// The desk hears human/contact as their own kinds, with the message.
	msgEv.Kind = cmp.Or(ev.Kind, parley.EventMessage)
	cfg.Dispatcher.Dispatch(c.srv.ctx, msgEv)
}

func (c *conn) ackAndEcho(m parley.Message, start time.Time) {
	if m.ClientID != "" {
		c.enqueue(outFrame{data: protocol.EncodeAck(m.ClientID, m.Seq)})
		c.srv.cfg.Metrics.Acks.Inc()
		c.srv.cfg.Metrics.AckLatency.Observe(time.Since(start).Seconds())
	}
	c.enqueue(outFrame{data: protocol.EncodeMessage(m), seq: m.Seq})
}

func (c *conn) publish(ctx context.Context, ev parley.Event) {
	payload, err := encodeEvent(ev)
	if err == nil {
		err = c.srv.cfg.Broker.Publish(ctx, ConversationTopic(ev.ConversationID), payload)
	}
	if err != nil {
		// Stored already: other tabs and nodes catch up on their next message
		// or reconnect. Log and go on.
		c.srv.cfg.Log.Warn("gateway: publish", "conversation", ev.ConversationID, "err", err)
	}
}

func (c *conn) visitor() parley.Author {
	return parley.Author{Kind: parley.AuthorVisitor, ID: c.sess.Contact.ID, Name: c.sess.Contact.Name}
}

func (c *conn) handleSend(ctx context.Context, f *protocol.Send, start time.Time) {
	c.store(ctx, parley.Message{ClientID: f.ClientID, Author: c.visitor(), Text: f.Text}, parley.Event{}, start)
}

// systemMeta marks a visitor-caused system message so clients can render it
// in their own language; Text is the English fallback.
func systemMeta(event string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"event": event})
	return b
}

func (c *conn) handleHuman(ctx context.Context, f *protocol.Human, start time.Time) {
	m := parley.Message{ClientID: f.ClientID, Author: parley.Author{Kind: parley.AuthorSystem},
		Text: "Visitor asked to talk to a person.", Meta: systemMeta("human_requested")}
	c.store(ctx, m, parley.Event{Kind: parley.EventHuman}, start)
}

func (c *conn) handleContact(ctx context.Context, f *protocol.Contact, start time.Time) {
	m := parley.Message{ConversationID: c.sess.Conversation.ID, ClientID: f.ClientID, Author: parley.Author{Kind: parley.AuthorSystem},
		Text: "Contact details saved.", Meta: systemMeta("contact_saved")}
	if c.limited(ctx, m, start) { // once: the contact update and its record are one frame
		return
	}
	patch := parley.ContactPatch{Email: f.Email, Name: f.Name, Segment: parley.SegmentLead}
	if c.sess.Contact.UserID != "" {
		// A signed-in user's email and name may have come from a verified JWT:
		// what the browser types fills a gap but never replaces them.
		if c.sess.Contact.Email != "" {
			patch.Email = ""
		}
		if c.sess.Contact.Name != "" {
			patch.Name = ""
		}
	}
	contact, err := c.srv.cfg.Store.UpdateContact(ctx, c.sess.Contact.ID, patch)
	if err != nil {
		c.srv.cfg.Log.Error("gateway: update contact", "err", err)
		c.sendError(parley.EINTERNAL, "contact details not saved; send them again", 0, f.ClientID)
		return
	}
	c.sess.Contact = contact
	c.commit(ctx, m, parley.Event{Kind: parley.EventContact}, start)
}

func (c *conn) handleTyping(ctx context.Context, f *protocol.Typing) {
	if f.On == c.typingOn {
		return // only changes travel: a held key must not flood the cluster
	}
	c.typingOn = f.On
	a := c.visitor()
	c.publish(ctx, parley.Event{Kind: parley.EventTyping, SiteID: c.site.ID,
		ConversationID: c.sess.Conversation.ID, ContactID: c.sess.Contact.ID, Author: &a, On: f.On})
}

func (c *conn) handleRead(ctx context.Context, f *protocol.Read) {
	if err := c.srv.cfg.Store.SetRead(ctx, c.sess.Conversation.ID, f.Seq); err != nil {
		c.storeError("set read", err, "")
		return
	}
	c.publish(ctx, parley.Event{Kind: parley.EventRead, SiteID: c.site.ID,
		ConversationID: c.sess.Conversation.ID, ContactID: c.sess.Contact.ID, Seq: f.Seq})
}

func (c *conn) handleFeedback(ctx context.Context, f *protocol.Feedback) {
	if ok, retry := c.allow(ctx); !ok {
		c.sendError(parley.ERATELIMITED, "too many requests; retry later", retry, "")
		return
	}
	if err := c.srv.cfg.Store.RecordFeedback(ctx, c.sess.Conversation.ID, f.Seq, f.Helpful); err != nil {
		c.storeError("feedback", err, "")
		return
	}
	c.srv.cfg.Dispatcher.Dispatch(c.srv.ctx, parley.Event{Kind: parley.EventFeedback, SiteID: c.site.ID,
		ConversationID: c.sess.Conversation.ID, ContactID: c.sess.Contact.ID, Seq: f.Seq, Helpful: f.Helpful})
}

func (c *conn) handleCSAT(ctx context.Context, f *protocol.CSAT) {
	if ok, retry := c.allow(ctx); !ok {
		c.sendError(parley.ERATELIMITED, "too many requests; retry later", retry, f.ClientID)
		return
	}
	conv, err := c.srv.cfg.Store.Conversation(ctx, c.sess.Conversation.ID)
	if err != nil {
		c.storeError("csat", err, f.ClientID)
		return
	}
	if conv.Mode != parley.ModeResolved {
		c.sendError(parley.EBADFRAME, "a rating is accepted once the conversation is resolved", 0, f.ClientID)
		return
	}
	if err := c.srv.cfg.Store.RecordCSAT(ctx, conv.ID, f.Score, f.Comment); err != nil {
		c.storeError("csat", err, f.ClientID)
		return
	}
	if f.ClientID != "" {
		c.enqueue(outFrame{data: protocol.EncodeAck(f.ClientID, 0)})
	}
	c.srv.cfg.Dispatcher.Dispatch(c.srv.ctx, parley.Event{Kind: parley.EventCSAT, SiteID: c.site.ID,
		ConversationID: conv.ID, ContactID: c.sess.Contact.ID, Score: f.Score, Comment: f.Comment})
}

// storeError maps a store error to an error frame: client-caused errors
// (not found, invalid) are shown; anything else is internal and logged.
func (c *conn) storeError(step string, err error, clientID string) {
	switch code := parley.ErrorCode(err); code {
	case parley.ENOTFOUND:
		c.sendError(code, parley.ErrorMessage(err), 0, clientID)
	case parley.EINVALID:
		c.sendError(parley.EBADFRAME, parley.ErrorMessage(err), 0, clientID)
	default:
		c.srv.cfg.Log.Error("gateway: "+step, "err", err)
		c.sendError(parley.EINTERNAL, "not saved; try again", 0, clientID)
	}
}

package gateway

import (
	"cmp"
	"context"
	"encoding/json"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// dispatch decodes and acts on one client frame (reader goroutine).
func (s *session) dispatch(data []byte) {
	in, err := protocol.Decode(data)
	if err != nil {
		s.srv.cfg.Metrics.FramesIn.WithLabelValues("invalid").Inc()
		s.refuse(err, "")
		return
	}
	s.srv.cfg.Metrics.FramesIn.WithLabelValues(in.Type()).Inc()
	if h, ok := in.(*protocol.Hello); ok {
		if s.hello {
			s.refuse(parley.Errorf(parley.EBADFRAME, "hello was already received on this connection"), "")
			return
		}
		s.handleHello(h)
		return
	}
	if !s.hello {
		s.sendError(parley.EUNAUTHORIZED, "send hello first", 0, "")
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	switch f := in.(type) {
	case *protocol.Send:
		s.handleSend(ctx, f, start)
	case *protocol.Human:
		s.handleHuman(ctx, f, start)
	case *protocol.Contact:
		s.handleContact(ctx, f, start)
	case *protocol.Typing:
		s.handleTyping(ctx, f)
	case *protocol.Read:
		s.handleRead(ctx, f)
	case *protocol.Feedback:
		s.handleFeedback(ctx, f)
	case *protocol.CSAT:
		s.handleCSAT(ctx, f)
	case *protocol.PageView:
		s.handlePage(ctx, f)
	case *protocol.NPS:
		s.handleNPS(ctx, f)
	case *protocol.Transcript:
		s.handleTranscript(ctx, f, start)
	}
}

// store appends a visitor-side message through the one path every stored
// frame takes: limit (unless the client id was already acked), append
// idempotently, ack, echo, publish, dispatch.
func (s *session) store(ctx context.Context, m parley.Message, ev parley.Event, start time.Time) {
	m.ConversationID = s.sess.Conversation.ID
	if s.limited(ctx, m, start) {
		return
	}
	s.commit(ctx, m, ev, start)
}

// limited applies the rate limits to a frame that stores m. It reports
// true when the frame was answered already: refused, or (for a resend of a
// stored client id, which is never limited) acked again.
func (s *session) limited(ctx context.Context, m parley.Message, start time.Time) bool {
	ok, retry := s.allow(ctx)
	if ok {
		return false
	}
	if m.ClientID != "" {
		if prev, err := s.srv.cfg.Store.MessageByClientID(ctx, m.ConversationID, m.ClientID); err == nil {
			s.ackAndEcho(prev, start)
			return true
		}
	}
	s.sendError(parley.ERATELIMITED, "too many messages; retry later", retry, m.ClientID)
	return true
}

// commit appends m (already past the limits) and tells everyone.
func (s *session) commit(ctx context.Context, m parley.Message, ev parley.Event, start time.Time) {
	cfg := &s.srv.cfg
	stored, created, err := cfg.Store.AppendMessage(ctx, m)
	if err != nil {
		cfg.Log.Error("gateway: append", "conversation", m.ConversationID, "err", err)
		s.sendError(parley.EINTERNAL, "message not stored; resend it", 0, m.ClientID)
		return
	}
	s.ackAndEcho(stored, start)
	if !created {
		return
	}
	msgEv := parley.Event{Kind: parley.EventMessage, SiteID: s.site.ID,
		ConversationID: stored.ConversationID, ContactID: s.sess.Contact.ID, Message: &stored}
	s.publish(ctx, msgEv)
	// The desk hears human/contact as their own kinds, with the message.
	msgEv.Kind = cmp.Or(ev.Kind, parley.EventMessage)
	cfg.Dispatcher.Dispatch(s.srv.ctx, msgEv)
}

func (s *session) ackAndEcho(m parley.Message, start time.Time) {
	if m.ClientID != "" {
		s.c.enqueue(outFrame{data: protocol.EncodeAck(m.ClientID, m.Seq)})
		s.srv.cfg.Metrics.Acks.Inc()
		s.srv.cfg.Metrics.AckLatency.Observe(time.Since(start).Seconds())
	}
	s.enqueueMessage(m.Seq, protocol.EncodeMessage(m))
}

func (s *session) publish(ctx context.Context, ev parley.Event) {
	if err := publishEvent(ctx, s.srv.cfg.Broker, ConversationTopic(ev.ConversationID), ev); err != nil {
		// Stored already: other tabs and nodes catch up on their next message
		// or reconnect. Log and go on.
		s.srv.cfg.Log.Warn("gateway: publish", "conversation", ev.ConversationID, "err", err)
	}
}

func (s *session) visitor() parley.Author {
	return parley.Author{Kind: parley.AuthorVisitor, ID: s.sess.Contact.ID, Name: s.sess.Contact.Name}
}

func (s *session) handleSend(ctx context.Context, f *protocol.Send, start time.Time) {
	m := parley.Message{ClientID: f.ClientID, Author: s.visitor(), Text: f.Text}
	if len(f.Attachments) > 0 {
		meta, err := s.sendAttachments(ctx, f.Attachments)
		if err != nil {
			s.storeError("send attachments", err, f.ClientID)
			return
		}
		m.Meta = meta
	}
	s.store(ctx, m, parley.Event{}, start)
}

// systemMeta marks a visitor-caused system message so clients can render it
// in their own language; Text is the English fallback.
func systemMeta(event string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"event": event})
	return b
}

func (s *session) handleHuman(ctx context.Context, f *protocol.Human, start time.Time) {
	m := parley.Message{ClientID: f.ClientID, Author: parley.Author{Kind: parley.AuthorSystem},
		Text: "Visitor asked to talk to a person.", Meta: systemMeta("human_requested")}
	s.store(ctx, m, parley.Event{Kind: parley.EventHuman}, start)
}

func (s *session) handleContact(ctx context.Context, f *protocol.Contact, start time.Time) {
	m := parley.Message{ConversationID: s.sess.Conversation.ID, ClientID: f.ClientID, Author: parley.Author{Kind: parley.AuthorSystem},
		Text: "Contact details saved.", Meta: systemMeta("contact_saved")}
	if s.limited(ctx, m, start) { // once: the contact update and its record are one frame
		return
	}
	patch := parley.ContactPatch{Email: f.Email, Name: f.Name, Segment: parley.SegmentLead}
	if s.sess.Contact.UserID != "" {
		// A signed-in user's email and name may have come from a verified JWT:
		// what the browser types fills a gap but never replaces them.
		if s.sess.Contact.Email != "" {
			patch.Email = ""
		}
		if s.sess.Contact.Name != "" {
			patch.Name = ""
		}
	}
	contact, err := s.srv.cfg.Store.UpdateContact(ctx, s.sess.Contact.ID, patch)
	if err != nil {
		s.srv.cfg.Log.Error("gateway: update contact", "err", err)
		s.sendError(parley.EINTERNAL, "contact details not saved; send them again", 0, f.ClientID)
		return
	}
	s.sess.Contact = contact
	s.commit(ctx, m, parley.Event{Kind: parley.EventContact}, start)
}

func (s *session) handleTyping(ctx context.Context, f *protocol.Typing) {
	if f.On == s.typingOn {
		return // only changes travel: a held key must not flood the cluster
	}
	s.typingOn = f.On
	a := s.visitor()
	s.publish(ctx, parley.Event{Kind: parley.EventTyping, SiteID: s.site.ID,
		ConversationID: s.sess.Conversation.ID, ContactID: s.sess.Contact.ID, Author: &a, On: f.On})
}

// handleRead stores the visitor's read marker and, when it rose past what
// this connection told before, tells the consoles ("Seen").
func (s *session) handleRead(ctx context.Context, f *protocol.Read) {
	if err := s.srv.cfg.Store.SetRead(ctx, s.sess.Conversation.ID, f.Seq); err != nil {
		s.storeError("set read", err, "")
		return
	}
	if f.Seq <= s.readSeq {
		return
	}
	s.readSeq = f.Seq
	a := s.visitor()
	s.publish(ctx, parley.Event{Kind: parley.EventRead, SiteID: s.site.ID,
		ConversationID: s.sess.Conversation.ID, ContactID: s.sess.Contact.ID, Author: &a, Seq: f.Seq})
}

func (s *session) handleFeedback(ctx context.Context, f *protocol.Feedback) {
	if ok, retry := s.allow(ctx); !ok {
		s.sendError(parley.ERATELIMITED, "too many requests; retry later", retry, "")
		return
	}
	if err := s.srv.cfg.Store.RecordFeedback(ctx, s.sess.Conversation.ID, f.Seq, f.Helpful); err != nil {
		s.storeError("feedback", err, "")
		return
	}
	s.srv.cfg.Dispatcher.Dispatch(s.srv.ctx, parley.Event{Kind: parley.EventFeedback, SiteID: s.site.ID,
		ConversationID: s.sess.Conversation.ID, ContactID: s.sess.Contact.ID, Seq: f.Seq, Helpful: f.Helpful})
}

func (s *session) handleCSAT(ctx context.Context, f *protocol.CSAT) {
	if ok, retry := s.allow(ctx); !ok {
		s.sendError(parley.ERATELIMITED, "too many requests; retry later", retry, f.ClientID)
		return
	}
	conv, err := s.srv.cfg.Store.Conversation(ctx, s.sess.Conversation.ID)
	if err != nil {
		s.storeError("csat", err, f.ClientID)
		return
	}
	if conv.Mode != parley.ModeResolved {
		s.sendError(parley.EBADFRAME, "a rating is accepted once the conversation is resolved", 0, f.ClientID)
		return
	}
	if err := s.srv.cfg.Store.RecordCSAT(ctx, conv.ID, f.Score, f.Comment); err != nil {
		s.storeError("csat", err, f.ClientID)
		return
	}
	if f.ClientID != "" {
		s.c.enqueue(outFrame{data: protocol.EncodeAck(f.ClientID, 0)})
	}
	s.srv.cfg.Dispatcher.Dispatch(s.srv.ctx, parley.Event{Kind: parley.EventCSAT, SiteID: s.site.ID,
		ConversationID: conv.ID, ContactID: s.sess.Contact.ID, Score: f.Score, Comment: f.Comment})
}

// storeError maps a store error to an error frame: client-caused errors
// (not found, invalid) are shown; anything else is internal and logged.
func (s *session) storeError(step string, err error, clientID string) {
	switch code := parley.ErrorCode(err); code {
	case parley.ENOTFOUND, parley.EBADFRAME:
		s.sendError(code, parley.ErrorMessage(err), 0, clientID)
	case parley.EINVALID:
		s.sendError(parley.EBADFRAME, parley.ErrorMessage(err), 0, clientID)
	default:
		s.srv.cfg.Log.Error("gateway: "+step, "err", err)
		s.sendError(parley.EINTERNAL, "not saved; try again", 0, clientID)
	}
}

package gateway

import (
	"cmp"
	"context"
	"errors"
	"time"

	"golang.org/x/text/language"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
)

// handleHello starts or resumes the visitor's session, verifies any identity,
// answers welcome, subscribes to the conversation and replays what the
// client missed (a catch-up, read beside the reader) before any live
// message.
func (s *session) handleHello(h *protocol.Hello) {
	cfg := &s.srv.cfg
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	var (
		sess     parley.Session
		token    = h.Token
		haveSess bool
		tokenBad bool
	)
	if token != "" {
		found, err := cfg.Store.SessionByToken(ctx, s.site.ID, parley.HashToken(token))
		switch {
		case err == nil:
			sess, haveSess = found, true
		case errors.Is(err, parley.ErrNotFound):
			tokenBad, token = true, ""
		default:
			s.fail("session by token", err)
			return
		}
	}
	var idErr error
	if h.Identity != nil {
		id, err := verifyIdentity(s.site, h.Identity, cfg.Now())
		if err == nil {
			if token == "" {
				if !s.allowNewVisitor(ctx) {
					return
				}
				token = parley.NewToken()
			}
			if sess, err = cfg.Store.IdentifySession(ctx, s.site.ID, parley.HashToken(token), id); err != nil {
				s.fail("identify", err)
				return
			}
			haveSess = true
		}
		idErr = err
	}
	if s.site.IdentityRequired && (sess.Contact.Segment != parley.SegmentUser) {
		s.sendError(parley.EUNAUTHORIZED, "this site requires a signed-in user (identity)", 0, "")
		s.c.stop(ClosePolicy, "identity required")
		return
	}
	if !haveSess {
		if !s.allowNewVisitor(ctx) {
			return
		}
		token = parley.NewToken()
		created, err := cfg.Store.CreateSession(ctx, s.site.ID, parley.HashToken(token),
			parley.Contact{Segment: parley.SegmentVisitor, Locale: baseLocale(h.Locale)})
		if err != nil {
			s.fail("create session", err)
			return
		}
		sess = created
	} else if loc := baseLocale(h.Locale); loc != "" && loc != sess.Contact.Locale {
		if ct, err := cfg.Store.UpdateContact(ctx, sess.Contact.ID, parley.ContactPatch{Locale: loc}); err == nil {
			sess.Contact = ct
		}
	}
	s.sess, s.hello = sess, true
	s.conversationID = sess.Conversation.ID
	status := parley.Status{Mode: sess.Conversation.Mode}
	if cfg.Status != nil {
		status = cfg.Status.Status(ctx, sess.Conversation)
	}
	s.locale = cmp.Or(h.Locale, sess.Contact.Locale)
	s.npsEligible.Store(sess.Contact.Segment == parley.SegmentUser)
	s.drafts.Store(h.Drafts)
	s.reads.Store(h.Reads)
	s.c.enqueue(outFrame{data: protocol.EncodeWelcome(token, sess, status, protocol.SiteFor(s.site, s.locale))})
	if tokenBad {
		s.sendError(parley.EUNAUTHORIZED, "token not recognised: a new visitor was started", 0, "")
	}
	if idErr != nil {
		code, msg, safe := identityRejection(idErr)
		if !safe {
			cfg.Log.Error("gateway: hello: identity", "site", s.site.ID, "err", idErr)
		}
		s.sendError(code, msg, 0, "")
	}
	// A last_seq beyond this conversation's end belongs to another one (the
	// token now shows a signed-in user's history): replay it all.
	after := h.LastSeq
	if after > sess.Conversation.LastSeq {
		after = 0
	}
	// Hold live messages back, subscribe, then read where the conversation
	// ends: anything after that read arrives live, anything before it is
	// replayed, in order before the live ones. No window.
	s.c.resume(after)
	cfg.Hub.subscribe(ConversationTopic(sess.Conversation.ID), s)
	end := sess.Conversation.LastSeq
	if conv, err := cfg.Store.Conversation(ctx, sess.Conversation.ID); err == nil {
		end = conv.LastSeq
	}
	s.goCatchUp(end)
	s.c.establish()
	s.tellAgentRead(ctx, sess.Conversation.ID)
	if h.Page != nil && h.Page.URL != "" {
		s.startVisit(ctx, h.Page.URL, h.Page.Title)
	}
	if sess.Conversation.Mode == parley.ModeResolved {
		s.srv.goBackground(s.offerNPS)
	}
}

// tellAgentRead sends the agents' read marker, when there is one, so a
// visitor coming back sees which messages a person has read.
func (s *session) tellAgentRead(ctx context.Context, conversationID string) {
	rs, ok := s.srv.cfg.Store.(readMarkStore)
	if !ok {
		return
	}
	marks, err := rs.ReadMarks(ctx, conversationID)
	if err != nil {
		s.srv.cfg.Log.Warn("gateway: hello: read marks", "conversation", conversationID, "err", err)
		return
	}
	s.readSeq = marks.Visitor
	if marks.Agent > 0 && s.reads.Load() {
		s.c.enqueue(outFrame{data: protocol.EncodeAgentRead(marks.Agent), key: "read:agent"})
	}
}

func (s *session) allowNewVisitor(ctx context.Context) bool {
	ok, retry := s.srv.limit(ctx, parley.RateCheck{Key: "new:" + s.ip, Rate: s.srv.cfg.Limits.IPNewVisitors})
	if !ok {
		s.sendError(parley.ERATELIMITED, "too many new visitors from this address; retry later", retry, "")
		s.c.stop(ClosePolicy, "rate limited")
	}
	return ok
}

// fail answers a store failure during hello: the client can only retry.
func (s *session) fail(step string, err error) {
	s.srv.cfg.Log.Error("gateway: hello: "+step, "err", err)
	s.sendError(parley.EINTERNAL, "could not start the chat; reconnect", 0, "")
	s.c.stop(CloseInternal, "store unavailable")
}

// baseLocale canonicalises a BCP 47 tag to its base language ("sr-Latn-RS"
// → "sr"); an invalid tag is ignored rather than stored.
func baseLocale(tag string) string {
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, _ := t.Base()
	return base.String()
}

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
// client missed (the writer's catch-up) before any live frame.
func (c *conn) handleHello(h *protocol.Hello) {
	cfg := &c.srv.cfg
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	var (
		sess     parley.Session
		token    = h.Token
		haveSess bool
		tokenBad bool
	)
	if token != "" {
		s, err := cfg.Store.SessionByToken(ctx, c.site.ID, parley.HashToken(token))
		switch {
		case err == nil:
			sess, haveSess = s, true
		case errors.Is(err, parley.ErrNotFound):
			tokenBad, token = true, ""
		default:
			c.fail("session by token", err)
			return
		}
	}
	var idErr error
	if h.Identity != nil {
		id, err := verifyIdentity(c.site, h.Identity, cfg.Now())
		if err == nil {
			if token == "" {
				if !c.allowNewVisitor(ctx) {
					return
				}
				token = parley.NewToken()
			}
			if sess, err = cfg.Store.IdentifySession(ctx, c.site.ID, parley.HashToken(token), id); err != nil {
				c.fail("identify", err)
				return
			}
			haveSess = true
		}
		idErr = err
	}
	if c.site.IdentityRequired && (sess.Contact.Segment != parley.SegmentUser) {
		c.sendError(parley.EUNAUTHORIZED, "this site requires a signed-in user (identity)", 0, "")
		c.stop(ClosePolicy, "identity required")
		return
	}
	if !haveSess {
		if !c.allowNewVisitor(ctx) {
			return
		}
		token = parley.NewToken()
		s, err := cfg.Store.CreateSession(ctx, c.site.ID, parley.HashToken(token),
			parley.Contact{Segment: parley.SegmentVisitor, Locale: baseLocale(h.Locale)})
		if err != nil {
			c.fail("create session", err)
			return
		}
		sess = s
	} else if loc := baseLocale(h.Locale); loc != "" && loc != sess.Contact.Locale {
		if ct, err := cfg.Store.UpdateContact(ctx, sess.Contact.ID, parley.ContactPatch{Locale: loc}); err == nil {
			sess.Contact = ct
		}
	}
	c.sess, c.hello = sess, true
	// A last_seq beyond this conversation's end belongs to another one (the
	// token now shows a signed-in user's history): replay it all.
	c.conversationID, c.lastSent = sess.Conversation.ID, h.LastSeq
	if h.LastSeq > sess.Conversation.LastSeq {
		c.lastSent = 0
	}
	status := parley.Status{Mode: sess.Conversation.Mode}
	if cfg.Status != nil {
		status = cfg.Status.Status(ctx, sess.Conversation)
	}
	c.locale = cmp.Or(h.Locale, sess.Contact.Locale)
	c.npsEligible.Store(sess.Contact.Segment == parley.SegmentUser)
	c.drafts.Store(h.Drafts)
	c.enqueue(outFrame{data: protocol.EncodeWelcome(token, sess, status, protocol.SiteFor(c.site, c.locale))})
	if tokenBad {
		c.sendError(parley.EUNAUTHORIZED, "token not recognised: a new visitor was started", 0, "")
	}
	if idErr != nil {
		c.sendError(parley.EIDENTITY, idErr.Error(), 0, "")
	}
	// Subscribe first, then read where the conversation ends: anything after
	// that read arrives live, anything before it is replayed. No window.
	cfg.Hub.subscribe(ConversationTopic(sess.Conversation.ID), c)
	end := sess.Conversation.LastSeq
	if conv, err := cfg.Store.Conversation(ctx, sess.Conversation.ID); err == nil {
		end = conv.LastSeq
	}
	c.enqueue(outFrame{catchUp: true, seq: end})
	_ = c.ws.SetReadDeadline(time.Now().Add(cfg.PingInterval + cfg.PongTimeout))
	if h.Page != nil && h.Page.URL != "" {
		c.startVisit(ctx, h.Page.URL, h.Page.Title)
	}
	if sess.Conversation.Mode == parley.ModeResolved {
		c.srv.goBackground(c.offerNPS)
	}
}

func (c *conn) allowNewVisitor(ctx context.Context) bool {
	ok, retry := c.srv.limit(ctx, "new:"+c.ip, c.srv.cfg.Limits.IPNewVisitors)
	if !ok {
		c.sendError(parley.ERATELIMITED, "too many new visitors from this address; retry later", retry, "")
		c.stop(ClosePolicy, "rate limited")
	}
	return ok
}

// fail answers a store failure during hello: the client can only retry.
func (c *conn) fail(step string, err error) {
	c.srv.cfg.Log.Error("gateway: hello: "+step, "err", err)
	c.sendError(parley.EINTERNAL, "could not start the chat; reconnect", 0, "")
	c.stop(CloseInternal, "store unavailable")
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

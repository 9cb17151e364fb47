package gateway

import (
	"cmp"
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway/protocol"
	"github.com/parley-chat/parley/proactive"
)

// visitState is the page a connection's visitor is on, for proactive
// messages. Time on page is measured here: the page frame (or hello.page)
// starts the visit and a timer fires when the next rule's delay is over,
// so the widget only reports navigation. A reconnect starts the visit
// again, which can only delay a message, never send it twice (the store's
// claim does that). The timer's goroutine reads the contact and the
// conversation afresh from the store: it shares nothing with the reader
// but this struct.
type visitState struct {
	mu      sync.Mutex
	gen     int // the current visit; a timer of an older one does nothing
	contact string
	url     string
	since   time.Time
	tried   map[string]bool // rules already claimed or refused on this visit
	timer   *time.Timer
}

func (s *session) handlePage(ctx context.Context, f *protocol.PageView) {
	if ok, retry := s.allow(ctx); !ok {
		s.sendError(parley.ERATELIMITED, "too many requests; retry later", retry, "")
		return
	}
	s.startVisit(ctx, f.URL, f.Title)
}

// startVisit begins a visit of url now and evaluates the rules at once.
// The page is kept on the contact (attributes page_url and page_title) so
// agents see where the visitor is; a failure to keep it is only logged.
func (s *session) startVisit(ctx context.Context, url, title string) {
	// A reload of the page already kept writes nothing (the reader owns
	// s.sess, which holds the contact as last stored by this connection).
	if was := s.sess.Contact.Attributes; was["page_url"] != url || was["page_title"] != title {
		attrs := map[string]any{"page_url": url, "page_title": title}
		ct, err := s.srv.cfg.Store.UpdateContact(ctx, s.sess.Contact.ID, parley.ContactPatch{Attributes: attrs})
		if err == nil {
			s.sess.Contact = ct
		} else if ctx.Err() == nil {
			s.srv.cfg.Log.Warn("gateway: keep page", "contact", s.sess.Contact.ID, "err", err)
		}
	}
	v := &s.visit
	v.mu.Lock()
	if v.timer != nil {
		v.timer.Stop()
		v.timer = nil
	}
	v.gen++
	v.contact, v.url, v.since, v.tried = s.sess.Contact.ID, url, s.srv.cfg.Now(), map[string]bool{}
	gen := v.gen
	v.mu.Unlock()
	s.srv.goBackground(func() { s.evaluate(gen) })
}

// endVisit stops the timer when the connection ends.
func (s *session) endVisit() {
	v := &s.visit
	v.mu.Lock()
	v.gen++
	if v.timer != nil {
		v.timer.Stop()
	}
	v.mu.Unlock()
}

// evaluate sends every rule due on visit gen, then sets a timer for the
// next one. It runs on its own goroutine (store reads must not hold up the
// reader) and gives up when the visit or the connection has ended.
func (s *session) evaluate(gen int) {
	cfg := &s.srv.cfg
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	rules, err := cfg.Store.ProactiveRules(ctx, s.site.ID)
	if err != nil || len(rules) == 0 {
		if err != nil && ctx.Err() == nil {
			cfg.Log.Warn("gateway: proactive rules", "site", s.site.ID, "err", err)
		}
		return
	}
	for {
		v := &s.visit
		v.mu.Lock()
		if v.gen != gen {
			v.mu.Unlock()
			return
		}
		visit, tried, contactID := proactive.Visit{URL: v.url, Since: v.since}, v.tried, v.contact
		v.mu.Unlock()
		contact, err1 := cfg.Store.Contact(ctx, contactID)
		conv, err2 := cfg.Store.Conversation(ctx, s.conversationID)
		if err1 != nil || err2 != nil {
			return
		}
		st := proactive.State{Mode: conv.Mode, LastSeq: conv.LastSeq, Updated: conv.UpdatedAt}
		now := cfg.Now()
		rule, ok, wait := proactive.Next(rules, visit, contact, st, tried, now)
		v.mu.Lock()
		if v.gen != gen {
			v.mu.Unlock()
			return
		}
		if !ok {
			if wait > 0 {
				v.timer = time.AfterFunc(wait, func() { s.srv.goBackground(func() { s.evaluate(gen) }) })
			}
			v.mu.Unlock()
			return
		}
		v.tried[rule.ID] = true
		v.mu.Unlock()
		s.sendProactive(ctx, rule, contact)
	}
}

// sendProactive claims the rule for the contact (once per Period, on any
// node) and appends its message as the bot's; everyone subscribed sees it.
func (s *session) sendProactive(ctx context.Context, r parley.ProactiveRule, contact parley.Contact) {
	cfg := &s.srv.cfg
	claimed, err := cfg.Store.ClaimForContact(ctx, contact.ID, proactive.ClaimKey(r.ID), proactive.Period)
	if err != nil || !claimed {
		if err != nil {
			cfg.Log.Warn("gateway: proactive claim", "rule", r.ID, "err", err)
		}
		return
	}
	meta, _ := json.Marshal(map[string]string{"event": "proactive", "rule": r.ID})
	m := parley.Message{ConversationID: s.conversationID, Author: parley.Author{Kind: parley.AuthorBot},
		Text: parley.Localized(r.Messages, cmp.Or(s.locale, contact.Locale)), Meta: meta}
	s.appendBot(ctx, m, contact.ID)
}

// appendBot stores a message the gateway writes itself and publishes it.
func (s *session) appendBot(ctx context.Context, m parley.Message, contactID string) {
	stored, _, err := s.srv.cfg.Store.AppendMessage(ctx, m)
	if err != nil {
		s.srv.cfg.Log.Error("gateway: append", "conversation", m.ConversationID, "err", err)
		return
	}
	s.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: s.site.ID,
		ConversationID: stored.ConversationID, ContactID: contactID, Message: &stored})
}

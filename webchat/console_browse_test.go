package webchat_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// conversation starts a conversation for a new contact with one visitor
// message, in the given language.
func (s *consoleServer) conversation(ct parley.Contact, lang, text string) parley.Conversation {
	s.t.Helper()
	ctx := context.Background()
	sess, err := s.Store.CreateSession(ctx, s.Site.ID, parley.HashToken(parley.NewToken()), ct)
	if err != nil {
		s.t.Fatal(err)
	}
	s.say(sess.Conversation.ID, parley.Author{Kind: parley.AuthorVisitor, ID: sess.Contact.ID}, text)
	if err := s.Store.SetLanguage(ctx, sess.Conversation.ID, lang); err != nil {
		s.t.Fatal(err)
	}
	return sess.Conversation
}

// setSelect chooses a value in a <select> as a person would (a change event).
func (c *consolePage) setSelect(sel, value string) {
	c.t.Helper()
	c.js(fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q;
s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()`, sel, value), nil)
}

// The conversations view finds every conversation, resolved ones too, by
// status, language, urgency, assignee and message text; the sidebar lists
// the contact's other conversations (the same email on another device).
func TestConsoleConversationsView(t *testing.T) {
	srv := startConsoleServer(t)
	ana := srv.agent("ana@example.com", "Ana", "l1")
	ctx := context.Background()
	old := srv.conversation(parley.Contact{Name: "Kim", Email: "kim@example.com"}, "en", "My invoice is wrong")
	if _, err := srv.Store.Enqueue(ctx, old.ID, parley.Conversation{Team: "l1", QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.Assign(ctx, old.ID, ana.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.Resolve(ctx, old.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	now := srv.conversation(parley.Contact{Name: "Kim", Email: "KIM@example.com"}, "fr", "Je voudrais réinitialiser mon mot de passe")
	if _, err := srv.Store.Enqueue(ctx, now.ID, parley.Conversation{Team: "billing", Urgency: parley.UrgencyHigh, QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	bot := srv.conversation(parley.Contact{Name: "Lee"}, "en", "hello there")

	c := openConsole(t, srv, "ana@example.com")
	c.click("#tab-all")
	results := func(what string, want ...string) {
		t.Helper()
		ids := jsString(strings.Join(want, " "))
		c.waitJS(what, `(() => { const got = [...document.querySelectorAll('#results .item')].map((e) => e.dataset.id).join(' ');
return document.querySelector('#browse-count').textContent !== 'Searching…' && got === `+ids+`; })()`)
	}
	results("every conversation, newest first", bot.ID, now.ID, old.ID)
	c.click("#search-q")
	c.typeText("INVOICE")
	results("found by a message's text", old.ID)
	if s := c.text("#results .snippet"); s != "My invoice is wrong" {
		t.Errorf("snippet %q; want the matching message", s)
	}
	c.js(`document.querySelector('#search-q').value = ''`, nil)
	c.setSelect("#f-status", "resolved")
	results("resolved", old.ID)
	c.setSelect("#f-status", "open")
	results("open", bot.ID, now.ID)
	c.setSelect("#f-language", "fr")
	results("open, in French", now.ID)
	c.setSelect("#f-language", "")
	c.setSelect("#f-urgency", "high")
	results("high urgency", now.ID)
	c.setSelect("#f-urgency", "")
	c.setSelect("#f-status", "")
	c.setSelect("#f-assignee", "me")
	results("assigned to me (resolved since)", old.ID)
	c.setSelect("#f-assignee", "none")
	results("nobody's", bot.ID, now.ID)

	c.click(fmt.Sprintf(`#results .item[data-id=%q]`, now.ID))
	c.waitJS("the conversation", `document.querySelector('#conv-title').textContent === 'Kim'`)
	hist := fmt.Sprintf(`#history .hist[data-id=%q]`, old.ID)
	c.waitJS("Kim's earlier conversation in the sidebar", fmt.Sprintf(`document.querySelectorAll('#history .hist').length === 1 && document.querySelector(%q)?.textContent.includes('Resolved')`, hist))
	c.click(hist)
	c.waitJS("the resolved conversation, readable", `document.querySelector('#conv-state').textContent.includes('Resolved') &&
[...document.querySelectorAll('#log .msg-visitor .text')].some((e) => e.textContent === 'My invoice is wrong')`)
	c.shot("conversations")
}

package webchat_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parley-chat/parley"
)

// The handoff path: "Talk to a person", the queue banner with position and
// ETA, the offline form (→ contact, the visitor becomes a lead), typing, the
// agent's name, an agent's Markdown, the unread badge and the live region,
// and the CSAT prompt after an assigned conversation is resolved.
func TestHandoffQueueAgentAndCSAT(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	conv := p.conversationID()
	ctx := context.Background()

	p.click(".human")
	p.wait("human_requested note", `return [...root.querySelectorAll('.note')].some(n=>n.textContent==='You asked to talk to a person.')`)
	p.wait("queued: no more 'talk to a person'", `return root.querySelector('.human').hidden`)
	srv.publish(parley.Event{Kind: parley.EventStatus, ConversationID: conv,
		Status: &parley.Status{Mode: parley.ModeQueued, QueuePosition: 3, ETASeconds: 230}})
	p.wait("queue position and ETA, no email form", `return root.querySelector('.banner').textContent==='Your place in the queue: 3 · about 4 min'&&
!root.querySelector('.extra').textContent`)
	// Nobody can answer any more: no queue position, the email form with
	// its own button (the composer's is the panel's only "Send").
	srv.publish(parley.Event{Kind: parley.EventStatus, ConversationID: conv,
		Status: &parley.Status{Mode: parley.ModeQueued, QueuePosition: 2, Offline: true}})
	var offline struct {
		Banner, Button string
		Sends          int
	}
	p.wait("the email form instead of the queue", `const b=root.querySelector('.extra button[type=submit]');return b&&{banner:root.querySelector('.banner').textContent,
button:b.textContent,sends:[...root.querySelectorAll('button')].filter(x=>x.textContent==='Send').length}`, &offline)
	if offline.Banner != "" || offline.Button != "Leave my email" || offline.Sends != 1 {
		t.Errorf("nobody available shows banner %q, form button %q, %d Send buttons; want no banner, \"Leave my email\", one Send", offline.Banner, offline.Button, offline.Sends)
	}

	p.click(".extra input[type=email]")
	p.typeText("ann@example.com")
	p.click(".extra button[type=submit]")
	p.wait("contact_saved note", `return [...root.querySelectorAll('.note')].some(n=>n.textContent==='Your contact details were saved.')`)
	var contactID string
	p.eval(`window.__ready.contact.id`, &contactID)
	waitFor(t, "the visitor became a lead", func() bool {
		c, err := srv.Store.Contact(ctx, contactID)
		return err == nil && c.Segment == parley.SegmentLead && c.Email == "ann@example.com"
	})

	srv.publish(parley.Event{Kind: parley.EventTyping, ConversationID: conv, Author: &parley.Author{Kind: parley.AuthorAgent, Name: "Anna"}, On: true})
	p.wait("typing indicator", `return root.querySelector('.typing').textContent==='Anna is typing…'`)
	p.wait("nobody available, said once", `return root.querySelector('.banner').textContent==='Nobody is available right now.'`)
	srv.setStatus(conv, parley.Status{Mode: parley.ModeAssigned, AgentName: "Anna"})
	p.wait("agent's name, nobody-available gone", `return root.querySelector('.banner').textContent==='You are chatting with Anna'&&
!root.querySelector('.panel').textContent.includes('Nobody')`)
	srv.agentSays(conv, "Anna", "Hello! **Bold**, *italic* and a list:\n- one\n- two\n\n"+
		"See [the guide](/help/reset-password?lang=en) or [elsewhere](https://example.org/).")
	var md struct {
		Strong, Em, Who, Typing string
		Items                   int
		Links                   []string
	}
	p.wait("the agent's message", `const m=root.querySelector('.msg.agent');return m&&{strong:m.querySelector('strong').textContent,
em:m.querySelector('em').textContent,who:m.querySelector('.who').textContent,items:m.querySelectorAll('ul li').length,
links:[...m.querySelectorAll('a')].map(a=>a.textContent+' '+a.href),typing:root.querySelector('.typing').textContent}`, &md)
	if md.Strong != "Bold" || md.Em != "italic" || md.Items != 2 || md.Who != "Anna" || md.Typing != "" ||
		len(md.Links) != 1 || md.Links[0] != "the guide "+srv.URL+"/help/reset-password?lang=en" {
		t.Errorf("agent message rendered as %+v", md)
	}

	// Closed: a new message counts on the launcher and is announced.
	p.do(chromedp.KeyEvent(kb.Escape))
	srv.agentSays(conv, "Anna", "One more thing")
	p.wait("unread badge", `return root.querySelector('.badge').textContent==='1'`)
	var live string
	p.widget(`return root.querySelector('[aria-live=polite].sr').textContent`, &live)
	if live != "Anna: One more thing" {
		t.Errorf("live region says %q", live)
	}
	p.openPanel()
	p.wait("badge cleared", `return root.querySelector('.badge').textContent===''`)

	srv.setStatus(conv, parley.Status{Mode: parley.ModeResolved})
	p.wait("CSAT prompt", `return root.querySelectorAll('.extra .stars button').length===5`)
	p.click(".stars button:nth-child(4)")
	p.click(".extra textarea")
	p.typeText("Quick and kind")
	p.click(".extra button[type=submit]")
	p.wait("thanks for the rating", `return root.querySelector('.extra').textContent==='Thank you for your rating!'`)
	waitFor(t, "CSAT stored", func() bool {
		score, comment, err := srv.Store.CSAT(ctx, conv)
		return err == nil && score == 4 && comment == "Quick and kind"
	})
	p.noAlerts()
}

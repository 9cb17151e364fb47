package webchat_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
)

var xssCorpus = []string{
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`[x](javascript:alert(1))`,
	`<svg onload=alert(1)>`,
	`![a](https://evil.example/x.png?c=secret)`,
	"\u202Egnp.exe \u202Cright-to-left override",
	`[ok](https://evil.example/phish) <a href="javascript:alert(1)">y</a>`,
}

const evilName = "<img src=x onerror=alert(1)>\u202Eevil\u202C<svg onload=alert(1)>"

// Test 5: markup and scripts in visitor messages, in names (signed-in user,
// agent, typing) and in attributes run nothing and show as text; the widget
// holds no img/svg/script element and fetches nothing from the messages.
func TestUntrustedTextIsNeverMarkup(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	id, _ := json.Marshal(map[string]any{
		"user_id": "u-xss", "user_hash": gateway.UserHash(identitySecret, "u-xss"), "name": evilName,
		"email": "x@example.com", "attributes": map[string]any{"plan": xssCorpus[0], "note": xssCorpus[3], "bidi": xssCorpus[5]},
	})
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/?js=" + url.QueryEscape("Parley('identify', "+string(id)+");")))
	p.openWidget()
	p.waitPage("signed-in user", `window.__ready.contact.segment==='user'`)
	conv := p.conversationID()

	// Assigned first, so the bot stays out of it and nothing else changes the status.
	srv.setStatus(conv, parley.Status{Mode: parley.ModeAssigned, AgentName: evilName})
	p.wait("the agent's name", `return root.querySelector('.banner').textContent.includes('evil')`)
	srv.publish(parley.Event{Kind: parley.EventTyping, ConversationID: conv,
		Author: &parley.Author{Kind: parley.AuthorAgent, Name: evilName}, On: true})
	p.say(xssCorpus[1]) // through the composer
	rest, _ := json.Marshal(append(xssCorpus[:1:1], xssCorpus[2:]...))
	p.eval(fmt.Sprintf(`for (const s of %s) Parley.send(s); true`, rest), nil)
	srv.agentSays(conv, evilName, strings.Join(xssCorpus, "\n\n"))
	p.wait("every message shown", fmt.Sprintf(`return root.querySelectorAll('.msg.visitor[data-seq]').length===%d&&
root.querySelector('.msg.agent')`, len(xssCorpus)))

	var got struct {
		Elements, Visitor  []string
		Hrefs              []string
		Who, Banner, Agent string
	}
	p.widget(`const all=(s)=>[...root.querySelectorAll(s)];
return {elements:all('img,svg,script,iframe,object,embed,video,audio,image,math,link:not([rel=stylesheet])').map(e=>e.outerHTML),
visitor:all('.msg.visitor .body').map(e=>e.textContent),hrefs:all('a').map(a=>a.getAttribute('href')),
who:root.querySelector('.msg.agent .who').textContent,banner:root.querySelector('.banner').textContent,
agent:root.querySelector('.msg.agent .body').textContent}`, &got)
	if len(got.Elements) > 0 {
		t.Errorf("the widget holds elements from untrusted text: %q", got.Elements)
	}
	for i, want := range append([]string{xssCorpus[1], xssCorpus[0]}, xssCorpus[2:]...) {
		if i >= len(got.Visitor) || got.Visitor[i] != want {
			t.Errorf("visitor message %d shows %q; want the text %q", i, at(got.Visitor, i), want)
		}
	}
	for _, h := range got.Hrefs {
		if !strings.HasPrefix(h, srv.URL) && !strings.HasPrefix(h, host) {
			t.Errorf("a link to %q: only the Parley and page hosts are allowed", h)
		}
	}
	clean := "<img src=x onerror=alert(1)>evil<svg onload=alert(1)>"
	if got.Who != clean || !strings.Contains(got.Banner, clean) {
		t.Errorf("names: who %q, banner %q; want the name as text without bidi controls", got.Who, got.Banner)
	}
	for _, s := range []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "ok"} {
		if !strings.Contains(got.Agent, s) {
			t.Errorf("agent message %q does not show %q as text", got.Agent, s)
		}
	}
	if strings.Contains(got.Agent, "javascript") && !strings.Contains(got.Agent, `<a href="javascript:alert(1)">`) {
		t.Errorf("agent message shows a javascript: URL outside the literal text: %q", got.Agent)
	}
	for _, u := range p.requests() {
		if strings.Contains(u, "evil.example") || strings.HasSuffix(u, "/x") {
			t.Errorf("the page fetched %s", u)
		}
	}
	p.noAlerts()
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<missing>"
}

// Test 6: identify with a bad user_hash does not make a user: the welcome's
// contact stays a visitor and identity_rejected arrives through the public
// API. A good one signs in; shutdown forgets the visitor.
func TestIdentifyAndShutdown(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/?js=" + url.QueryEscape(`Parley('identify', {user_id: 'u-1', user_hash: '00ff00ff'});`)))
	p.openWidget()
	var segment string
	p.eval(`window.__ready.contact.segment`, &segment)
	if segment != "visitor" {
		t.Fatalf("a bad user_hash made a %q", segment)
	}
	p.waitPage("identity_rejected", `window.__errors.some(e=>e.code==='identity_rejected')`)
	visitor := p.conversationID()

	p.eval(fmt.Sprintf(`Parley.identify({user_id: 'u-2', user_hash: %q, name: 'Ann'}); true`, gateway.UserHash(identitySecret, "u-2")), nil)
	p.waitPage("signed in", `window.__ready.contact.segment==='user'`)

	p.eval(`Parley.shutdown(); true`, nil)
	p.wait("closed and emptied", `return root.querySelector('.panel').hidden&&!root.querySelector('.log li')`)
	var stored bool
	p.eval(`localStorage.getItem('parley:demo')!==null`, &stored)
	if stored {
		t.Error("shutdown left the visitor in localStorage")
	}
	p.openWidget()
	p.waitPage("a new visitor", fmt.Sprintf(`window.__ready.conversation_id!==%q&&window.__ready.contact.segment==='visitor'`, visitor))
	p.noAlerts()
}

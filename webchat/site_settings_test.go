package webchat_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
)

// The site's colour and side reach the widget through welcome.site, and a
// Polish page shows the Polish greeting as the bot's first bubble.
func TestSiteColourAndPolishGreeting(t *testing.T) {
	srv := startParley(t, highLimits)
	site := srv.Site
	site.Theme = parley.Theme{Color: "#0f766e", Position: "left"}
	site.Greetings = map[string]string{"en": "Hello! How can we help?", "pl": "Dzień dobry! W czym możemy pomóc?"}
	if err := srv.Store.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/?lang=pl"))
	p.openWidget()
	var greeting string
	p.wait("the Polish greeting", `const g=root.querySelector('.log .greeting .body');return g&&g.textContent`, &greeting)
	if greeting != "Dzień dobry! W czym możemy pomóc?" {
		t.Fatalf("greeting = %q", greeting)
	}
	var look struct {
		Head, Launcher string
		Left           float64
	}
	p.wait("the site's colour", `const s=(q)=>getComputedStyle(root.querySelector(q)).backgroundColor;
const l=root.querySelector('.launcher').getBoundingClientRect();
return s('.head')==='rgb(15, 118, 110)'&&{head:s('.head'),launcher:s('.launcher'),left:l.left}`, &look)
	if look.Launcher != "rgb(15, 118, 110)" || look.Left > 100 {
		t.Fatalf("launcher %s at x=%v, want the site's colour on the left", look.Launcher, look.Left)
	}
	// Once the visitor writes, the greeting stays first and the answer follows.
	p.say("Cześć")
	p.wait("the visitor's message after the greeting", `const li=[...root.querySelectorAll('.log > li')];
return li.length>=2&&li[0].classList.contains('greeting')&&li[1].classList.contains('visitor')`)
	p.noAlerts()
}

// A rule on /pricing* fires once, no sooner than its delay after the
// visitor reached the page by in-page navigation, and not again after a
// reload the same day.
func TestProactiveRuleOnPricing(t *testing.T) {
	srv := startParley(t, highLimits)
	ctx := context.Background()
	err := srv.Store.PutProactiveRules(ctx, srv.Site.ID, []parley.ProactiveRule{{ID: "pricing", Name: "Pricing",
		URLPattern: "/pricing*", MinSecondsOnPage: 1, Active: true, Messages: map[string]string{"en": "Questions about our plans?"}}})
	if err != nil {
		t.Fatal(err)
	}
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	var start float64
	p.eval(`history.pushState({}, '', '/pricing?plan=team'); Date.now()`, &start)
	var created string
	p.waitPage("the proactive message", `(window.__messages.find(m=>m.meta&&m.meta.event==='proactive')||{}).created_at`, &created)
	at, err := time.Parse(time.RFC3339Nano, created)
	if err != nil {
		t.Fatal(err)
	}
	if d := at.Sub(time.UnixMilli(int64(start))); d < time.Second {
		t.Fatalf("the message came %v after the page view; the rule waits 1s", d)
	}
	p.wait("the message in the log", `return [...root.querySelectorAll('.log .bot .body')].some(b=>b.textContent==='Questions about our plans?')`)

	conv := p.conversationID()
	p.do(chromedp.Reload())
	p.openWidget()
	p.wait("history after the reload", `return root.querySelectorAll('.log .bot').length>=1`)
	time.Sleep(2 * time.Second) // past the rule's delay: a second message would be stored by now
	msgs, err := srv.Store.Messages(ctx, conv, 0, 100, false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if string(m.Meta) == `{"event":"proactive","rule":"pricing"}` {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d proactive messages stored, want 1", n)
	}
	p.noAlerts()
}

// A signed-in user is asked for NPS after the conversation is resolved,
// answers 9, and the score is stored.
func TestNPSAfterResolution(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	id := fmt.Sprintf(`Parley('identify', {user_id: 'u-nps', user_hash: %q, name: 'Nadia'});`, gateway.UserHash(identitySecret, "u-nps"))
	p.do(chromedp.Navigate(host + "/?js=" + url.QueryEscape(id)))
	p.openWidget()
	p.waitPage("signed in", `window.__ready.contact.segment==='user'`)
	conv := p.conversationID()
	srv.agentSays(conv, "Ana", "Your invoice is in Settings → Billing.")
	srv.setStatus(conv, parley.Status{Mode: parley.ModeResolved})
	p.click(`.nps .scale button:nth-child(10)`) // 9
	p.click(`.nps button[type=submit]`)
	p.wait("thanks", `const n=root.querySelector('.nps [role=status]');return n&&n.textContent`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		acts, err := srv.Store.Activities(context.Background(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var scores []int
		for _, a := range acts {
			if a.Kind == parley.ActivityNPS && a.ConversationID == conv {
				scores = append(scores, a.Score)
			}
		}
		if len(scores) == 1 && scores[0] == 9 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nps scores stored: %v, want [9]", scores)
		}
		time.Sleep(25 * time.Millisecond)
	}
	p.noAlerts()
}

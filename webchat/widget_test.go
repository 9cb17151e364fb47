package webchat_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parley-chat/parley"
)

// askPassword opens the widget, asks the demo KB question and waits for the
// bot's answer; it returns the article link's href.
func askPassword(p *page) string {
	p.t.Helper()
	p.openWidget()
	p.say("How do I reset my password?")
	var href string
	p.wait("the bot's answer with an article link",
		`const a=root.querySelector('.msg.bot a[href*="/help/reset-password"]');return a&&a.href`, &href)
	return href
}

// Test 1: the snippet on a page of another origin loads only widget.js until
// the visitor opens the chat; then a KB question gets the bot's answer with
// the article's link, feedback works, and Esc closes back to the launcher.
func TestEmbedOnOtherOriginAnswersFromKB(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/pricing"))
	p.wait("launcher", `const b=root.querySelector('.launcher');return b&&b.getBoundingClientRect().width>0`)
	var before []string
	for _, u := range p.requests() {
		if strings.HasPrefix(u, srv.URL) {
			before = append(before, u)
		}
	}
	if !slices.Equal(before, []string{srv.URL + "/widget.js"}) {
		t.Fatalf("before opening, the page loaded %q from Parley; want only widget.js", before)
	}

	href := askPassword(p)
	var composer string
	p.widget(`return root.querySelector('textarea').value`, &composer)
	if composer != "" {
		t.Errorf("after Enter the composer holds %q; want it empty", composer)
	}
	if !strings.HasPrefix(href, srv.URL+"/help/reset-password") {
		t.Errorf("article link %q does not resolve to the Parley host", href)
	}
	var link struct{ Target, Rel, Text string }
	p.widget(`const a=root.querySelector('.msg.bot .body a');return {target:a.target,rel:a.rel,text:a.textContent}`, &link)
	if link.Target != "_blank" || link.Rel != "noopener noreferrer" {
		t.Errorf("link in the answer: %+v", link)
	}
	// The host page's hostile CSS does not reach into the widget.
	var color string
	p.widget(`return getComputedStyle(root.querySelector('.msg.bot .body')).color`, &color)
	if color == "rgb(255, 0, 0)" {
		t.Errorf("the page's CSS leaked into the widget (color %s)", color)
	}

	// Was this helpful? 👍 sends feedback{seq, helpful} for that answer.
	var seq int64
	p.widget(`return Number(root.querySelector('.msg.bot').dataset.seq)`, &seq)
	p.click(`.msg.bot .fb button[aria-pressed]`)
	p.wait("thanks for the feedback", `return root.querySelector('.msg.bot .fb .thanks').textContent`)
	conv := p.conversationID()
	waitFor(t, "feedback stored", func() bool {
		fb, err := srv.Store.Feedback(context.Background(), conv)
		return err == nil && fb[seq]
	})

	// Esc closes the panel and gives the focus back to the launcher.
	p.do(chromedp.KeyEvent(kb.Escape))
	p.wait("closed, focus on the launcher",
		`return root.querySelector('.panel').hidden&&root.activeElement===root.querySelector('.launcher')`)
	p.noAlerts()
}

// Test 2: a reload and another page of the site show the same history,
// nothing twice.
func TestReloadAndNavigationKeepHistory(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	askPassword(p)
	history := func() []string {
		var h []string
		p.widget(`return [...root.querySelectorAll('.log > li')].map(li=>li.dataset.seq+':'+(li.querySelector('.body')||li).textContent)`, &h)
		return h
	}
	want := history()
	if len(want) < 2 {
		t.Fatalf("history before reload: %q", want)
	}
	conv := p.conversationID()
	for _, step := range []chromedp.Action[chromedp.Void]{chromedp.Reload(), chromedp.Navigate(host + "/docs/other-page")} {
		p.do(step)
		p.openWidget()
		if got := p.conversationID(); got != conv {
			t.Fatalf("conversation changed from %s to %s", conv, got)
		}
		p.wait("history shown", `return root.querySelectorAll('.log > li').length>=`+itoa(len(want)))
		if got := history(); !slices.Equal(got, want) {
			t.Fatalf("history after reload/navigation:\n got %q\nwant %q", got, want)
		}
	}
	p.noAlerts()
}

// A clarify answer's suggestions are buttons (in place of the text's list)
// that ask the suggested question.
func TestClarifySuggestions(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	conv := p.conversationID()
	m, _, err := srv.Store.AppendMessage(context.Background(), parley.Message{ConversationID: conv, ClientID: "bot:test",
		Author: parley.Author{Kind: parley.AuthorBot, Name: "Bot"}, Text: "Did you mean one of these?\n- How to reset your password\n- <b>Plans</b>",
		Meta: json.RawMessage(`{"action":"clarify","suggestions":[{"slug":"reset-password","title":"How to reset your password"},{"slug":"plans-pricing","title":"<b>Plans</b>"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	srv.publish(parley.Event{Kind: parley.EventMessage, ConversationID: conv, Message: &m})
	var got struct {
		Text  string
		Chips []string
	}
	p.wait("suggestions", `const m=root.querySelector('.msg.bot');return m&&{text:m.querySelector('.body').textContent,
chips:[...m.querySelectorAll('.chip')].map(c=>c.textContent)}`, &got)
	if got.Text != "Did you mean one of these?" || !slices.Equal(got.Chips, []string{"How to reset your password", "<b>Plans</b>"}) {
		t.Fatalf("clarify shown as %+v", got)
	}
	p.click(".msg.bot .chip")
	p.wait("the suggestion asked", `return [...root.querySelectorAll('.msg.visitor[data-seq] .body')].some(b=>b.textContent==='How to reset your password')`)
	p.noAlerts()
}

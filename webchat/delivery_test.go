package webchat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
)

// Test 3: the visitor keeps typing through a network loss, a server restart
// and a reload while the server is down; every message is stored and shown
// exactly once.
func TestNoMessageLostOrDuplicated(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	conv := p.conversationID()
	var sent []string
	say := func(text string) {
		p.say(text)
		sent = append(sent, text)
		p.wait("shown once: "+text, fmt.Sprintf(`return [...root.querySelectorAll('.msg.visitor .body')].filter(e=>e.textContent===%q).length===1`, text))
	}
	delivered := func(what string) {
		p.wait(what, fmt.Sprintf(`return root.querySelectorAll('.msg.visitor.pending').length===0&&
root.querySelectorAll('.msg.visitor[data-seq]').length===%d`, len(sent)))
	}
	say("first, online")
	delivered("first message acked")

	// The network goes away: the widget notices, keeps what is typed.
	p.offline(true)
	p.wait("offline banner", `return root.querySelector('.banner').textContent.length>0`)
	say("typed offline 1")
	say("typed offline 2")
	if _, pending := p.visitorTexts(); len(pending) != 2 {
		t.Fatalf("while offline, pending = %q; want the two offline messages", pending)
	}
	p.offline(false)
	delivered("offline messages delivered after the network came back")

	// The server restarts and stays unreachable for a while (503 on the
	// websocket); the visitor types, reloads, types again.
	srv.down.Store(true)
	srv.restart() // the old node closes its connections with 1012
	p.wait("reconnecting banner", `return root.querySelector('.banner').textContent.length>0`)
	say("typed while the server is down")
	p.do(chromedp.Reload())
	p.wait("unsent message kept across the reload",
		`return [...root.querySelectorAll('.msg.visitor.pending .body')].some(e=>e.textContent==='typed while the server is down')`)
	p.openPanel()
	say("typed after the reload")
	srv.down.Store(false)
	p.offline(true) // the network blinks: the widget retries at once when it is back
	p.offline(false)
	delivered("everything delivered after the restart")

	confirmed, pending := p.visitorTexts()
	for _, s := range sent {
		if countOf(confirmed, s) != 1 {
			t.Errorf("%q shown %d times in %q", s, countOf(confirmed, s), confirmed)
		}
	}
	if len(pending) != 0 {
		t.Errorf("still pending: %q", pending)
	}
	var seqs []int
	p.widget(`return [...root.querySelectorAll('.log > li')].map(li=>Number(li.dataset.seq))`, &seqs)
	if !slices.IsSorted(seqs) || len(slices.Compact(slices.Clone(seqs))) != len(seqs) {
		t.Errorf("seqs on screen not strictly increasing: %v", seqs)
	}
	stored, err := srv.Store.Messages(context.Background(), conv, 0, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range stored {
		if m.Author.Kind == parley.AuthorVisitor {
			texts = append(texts, m.Text)
		}
	}
	if !slices.Equal(texts, sent) {
		t.Errorf("stored visitor messages %q; want exactly %q", texts, sent)
	}
	p.noAlerts()
}

// A rate-limited send is resent with the same client_id after
// retry_after_ms, and arrives once.
func TestRateLimitedSendsAreRetried(t *testing.T) {
	lim := highLimits
	lim.ContactMessages = parley.Rate{Count: 120, Period: time.Minute, Burst: 2}
	srv := startParley(t, lim)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	var sent []string
	for i := range 5 {
		sent = append(sent, fmt.Sprintf("burst message %d", i+1))
	}
	js, _ := json.Marshal(sent)
	p.eval(fmt.Sprintf(`for (const s of %s) Parley.send(s); true`, js), nil)
	p.waitPage("a rate_limited error", `window.__errors.some(e=>e.code==='rate_limited'&&e.client_id)`)
	p.wait("all five delivered", `return root.querySelectorAll('.msg.visitor[data-seq]').length===5&&!root.querySelector('.msg.visitor.pending')`)
	confirmed, _ := p.visitorTexts()
	if !slices.Equal(confirmed, sent) {
		t.Errorf("shown %q; want %q in order", confirmed, sent)
	}
	stored, err := srv.Store.Messages(context.Background(), p.conversationID(), 0, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range stored {
		if m.Author.Kind == parley.AuthorVisitor {
			n++
		}
	}
	if n != 5 {
		t.Errorf("stored %d visitor messages; want 5", n)
	}
	p.noAlerts()
}

package webchat_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// hostPage serves a customer page from its own origin (not Parley's): the
// documented snippet, hooks that record every alert/console call and the
// widget's public events, and hostile CSS the widget must not inherit.
// Query parameters: lang, dir, locale (data-locale), js (extra snippet code).
func hostPage(t *testing.T, parleyURL string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		lang, dir := cmpOr(q.Get("lang"), "en"), cmpOr(q.Get("dir"), "ltr")
		attrs := ""
		if l := q.Get("locale"); l != "" {
			attrs = fmt.Sprintf(` data-locale="%s"`, l)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, hostHTML, lang, dir, r.URL.Path, q.Get("js"), parleyURL, attrs)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

const hostHTML = `<!doctype html><html lang="%s" dir="%s"><head><meta charset="utf-8"><title>Host page %s</title>
<style>*{color:#f00!important;font-family:serif!important;letter-spacing:3px!important}
button,li,div,p,ol,ul,section,form,textarea{display:none!important;border:9px solid red!important}</style>
<script>
window.__alerts=[];for(const f of ['alert','confirm','prompt'])window[f]=(...a)=>{__alerts.push(f+':'+a.join(','))};
for(const f of ['log','warn','error','info','debug'])console[f]=(...a)=>{__alerts.push('console.'+f+':'+a.map(String).join(' '))};
addEventListener('error',(e)=>__alerts.push('error:'+e.message));
addEventListener('unhandledrejection',(e)=>__alerts.push('rejection:'+e.reason));
window.__errors=[];window.__statuses=[];window.__messages=[];
</script>
<script>
  window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
  Parley('on', 'ready', (r) => { window.__ready = r; });
  Parley('on', 'error', (e) => { __errors.push(e); });
  Parley('on', 'status', (s) => { __statuses.push(s); });
  Parley('on', 'message', (m) => { __messages.push(m); });
  %s
</script>
<script src="%s/widget.js" data-site="demo"%s async></script>
</head><body><h1>A customer page</h1></body></html>`

// noAlerts fails when the page called alert/confirm/prompt/console or threw.
func (p *page) noAlerts() {
	p.t.Helper()
	var alerts []string
	p.eval(`window.__alerts`, &alerts)
	if len(alerts) > 0 {
		p.t.Fatalf("the page saw alerts, console calls or errors: %q", alerts)
	}
}

// openWidget waits for the launcher, clicks it and waits until the panel is
// open with the focus in the composer and the visitor welcomed.
func (p *page) openWidget() {
	p.t.Helper()
	p.openPanel()
	p.waitPage("welcome", `window.__ready && window.__ready.conversation_id`)
}

// openPanel opens the widget without waiting for the server.
func (p *page) openPanel() {
	p.t.Helper()
	p.click(".launcher")
	p.wait("open panel with focus in the composer",
		`return !root.querySelector('.panel').hidden && root.activeElement===root.querySelector('textarea')`)
}

func (p *page) conversationID() string {
	var id string
	p.eval(`window.__ready.conversation_id`, &id)
	return id
}

// say types text into the composer and presses Enter.
func (p *page) say(text string) {
	p.t.Helper()
	p.typeText(text)
	p.pressEnter()
}

// pressEnter sends Enter as a keyboard does: a keyDown carrying the text
// "\r" (which types a new line unless the page prevents it) and a keyUp.
func (p *page) pressEnter() {
	p.t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		ev := input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		if typ == input.DispatchKeyEventTypeKeyDown {
			ev.Text, ev.UnmodifiedText = "\r", "\r"
		}
		if _, err := chromedp.Call(p.ctx, input.DispatchKeyEvent, ev); err != nil {
			p.t.Fatal(err)
		}
	}
}

// shownTexts returns the texts of the visitor's confirmed and pending messages.
func (p *page) visitorTexts() (confirmed, pending []string) {
	p.t.Helper()
	var r struct{ Confirmed, Pending []string }
	p.widget(`const t=(s)=>[...root.querySelectorAll(s)].map(e=>e.textContent);
return {confirmed:t('.msg.visitor[data-seq] .body'),pending:t('.msg.visitor.pending .body')}`, &r)
	return r.Confirmed, r.Pending
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			n++
		}
	}
	return n
}

// waitFor polls cond on the Go side (the server's state) for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

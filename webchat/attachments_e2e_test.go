package webchat_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
)

// checkoutPNG is JavaScript making a File: a small screenshot-like PNG
// drawn on a canvas, as a visitor would attach one.
const checkoutPNG = `await new Promise((res) => { const c = document.createElement('canvas'); c.width = 320; c.height = 190;
const g = c.getContext('2d'); g.fillStyle = '#f1f5f9'; g.fillRect(0, 0, 320, 190); g.fillStyle = '#1d4ed8'; g.fillRect(0, 0, 320, 34);
g.fillStyle = '#fff'; g.font = 'bold 15px sans-serif'; g.fillText('Checkout', 12, 22); g.fillStyle = '#fee2e2'; g.fillRect(20, 56, 280, 96);
g.strokeStyle = '#b91c1c'; g.lineWidth = 2; g.strokeRect(20, 56, 280, 96); g.fillStyle = '#b91c1c'; g.font = 'bold 18px sans-serif';
g.fillText('Payment failed (502)', 38, 96); g.font = '14px sans-serif'; g.fillText('Please try again later.', 38, 124);
c.toBlob((b) => res(new File([b], 'checkout-error.png', {type: 'image/png'})), 'image/png'); })`

// pick puts files in a file input and tells the page, as the picker does.
const pick = `const dt = new DataTransfer(); for (const f of files) dt.items.add(f); input.files = dt.files;
input.dispatchEvent(new Event('change', {bubbles: true})); return true;`

// widgetAttach chooses a file (JavaScript evaluating to a File) in the
// widget's picker, after clicking the paperclip as a visitor would.
func (p *page) widgetAttach(file string) {
	p.t.Helper()
	p.widget(`const b = root.querySelector('.composer .attach'); b.click(); const input = root.querySelector('.composer input[type=file]');
const files = [`+file+`];`+pick, nil)
}

// consoleAttach chooses a file in the console's picker.
func (c *consolePage) consoleAttach(file string) {
	c.t.Helper()
	var ok bool
	c.js(`(async () => { const input = document.querySelector('#file'); const files = [`+file+`];`+pick+` })()`, &ok)
}

// openHandoff starts a conversation in the widget on a page of another
// origin and hands it to Ana in the console: the visitor asks for a person,
// Ana (away, so routing leaves it to her) takes it from the queue.
func openHandoff(t *testing.T, srv *consoleServer) (*page, *consolePage, string) {
	t.Helper()
	return openHandoffOn(t, srv, hostPage(t, srv.URL)+"/pricing", "How do I reset my password?")
}

// openHandoffOn is openHandoff with the visitor on pageURL, asking first.
func openHandoffOn(t *testing.T, srv *consoleServer, pageURL, first string) (*page, *consolePage, string) {
	t.Helper()
	ana := srv.agent("ana@example.com", "Ana", "l1")
	c := openConsole(t, srv, "ana@example.com")
	waitFor(t, "Ana online", func() bool { return srv.presence(ana.ID) == parley.PresenceOnline })
	c.js(`(() => { const s = document.querySelector('#presence'); s.value = 'away'; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, nil)
	waitFor(t, "Ana away", func() bool { return srv.presence(ana.ID) == parley.PresenceAway })

	p := newPage(t)
	p.do(chromedp.Navigate(pageURL))
	p.openPanel()
	var conv string // the demo page has no hooks of its own: ask the widget's storage
	p.waitPage("welcome", `JSON.parse(localStorage.getItem('parley:demo') || '{}').conversation_id`, &conv)
	p.say(first)
	p.wait("the message stored", `return root.querySelector('.msg.visitor[data-seq]')`)
	p.click(".human")
	row := listItem("queue", conv)
	c.waitJS("the handoff in the queue", fmt.Sprintf(`document.querySelector(%q)`, row))
	c.click(row)
	c.click("#take")
	c.waitJS("assigned to Ana", `document.querySelector('#conv-state').textContent.includes('Assigned to you')`)
	return p, c, conv
}

// A visitor attaches an image in the widget: it shows as a thumbnail on
// both sides. The agent attaches a PDF: the visitor gets a link with its
// name and size that downloads it. A file over the limit is refused in the
// widget with the limit shown, before it is sent.
func TestAttachmentsBothWays(t *testing.T) {
	srv := startConsoleServer(t)
	p, c, conv := openHandoff(t, srv)

	p.widgetAttach(checkoutPNG)
	p.wait("the image as a loaded thumbnail in the widget", `const i = root.querySelector('.msg.visitor[data-seq] .files a.thumb img');
return i && i.complete && i.naturalWidth === 320 && i.closest('a').href.includes('sig=')`)
	var alt string
	p.widget(`return root.querySelector('.msg.visitor .files img').alt`, &alt)
	if alt != "checkout-error.png" {
		t.Errorf("thumbnail alt %q", alt)
	}
	c.waitJS("the image as a loaded thumbnail in the console", `(() => { const i = document.querySelector('#log .msg-visitor .files a.thumb img');
return i && i.complete && i.naturalWidth === 320 && i.closest('a').target === '_blank'; })()`)

	c.consoleAttach(`new File(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], 'invoice-1042.pdf', {type: 'application/pdf'})`)
	c.waitJS("the PDF in the console's transcript", `[...document.querySelectorAll('#log .msg-agent .files a.file')].some((a) => a.textContent.includes('invoice-1042.pdf'))`)
	var link struct{ Text, Href, Download string }
	p.wait("the PDF as a link in the widget", `const a = root.querySelector('.msg.agent .files a.file');
return a && a.href && {text: a.textContent, href: a.href, download: a.getAttribute('download')}`, &link)
	if !strings.Contains(link.Text, "invoice-1042.pdf") || !strings.Contains(link.Text, " B") || link.Download != "invoice-1042.pdf" {
		t.Errorf("PDF link in the widget: %+v", link)
	}
	resp, err := http.Get(link.Href)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the visitor's link answers %d %v", resp.StatusCode, resp.Header)
	}

	p.widgetAttach(`new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'holiday.png', {type: 'image/png'})`)
	var shown string
	p.wait("the size error", `const e = root.querySelector('.upload.err'); return e && e.textContent`, &shown)
	if !strings.Contains(shown, "holiday.png") || !strings.Contains(shown, "too large") || !strings.Contains(shown, "10.0 MB") {
		t.Errorf("oversize error %q", shown)
	}
	msgs, err := srv.Store.Messages(t.Context(), conv, 0, 100, true)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if strings.Contains(string(m.Meta), `"attachments"`) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d messages carry attachments; want 2 (the image, the PDF)", n)
	}
	p.noAlerts()
}

// Read state, both ways: the console shows the agent's conversation, so
// the visitor's own message gets its read mark; the visitor reads the
// agent's reply, so the console shows "Seen" under it, live.
func TestReadStateBothWays(t *testing.T) {
	srv := startConsoleServer(t)
	p, c, conv := openHandoff(t, srv)
	p.wait("the visitor's message marked read by a person", `const m = root.querySelector('.msg.visitor[data-seq] .mark');
return m && m.classList.contains('read') && m.textContent.includes('Read')`)

	p.widget(`root.querySelector('.x:not(.menu-btn)').click(); return true`, nil) // closed: the reply stays unread
	c.click("#reply")
	c.typeText("Could you send a screenshot of the error?")
	c.pressEnter()
	p.wait("the reply, unread on the launcher", `return root.querySelector('.badge').textContent === '1'`)
	var seen int
	c.js(`document.querySelectorAll('#log .seen').length`, &seen)
	if seen != 0 {
		t.Errorf("the console shows Seen before the visitor opened the chat")
	}
	p.click(".launcher")
	c.waitJS("Seen under the reply, live", `(() => { const s = document.querySelector('#log .seen');
return s && s.textContent === 'Seen' && s.closest('.msg-agent')?.textContent.includes('screenshot of the error'); })()`)
	c.do(chromedp.Reload())
	c.waitJS("the console again", `!document.querySelector('#app').hidden && document.querySelector('#conn').dataset.state === 'connected'`)
	c.click(listItem("mine", conv))
	c.waitJS("Seen when the conversation loads", `document.querySelector('#log .msg-agent .seen')`)

	// A new visitor message is not read until the console shows it.
	p.say("Sure, one moment")
	p.wait("the new message read once the console shows it", `const all = root.querySelectorAll('.msg.visitor[data-seq] .mark.read'); return all.length === 2`)
}

// #parley-open opens the widget on load; the menu emails the conversation
// to the address the visitor gives, and says so.
func TestTranscriptFromTheMenu(t *testing.T) {
	srv := startConsoleServer(t)
	p := newPage(t)
	host := hostPage(t, srv.URL)
	p.do(chromedp.Navigate(host + "/pricing#parley-open"))
	p.wait("opened by the address", `return !root.querySelector('.panel').hidden`)
	p.waitPage("welcome", `window.__ready && window.__ready.conversation_id`)
	p.say("Do you ship to Norway?")
	p.wait("stored", `return root.querySelector('.msg.visitor[data-seq]')`)

	p.click(".menu-btn")
	p.wait("the menu", `return !root.querySelector('.menu').hidden`)
	p.click(".head h2")
	p.wait("the menu closed by a click elsewhere", `return root.querySelector('.menu').hidden && root.querySelector('.menu-btn').getAttribute('aria-expanded') === 'false'`)
	p.click(".menu-btn")
	var expanded string
	p.wait("the menu", `const m = root.querySelector('.menu'); return !m.hidden && root.activeElement === root.querySelector('.menu .mail') &&
root.querySelector('.menu-btn').getAttribute('aria-expanded')`, &expanded)
	p.click(".menu .mail")
	p.wait("the address field, focused", `return root.activeElement === root.querySelector('.tools input[type=email]')`)
	addr := fmt.Sprintf("transcript-%s@parley.test", parley.NewID())
	p.typeText(addr)
	p.pressEnter()
	var said string
	p.wait("the confirmation", `const s = root.querySelector('.tools [role=status]'); return s && s.textContent.includes('on its way') && s.textContent`, &said)
	if !strings.Contains(said, addr) {
		t.Errorf("confirmation %q does not name %s", said, addr)
	}
	p.wait("the note in the log", `return [...root.querySelectorAll('.note')].some((n) => n.textContent === 'The conversation was emailed to you.')`)
	subject, text := srv.Mail.waitSent(t, addr)
	if !strings.Contains(text, "Do you ship to Norway?") {
		t.Errorf("transcript %q: %q lacks the visitor's question", subject, text)
	}

	// Another page of the site with the hash opens it too; without, it stays closed.
	p.do(chromedp.Navigate(host + "/faq"))
	p.wait("closed without the hash", `return root.querySelector('.launcher') && root.querySelector('.launcher').getAttribute('aria-expanded') === 'false'`)
	p.eval(`location.hash = 'parley-open'`, nil)
	p.wait("opened by a hash change", `return root.querySelector('.panel') && !root.querySelector('.panel').hidden`)
	p.noAlerts()
}

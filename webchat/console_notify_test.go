package webchat_test

import (
	"fmt"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
)

// Browser notifications: off until the agent turns them on with the
// control (the browser's permission is granted through DevTools, as a
// click on "Allow" would); then a conversation routed to her and a
// visitor's message in it while she is elsewhere each construct a
// Notification (observed by wrapping the page's constructor), the title
// counts it, and clicking the notification opens the conversation. The
// choice survives a reload.
func TestConsoleNotifications(t *testing.T) {
	srv := startConsoleServer(t)
	ana := srv.agent("ana@example.com", "Ana", "l1")
	c := openConsole(t, srv, "ana@example.com")
	waitFor(t, "Ana online", func() bool { return srv.presence(ana.ID) == parley.PresenceOnline })
	if _, err := chromedp.CallBrowser(c.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: cdpbrowser.PermissionSettingGranted,
		Origin: srv.URL, BrowserContextID: chromedp.FromContext(c.ctx).BrowserContextID}); err != nil {
		t.Fatal(err)
	}
	c.js(`(() => { const N = window.Notification; window.__notes = [];
window.Notification = class extends N { constructor(title, o) { super(title, o); __notes.push({title, body: o.body, tag: o.tag}); window.__note = this; } };
return true; })()`, nil)
	if s := c.text("#notify"); s != "Enable notifications" {
		t.Fatalf("the control says %q before the agent chose; want Enable notifications", s)
	}

	v := dialWSVisitor(t, srv.URL, nil)
	v.say("q0", "Hello")
	v.wait("the bot's answer", func(f map[string]any) bool { return f["type"] == "message" && authorKind(f) == "bot" })
	v.send(map[string]any{"type": "human", "client_id": "h0"})
	v.wait("assigned", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "assigned" })
	c.waitJS("the first one in Mine", fmt.Sprintf(`document.querySelector(%q)`, listItem("mine", v.conv)))
	var n int
	c.js(`__notes.length`, &n)
	if n != 0 {
		t.Fatalf("%d notifications before the agent turned them on", n)
	}
	c.click(listItem("mine", v.conv))
	c.waitJS("opened", `document.title === 'Parley'`)

	c.click("#notify")
	c.waitJS("notifications on", `(() => { const b = document.querySelector('#notify');
return b.getAttribute('aria-pressed') === 'true' && b.textContent === 'Notifications on'; })()`)

	w := dialWSVisitor(t, srv.URL, nil)
	w.say("q1", "How do I reset my password?")
	w.wait("the bot's answer", func(f map[string]any) bool { return f["type"] == "message" && authorKind(f) == "bot" })
	w.send(map[string]any{"type": "human", "client_id": "h1"})
	w.wait("assigned to Ana", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "assigned" })
	c.waitJS("the assignment notification", fmt.Sprintf(`__notes.find((n) => n.title === 'New conversation assigned to you' && n.tag === %q)`, w.conv))

	const text = "Is anyone there? Order #1042 is stuck 😟"
	w.say("q2", text)
	var note struct{ Title, Body string }
	c.waitJS("a notification with the visitor's text", fmt.Sprintf(`__notes.find((n) => n.body === %q && n.tag === %q)`, text, w.conv), &note)
	if note.Title == "" || note.Title == "New conversation assigned to you" {
		t.Errorf("the message's notification is titled %q; want who wrote", note.Title)
	}
	c.waitJS("the title badge", `document.title === '(1) Parley'`)
	c.shot("notifications")

	c.js(`(() => { __note.dispatchEvent(new Event('click')); return true; })()`, nil)
	c.waitJS("the conversation opened from the notification", fmt.Sprintf(`location.hash === '#c/' + %q &&
[...document.querySelectorAll('#log .msg-visitor')].some((m) => m.textContent.includes(%q)) && document.title === 'Parley'`, w.conv, text))

	c.do(chromedp.Navigate(srv.URL + "/console"))
	c.waitJS("the choice remembered", `!document.querySelector('#app').hidden && document.querySelector('#notify').textContent === 'Notifications on'`)
}

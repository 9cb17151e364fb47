package webchat_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
)

// The bot has one name, the site's: "Assistant" until an admin names it,
// in the console and the widget alike, whatever name its messages were
// stored with.
func TestBotNameIsTheSites(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "l1")
	conv := srv.queued("hello", parley.Conversation{Team: "l1"})
	srv.say(conv.ID, parley.Author{Kind: parley.AuthorBot, Name: "Parley"}, "Hi! How can I help?")
	c := openConsole(t, srv, "ana@example.com")
	c.click(listItem("mine", conv.ID))
	c.waitJS("the default name", `document.querySelector('#log .msg-bot .who .name')?.textContent === 'Assistant'`)

	site := srv.Site
	site.BotName = "Nova"
	if err := srv.Store.UpdateSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	c.do(chromedp.Reload())
	c.waitJS("the site's name in the console", `document.querySelector('#log .msg-bot .who .name')?.textContent === 'Nova'`)

	w := startParley(t, highLimits)
	ws := w.Site
	ws.BotName = "Nova"
	if err := w.Store.UpdateSite(context.Background(), ws); err != nil {
		t.Fatal(err)
	}
	p := newPage(t)
	p.do(chromedp.Navigate(w.URL + "/demo"))
	p.openPanel()
	p.say("How do I reset my password?")
	p.wait("the site's name in the widget", `const who = root.querySelector('.msg.bot .who'); return who && who.textContent === 'Nova'`)
}

package webchat_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// With more than one site, "/" offers the articles of the open
// conversation's site (the API needs to be told which: without it, it
// answers 400 and the picker stayed empty).
func TestConsoleCannedRepliesPerSite(t *testing.T) {
	srv := startConsoleServer(t)
	ctx := context.Background()
	shop, err := srv.Store.EnsureSite(ctx, parley.Site{Key: "shop", Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.PutArticle(ctx, parley.Article{SiteID: shop.ID, Slug: "returns", Language: "en", Title: "Returning an order",
		Body: "Send it back within 30 days.", Status: parley.ArticlePublished, UpdatedBy: "test"}); err != nil {
		t.Fatal(err)
	}
	srv.agent("ana@example.com", "Ana", "l1")
	sess, err := srv.Store.CreateSession(ctx, shop.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.Store.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, ClientID: "c1",
		Author: parley.Author{Kind: parley.AuthorVisitor, ID: sess.Contact.ID}, Text: "can I return this"}); err != nil {
		t.Fatal(err)
	}
	shopConv, err := srv.Store.Enqueue(ctx, sess.Conversation.ID, parley.Conversation{Team: "billing", HandoffReason: "human_requested", QueuedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	demoConv := srv.queued("how do I change my password", parley.Conversation{Team: "billing", HandoffReason: "human_requested"})

	c := openConsole(t, srv, "ana@example.com")
	c.click(listItem("queue", shopConv.ID))
	c.click("#reply")
	c.typeText("/")
	var titles []string
	c.waitJS("the shop's articles", `(() => { const t = [...document.querySelectorAll('#canned [role=option] .title')].map((e) => e.textContent);
return t.length > 0 && t; })()`, &titles)
	if len(titles) != 1 || titles[0] != "Returning an order" {
		t.Fatalf("on a shop conversation the picker shows %q", titles)
	}
	c.js(`document.querySelector('#reply').value = ''`, nil)
	c.click(listItem("queue", demoConv.ID))
	c.click("#reply")
	c.typeText("/reset pass")
	c.waitJS("the demo site's articles", `(() => { const t = [...document.querySelectorAll('#canned [role=option] .title')].map((e) => e.textContent);
return t.length === 1 && t[0] === 'How to reset your password'; })()`, new(bool))
}

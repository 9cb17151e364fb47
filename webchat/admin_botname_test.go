package webchat_test

import (
	"context"
	"fmt"
	"testing"
)

// An admin names the site's bot on the Sites page: saved through the
// bot's endpoint, shown in the list and in the form when edited again;
// emptied, it is the default again.
func TestAdminNamesTheBot(t *testing.T) {
	srv := startConsoleServer(t)
	srv.admin("root@example.com", "Root")
	c := openAdmin(t, srv, "root@example.com")
	c.js(`location.hash = '#sites'`, nil)
	row := fmt.Sprintf(`[...document.querySelectorAll('#panel tbody tr')].find((tr) => tr.firstChild.textContent === %q)`, srv.Site.Key)
	c.waitJS("the site with the default bot name", row+`?.children[2].textContent === 'Assistant'`)
	edit := func() {
		c.js(`(() => { `+row+`.querySelector('button').click(); return true; })()`, nil)
		c.waitJS("the form", `document.querySelector('input[name=bot_name]')`)
	}
	edit()
	c.click("input[name=bot_name]")
	c.js(`document.querySelector('input[name=bot_name]').select()`, nil)
	c.typeText("Nova 🤖")
	c.shot("admin-bot-name")
	c.click(`form[aria-label="Edit site"] button[type=submit]`)
	c.waitJS("the new name in the list", row+`?.children[2].textContent === 'Nova 🤖'`)
	site, err := srv.Store.SiteByKey(context.Background(), srv.Site.Key)
	if err != nil || site.BotName != "Nova 🤖" {
		t.Fatalf("stored bot name %q (%v); want Nova 🤖", site.BotName, err)
	}
	edit()
	var shown string
	c.js(`document.querySelector('input[name=bot_name]').value`, &shown)
	if shown != "Nova 🤖" {
		t.Errorf("the form shows %q", shown)
	}
	c.js(`(() => { const i = document.querySelector('input[name=bot_name]'); i.value = ''; return true; })()`, nil)
	c.click(`form[aria-label="Edit site"] button[type=submit]`)
	c.waitJS("the default again", row+`?.children[2].textContent === 'Assistant'`)
	if site, _ := srv.Store.SiteByKey(context.Background(), srv.Site.Key); site.BotName != "" {
		t.Errorf("stored bot name %q after emptying; want none", site.BotName)
	}
}

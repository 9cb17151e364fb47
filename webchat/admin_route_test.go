package webchat_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A link to an admin page opens that page: signing in on /admin#kb/ID
// lands in the article's editor, and so does a reload there; other hash
// routes (#reports) survive a reload too, and Back returns to the list.
func TestAdminDeepLinks(t *testing.T) {
	srv := startConsoleServer(t)
	srv.admin("root@example.com", "Root")
	const id = "demo-cancel-subscription-pl"
	c := &consolePage{page: newPage(t), srv: srv}
	c.do(chromedp.Navigate(srv.URL + "/admin#kb/" + id))
	c.waitJS("the sign-in form", `!document.querySelector('#login').hidden`)
	c.click("#email")
	c.typeText("root@example.com")
	c.click("#password")
	c.typeText(consolePassword)
	c.click("#login-form button[type=submit]")
	editor := `document.querySelector('#editor-title') && document.querySelector('input[name=slug]').value === 'cancel-subscription' &&
document.querySelector('input[name=language]').value === 'pl' && location.hash === '#kb/` + id + `'`
	c.waitJS("the article's editor after signing in", editor)

	c.do(chromedp.Reload())
	c.waitJS("the article's editor after a reload", editor)
	var tab string
	c.js(`document.querySelector('#tabs [aria-current=page]').dataset.page`, &tab)
	if tab != "kb" {
		t.Errorf("on an article the current tab is %q; want kb", tab)
	}

	c.do(chromedp.Navigate(srv.URL + "/admin#reports"))
	c.do(chromedp.Reload())
	c.waitJS("the reports page after a reload", `document.querySelector('#tabs [aria-current=page]')?.dataset.page === 'reports' && document.title.startsWith('Reports')`)
	c.do(chromedp.NavigateBack())
	c.waitJS("back on the article", editor)
}

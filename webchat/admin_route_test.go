package webchat_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A link to an admin page opens that page: signing in on /admin#kb/ID
// lands in the article's editor, and so does a reload there; other hash
// routes (#reports) survive a reload too, Back returns to the article, and
// a report's window and filters (#reports?from=…) are part of its link.
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

	// The article list's filters are in its address too.
	c.do(chromedp.Navigate(srv.URL + "/admin#kb?language=pl&status=published"))
	c.do(chromedp.Reload())
	list := `document.querySelector('input[name=language]')?.value === 'pl' && document.querySelector('select[name=status]').value === 'published' &&
document.querySelector('#kb-list table') && [...document.querySelectorAll('#kb-list td:nth-child(3)')].every((td) => td.textContent === 'pl')`
	c.waitJS("the filtered list after a reload", list)
	c.js(`document.querySelector('#kb-list td a.title').click(), true`, nil) // a title may wrap: no centre to click
	c.waitJS("an article", `document.querySelector('#editor-title')`)
	c.do(chromedp.NavigateBack())
	c.waitJS("Back to the same filtered list", list+` && location.hash === '#kb?language=pl&status=published'`)

	// A report's window and filters are in its address: a link opens that
	// report, and a change survives a reload.
	c.do(chromedp.Navigate(srv.URL + "/admin#reports?from=2026-01-01&to=2026-01-31&language=pl"))
	c.do(chromedp.Reload())
	report := func(from, to, lang, team string) string {
		return `document.querySelector('#tabs [aria-current=page]')?.dataset.page === 'reports' &&
document.querySelector('input[name=from]')?.value === '` + from + `' && document.querySelector('input[name=to]').value === '` + to + `' &&
document.querySelector('input[name=language]').value === '` + lang + `' && document.querySelector('input[name=team]').value === '` + team + `' &&
document.querySelector('#report h3')`
	}
	c.waitJS("the linked report's window", report("2026-01-01", "2026-01-31", "pl", ""))
	c.click("input[name=team]")
	c.typeText("l1")
	c.click("form.filters button[type=submit]")
	c.waitJS("the team in the address", `location.hash.includes('team=l1') && location.hash.includes('from=2026-01-01')`)
	c.do(chromedp.Reload())
	c.waitJS("the report after a reload", report("2026-01-01", "2026-01-31", "pl", "l1"))
}

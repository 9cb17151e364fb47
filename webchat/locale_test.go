package webchat_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// Test 4: a Persian page gets a right-to-left widget: dir=rtl on the widget
// root, the launcher and the panel on the left, Persian strings, messages
// with dir=auto, and hello.locale = fa. Under 480 px the panel fills the screen.
func TestPersianPageIsRightToLeft(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/?lang=fa&dir=rtl"))
	var got struct {
		Dir, Label  string
		Left, Width float64
	}
	p.wait("launcher", `const b=root.querySelector('.launcher');return b&&b.getBoundingClientRect().width>0`)
	p.widget(`const pw=root.querySelector('.pw'),b=root.querySelector('.launcher');
return {dir:getComputedStyle(pw).direction,label:b.getAttribute('aria-label'),left:b.getBoundingClientRect().left,width:innerWidth}`, &got)
	if got.Dir != "rtl" || got.Left > got.Width/2 || got.Label != "باز کردن گفتگو" {
		t.Fatalf("Persian launcher: %+v; want direction rtl, on the left, labelled in Persian", got)
	}
	p.openWidget()
	p.say("چطور رمز عبورم را تغییر بدهم؟")
	p.wait("a reply from the bot", `return root.querySelector('.msg.bot, .msg.agent')`)
	var panel struct {
		Left, Width float64
		Title, Dir  string
		Dirs        []string
	}
	p.widget(`const r=root.querySelector('.panel').getBoundingClientRect();
return {left:r.left,width:innerWidth,title:root.querySelector('h2').textContent,dir:root.querySelector('.pw').dir,
dirs:[...root.querySelectorAll('.msg .body')].map(b=>b.getAttribute('dir'))}`, &panel)
	if panel.Left > panel.Width/2 || panel.Title != "پشتیبانی" || panel.Dir != "rtl" {
		t.Errorf("Persian panel: %+v", panel)
	}
	if len(panel.Dirs) < 2 || slices.ContainsFunc(panel.Dirs, func(d string) bool { return d != "auto" }) {
		t.Errorf("message bodies' dir attributes: %q; want auto on each", panel.Dirs)
	}
	var contactID string
	p.eval(`window.__ready.contact.id`, &contactID)
	if c, err := srv.Store.Contact(context.Background(), contactID); err != nil || c.Locale != "fa" {
		t.Errorf("contact locale %q (%v); want fa from hello.locale", c.Locale, err)
	}

	// A phone-sized viewport: the panel covers the whole screen.
	p.do(chromedp.EmulateViewport(390, 740))
	var full struct{ L, T, W, H float64 }
	p.wait("full-screen panel", `const r=root.querySelector('.panel').getBoundingClientRect();
return r.width===innerWidth&&r.height===innerHeight&&{l:r.left,t:r.top,w:r.width,h:r.height}`, &full)
	if full.L != 0 || full.T != 0 || full.W != 390 {
		t.Errorf("phone panel at %+v; want the full 390×740 viewport", full)
	}
	p.noAlerts()
}

// data-locale wins over the page's language; sr-Latn is Serbian in Latin
// script, transliterated from the Cyrillic strings.
func TestLocaleChoice(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	for _, c := range []struct{ query, title, dir string }{
		{"lang=ru", "Поддержка", "ltr"},
		{"lang=en&locale=sr-Latn", "Podrška", "ltr"},
		{"lang=sr-Cyrl-RS", "Подршка", "ltr"},
		{"lang=kk", "Қолдау", "ltr"},
		{"lang=hy", "Աջակցություն", "ltr"},
		{"lang=pl", "Pomoc", "ltr"},
		{"lang=de", "Support", "ltr"}, // unsupported: the browser's language (en-US in tests)
	} {
		p.do(chromedp.Navigate(host + "/?" + c.query))
		p.openPanel()
		var got struct{ Title, Dir, Lang string }
		p.widget(`const pw=root.querySelector('.pw');return {title:root.querySelector('h2').textContent,dir:pw.dir,lang:pw.lang}`, &got)
		if got.Title != c.title || got.Dir != c.dir {
			t.Errorf("%s: title %q dir %q (lang %s); want %q %q", c.query, got.Title, got.Dir, got.Lang, c.title, c.dir)
		}
	}
	p.noAlerts()
}

// Every locale file has exactly the English keys.
func TestLocalesComplete(t *testing.T) {
	keys := func(name string) []string {
		b, err := os.ReadFile("static/widget/l10n/" + name + ".js")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range regexp.MustCompile(`(?m)^\s+(\w+):`).FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	want := keys("en")
	for _, l := range []string{"ru", "pl", "sr", "hy", "fa", "kk"} {
		if got := keys(l); !slices.Equal(got, want) {
			t.Errorf("%s.js keys differ from en.js:\n got %q\nwant %q", l, got, want)
		}
	}
}

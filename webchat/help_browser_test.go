package webchat_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
)

// clickPage clicks the centre of an element of the page (not the widget)
// with a real mouse event.
func (p *page) clickPage(selector string) {
	p.t.Helper()
	var r struct{ X, Y float64 }
	p.waitPage("clickable "+selector, fmt.Sprintf(`(()=>{const e=document.querySelector(%q);if(!e)return null;
e.scrollIntoView({block:'center'});const r=e.getBoundingClientRect();
return r.width>0&&!e.hidden&&{x:r.left+r.width/2,y:r.top+r.height/2}})()`, selector), &r)
	p.do(chromedp.MouseClickXY(r.X, r.Y))
}

// waitLoad polls expr in the page, across navigations (a poll inside the
// page dies with it), until it is true; it fails after 20 s.
func (p *page) waitLoad(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) || p.ctx.Err() != nil {
			p.t.Fatalf("timed out waiting for %s (last error %v)", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The help center in Chromium: the article renders under its CSP, the
// language switcher leads to the Persian page (right to left), "was this
// helpful?" is stored, and "Chat with us" opens the widget in the page's
// language.
func TestHelpCenterInBrowser(t *testing.T) {
	srv := startParley(t, highLimits)
	p := newPage(t)
	p.do(chromedp.Navigate(srv.URL + "/help/reset-password?lang=en"))
	var title string
	p.waitPage("the article", `document.readyState==='complete' && document.querySelector('article h1').textContent`, &title)
	if title != "How to reset your password" {
		t.Fatalf("title %q", title)
	}
	var styled bool // the stylesheet and the script are allowed by the page's CSP
	p.eval(`getComputedStyle(document.querySelector('.top')).backgroundColor!=='rgba(0, 0, 0, 0)' &&
		!document.querySelector('[data-chat]').hidden`, &styled)
	if !styled {
		t.Error("help.css or help.js did not apply")
	}
	var steps int
	p.eval(`document.querySelectorAll('article ol li').length`, &steps)
	if steps != 4 {
		t.Errorf("%d steps in the article, want 4", steps)
	}

	p.clickPage(".langs summary")
	p.clickPage(`.langs a[hreflang="fa"]`)
	p.waitLoad("the Persian page", `document.documentElement.lang==='fa' && document.documentElement.dir==='rtl' &&
		document.querySelector('article h1').textContent.includes('رمز عبور')`)
	var canonical string
	p.eval(`document.querySelector('link[rel=canonical]').href`, &canonical)
	if canonical != srv.URL+"/help/reset-password?lang=fa" {
		t.Errorf("canonical %q", canonical)
	}

	since := time.Now().Add(-time.Minute)
	p.clickPage(`.helpful button[value="yes"]`)
	p.waitLoad("thanks", `(document.querySelector('.helpful [role=status]')||{}).textContent==='از بازخورد شما سپاسگزاریم!'`)
	votes, err := srv.Store.ArticleVotes(context.Background(), srv.Site.ID, since, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := []parley.ArticleVotes{{Slug: "reset-password", Language: "fa", Helpful: 1}}; !slices.Equal(votes, want) {
		t.Errorf("votes %+v, want %+v", votes, want)
	}

	p.clickPage("[data-chat]")
	p.wait("the widget open, in Persian", `return !root.querySelector('.panel').hidden && root.querySelector('.pw').dir==='rtl'`)
	p.say("How do I reset my password?")
	var href string
	p.wait("the bot's answer with the article link", `const a=root.querySelector('.msg.bot a[href*="/help/"]');return a&&a.href`, &href)
	if want := srv.URL + "/help/reset-password?lang=en"; href != want {
		t.Errorf("the answer links %q, want %q", href, want)
	}
}

// TestHelpScreenshots writes docs/help-en.png and docs/help-fa.png: an
// article page of the demo KB. Run with PARLEY_SCREENSHOTS=1.
func TestHelpScreenshots(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS not set")
	}
	srv := startParley(t, highLimits)
	for _, c := range []struct{ path, file string }{
		{"/help/reset-password?lang=en", "../docs/help-en.png"},
		{"/help/reset-password?lang=fa", "../docs/help-fa.png"},
	} {
		p := newPage(t)
		p.do(chromedp.EmulateViewport(1100, 900))
		p.do(chromedp.Navigate(srv.URL + c.path))
		p.waitPage("the page and its fonts", `document.readyState==='complete' && document.fonts.status==='loaded' &&
			!document.querySelector('[data-chat]').hidden`)
		png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(c.file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

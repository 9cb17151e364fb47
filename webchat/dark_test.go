package webchat_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
)

// colorScheme emulates the system's light or dark preference.
func (p *page) colorScheme(scheme string) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
		p.t.Fatal(err)
	}
}

// contrastJS defines contrast(selectors): for each selector, the WCAG
// contrast ratio of its first match's text against the background it is
// drawn on (the nearest opaque background, through shadow roots), and
// bgLum(el): that background's relative luminance.
const contrastJS = `const rgb=(s)=>{const m=(s.match(/[\d.]+/g)||[]).map(Number);return m.length>3?m:[...m,1]};
const lum=([r,g,b])=>{const f=(c)=>{c/=255;return c<=0.03928?c/12.92:((c+0.055)/1.055)**2.4};return 0.2126*f(r)+0.7152*f(g)+0.0722*f(b)};
const bgOf=(e)=>{for(;e&&e.nodeType===1;e=e.parentElement||(e.getRootNode().host||null)){const c=rgb(getComputedStyle(e).backgroundColor);if(c[3]>0.5)return c}return [255,255,255,1]};
const bgLum=(e)=>lum(bgOf(e));
const contrast=(base,sels)=>Object.fromEntries(sels.map((s)=>{const e=base.querySelector(s);if(!e)return [s,0];
const a=lum(rgb(getComputedStyle(e).color)),b=bgLum(e);return [s,Math.round((Math.max(a,b)+0.05)/(Math.min(a,b)+0.05)*100)/100]}));`

// checkContrast fails for every ratio under WCAG AA's 4.5 (0: not found).
func checkContrast(t *testing.T, scheme string, got map[string]float64) {
	t.Helper()
	var low []string
	for sel, r := range got {
		if r < 4.5 {
			low = append(low, fmt.Sprintf("%s %.2f", sel, r))
		}
	}
	if len(low) > 0 {
		t.Errorf("%s: text under 4.5:1 contrast (0 = not shown): %s", scheme, strings.Join(low, ", "))
	}
}

var widgetTexts = []string{".head h2", ".head p", ".banner div", ".msg.bot .who", ".msg.bot .body", ".msg.bot a",
	".msg .meta", ".fb span", ".note", ".human", ".send", ".msg.visitor .body", "textarea",
	".extra strong", ".extra label", ".extra button"}

// The widget follows the system's colour scheme: a dark panel when the
// visitor prefers dark, a light one otherwise, every text readable (WCAG
// AA) on what it is drawn on, in both.
func TestWidgetDarkMode(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			p := newPage(t)
			p.colorScheme(scheme)
			p.do(chromedp.Navigate(host + "/"))
			askPassword(p)
			p.click(".human")
			p.wait("queued", `return root.querySelector('.human').hidden`)
			srv.publish(parley.Event{Kind: parley.EventStatus, ConversationID: p.conversationID(),
				Status: &parley.Status{Mode: parley.ModeQueued, Offline: true}})
			p.wait("the email form", `return root.querySelector('.extra input[type=email]')`)
			// The queue banner is gone while nobody can answer: show the
			// reconnecting one to measure a banner.
			p.widget(`root.querySelector('.banner').append(Object.assign(document.createElement('div'),{textContent:'Reconnecting…'}));return true`, nil)
			var got struct {
				Panel, Log float64
				Ratios     map[string]float64
			}
			p.widget(contrastJS+`return {panel:bgLum(root.querySelector('.composer')),log:bgLum(root.querySelector('.log')),
ratios:contrast(root,`+jsList(widgetTexts)+`)}`, &got)
			if dark := scheme == "dark"; dark != (got.Panel < 0.05 && got.Log < 0.05) || !dark && (got.Panel < 0.9 || got.Log < 0.9) {
				t.Errorf("%s: panel luminance %.3f, log %.3f", scheme, got.Panel, got.Log)
			}
			checkContrast(t, scheme, got.Ratios)
			p.noAlerts()
		})
	}
}

func jsList(sels []string) string {
	q := make([]string, len(sels))
	for i, s := range sels {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

var adminTexts = []string{".top h1", "#me", ".tabs a", ".tabs a[aria-current=page]", "h2", ".bar .button", ".bar .button.primary",
	".filters label", "input", "select", "th", "td", "td a.title", ".badge.published", ".group", "#panel"}

// The admin pages follow the system's colour scheme too, readable in both.
func TestAdminDarkMode(t *testing.T) {
	srv := startConsoleServer(t)
	srv.admin("root@example.com", "Root")
	c := openAdmin(t, srv, "root@example.com")
	for _, scheme := range []string{"light", "dark"} {
		c.colorScheme(scheme)
		c.js(`(location.hash = '#kb', true)`, nil)
		c.waitJS("the article list", `document.querySelector('#kb-list table td a.title')`)
		var got struct {
			Body   float64
			Ratios map[string]float64
		}
		c.js(`(()=>{`+contrastJS+`return {body:bgLum(document.querySelector('#panel')),ratios:contrast(document,`+jsList(adminTexts)+`)}})()`, &got)
		if dark := scheme == "dark"; dark != (got.Body < 0.05) || !dark && got.Body < 0.85 {
			t.Errorf("%s: page background luminance %.3f", scheme, got.Body)
		}
		checkContrast(t, scheme, got.Ratios)
	}
}

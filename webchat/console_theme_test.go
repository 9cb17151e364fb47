package webchat_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// colorScheme makes the page see prefers-color-scheme as scheme.
func (c *consolePage) colorScheme(scheme string) {
	c.t.Helper()
	if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
		c.t.Fatal(err)
	}
}

// consoleContrastJS measures the page: the body's luminance and every shown text
// among the selectors whose contrast with its background is under WCAG
// AA's 4.5:1 (only the first element of each selector is checked).
const consoleContrastJS = `(() => {
const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; }
  return [255, 255, 255]; };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const sels = ['#lists h2', '.tabs button', '.item .name', '.item .sub', '.conv-head h2', '.state .mode', '.msg-visitor .text',
  '.msg-bot .text', '.msg-bot strong', '.who .name', '.who time', '.decision .k', '.decision .act', '#summary dt',
  '#summary dd', '#summary a', '.facts dt', '.facts dd', '#contact h3', '.urg', '#reply-label', '.hint', '#transfer label', 'button', 'select'];
const low = [];
for (const s of sels) {
  const e = [...document.querySelectorAll(s)].find((x) => x.getClientRects().length);
  if (!e) { low.push(s + ' missing'); continue; }
  const r = ratio(rgb(getComputedStyle(e).color), bg(e));
  if (r < 4.5) low.push(s + ' ' + r.toFixed(2));
}
return {body: lum(bg(document.body)), text: lum(rgb(getComputedStyle(document.body).color)), low};
})()`

// The console follows the system's colour scheme: dark surfaces with light
// text when the system is dark, every text at AA contrast in both.
func TestConsoleColorSchemes(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "billing")
	v := handoffWithArticles(t, srv)
	c := openConsole(t, srv, "ana@example.com")
	c.do(chromedp.EmulateViewport(1280, 800))
	c.click(fmt.Sprintf(`#lists .item[data-id=%q]`, v.conv))
	c.waitJS("the conversation", `document.querySelector('#summary dd') && document.querySelector('#log .msg-bot .text')`)
	for _, scheme := range []string{"light", "dark"} {
		c.colorScheme(scheme)
		var got struct {
			Body, Text float64
			Low        []string
		}
		c.js(consoleContrastJS, &got)
		c.shot("scheme-" + scheme)
		if dark := got.Body < 0.05 && got.Text > 0.6; dark != (scheme == "dark") {
			t.Errorf("%s: body luminance %.3f, text %.3f", scheme, got.Body, got.Text)
		}
		if len(got.Low) > 0 {
			t.Errorf("%s: text under 4.5:1 contrast: %q", scheme, got.Low)
		}
	}
}

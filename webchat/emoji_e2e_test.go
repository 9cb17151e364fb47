package webchat_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parley-chat/parley/webchat"
)

// keys presses keys in the widget's page as a keyboard does.
func (p *page) keys(keys string) {
	p.t.Helper()
	(&consolePage{page: p}).key(keys)
}

// fetched reports whether the page requested a URL ending in suffix.
func (p *page) fetched(suffix string) bool {
	for _, u := range p.requests() {
		if strings.HasSuffix(u, suffix) {
			return true
		}
	}
	return false
}

// The emoji picker is its own module, outside static/widget (what
// TestWidgetSizeBudget counts): no eager module imports it, and it is
// served under /widget/ and /console/ from the same bytes.
func TestEmojiPickerIsLazyAndShared(t *testing.T) {
	err := filepath.WalkDir("static/widget", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), "from './emoji.js'") {
			t.Errorf("%s imports the emoji picker eagerly", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile("static/shared/emoji.js")
	for _, c := range []struct {
		h    func() []byte
		path string
	}{
		{func() []byte { return body(t, webchat.Widget(), "/widget/emoji.js") }, "/widget/emoji.js"},
		{func() []byte { return body(t, webchat.Console(), "/console/emoji.js") }, "/console/emoji.js"},
	} {
		if got := c.h(); string(got) != string(want) {
			t.Errorf("%s: %d bytes, not the shared picker", c.path, len(got))
		}
	}
	for _, p := range []string{"/widget/emoji.css", "/console/emoji.css"} {
		h := webchat.Widget()
		if strings.HasPrefix(p, "/console/") {
			h = webchat.Console()
		}
		if r := get(t, h, p); r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
			t.Errorf("GET %s: %d %q", p, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
	if r := get(t, webchat.Widget(), "/widget/emoji.js"); r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("the widget's picker lacks CORS for pages of other origins: %v", r.Header)
	}
}

func body(t *testing.T, h http.Handler, path string) []byte {
	t.Helper()
	r := get(t, h, path)
	b, _ := io.ReadAll(r.Body)
	return b
}

// A visitor writes, opens the picker (only now is it fetched), moves with
// the arrow keys, picks with Enter: the emoji lands at the caret and the
// message reaches the agent. Esc closes only the picker. In the console the
// agent picks with the mouse at the start of a draft: inserted at the caret,
// and the visitor gets it. Messages use a colour emoji font.
func TestEmojiBothWays(t *testing.T) {
	srv := startConsoleServer(t)
	p, c, _ := openHandoff(t, srv)

	if p.fetched("/widget/emoji.js") {
		t.Fatal("the picker was fetched before its button was pressed")
	}
	p.click(".composer textarea")
	p.typeText("Thanks ")
	p.click(".composer button[aria-haspopup=dialog]")
	p.wait("the picker open, focus on its first emoji", `const pop = root.querySelector('.emoji-pop');
return pop && !pop.hidden && root.activeElement === pop.querySelector('.emoji-grid button')`)
	if !p.fetched("/widget/emoji.js") || !p.fetched("/widget/emoji.css") {
		t.Errorf("picker module and stylesheet not fetched: %q", p.requests())
	}
	var label string
	p.widget(`return root.querySelector('.emoji-pop').getAttribute('aria-label') + '|' + root.querySelector('.composer button[aria-haspopup]').getAttribute('aria-expanded')`, &label)
	if label != "Emoji|true" {
		t.Errorf("picker label and button state %q", label)
	}
	p.keys(kb.ArrowRight + kb.ArrowRight + kb.ArrowDown + kb.ArrowUp)
	var focused string
	p.widget(`return root.activeElement.textContent`, &focused)
	if focused != "😄" {
		t.Errorf("arrows moved to %q; want 😄", focused)
	}
	p.shotWidget("emoji-picker")
	p.pressEnter()
	var st struct {
		Value  string
		Caret  int
		Hidden bool
		Focus  bool
	}
	p.wait("the emoji in the composer", `const i = root.querySelector('.composer textarea');
return i.value.includes('😄') && {value: i.value, caret: i.selectionStart, hidden: root.querySelector('.emoji-pop').hidden, focus: root.activeElement === i}`, &st)
	if st.Value != "Thanks 😄" || st.Caret != len([]rune("Thanks "))+2 || !st.Hidden || !st.Focus {
		t.Errorf("after picking: %+v", st)
	}

	p.click(".composer button[aria-haspopup=dialog]")
	p.wait("the picker open again", `return !root.querySelector('.emoji-pop').hidden`)
	p.keys(kb.Escape)
	p.wait("Esc closes the picker, not the panel", `return root.querySelector('.emoji-pop').hidden && !root.querySelector('.panel').hidden &&
root.activeElement === root.querySelector('.composer button[aria-haspopup]')`)
	p.click(".composer button[aria-haspopup=dialog]")
	p.wait("the picker open once more", `return !root.querySelector('.emoji-pop').hidden`)
	p.keys("\t\t")
	p.wait("tabbing out closes it", `return root.querySelector('.emoji-pop').hidden`)
	p.click(".composer textarea")
	p.pressEnter()
	c.waitJS("the visitor's emoji in the console", `[...document.querySelectorAll('#log .msg-visitor .text')].some((e) => e.textContent.includes('Thanks 😄'))`)
	// What drew the text: a text font for the words, the colour emoji font
	// for 😄 (DejaVu Sans has a black-and-white one it would otherwise use).
	if f := c.fonts(`[...document.querySelectorAll('#log .msg-visitor .text')].pop()`); !f["Noto Color Emoji"] || len(f) < 2 {
		t.Errorf("the console drew the visitor's message with %v; want a text font and Noto Color Emoji", f)
	}
	if f := p.widgetFonts(`[...root.querySelectorAll('.msg.visitor .body')].pop()`); !f["Noto Color Emoji"] || len(f) < 2 {
		t.Errorf("the widget drew the visitor's message with %v; want a text font and Noto Color Emoji", f)
	}

	c.click("#reply")
	c.typeText("Glad it works!")
	c.key(kb.Home)
	c.click("#emoji")
	c.waitJS("the console's picker", `!document.querySelector('.emoji-pop').hidden`)
	c.click(".emoji-tabs button:nth-child(2)")
	c.waitJS("the people tab", `document.querySelector('.emoji-tabs button:nth-child(2)').getAttribute('aria-selected') === 'true'`)
	c.shot("emoji-picker")
	c.click(".emoji-grid button:nth-child(1)")
	var box struct {
		Value string
		Caret int
	}
	c.waitJS("👍 at the caret", `(() => { const b = document.querySelector('#reply'); return b.value.startsWith('👍') && document.activeElement === b &&
{value: b.value, caret: b.selectionStart}; })()`, &box)
	if box.Value != "👍Glad it works!" || box.Caret != 2 {
		t.Errorf("console reply box after picking: %+v", box)
	}
	c.key("\r")
	p.wait("the agent's emoji in the widget", `return [...root.querySelectorAll('.msg.agent .body')].some((e) => e.textContent.includes('👍Glad it works!'))`)
	p.shotWidget("emoji-sent")
	p.noAlerts()
}

// shotWidget saves a screenshot of the page when PARLEY_CONSOLE_SCREENSHOTS
// names a directory.
func (p *page) shotWidget(name string) {
	p.t.Helper()
	(&consolePage{page: p}).shot("widget-" + name)
}

// fonts names the platform fonts that drew the text under the element expr
// evaluates to in the page.
func (p *page) fonts(expr string) map[string]bool {
	p.t.Helper()
	r, err := chromedp.Call(p.ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: expr})
	if err != nil || r.Result == nil || r.Result.ObjectID == "" {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return p.fontsOf(r.Result.ObjectID)
}

// widgetFonts is fonts for an element in the widget's shadow root.
func (p *page) widgetFonts(expr string) map[string]bool {
	p.t.Helper()
	host, err := chromedp.Call(p.ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: `document.querySelector('parley-widget')`})
	if err != nil {
		p.t.Fatal(err)
	}
	one, yes := int64(1), true
	n, err := chromedp.Call(p.ctx, dom.DescribeNode, dom.DescribeNodeParams{ObjectID: host.Result.ObjectID, Depth: &one, Pierce: &yes})
	if err != nil || len(n.Node.ShadowRoots) == 0 {
		p.t.Fatalf("the widget's shadow root: %v", err)
	}
	sr, err := chromedp.Call(p.ctx, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: n.Node.ShadowRoots[0].BackendNodeID})
	if err != nil {
		p.t.Fatal(err)
	}
	r, err := chromedp.Call(p.ctx, runtime.CallFunctionOn, runtime.CallFunctionOnParams{
		FunctionDeclaration: "function(){const root=this;return " + expr + "}", ObjectID: sr.Object.ObjectID})
	if err != nil || r.Result == nil || r.Result.ObjectID == "" {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return p.fontsOf(r.Result.ObjectID)
}

func (p *page) fontsOf(obj runtime.RemoteObjectID) map[string]bool {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, dom.GetDocument, dom.GetDocumentParams{}); err != nil {
		p.t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, css.Enable, cdp.Empty{}); err != nil {
		p.t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(id cdp.NodeID)
	walk = func(id cdp.NodeID) {
		r, err := chromedp.Call(p.ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
		if err != nil {
			p.t.Fatal(err)
		}
		for _, f := range r.Fonts {
			out[f.FamilyName] = true
		}
		d, err := chromedp.Call(p.ctx, dom.DescribeNode, dom.DescribeNodeParams{NodeID: id, Depth: ptr(int64(1))})
		if err != nil {
			p.t.Fatal(err)
		}
		for _, k := range d.Node.Children {
			if k.NodeType == 1 { // an element: its text is asked for on its own
				ids, err := chromedp.Call(p.ctx, dom.PushNodesByBackendIDsToFrontend, dom.PushNodesByBackendIDsToFrontendParams{BackendNodeIDs: []cdp.BackendNodeID{k.BackendNodeID}})
				if err == nil && len(ids.NodeIDs) == 1 {
					walk(ids.NodeIDs[0])
				}
			}
		}
	}
	n, err := chromedp.Call(p.ctx, dom.RequestNode, dom.RequestNodeParams{ObjectID: obj})
	if err != nil {
		p.t.Fatal(err)
	}
	walk(n.NodeID)
	return out
}

func ptr[T any](v T) *T { return &v }

package webchat_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// consolePage drives the agent console in a fresh browser context.
type consolePage struct {
	*page
	srv     *consoleServer
	dialogs atomic.Int32 // alert/confirm/prompt dialogs the page opened
}

// openConsole loads /console and signs in as email.
func openConsole(t *testing.T, srv *consoleServer, email string) *consolePage {
	t.Helper()
	c := &consolePage{page: newPage(t), srv: srv}
	if err := chromedp.Listen(c.ctx, func(ev any) {
		if _, ok := ev.(*cdppage.EventJavascriptDialogOpening); ok {
			c.dialogs.Add(1)
			go chromedp.Call(c.ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}); err != nil {
		t.Fatal(err)
	}
	c.do(chromedp.Navigate(srv.URL + "/console"))
	c.waitJS("the sign-in form", `!document.querySelector('#login').hidden`)
	c.click("#email")
	c.typeText(email)
	c.click("#password")
	c.typeText(consolePassword)
	c.click("#login-form button[type=submit]")
	c.waitJS("the console, live", `!document.querySelector('#app').hidden && document.querySelector('#conn').dataset.state === 'connected'`)
	return c
}

// waitJS polls a JavaScript expression in the page (every 25 ms, for up
// to 20 s) until it is truthy, and decodes that value into out.
func (c *consolePage) waitJS(what, expr string, out ...any) {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	js := fmt.Sprintf(`(async () => { const end = Date.now() + %d;
for (;;) { let v; try { v = (() => (%s))(); } catch (e) { v = undefined; }
if (v) return v; if (Date.now() > end) return null; await new Promise((r) => setTimeout(r, 25)); } })()`,
		time.Until(deadline).Milliseconds(), expr)
	raw, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil || len(raw) == 0 || string(raw) == "null" {
		var focus string
		c.eval(`(document.activeElement?.tagName ?? '') + '#' + (document.activeElement?.id ?? '') + ' reply=' + JSON.stringify(document.querySelector('#reply')?.value)`, &focus)
		c.t.Fatalf("timed out waiting for %s (err %v); focus %s; the console shows:\n%s", what, err, focus, c.shows())
	}
	if len(out) > 0 {
		if err := json.Unmarshal(raw, out[0]); err != nil {
			c.t.Fatalf("waiting for %s: %v", what, err)
		}
	}
}

// shows is the page's visible text, for failure messages.
func (c *consolePage) shows() string {
	raw, err := chromedp.Run(c.ctx, chromedp.Evaluate[[]byte](`document.body.innerText`))
	var s string
	if err != nil || json.Unmarshal(raw, &s) != nil {
		return fmt.Sprintf("(unreadable: %v)", err)
	}
	return s
}

// js evaluates an expression and decodes its value into out.
func (c *consolePage) js(expr string, out any) {
	c.t.Helper()
	c.eval(expr, out)
}

// click clicks the centre of a visible element with a real mouse event.
func (c *consolePage) click(sel string) {
	c.t.Helper()
	var r struct{ X, Y float64 }
	// The target must be in the same place on two polls in a row and be
	// what a mouse there would hit: a list that re-renders or a bar that
	// loads above it moves it between reading its place and the click. An
	// inline target that wraps is clicked on its first line: the middle of
	// its whole box can fall between its lines, on its parent.
	c.waitJS("clickable "+sel, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return null;
e.scrollIntoView({block: 'nearest'}); const r = e.getClientRects()[0] ?? e.getBoundingClientRect();
const x = r.left + r.width / 2, y = r.top + r.height / 2, at = [x, y, r.width, r.height].join();
const steady = window.__clickAt === at; window.__clickAt = at;
const hit = document.elementFromPoint(x, y);
return steady && r.width > 0 && r.height > 0 && hit && (hit === e || e.contains(hit) || hit.contains(e)) && {x, y}; })()`, sel), &r)
	c.do(chromedp.MouseClickXY(r.X, r.Y))
}

// key presses keys as a hardware keyboard does: rawKeyDown, char (for
// printable keys), keyUp. (chromedp.KeyEvent sends keyDown, whose
// preventDefault does not suppress the char event a real key press would.)
func (c *consolePage) key(keys string) {
	c.t.Helper()
	for _, r := range keys {
		for _, ev := range kb.Encode(r) {
			if ev.Type == input.DispatchKeyEventTypeKeyDown {
				ev.Type = input.DispatchKeyEventTypeRawKeyDown
			}
			if _, err := chromedp.Call(c.ctx, input.DispatchKeyEvent, *ev); err != nil {
				c.t.Fatal(err)
			}
		}
	}
}

// shiftEnter presses Shift+Enter as a keyboard does.
func (c *consolePage) shiftEnter() {
	c.t.Helper()
	for _, ev := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeRawKeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Modifiers: int64(chromedp.ModifierShift)},
		{Type: input.DispatchKeyEventTypeChar, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", Modifiers: int64(chromedp.ModifierShift)},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Modifiers: int64(chromedp.ModifierShift)},
	} {
		if _, err := chromedp.Call(c.ctx, input.DispatchKeyEvent, ev); err != nil {
			c.t.Fatal(err)
		}
	}
}

// text returns the textContent of the first element matching sel.
func (c *consolePage) text(sel string) string {
	c.t.Helper()
	var s string
	c.js(fmt.Sprintf(`document.querySelector(%q)?.textContent ?? ''`, sel), &s)
	return s
}

// listItem is the list entry of a conversation, in either list.
func listItem(list, convID string) string {
	return fmt.Sprintf(`#%s .item[data-id=%q]`, list, convID)
}

// jsString makes s a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// visitorSaw reports the first frame the visitor received that contains s.
func visitorSaw(v *wsVisitor, s string) string {
	for _, f := range v.rawFrames() {
		if strings.Contains(f, s) {
			return f
		}
	}
	return ""
}

// shot saves a screenshot as DIR/name.png when PARLEY_CONSOLE_SCREENSHOTS
// names a directory (for looking at the console, not for assertions).
func (c *consolePage) shot(name string) {
	c.t.Helper()
	dir := os.Getenv("PARLEY_CONSOLE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(c.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		c.t.Fatal(err)
	}
}

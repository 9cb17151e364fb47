package webchat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley/internal/testenv"
)

// One Chromium for the package; every test gets its own browser context
// (separate storage, like a fresh profile) and tab.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	dir    string
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
		os.RemoveAll(browser.dir)
	}
	os.Exit(code)
}

type page struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	reqs []string // URLs the page requested, in order
}

func newPage(t *testing.T) *page {
	t.Helper()
	path := testenv.Chromium(t)
	browser.once.Do(func() {
		if browser.dir, browser.err = os.MkdirTemp("", "parley-chromium-"); browser.err != nil {
			return
		}
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.UserDataDir(browser.dir), chromedp.WindowSize(1100, 800))
		bctx, cancelB := chromedp.NewContext(actx)
		browser.ctx, browser.cancel = bctx, func() { cancelB(); cancelA() }
		browser.err = chromedp.Do(bctx) // start the browser
	})
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelT(); cancel() })
	p := &page{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			p.mu.Lock()
			p.reqs = append(p.reqs, e.Request.URL)
			p.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.reqs...)
}

// eval evaluates js in the host page and decodes the result into out.
func (p *page) eval(js string, out any) {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err == nil && out != nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		p.t.Fatalf("eval %s: %v", js, err)
	}
}

// inWidget calls fn (a function body; `root` is the widget's closed shadow
// root, reached through the DevTools protocol as a test can and a page
// cannot) and returns its JSON result.
func (p *page) inWidget(fn string) (json.RawMessage, error) {
	host, err := chromedp.Call(p.ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: `document.querySelector('parley-widget')`})
	if err != nil {
		return nil, err
	}
	if host.Result == nil || host.Result.ObjectID == "" {
		return nil, fmt.Errorf("no widget on the page")
	}
	one, yes := int64(1), true
	n, err := chromedp.Call(p.ctx, dom.DescribeNode, dom.DescribeNodeParams{ObjectID: host.Result.ObjectID, Depth: &one, Pierce: &yes})
	if err != nil {
		return nil, err
	}
	if len(n.Node.ShadowRoots) == 0 {
		return nil, fmt.Errorf("widget has no shadow root")
	}
	sr, err := chromedp.Call(p.ctx, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: n.Node.ShadowRoots[0].BackendNodeID})
	if err != nil {
		return nil, err
	}
	r, err := chromedp.Call(p.ctx, runtime.CallFunctionOn, runtime.CallFunctionOnParams{
		FunctionDeclaration: "async function(){const root=this;" + fn + "\n}",
		ObjectID:            sr.Object.ObjectID, ReturnByValue: &yes, AwaitPromise: &yes})
	if err != nil {
		return nil, err
	}
	if r.ExceptionDetails != nil {
		return nil, &chromedp.ExceptionError{ExceptionDetails: r.ExceptionDetails}
	}
	return json.RawMessage(r.Result.Value), nil
}

// widget is inWidget that fails the test on error and decodes into out.
func (p *page) widget(fn string, out any) {
	p.t.Helper()
	raw, err := p.inWidget(fn)
	if err == nil && out != nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		p.t.Fatalf("widget %s: %v", fn, err)
	}
}

// wait polls fn inside the widget (in the page, every 25 ms) until it
// returns a truthy value, which it decodes into out; it fails after 20 s.
func (p *page) wait(what, fn string, out ...any) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		poll := `const f=async()=>{` + fn + "\n" + `};const end=Date.now()+` + fmt.Sprint(time.Until(deadline).Milliseconds()) + `;
for(;;){let v;try{v=await f()}catch(e){v=undefined}
if(v)return v;if(Date.now()>end)return null;await new Promise(r=>setTimeout(r,25))}`
		raw, err := p.inWidget(poll)
		if err == nil && len(raw) > 0 && string(raw) != "null" {
			if len(out) > 0 {
				if err := json.Unmarshal(raw, out[0]); err != nil {
					p.t.Fatalf("wait %s: %v", what, err)
				}
			}
			return
		}
		if time.Now().After(deadline) || p.ctx.Err() != nil {
			var text string
			p.inWidgetText(&text)
			p.t.Fatalf("timed out waiting for %s (last error %v); widget shows: %q", what, err, text)
		}
		if err != nil { // no widget yet, or the page navigated: try again shortly
			time.Sleep(25 * time.Millisecond)
		}
	}
}

func (p *page) inWidgetText(out *string) {
	if raw, err := p.inWidget(`return root.querySelector('.pw').innerText`); err == nil {
		json.Unmarshal(raw, out)
	}
}

// waitPage polls a JavaScript expression in the host page.
func (p *page) waitPage(what, expr string, out ...any) {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Poll[[]byte](expr, chromedp.WithPollingInterval(25*time.Millisecond),
		chromedp.WithPollingTimeout(20*time.Second)))
	if err == nil && len(out) > 0 {
		err = json.Unmarshal(raw, out[0])
	}
	if err != nil {
		p.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// click clicks the centre of the element selected in the widget with a real
// mouse event.
func (p *page) click(selector string) {
	p.t.Helper()
	var r struct{ X, Y float64 }
	p.wait("clickable "+selector, fmt.Sprintf(`const e=root.querySelector(%q);if(!e)return null;
e.scrollIntoView({block:'nearest'});const r=e.getBoundingClientRect();
return r.width>0&&{x:r.left+r.width/2,y:r.top+r.height/2}`, selector), &r)
	p.do(chromedp.MouseClickXY(r.X, r.Y))
}

// typeText types into the focused element (any script), like an IME would.
func (p *page) typeText(text string) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		p.t.Fatal(err)
	}
}

// offline cuts or restores the page's network, as the browser reports it
// (navigator.onLine and the online/offline events) and for new requests.
func (p *page) offline(off bool) {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
		p.t.Fatal(err)
	}
	if _, err := chromedp.Call(p.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		p.t.Fatal(err)
	}
}

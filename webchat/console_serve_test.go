package webchat_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/webchat"
)

// The console is one page with its modules, same-origin only: a strict CSP,
// no framing, no CORS, revalidated by ETag.
func TestConsoleServing(t *testing.T) {
	h := webchat.Console()
	for _, p := range []string{"/console", "/console/"} {
		resp := get(t, h, p)
		body, _ := io.ReadAll(resp.Body)
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(body), `<script type="module" src="/console/app.js">`) {
			t.Fatalf("GET %s: %d %v", p, resp.StatusCode, resp.Header)
		}
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", p, csp, want)
			}
		}
		if resp.Header.Get("X-Frame-Options") != "DENY" || resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET %s: headers %v", p, resp.Header)
		}
	}
	js := get(t, h, "/console/app.js", "Accept-Encoding", "gzip")
	etag := js.Header.Get("ETag")
	if js.StatusCode != 200 || js.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || js.Header.Get("Content-Encoding") != "gzip" || etag == "" {
		t.Fatalf("app.js: %d %v", js.StatusCode, js.Header)
	}
	if r := get(t, h, "/console/app.js", "Accept-Encoding", "gzip", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", r.StatusCode)
	}
	// One Markdown module for the console and the widget: the same bytes.
	md, _ := io.ReadAll(get(t, h, "/console/markdown.js").Body)
	wmd, _ := io.ReadAll(get(t, webchat.Widget(), "/widget/markdown.js").Body)
	if len(md) == 0 || string(md) != string(wmd) {
		t.Errorf("/console/markdown.js (%d bytes) is not the widget's markdown.js (%d bytes)", len(md), len(wmd))
	}
	for _, p := range []string{"/console/nope.js", "/console/widget/markdown.js", "/console/index.html", "/consolex", "/widget.js", "/console/../widget.js"} {
		if r := get(t, h, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d; want 404", p, r.StatusCode)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/console", nil))
	if w.Code != http.StatusNotFound {
		t.Errorf("POST /console: %d", w.Code)
	}
}

// Every control has an accessible name, the shortcuts are announced to
// assistive technology, and new messages reach a polite live region.
func TestConsoleAccessibleNames(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "l1")
	conv := srv.queued("hello?", parley.Conversation{Team: "billing", HandoffReason: "human_requested"})
	c := openConsole(t, srv, "ana@example.com")
	c.click(listItem("queue", conv.ID))
	c.waitJS("the conversation", `!document.querySelector('#composer').hidden`)
	var unnamed []string
	c.js(`[...document.querySelectorAll('button, input, select, textarea, [role=listbox]')].filter((e) => e.getClientRects().length)
.filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim()))
.map((e) => e.outerHTML.slice(0, 80))`, &unnamed)
	if len(unnamed) > 0 {
		t.Errorf("controls without a name: %q", unnamed)
	}
	var live string
	c.js(`document.querySelector('[aria-live=polite]')?.id ?? ''`, &live)
	if live != "live" {
		t.Errorf("no polite live region (found %q)", live)
	}
}

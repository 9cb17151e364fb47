package webchat_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-chat/parley/webchat"
)

// The admin pages are served like the console: one page with its modules,
// a strict CSP, no framing, no CORS; every module the page imports exists.
func TestAdminServing(t *testing.T) {
	h := webchat.Admin()
	for _, p := range []string{"/admin", "/admin/"} {
		resp := get(t, h, p)
		body, _ := io.ReadAll(resp.Body)
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != 200 || !strings.Contains(string(body), `<script type="module" src="/admin/app.js">`) {
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
	for _, p := range []string{"/admin/nope.js", "/admin/index.html", "/adminx", "/console/app.js", "/admin/../console/app.js"} {
		if r := get(t, h, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d; want 404", p, r.StatusCode)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/admin", nil))
	if w.Code != http.StatusNotFound {
		t.Errorf("POST /admin: %d", w.Code)
	}

	// Every import resolves to a file one of the handlers serves.
	imp := regexp.MustCompile(`(?m)^import [^'"]*['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)`)
	serve := map[string]http.Handler{"/admin/": h, "/console/": webchat.Console(), "/widget/": webchat.Widget()}
	seen := map[string]bool{"/admin/app.js": true}
	queue := []string{"/admin/app.js"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		var handler http.Handler
		for prefix, hh := range serve {
			if strings.HasPrefix(p, prefix) {
				handler = hh
			}
		}
		resp := get(t, handler, p)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
			continue
		}
		src, _ := io.ReadAll(resp.Body)
		for _, m := range imp.FindAllStringSubmatch(string(src), -1) {
			dep := m[1] + m[2]
			if strings.HasPrefix(dep, "./") {
				dep = p[:strings.LastIndex(p, "/")+1] + dep[2:]
			}
			if !seen[dep] {
				seen[dep] = true
				queue = append(queue, dep)
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("the admin app imports only %d modules: %v", len(seen), seen)
	}
}

package webchat_test

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-chat/parley/webchat"
)

func get(t *testing.T, h http.Handler, path string, hdr ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

// Test 7: what a page loads before the visitor opens the chat — widget.js
// alone (TestEmbedOnOtherOriginAnswersFromKB checks in a browser that
// nothing else is fetched) — is at most 30 KB gzipped. So is everything the
// widget loads on first open, in any locale.
func TestWidgetSizeBudget(t *testing.T) {
	const budget = 30 * 1024
	h := webchat.Widget()
	size := func(path string) int {
		resp := get(t, h, path, "Accept-Encoding", "gzip")
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("GET %s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		return len(b)
	}
	eager := size("/widget.js")
	open := eager
	err := filepath.WalkDir("static/widget", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (strings.Contains(p, "l10n") && !strings.HasSuffix(p, "/fa.js")) {
			return err // one locale (the largest, Persian) is loaded per page
		}
		open += size(strings.TrimPrefix(p, "static"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gzipped: before opening %d bytes (%.1f KB); everything after the first open %d bytes (%.1f KB)",
		eager, float64(eager)/1024, open, float64(open)/1024)
	if eager > budget || open > budget {
		t.Errorf("widget over its 30 KB budget: eager %d, after open %d bytes gzipped", eager, open)
	}
}

func TestServing(t *testing.T) {
	h := webchat.Widget()
	resp := get(t, h, "/widget.js", "Accept-Encoding", "gzip, deflate, br")
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" ||
		resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("Cache-Control") != "no-cache" || etag == "" {
		t.Fatalf("widget.js: %d %v", resp.StatusCode, resp.Header)
	}
	if r := get(t, h, "/widget.js", "Accept-Encoding", "gzip", "If-None-Match", etag); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with the ETag: %d; want 304", r.StatusCode)
	}
	plain := get(t, h, "/widget/panel.css")
	body, _ := io.ReadAll(plain.Body)
	want, _ := os.ReadFile("static/widget/panel.css")
	if plain.Header.Get("Content-Encoding") != "" || string(body) != string(want) || !strings.HasPrefix(plain.Header.Get("Content-Type"), "text/css") {
		t.Errorf("panel.css without gzip: %v", plain.Header)
	}
	demo := get(t, h, "/demo")
	page, _ := io.ReadAll(demo.Body)
	if demo.StatusCode != 200 || !strings.Contains(string(page), `<script src="/widget.js" data-site="demo" async></script>`) ||
		!strings.Contains(string(page), `window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };`) {
		t.Errorf("/demo: %d, does not embed the documented snippet", demo.StatusCode)
	}
	for _, p := range []string{"/widget/", "/widget/nope.js", "/demo.html", "/static/widget.js"} {
		if r := get(t, h, p); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d; want 404", p, r.StatusCode)
		}
	}
}

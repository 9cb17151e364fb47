package webchat

import (
	"net/http"
	"strconv"
	"strings"
)

// appCSP confines the console and the admin pages to their own origin:
// scripts and styles only from the embedded files (no inline code), network
// only to this server (REST and /ws/agent), no framing. Untrusted text is
// rendered as text anyway; the policy is the second wall.
const appCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Console serves the agent console: GET /console (and /console/) is the
// app's page, /console/* its modules and stylesheet (static/console). The
// console talks to the REST API (/api/v1, session cookie) and to the agents'
// websocket (/ws/agent); it is served same-origin with them, never framed,
// and never embedded cross-origin (no CORS headers). docs/console.md is the
// user-facing documentation.
func Console() http.Handler { return app("/console") }

// Admin serves the admin pages the same way under /admin (static/admin);
// they reuse the console's API and DOM modules. docs/admin.md describes them.
func Admin() http.Handler { return app("/admin") }

// shared maps an address for a module to the one file behind it: the
// console renders Markdown with the widget's own module, and both load the
// emoji picker from static/shared (outside static/widget: the widget loads
// it only when its emoji button is pressed, never on open).
var shared = map[string]string{
	"/console/markdown.js": "/widget/markdown.js",
	"/console/emoji.js":    "/shared/emoji.js",
	"/console/emoji.css":   "/shared/emoji.css",
	"/widget/emoji.js":     "/shared/emoji.js",
	"/widget/emoji.css":    "/shared/emoji.css",
}

// app serves one same-origin single-page app: prefix and prefix/ are its
// page, prefix/* its files.
func app(prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p == prefix || p == prefix+"/" {
			p = prefix + "/index.html"
		} else if p == prefix+"/index.html" || !strings.HasPrefix(p, prefix+"/") {
			p = "" // one address for the page
		}
		if alias, ok := shared[p]; ok {
			p = alias
		}
		f := files[p]
		if f == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Accept-Encoding")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", appCSP)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		body, etag := f.body, f.etag
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}

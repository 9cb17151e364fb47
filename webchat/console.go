package webchat

import (
	"net/http"
	"strconv"
	"strings"
)

// consoleCSP confines the console to its own origin: scripts and styles
// only from the embedded files (no inline code), network only to this
// server (REST and /ws/agent), no framing. Untrusted text is rendered as
// text anyway; the policy is the second wall.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Console serves the agent console: GET /console (and /console/) is the
// app's page, /console/* its modules and stylesheet (static/console). The
// console talks to the REST API (/api/v1, session cookie) and to the agents'
// websocket (/ws/agent); it is served same-origin with them, never framed,
// and never embedded cross-origin (no CORS headers). docs/console.md is the
// user-facing documentation.
func Console() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p == "/console" || p == "/console/" {
			p = "/console/index.html"
		} else if p == "/console/index.html" || !strings.HasPrefix(p, "/console/") {
			p = "" // one address for the page
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
		h.Set("Content-Security-Policy", consoleCSP)
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

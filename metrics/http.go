package metrics

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"
)

// Handler times every request next serves, labelled by the pattern of the
// ServeMux that matched it. A ServeMux records its pattern in the request
// it was given (Request.Pattern), and a mux mounted in another receives the
// same request, so the innermost pattern wins: "/api/v1/conversations/{id}",
// never the raw path, which keeps the series bounded. Requests no pattern
// matched count as route "unmatched". Hijacked requests (websockets) are
// not observed: their duration is the connection's life, not a request's.
func (m *Metrics) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.hijacked {
			return
		}
		m.HTTPDuration.WithLabelValues(method(r.Method), route(r.Pattern), statusClass(sw.status)).Observe(time.Since(start).Seconds())
	})
}

// route is a mux pattern without its method and host: "GET /ws/visitor"
// is "/ws/visitor".
func route(pattern string) string {
	if _, p, ok := strings.Cut(pattern, " "); ok {
		pattern = strings.TrimLeft(p, " \t")
	}
	if i := strings.IndexByte(pattern, '/'); i > 0 {
		pattern = pattern[i:] // drop a host
	}
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}

// method bounds the label to the methods the server knows.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

func statusClass(code int) string {
	if code == 0 {
		code = http.StatusOK
	}
	if code < 100 || code > 599 {
		return "other"
	}
	return string(rune('0'+code/100)) + "xx"
}

// statusWriter remembers the status code; it passes Flush and Hijack
// through, which exports and websockets need.
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("metrics: response writer cannot hijack")
	}
	c, rw, err := h.Hijack()
	if err == nil {
		w.hijacked = true
	}
	return c, rw, err
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

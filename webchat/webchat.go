package webchat

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var static embed.FS

// file is one embedded file, ready to serve: its bytes, their gzip, a
// content hash for ETag revalidation.
type file struct {
	body, gz []byte
	etag     string
	ctype    string
}

// files maps URL paths (/widget.js, /widget/app.js, /demo) to their files.
var files = load()

func load() map[string]*file {
	out := map[string]*file{}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		sum := sha256.Sum256(body)
		ctype := mime.TypeByExtension(path.Ext(p))
		if path.Ext(p) == ".js" {
			ctype = "text/javascript; charset=utf-8"
		}
		url := strings.TrimPrefix(p, "static")
		if url == "/demo.html" {
			url = "/demo"
		}
		out[url] = &file{body: body, gz: gz.Bytes(), etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype}
		return nil
	})
	if err != nil {
		panic("webchat: embedded files: " + err.Error())
	}
	return out
}

// Widget serves /widget.js, /widget/* (loaded by widget.js on demand; the
// emoji picker from static/shared) and /demo, a sample customer page
// embedding the widget.
//
// Responses are gzipped when the client accepts it and revalidated on every
// use (Cache-Control: no-cache with a content ETag), so a new release is
// picked up at once and an unchanged file costs a 304. The widget's files
// carry Access-Control-Allow-Origin: * because a page on another origin
// imports them as JavaScript modules; they hold no visitor data.
func Widget() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if alias, ok := shared[p]; ok && strings.HasPrefix(p, "/widget/") {
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
		if p == "/demo" {
			h.Set("Content-Security-Policy", demoCSP)
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
		} else {
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		}
		body, etag := f.body, f.etag
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			h.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}

func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

package webchat

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var static embed.FS

// Widget serves /widget.js, /widget/* and /demo.
func Widget() http.Handler {
	sub, _ := fs.Sub(static, "static")
	files := http.FileServerFS(sub)
	mux := http.NewServeMux()
	mux.Handle("GET /widget.js", files)
	mux.Handle("GET /widget/", files)
	mux.HandleFunc("GET /demo", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, sub, "demo.html")
	})
	return mux
}

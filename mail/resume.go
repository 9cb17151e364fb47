package mail

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/parley-chat/parley"
)

// ResumeStore is what following a link reads.
type ResumeStore interface {
	Conversation(ctx context.Context, id string) (parley.Conversation, error)
	SiteByID(ctx context.Context, id string) (parley.Site, error)
}

// ResumeHandler serves GET /c/{token}: a valid link redirects to the page
// of the conversation's site (its first allowed origin, else Fallback)
// with #parley-open, where the widget opens and resumes the visitor's
// conversation; a tampered or expired link gets an error page.
type ResumeHandler struct {
	Links *Links
	Store ResumeStore
	// Fallback is the page for sites without allowed origins ("": none).
	Fallback string
}

// OpenFragment is what the widget looks for in the address to open itself.
const OpenFragment = "#parley-open"

func (h *ResumeHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := h.Links.Verify(r.PathValue("token"))
	switch {
	case errors.Is(err, ErrLinkExpired):
		page(w, http.StatusGone, "This link has expired", "Links in our emails work for a week. Open the chat on the site to continue the conversation.")
		return
	case err != nil:
		page(w, http.StatusBadRequest, "This link is not valid", "The link is incomplete or was changed. Copy the whole link from the email, or open the chat on the site.")
		return
	}
	c, err := h.Store.Conversation(r.Context(), id)
	if err != nil {
		page(w, http.StatusNotFound, "Conversation not found", "This conversation no longer exists.")
		return
	}
	site, err := h.Store.SiteByID(r.Context(), c.SiteID)
	if err != nil {
		page(w, http.StatusNotFound, "Conversation not found", "This conversation no longer exists.")
		return
	}
	to := h.Fallback
	if len(site.AllowedOrigins) > 0 {
		to = site.AllowedOrigins[0] + "/"
	}
	if to == "" {
		page(w, http.StatusNotFound, "No page to return to", fmt.Sprintf("%s has not said where its chat lives. Open the chat on the site.", siteName(site)))
		return
	}
	if i := strings.IndexByte(to, '#'); i >= 0 {
		to = to[:i]
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token stays out of the site's logs
	http.Redirect(w, r, to+OpenFragment, http.StatusSeeOther)
}

func page(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`+
		`<title>%[1]s</title></head><body style="font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em">`+
		`<h1>%[1]s</h1><p>%[2]s</p></body></html>`, html.EscapeString(title), html.EscapeString(text))
}

package webchat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/tick"
)

// HelpStore is what the help center reads and writes.
type HelpStore interface {
	Sites(ctx context.Context) ([]parley.Site, error)
	SiteByKey(ctx context.Context, key string) (parley.Site, error)
	Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error)
	RecordArticleVote(ctx context.Context, v parley.ArticleVote) error
}

// Searcher is one site's search: the index the bot answers from
// (*bot.Knowledge).
type Searcher interface {
	Hits(text, lang string, n int) []parley.SearchHit
}

// Limiter bounds readers' votes (the gateway's limiters fit).
type Limiter interface {
	Allow(ctx context.Context, key string, r parley.Rate) (bool, time.Duration, error)
}

// HelpConfig configures the help center; zero values are the defaults.
type HelpConfig struct {
	Store HelpStore
	// Search returns a site's search index, nil while it has none (before
	// the librarian's first build). Nil: the search box finds nothing.
	Search func(siteID string) Searcher
	// Limiter and VoteRate bound votes per client IP (default 20/1m:10);
	// a nil Limiter does not limit.
	Limiter  Limiter
	VoteRate parley.Rate
	// TrustForwarded takes the client IP and scheme from X-Forwarded-For
	// and X-Forwarded-Proto (only behind a proxy that sets them).
	TrustForwarded bool
	// PublicURL is the server's address as browsers reach it
	// (--public-url); a request to its host takes its scheme, so canonical
	// URLs say https behind a proxy that does not tell.
	PublicURL string
	// MaxAge is how long browsers and proxies may reuse a page without
	// asking (default 60 s); after it, a revalidation costs a 304.
	MaxAge time.Duration
	Log    *slog.Logger
}

// Help serves the public help center: /help, /help/{slug}, votes, the
// sitemap (docs/help-center.md). It reads published articles straight from
// the store on every request, so a publish shows at once and a draft never
// does; the site list is cached (Run refreshes it) for ArticleURL, which the
// bot calls on its hot path.
type Help struct {
	cfg HelpConfig
	mux *http.ServeMux

	mu     sync.Mutex
	sites  []parley.Site
	keys   map[string]string // site id → key
	loaded time.Time
}

// sitesTTL is how old the cached site list may be for a request.
const sitesTTL = 10 * time.Second

// NewHelp returns the help center's handler.
func NewHelp(cfg HelpConfig) *Help {
	if cfg.VoteRate.Count == 0 {
		cfg.VoteRate = parley.Rate{Count: 20, Period: time.Minute, Burst: 10}
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = time.Minute
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	h := &Help{cfg: cfg, keys: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /help", h.index)
	mux.HandleFunc("GET /help/{$}", h.index)
	mux.HandleFunc("GET /help/sitemap.xml", h.sitemap)
	assets := Widget()
	mux.Handle("GET /help/help.css", assets)
	mux.Handle("GET /help/help.js", assets)
	mux.HandleFunc("GET /help/{slug}", h.article)
	// A vote is a plain form POST (it works without JavaScript); Go's
	// cross-origin protection refuses one sent by another site's page.
	mux.Handle("POST /help/{slug}/vote", http.NewCrossOriginProtection().Handler(http.HandlerFunc(h.vote)))
	mux.HandleFunc("/help/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	h.mux = mux
	return h
}

func (h *Help) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Refresh reloads the site list.
func (h *Help) Refresh(ctx context.Context) error {
	sites, err := h.cfg.Store.Sites(ctx)
	if err != nil {
		return fmt.Errorf("help: sites: %w", err)
	}
	keys := make(map[string]string, len(sites))
	for _, s := range sites {
		keys[s.ID] = s.Key
	}
	h.mu.Lock()
	h.sites, h.keys, h.loaded = sites, keys, time.Now()
	h.mu.Unlock()
	return nil
}

// Run refreshes the site list every interval until ctx ends, so that
// ArticleURL follows a site's new key.
func (h *Help) Run(ctx context.Context, every time.Duration) {
	tick.Every(ctx, every, nil, func(ctx context.Context) {
		if err := h.Refresh(ctx); err != nil && ctx.Err() == nil {
			h.cfg.Log.Warn("help center: site list not refreshed", "err", err)
		}
	})
}

// ArticleURL is the bot's link to an article (bot.Config.ArticleURL):
// /help/SLUG?site=KEY&lang=LANG. The bot's answers are shown by the widget
// on the customer's page; the widget resolves this relative URL against its
// own server, and the site key makes the link independent of the host it
// lands on. A site not yet in the cached list gets a link without the key
// (the host, or the only site, then decides).
func (h *Help) ArticleURL(a parley.Article) string {
	h.mu.Lock()
	key := h.keys[a.SiteID]
	h.mu.Unlock()
	u := "/help/" + url.PathEscape(a.Slug) + "?"
	if key != "" {
		u += "site=" + url.QueryEscape(key) + "&"
	}
	return u + "lang=" + url.QueryEscape(a.Language)
}

// cachedSites returns the site list, reloading it when older than
// sitesTTL.
func (h *Help) cachedSites(ctx context.Context) ([]parley.Site, error) {
	h.mu.Lock()
	sites, fresh := h.sites, time.Since(h.loaded) < sitesTTL
	h.mu.Unlock()
	if fresh {
		return sites, nil
	}
	if err := h.Refresh(ctx); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sites, nil
}

// view is what every page needs to know about its request.
type view struct {
	site  parley.Site
	param string // the site key links must carry, "" when the host implies it
	base  string // scheme://host of this server as the reader reached it
}

// errNoSite is a request whose site neither ?site= nor the host names.
var errNoSite = errors.New("no help center for this host")

// resolve picks the request's site: ?site=KEY; else the site with an
// allowed origin on this host; else the only site. Links carry the key
// whenever the host alone would not lead back to the same site.
func (h *Help) resolve(r *http.Request) (view, error) {
	v := view{base: h.scheme(r) + "://" + r.Host}
	sites, err := h.cachedSites(r.Context())
	if err != nil {
		return v, err
	}
	byHost, hostOK := siteForHost(sites, r.Host)
	key := r.URL.Query().Get("site")
	if key == "" {
		if !hostOK {
			return v, errNoSite
		}
		v.site = byHost
		return v, nil
	}
	if i := slices.IndexFunc(sites, func(s parley.Site) bool { return s.Key == key }); i >= 0 {
		v.site = sites[i]
	} else if v.site, err = h.cfg.Store.SiteByKey(r.Context(), key); err != nil { // created since the last refresh?
		return v, err
	}
	if !hostOK || byHost.ID != v.site.ID {
		v.param = v.site.Key
	}
	return v, nil
}

// siteForHost is the first site (in key order) with an allowed origin on
// host, else the only site.
func siteForHost(sites []parley.Site, host string) (parley.Site, bool) {
	for _, s := range sites {
		for _, o := range s.AllowedOrigins {
			if u, err := url.Parse(o); err == nil && strings.EqualFold(u.Host, host) {
				return s, true
			}
		}
	}
	if len(sites) == 1 {
		return sites[0], true
	}
	return parley.Site{}, false
}

func (h *Help) scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	if u, err := url.Parse(h.cfg.PublicURL); err == nil && h.cfg.PublicURL != "" && strings.EqualFold(u.Host, r.Host) {
		return u.Scheme
	}
	if h.cfg.TrustForwarded {
		p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
		if strings.EqualFold(strings.TrimSpace(p), "https") {
			return "https"
		}
	}
	return "http"
}

func (h *Help) clientIP(r *http.Request) string {
	if h.cfg.TrustForwarded {
		if f, _, _ := strings.Cut(r.Header.Get("X-Forwarded-For"), ","); strings.TrimSpace(f) != "" {
			return strings.TrimSpace(f)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// link is a help-center URL: path with the site key (when needed), the
// language and extra parameters, in that order.
func (v view) link(path, lang string, extra ...string) string {
	var q []string
	if v.param != "" {
		q = append(q, "site="+url.QueryEscape(v.param))
	}
	if lang != "" {
		q = append(q, "lang="+url.QueryEscape(lang))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q = append(q, extra[i]+"="+url.QueryEscape(extra[i+1]))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + strings.Join(q, "&")
}

// fail answers a request that found no page.
func (h *Help) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errNoSite):
		http.Error(w, "No help center for this host: add ?site=SITE_KEY.", http.StatusNotFound)
	case errors.Is(err, parley.ErrNotFound):
		http.Error(w, "Unknown site.", http.StatusNotFound)
	default:
		h.cfg.Log.Error("help center", "path", r.URL.Path, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
	}
}

package webchat

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// helpPage is what the template shows; one of NotFound, Article, Searched
// or Collections is the content.
type helpPage struct {
	Lang, Dir  string
	T          helpText
	Title      string
	SiteName   string
	SiteKey    string
	SiteParam  string // hidden in the search form when links carry the key
	HomeURL    string
	Canonical  string
	XDefault   string
	Alternates []alternate
	Langs      []switchLink
	LangName   string
	Query      string

	NotFound    bool
	Article     *articleView
	Searched    bool
	Results     []item
	Collections []collection
	// Chat shows "Chat with us": the widget accepts this page's origin.
	Chat bool
}

type alternate struct{ Lang, URL string }

type switchLink struct {
	Lang, Name, URL string
	Current         bool
}

type item struct{ Title, URL, Lang, Dir, Snippet string }

type collection struct {
	Name     string
	Articles []item
	key      string
}

func (c collection) Key() string { return c.key }

type articleView struct {
	Title, Collection, CollectionURL string
	Body                             template.HTML // markdownHTML: every text escaped
	VoteURL                          string
	Voted                            bool
	Related                          []item // the collection's other articles
}

func (h *Help) page(v view, lang string) helpPage {
	return helpPage{Lang: lang, Dir: dirOf(lang), T: textsFor(lang), SiteName: v.site.Name, SiteKey: v.site.Key,
		SiteParam: v.param, HomeURL: v.link("/help", lang), LangName: langName(lang),
		Chat: v.site.OriginAllowed(v.base)}
}

var helpTmpl = template.Must(template.New("help").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{.Title}} · {{.SiteName}}</title>
{{if .Canonical}}<link rel="canonical" href="{{.Canonical}}">
{{range .Alternates}}<link rel="alternate" hreflang="{{.Lang}}" href="{{.URL}}">
{{end}}<link rel="alternate" hreflang="x-default" href="{{.XDefault}}">
{{else}}<meta name="robots" content="noindex">
{{end}}<link rel="stylesheet" href="/help/help.css">
<script src="/help/help.js" defer></script>
</head>
<body>
<a class="skip" href="#main">{{.T.Skip}}</a>
<header class="top">
<div class="wrap bar">
<a class="brand" href="{{.HomeURL}}">{{.SiteName}} <span>{{.T.HelpCenter}}</span></a>
{{if gt (len .Langs) 1}}<details class="langs">
<summary><span class="vh">{{.T.Language}}: </span>{{.LangName}}</summary>
<ul>{{range .Langs}}<li><a href="{{.URL}}" hreflang="{{.Lang}}" lang="{{.Lang}}"{{if .Current}} aria-current="page"{{end}}>{{.Name}}</a></li>{{end}}</ul>
</details>{{end}}
</div>
<form class="wrap search" role="search" action="/help" method="get">
{{if .SiteParam}}<input type="hidden" name="site" value="{{.SiteParam}}">{{end}}<input type="hidden" name="lang" value="{{.Lang}}">
<label class="vh" for="q">{{.T.SearchLabel}}</label>
<input id="q" type="search" name="q" value="{{.Query}}" placeholder="{{.T.SearchLabel}}" maxlength="200" autocomplete="off" enterkeyhint="search">
<button type="submit">{{.T.Search}}</button>
</form>
</header>
<main id="main" class="wrap">
{{if .NotFound}}<h1>{{.T.NotFound}}</h1>
<p><a href="{{.HomeURL}}">{{.T.All}}</a></p>
{{else if .Article}}<div class="layout">
<div>
<nav class="crumbs" aria-label="{{.T.HelpCenter}}"><a href="{{.HomeURL}}">{{.T.HelpCenter}}</a> <span aria-hidden="true">›</span> <a href="{{.Article.CollectionURL}}">{{.Article.Collection}}</a></nav>
<article>
<h1>{{.Article.Title}}</h1>
<div class="body">{{.Article.Body}}</div>
</article>
<section id="helpful" class="helpful">
{{if .Article.Voted}}<p role="status">{{.T.Thanks}}</p>
{{else}}<form method="post" action="{{.Article.VoteURL}}">
<input type="hidden" name="lang" value="{{.Lang}}">
<span id="helpful-q">{{.T.Helpful}}</span>
<span class="votes" role="group" aria-labelledby="helpful-q"><button type="submit" name="helpful" value="yes">{{.T.Yes}}</button>
<button type="submit" name="helpful" value="no">{{.T.No}}</button></span>
</form>
{{end}}</section>
</div>
<div class="side">
{{template "chat" .}}{{if .Article.Related}}<nav class="related" aria-labelledby="rel-h">
<h2 id="rel-h">{{.Article.Collection}}</h2>
<ul>{{range .Article.Related}}<li><a href="{{.URL}}" hreflang="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">{{.Title}}</a></li>{{end}}</ul>
</nav>{{end}}
</div>
</div>
{{else if .Searched}}<h1>{{.Title}}</h1>
{{if .Results}}<ol class="results">
{{range .Results}}<li><a href="{{.URL}}" hreflang="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">{{.Title}}</a>
<p lang="{{.Lang}}" dir="{{.Dir}}">{{.Snippet}}</p></li>
{{end}}</ol>
{{else}}<p class="none">{{.T.NoResults}}</p>
{{end}}<p><a href="{{.HomeURL}}">{{.T.All}}</a></p>
{{else}}<h1 class="vh">{{.T.HelpCenter}}</h1>
<div class="cols">
{{range .Collections}}<section class="col" id="c-{{.Key}}" aria-labelledby="h-{{.Key}}">
<h2 id="h-{{.Key}}">{{.Name}}</h2>
<ul>{{range .Articles}}<li><a href="{{.URL}}" hreflang="{{.Lang}}" lang="{{.Lang}}" dir="{{.Dir}}">{{.Title}}</a></li>{{end}}</ul>
</section>
{{end}}</div>
{{end}}{{if not .Article}}{{template "chat" .}}{{end}}</main>
{{if .Chat}}<script src="/widget.js" data-site="{{.SiteKey}}" data-locale="{{.Lang}}" async></script>
{{end}}</body>
</html>
{{define "chat"}}{{if .Chat}}<aside class="chat" aria-labelledby="chat-h">
<h2 id="chat-h">{{.T.StillNeed}}</h2>
<button type="button" data-chat hidden>{{.T.Chat}}</button>
</aside>
{{end}}{{end}}`))

// render writes p with its ETag, or 304 when the reader has this version.
func (h *Help) render(w http.ResponseWriter, r *http.Request, status int, p helpPage) {
	var b bytes.Buffer
	if err := helpTmpl.Execute(&b, p); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Security-Policy", appCSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.send(w, r, status, b.Bytes())
}

// send answers with body, cacheable for MaxAge and then revalidated by its
// content hash; pages chosen by Accept-Language say so in Vary.
func (h *Help) send(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	hd := w.Header()
	hd.Set("Vary", "Accept-Language")
	if status != http.StatusOK {
		hd.Set("Cache-Control", "no-cache")
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"h` + hex.EncodeToString(sum[:10]) + `"`
	hd.Set("ETag", etag)
	hd.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(h.cfg.MaxAge.Seconds())))
	if match := r.Header.Get("If-None-Match"); match != "" && (match == "*" || slices.Contains(splitTags(match), etag)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// splitTags splits an If-None-Match list, ignoring weak markers (a weak
// comparison, as RFC 9110 asks for If-None-Match).
func splitTags(h string) []string {
	var out []string
	for _, t := range strings.Split(h, ",") {
		out = append(out, strings.TrimPrefix(strings.TrimSpace(t), "W/"))
	}
	return out
}

// sitemap lists every published article page of the site, each with its
// translations as hreflang alternates, and the home page in each language.
func (h *Help) sitemap(w http.ResponseWriter, r *http.Request) {
	v, lib, ok := h.load(w, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	entry := func(path string, langs []string, lastmod func(string) string) {
		for _, l := range langs {
			b.WriteString("<url><loc>" + esc(v.base+v.link(path, l)) + "</loc>")
			if m := lastmod(l); m != "" {
				b.WriteString("<lastmod>" + m + "</lastmod>")
			}
			for _, alt := range langs {
				b.WriteString(`<xhtml:link rel="alternate" hreflang="` + esc(alt) + `" href="` + esc(v.base+v.link(path, alt)) + `"/>`)
			}
			b.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="` + esc(v.base+v.link(path, "")) + `"/></url>` + "\n")
		}
	}
	entry("/help", lib.langs, func(string) string { return "" })
	slugs := make([]string, 0, len(lib.bySlug))
	for s := range lib.bySlug {
		slugs = append(slugs, s)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		entry("/help/"+slug, lib.slugLangs(slug), func(l string) string {
			return lib.bySlug[slug][l].UpdatedAt.UTC().Format("2006-01-02")
		})
	}
	b.WriteString("</urlset>\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	h.send(w, r, http.StatusOK, b.Bytes())
}

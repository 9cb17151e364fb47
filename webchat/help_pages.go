package webchat

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-chat/parley"
)

// library is a site's published articles: translations by slug, and the
// site's languages, most articles first.
type library struct {
	bySlug map[string]map[string]parley.Article
	langs  []string
}

func (h *Help) library(ctx context.Context, siteID string) (library, error) {
	arts, err := h.cfg.Store.Articles(ctx, siteID, parley.ArticleFilter{Status: parley.ArticlePublished})
	if err != nil {
		return library{}, fmt.Errorf("help: articles: %w", err)
	}
	lib := library{bySlug: map[string]map[string]parley.Article{}}
	count := map[string]int{}
	for _, a := range arts {
		if a.Status != parley.ArticlePublished { // the filter says so; drafts never show, whatever a store does
			continue
		}
		if lib.bySlug[a.Slug] == nil {
			lib.bySlug[a.Slug] = map[string]parley.Article{}
		}
		lib.bySlug[a.Slug][a.Language] = a
		if count[a.Language] == 0 {
			lib.langs = append(lib.langs, a.Language)
		}
		count[a.Language]++
	}
	slices.SortStableFunc(lib.langs, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	return lib, nil
}

// first is the site's own language: English when it has English articles,
// else the language with the most.
func (lib library) first() string {
	if slices.Contains(lib.langs, "en") || len(lib.langs) == 0 {
		return "en"
	}
	return lib.langs[0]
}

// pick chooses the page's language among have: ?lang=, then the reader's
// Accept-Language, then the site's first language, then English, then any.
func (lib library) pick(r *http.Request, have []string) string {
	want := append([]string{baseLang(r.URL.Query().Get("lang"))}, acceptLanguage(r.Header.Get("Accept-Language"))...)
	for _, l := range append(want, lib.first(), "en") {
		if l != "" && slices.Contains(have, l) {
			return l
		}
	}
	if len(have) > 0 {
		return have[0]
	}
	return lib.first()
}

// translation is slug's article in lang, else in the site's first
// language, else English, else any.
func (lib library) translation(slug, lang string) parley.Article {
	tr := lib.bySlug[slug]
	for _, l := range []string{lang, lib.first(), "en"} {
		if a, ok := tr[l]; ok {
			return a
		}
	}
	for _, l := range lib.langs {
		if a, ok := tr[l]; ok {
			return a
		}
	}
	return parley.Article{}
}

func (lib library) slugLangs(slug string) []string {
	var out []string
	for _, l := range lib.langs { // site order, so the switcher is the same on every page
		if _, ok := lib.bySlug[slug][l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// A search result must score at least minScore and relScore of the best.
const (
	minScore = 0.04
	relScore = 0.25
)

// load resolves the request's site and its published library, answering
// the error itself when either fails.
func (h *Help) load(w http.ResponseWriter, r *http.Request) (view, library, bool) {
	v, err := h.resolve(r)
	if err == nil {
		var lib library
		if lib, err = h.library(r.Context(), v.site.ID); err == nil {
			return v, lib, true
		}
	}
	h.fail(w, r, err)
	return view{}, library{}, false
}

// maxQuery bounds a search (runes): a question, not a document.
const maxQuery = 200

func (h *Help) index(w http.ResponseWriter, r *http.Request) {
	v, lib, ok := h.load(w, r)
	if !ok {
		return
	}
	lang := lib.pick(r, lib.langs)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	p := h.page(v, lang)
	p.Query = q
	p.Title = p.T.HelpCenter
	var extra []string
	if q != "" {
		extra = []string{"q", q}
		p.Searched, p.Results = true, h.search(v, lib, q, lang)
		p.Title = strings.ReplaceAll(p.T.Results, "{q}", q)
	}
	p.Canonical = v.base + v.link("/help", lang, extra...)
	for _, l := range lib.langs {
		u := v.link("/help", l, extra...)
		p.Alternates = append(p.Alternates, alternate{l, v.base + u})
		p.Langs = append(p.Langs, switchLink{l, langName(l), u, l == lang})
	}
	p.XDefault = v.base + v.link("/help", "", extra...)
	if !p.Searched {
		p.Collections = collections(v, lib, lang)
	}
	h.render(w, r, http.StatusOK, p)
}

func (h *Help) search(v view, lib library, q, lang string) []item {
	if h.cfg.Search == nil {
		return nil
	}
	s := h.cfg.Search(v.site.ID)
	if s == nil {
		return nil
	}
	var out []item
	seen := map[string]bool{}
	hits := s.Hits(q, lang, 10)
	for _, hit := range hits {
		// The index scores 0–1; a question about nothing in the KB tops
		// out near 0.07 (kb/index_doc.go). A reader browsing results is
		// more lenient than the bot answering, but not "show everything".
		if hit.Score < max(minScore, hits[0].Score*relScore) {
			break
		}
		a, ok := lib.bySlug[hit.Article.Slug][hit.Article.Language]
		if !ok || seen[a.Slug] { // unpublished since the index was built
			continue
		}
		seen[a.Slug] = true
		out = append(out, item{Title: a.Title, URL: v.link("/help/"+a.Slug, a.Language), Lang: a.Language,
			Dir: dirOf(a.Language), Snippet: snippet(hit.Passage)})
	}
	return out
}

// collections groups the site's articles (in lang where translated) by
// collection, both in name order.
func collections(v view, lib library, lang string) []collection {
	by := map[string][]item{}
	for slug := range lib.bySlug {
		a := lib.translation(slug, lang)
		by[a.Collection] = append(by[a.Collection], item{Title: a.Title, URL: v.link("/help/"+slug, a.Language),
			Lang: a.Language, Dir: dirOf(a.Language)})
	}
	var out []collection
	for name, items := range by {
		slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.Title, b.Title) })
		out = append(out, collection{Name: collectionName(name, lang), Articles: items, key: name})
	}
	slices.SortFunc(out, func(a, b collection) int { return strings.Compare(a.key, b.key) })
	return out
}

// collectionName shows a collection's id ("account", "getting-started") as
// a heading.
func collectionName(id, lang string) string {
	if t, ok := collectionTitles[id][lang]; ok {
		return t
	}
	s := strings.NewReplacer("-", " ", "_", " ").Replace(id)
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// snippet is a passage as plain text for a result, cut at a word.
func snippet(passage string) string {
	s := strings.Join(strings.Fields(strings.NewReplacer("**", "", "__", "", "`", "", "#", "").Replace(passage)), " ")
	s = mdItem.ReplaceAllString(s, "")
	if utf8.RuneCountInString(s) <= 220 {
		return s
	}
	cut := string([]rune(s)[:220])
	if i := strings.LastIndexByte(cut, ' '); i > 150 {
		cut = cut[:i]
	}
	return cut + "…"
}

func (h *Help) article(w http.ResponseWriter, r *http.Request) {
	v, lib, ok := h.load(w, r)
	if !ok {
		return
	}
	slug := r.PathValue("slug")
	have := lib.slugLangs(slug)
	if len(have) == 0 {
		lang := lib.pick(r, lib.langs)
		p := h.page(v, lang)
		p.Title, p.NotFound = p.T.NotFound, true
		h.render(w, r, http.StatusNotFound, p)
		return
	}
	lang := lib.pick(r, have)
	a := lib.bySlug[slug][lang]
	p := h.page(v, lang)
	p.Title = a.Title
	path := "/help/" + slug
	p.Canonical = v.base + v.link(path, lang)
	p.XDefault = v.base + v.link(path, "")
	for _, l := range have {
		p.Alternates = append(p.Alternates, alternate{l, v.base + v.link(path, l)})
		p.Langs = append(p.Langs, switchLink{l, langName(l), v.link(path, l), l == lang})
	}
	p.Article = &articleView{
		Title: a.Title, Collection: collectionName(a.Collection, lang), CollectionURL: v.link("/help", lang) + "#c-" + a.Collection,
		Body:    markdownHTML(a.Body, h.allow(v)),
		VoteURL: v.link(path+"/vote", ""), Voted: r.URL.Query().Has("voted"),
	}
	for _, c := range collections(v, lib, lang) {
		if c.key == a.Collection {
			p.Article.Related = slices.DeleteFunc(c.Articles, func(it item) bool { return it.URL == v.link(path, it.Lang) })
		}
	}
	h.render(w, r, http.StatusOK, p)
}

// allow is the widget's link policy for article pages: http(s) or
// relative URLs without credentials. Links to this server stay relative
// and carry the site key into /help when it is needed; other hosts are
// allowed (the articles are the site's own, written by its admins: there is
// no data-link-hosts list on this side).
func (h *Help) allow(v view) allowFunc {
	base, _ := url.Parse(v.base + "/help/")
	return func(raw string) (string, bool) {
		if raw == "" {
			return "", false
		}
		u, err := base.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Host == "" {
			return "", false
		}
		if u.Host != base.Host || strings.HasPrefix(u.Path, "//") {
			return u.String(), true
		}
		if v.param != "" && (u.Path == "/help" || strings.HasPrefix(u.Path, "/help/")) && !u.Query().Has("site") {
			q := u.Query()
			q.Set("site", v.param)
			u.RawQuery = q.Encode()
		}
		u.Scheme, u.Host = "", ""
		return u.String(), true
	}
}

// vote records a reader's "was this helpful?" and sends them back to the
// article, which then thanks them.
func (h *Help) vote(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad form.", http.StatusBadRequest)
		return
	}
	var helpful bool
	switch r.PostForm.Get("helpful") {
	case "yes":
		helpful = true
	case "no":
	default:
		http.Error(w, `The vote needs helpful=yes or helpful=no.`, http.StatusBadRequest)
		return
	}
	v, lib, ok := h.load(w, r)
	if !ok {
		return
	}
	slug, lang := r.PathValue("slug"), r.PostForm.Get("lang")
	if _, ok := lib.bySlug[slug][lang]; !ok {
		http.Error(w, "No such published article in that language.", http.StatusNotFound)
		return
	}
	if h.cfg.Limiter != nil {
		ok, retry, err := h.cfg.Limiter.Allow(r.Context(), "help-vote:"+h.clientIP(r), h.cfg.VoteRate)
		if err == nil && !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())+1))
			http.Error(w, "Too many votes; try again shortly.", http.StatusTooManyRequests)
			return
		}
	}
	err := h.cfg.Store.RecordArticleVote(r.Context(), parley.ArticleVote{SiteID: v.site.ID, Slug: slug, Language: lang, Helpful: helpful})
	if err != nil {
		h.fail(w, r, fmt.Errorf("record vote: %w", err))
		return
	}
	http.Redirect(w, r, v.link("/help/"+slug, lang, "voted", "1")+"#helpful", http.StatusSeeOther)
}

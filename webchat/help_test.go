package webchat_test

import (
	"context"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/webchat"
)

// fetch fetches path from the server with optional headers (name, value…).
func fetch(t *testing.T, base, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "Host" {
			req.Host = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

var (
	tagRe    = regexp.MustCompile(`</?(strong|em|code|a)\b[^>]*>`)
	blockRe  = regexp.MustCompile(`<[^>]+>`)
	itemRe   = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s+`)
	spacesRe = regexp.MustCompile(`\s+`)
)

// pageText is the visible text of an HTML page, whitespace collapsed.
func pageText(page string) string {
	page = tagRe.ReplaceAllString(page, "")
	return spacesRe.ReplaceAllString(html.UnescapeString(blockRe.ReplaceAllString(page, " ")), " ")
}

// bodyLines are an article body's lines as text (the demo bodies use
// lists, bold and code only).
func bodyLines(body string) []string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		l = strings.NewReplacer("**", "", "`", "").Replace(itemRe.ReplaceAllString(l, ""))
		if l = spacesRe.ReplaceAllString(strings.TrimSpace(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var allLangs = []string{"en", "ru", "pl", "sr", "hy", "fa", "kk"}

// Every published demo article answers 200 in every language with its whole
// body, the right direction, a canonical URL and every translation as an
// hreflang alternate.
func TestHelpArticlesEveryLanguage(t *testing.T) {
	srv := startParley(t, highLimits)
	arts, _ := demoKnowledge(t)
	if len(arts) != 8*len(allLangs) {
		t.Fatalf("demo KB has %d articles", len(arts))
	}
	for _, a := range arts {
		path := "/help/" + a.Slug + "?lang=" + a.Language
		res, page := fetch(t, srv.URL, path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		dir := "ltr"
		if a.Language == "fa" {
			dir = "rtl"
		}
		if want := `<html lang="` + a.Language + `" dir="` + dir + `">`; !strings.Contains(page, want) {
			t.Errorf("%s: no %s", path, want)
		}
		if want := `<link rel="canonical" href="` + srv.URL + "/help/" + a.Slug + "?lang=" + a.Language + `">`; !strings.Contains(page, want) {
			t.Errorf("%s: no %s", path, want)
		}
		for _, l := range allLangs {
			if want := `<link rel="alternate" hreflang="` + l + `" href="` + srv.URL + "/help/" + a.Slug + "?lang=" + l + `">`; !strings.Contains(page, want) {
				t.Errorf("%s: no %s", path, want)
			}
		}
		if !strings.Contains(page, `hreflang="x-default" href="`+srv.URL+"/help/"+a.Slug+`"`) {
			t.Errorf("%s: no x-default alternate", path)
		}
		text := pageText(page)
		if !strings.Contains(text, html.UnescapeString(a.Title)) {
			t.Errorf("%s: no title %q", path, a.Title)
		}
		for _, line := range bodyLines(a.Body) {
			if !strings.Contains(text, line) {
				t.Errorf("%s: body line missing: %q", path, line)
			}
		}
	}
}

// The language comes from ?lang=, else Accept-Language, else English; an
// unknown translation falls back instead of failing.
func TestHelpLanguageChoice(t *testing.T) {
	srv := startParley(t, highLimits)
	for _, c := range []struct{ path, accept, want string }{
		{"/help/reset-password", "fa-IR,fa;q=0.9,en;q=0.5", "fa"},
		{"/help/reset-password", "de-DE, ru;q=0.7, en;q=0.3", "ru"},
		{"/help/reset-password", "", "en"},
		{"/help/reset-password?lang=kk", "fa", "kk"},
		{"/help/reset-password?lang=de", "pl", "pl"},
		{"/help", "hy", "hy"},
	} {
		res, page := fetch(t, srv.URL, c.path, "Accept-Language", c.accept)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, `<html lang="`+c.want+`"`) {
			t.Errorf("%s with Accept-Language %q: %d, want lang %s", c.path, c.accept, res.StatusCode, c.want)
		}
		if res.Header.Get("Vary") != "Accept-Language" {
			t.Errorf("%s: Vary %q", c.path, res.Header.Get("Vary"))
		}
	}
}

// Drafts are never shown: a draft article is 404, a draft translation is
// not offered and its text appears nowhere; unknown slugs are 404.
func TestHelpDraftsAndUnknownSlugs(t *testing.T) {
	srv := startParley(t, highLimits)
	ctx := context.Background()
	for _, a := range []parley.Article{
		{Slug: "secret-roadmap", Language: "en", Title: "Unreleased roadmap", Body: "Launch plans DRAFTTEXT.", Collection: "account"},
		{Slug: "reset-password", Language: "de", Title: "Passwort zurücksetzen", Body: "Entwurf DRAFTTEXT.", Collection: "account"},
	} {
		a.SiteID, a.Status, a.UpdatedBy = srv.Site.ID, parley.ArticleDraft, "test"
		if _, err := srv.Store.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/help/secret-roadmap", "/help/secret-roadmap?lang=en", "/help/no-such-article", "/help/a.b"} {
		res, page := fetch(t, srv.URL, path)
		if res.StatusCode != http.StatusNotFound || strings.Contains(page, "DRAFTTEXT") {
			t.Errorf("%s: %d, want 404 without the draft", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/help/reset-password?lang=de", "/help", "/help?lang=de", "/help?q=Entwurf+roadmap", "/help/sitemap.xml"} {
		res, page := fetch(t, srv.URL, path)
		if res.StatusCode != http.StatusOK || strings.Contains(page, "DRAFTTEXT") || strings.Contains(page, "secret-roadmap") ||
			strings.Contains(page, `hreflang="de"`) {
			t.Errorf("%s: %d, or it shows a draft", path, res.StatusCode)
		}
	}
}

// Pages are cacheable and revalidate to 304 by ETag.
func TestHelpETag(t *testing.T) {
	srv := startParley(t, highLimits)
	for _, path := range []string{"/help/reset-password?lang=fa", "/help?lang=en", "/help/sitemap.xml"} {
		res, _ := fetch(t, srv.URL, path)
		etag := res.Header.Get("ETag")
		if res.StatusCode != http.StatusOK || etag == "" || !strings.HasPrefix(res.Header.Get("Cache-Control"), "public, max-age=") {
			t.Fatalf("%s: %d, ETag %q, Cache-Control %q", path, res.StatusCode, etag, res.Header.Get("Cache-Control"))
		}
		res, body := fetch(t, srv.URL, path, "If-None-Match", `"other", `+etag)
		if res.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("%s with If-None-Match: %d, %d bytes; want 304", path, res.StatusCode, len(body))
		}
		if res, _ := fetch(t, srv.URL, path, "If-None-Match", `"stale"`); res.StatusCode != http.StatusOK {
			t.Errorf("%s with a stale ETag: %d", path, res.StatusCode)
		}
	}
	// A publish changes the page, so its ETag.
	res, _ := fetch(t, srv.URL, "/help/reset-password?lang=en")
	arts, err := srv.Store.Articles(context.Background(), srv.Site.ID, parley.ArticleFilter{Slug: "reset-password", Language: "en"})
	if err != nil || len(arts) != 1 {
		t.Fatal(arts, err)
	}
	arts[0].Body += "\n\nOne more paragraph."
	if _, err := srv.Store.PutArticle(context.Background(), arts[0]); err != nil {
		t.Fatal(err)
	}
	res2, page := fetch(t, srv.URL, "/help/reset-password?lang=en", "If-None-Match", res.Header.Get("ETag"))
	if res2.StatusCode != http.StatusOK || !strings.Contains(page, "One more paragraph.") {
		t.Errorf("after an edit: %d, want 200 with the new text", res2.StatusCode)
	}
}

// The sitemap lists the home page and every article in every language,
// each with all its translations as alternates.
func TestHelpSitemap(t *testing.T) {
	srv := startParley(t, highLimits)
	res, body := fetch(t, srv.URL, "/help/sitemap.xml")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var sm struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &sm); err != nil {
		t.Fatal(err)
	}
	if want := len(allLangs) * 9; len(sm.URLs) != want {
		t.Fatalf("%d URLs, want %d", len(sm.URLs), want)
	}
	for _, u := range sm.URLs {
		if len(u.Links) != len(allLangs)+1 || !strings.HasPrefix(u.Loc, srv.URL+"/help") {
			t.Errorf("%s: %d alternates", u.Loc, len(u.Links))
		}
		loc, _ := url.Parse(u.Loc)
		if !slices.ContainsFunc(u.Links, func(l struct {
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		}) bool {
			return l.Hreflang == loc.Query().Get("lang") && l.Href == u.Loc
		}) {
			t.Errorf("%s: not among its own alternates", u.Loc)
		}
	}
	if !strings.Contains(body, "<loc>"+srv.URL+"/help/cancel-subscription?lang=fa</loc>") {
		t.Error("sitemap lacks cancel-subscription in Persian")
	}
}

// The search box uses the bot's index: the right article first, and a
// question about nothing in the KB finds nothing.
func TestHelpSearch(t *testing.T) {
	srv := startParley(t, highLimits)
	res, page := fetch(t, srv.URL, "/help?lang=en&q="+url.QueryEscape("I forgot my password"))
	if res.StatusCode != http.StatusOK {
		t.Fatal(res.StatusCode)
	}
	first := regexp.MustCompile(`<ol class="results">\s*<li><a href="([^"]+)"`).FindStringSubmatch(page)
	if first == nil || first[1] != "/help/reset-password?lang=en" {
		t.Errorf("first result %v, want reset-password", first)
	}
	if !strings.Contains(page, `value="I forgot my password"`) {
		t.Error("the search box does not keep the question")
	}
	_, page = fetch(t, srv.URL, "/help?lang=en&q="+url.QueryEscape("zxqv quokka"))
	if strings.Contains(page, `class="results"`) || !strings.Contains(page, "No article matches") {
		t.Error("a search for nothing shows results")
	}
	_, page = fetch(t, srv.URL, "/help?lang=en&q="+url.QueryEscape("<script>alert(1)</script>"))
	if strings.Contains(page, "<script>alert") {
		t.Error("the query is not escaped")
	}
}

// post sends a vote form as a same-origin browser would.
func post(t *testing.T, base, path string, form url.Values, hdr ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// "Was this helpful?" stores a vote per slug and language, thanks the
// reader, and refuses bad, unknown and cross-site votes.
func TestHelpVoteRecorded(t *testing.T) {
	srv := startParley(t, highLimits)
	since := time.Now().Add(-time.Minute)
	res := post(t, srv.URL, "/help/reset-password/vote", url.Values{"helpful": {"yes"}, "lang": {"fa"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/help/reset-password?lang=fa&voted=1#helpful" {
		t.Fatalf("vote: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	post(t, srv.URL, "/help/reset-password/vote", url.Values{"helpful": {"no"}, "lang": {"fa"}})
	for name, c := range map[string]struct {
		path string
		form url.Values
		hdr  []string
		want int
	}{
		"no answer":    {"/help/reset-password/vote", url.Values{"lang": {"fa"}}, nil, http.StatusBadRequest},
		"bad answer":   {"/help/reset-password/vote", url.Values{"helpful": {"maybe"}, "lang": {"fa"}}, nil, http.StatusBadRequest},
		"unknown slug": {"/help/nope/vote", url.Values{"helpful": {"yes"}, "lang": {"en"}}, nil, http.StatusNotFound},
		"no such lang": {"/help/reset-password/vote", url.Values{"helpful": {"yes"}, "lang": {"de"}}, nil, http.StatusNotFound},
		"unknown site": {"/help/reset-password/vote?site=nope", url.Values{"helpful": {"yes"}, "lang": {"en"}}, nil, http.StatusNotFound},
		"another site's page": {"/help/reset-password/vote", url.Values{"helpful": {"yes"}, "lang": {"en"}},
			[]string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, http.StatusForbidden},
	} {
		if res := post(t, srv.URL, c.path, c.form, c.hdr...); res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", name, res.StatusCode, c.want)
		}
	}
	votes, err := srv.Store.ArticleVotes(context.Background(), srv.Site.ID, since, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if want := []parley.ArticleVotes{{Slug: "reset-password", Language: "fa", Helpful: 1, Unhelpful: 1}}; !slices.Equal(votes, want) {
		t.Errorf("votes %+v, want %+v", votes, want)
	}
	_, page := fetch(t, srv.URL, "/help/reset-password?lang=fa&voted=1")
	if !strings.Contains(page, "از بازخورد شما سپاسگزاریم!") || strings.Contains(page, `name="helpful"`) {
		t.Error("after voting the page does not thank the reader")
	}
}

// An article's Markdown is rendered with the widget's rules and nothing in
// it is live: raw HTML is text, javascript: and data: links are text.
func TestHelpMarkdownSafety(t *testing.T) {
	srv := startParley(t, highLimits)
	a := parley.Article{SiteID: srv.Site.ID, Slug: "hostile", Language: "en", Title: `<img src=x onerror=alert(1)> title`,
		Collection: "support", Status: parley.ArticlePublished, UpdatedBy: "test", Body: "Intro <script>alert(1)</script>\n\n" +
			"- [x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2)) [d](data:text/html,hi) [u](https://user:pw@example.com/)\n" +
			"- [ok](https://docs.example.com/a?b=1&c=\"2\") [rel](/help/reset-password?lang=en)\n" +
			"- ![img](https://evil.example/x.png) <iframe src=//evil.example></iframe> `<b>code</b>`\n\n" +
			"## Heading <i>x</i>\n**bold** *em* \\*literal\\* snake_case_word"}
	if _, err := srv.Store.PutArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	res, page := fetch(t, srv.URL, "/help/hostile")
	if res.StatusCode != http.StatusOK {
		t.Fatal(res.StatusCode)
	}
	body := page[strings.Index(page, `<div class="body">`):strings.Index(page, "</article>")]
	for _, bad := range []string{"<script>alert", "javascript:", "JaVaScRiPt:", "data:text", "user:pw", "<img", "<iframe", "<b>", "<i>", "evil.example/x.png"} {
		if strings.Contains(body, bad) || strings.Contains(page[:strings.Index(page, "<main")], bad) {
			t.Errorf("the page has %q live", bad)
		}
	}
	for _, want := range []string{
		"<p>Intro &lt;script&gt;alert(1)&lt;/script&gt;</p>",
		`<li>x and y d u</li>`,
		`<a href="https://docs.example.com/a?b=1&amp;c=&#34;2&#34;">ok</a> <a href="/help/reset-password?lang=en">rel</a>`,
		"<li>img &lt;iframe src=//evil.example&gt;&lt;/iframe&gt; <code>&lt;b&gt;code&lt;/b&gt;</code></li>",
		"<h3>Heading &lt;i&gt;x&lt;/i&gt;</h3><p><strong>bold</strong> <em>em</em> *literal* snake_case_word</p>",
		"<h1>&lt;img src=x onerror=alert(1)&gt; title</h1>",
	} {
		if !strings.Contains(body, want) && !strings.Contains(page, want) {
			t.Errorf("page lacks %s\nbody: %s", want, body)
		}
	}
}

// The site comes from ?site=, else from the host (a site whose allowed
// origins name it), else the only site; links carry the key when the host
// would not lead back to the site. The bot's links name the site.
func TestHelpSiteChoice(t *testing.T) {
	srv := startParley(t, highLimits)
	ctx := context.Background()
	// One site: every host reaches it, and links need no key.
	if _, page := fetch(t, srv.URL, "/help/reset-password?lang=en"); !strings.Contains(page, `href="/help?lang=en"`) {
		t.Error("single site: the home link is not plain")
	}
	other, err := srv.Store.EnsureSite(ctx, parley.Site{Key: "acme", Name: "Acme", AllowedOrigins: []string{"https://help.acme.test"}})
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := demoKnowledge(t)
	a := arts[0]
	a.ID, a.SiteID, a.Title = "", other.ID, "Acme only title"
	if _, err := srv.Store.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := srv.Help.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	path := "/help/" + a.Slug + "?lang=" + a.Language
	res, page := fetch(t, srv.URL, path, "Host", "help.acme.test")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Acme only title") || strings.Contains(page, "site=") {
		t.Errorf("by host: %d, or not Acme's page without keys", res.StatusCode)
	}
	if res, _ := fetch(t, srv.URL, path); res.StatusCode != http.StatusNotFound {
		t.Errorf("two sites, a host of neither, no ?site=: %d, want 404", res.StatusCode)
	}
	res, page = fetch(t, srv.URL, "/help/"+a.Slug+"?site=demo&lang="+a.Language)
	if res.StatusCode != http.StatusOK || strings.Contains(page, "Acme only title") ||
		!strings.Contains(page, `href="/help?site=demo&amp;lang=`+a.Language+`"`) ||
		!strings.Contains(page, `<input type="hidden" name="site" value="demo">`) ||
		!strings.Contains(page, `<link rel="canonical" href="`+srv.URL+"/help/"+a.Slug+"?site=demo&amp;lang="+a.Language+`">`) {
		t.Errorf("?site=demo: %d, or links do not carry the key", res.StatusCode)
	}
	if res, _ := fetch(t, srv.URL, "/help?site=nope"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown site: %d", res.StatusCode)
	}
	// "Chat with us" only where the widget accepts the page's origin.
	if _, page := fetch(t, srv.URL, path, "Host", "help.acme.test"); strings.Contains(page, "data-chat") {
		t.Error("Acme's page over http offers a chat its origins refuse")
	}
	if _, page := fetch(t, srv.URL, "/help?site=demo"); !strings.Contains(page, `<script src="/widget.js" data-site="demo"`) {
		t.Error("the demo site's page does not load the widget")
	}
	// The bot's link: relative to the Parley server, naming the site.
	if got := srv.Help.ArticleURL(parley.Article{SiteID: srv.Site.ID, Slug: "reset-password", Language: "fa"}); got != "/help/reset-password?site=demo&lang=fa" {
		t.Errorf("ArticleURL = %q", got)
	}
	if res, _ := fetch(t, srv.URL, srv.Help.ArticleURL(parley.Article{SiteID: other.ID, Slug: a.Slug, Language: a.Language})); res.StatusCode != http.StatusOK {
		t.Errorf("the bot's link to Acme's article: %d", res.StatusCode)
	}
}

// Votes are limited per client IP: past the rate, 429 with Retry-After,
// and nothing stored.
func TestHelpVoteRateLimited(t *testing.T) {
	srv := startParley(t, highLimits)
	h := webchat.NewHelp(webchat.HelpConfig{Store: srv.Store, Limiter: inmem.NewLimiter(nil),
		VoteRate: parley.Rate{Count: 1, Period: time.Hour, Burst: 1}})
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	vote := url.Values{"helpful": {"yes"}, "lang": {"en"}}
	if res := post(t, hs.URL, "/help/reset-password/vote", vote); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first vote: %d", res.StatusCode)
	}
	res := post(t, hs.URL, "/help/reset-password/vote", vote)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("second vote: %d, Retry-After %q; want 429 with Retry-After", res.StatusCode, res.Header.Get("Retry-After"))
	}
	votes, err := srv.Store.ArticleVotes(context.Background(), srv.Site.ID, time.Now().Add(-time.Minute), time.Now().Add(time.Minute))
	if err != nil || len(votes) != 1 || votes[0].Helpful != 1 {
		t.Errorf("votes %+v, %v; want the first one only", votes, err)
	}
}

// With --public-url, a request to its host gets https canonical URLs and
// sitemap entries even when the proxy does not say so.
func TestHelpPublicURL(t *testing.T) {
	srv := startParley(t, highLimits)
	h := webchat.NewHelp(webchat.HelpConfig{Store: srv.Store, PublicURL: "https://chat.example.test"})
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	_, page := fetch(t, hs.URL, "/help/reset-password?lang=en", "Host", "chat.example.test")
	if !strings.Contains(page, `<link rel="canonical" href="https://chat.example.test/help/reset-password?lang=en">`) {
		t.Error("the canonical URL is not the public https one")
	}
	_, page = fetch(t, hs.URL, "/help/reset-password?lang=en")
	if !strings.Contains(page, `<link rel="canonical" href="`+hs.URL+`/help/reset-password?lang=en">`) {
		t.Error("another host's canonical URL changed")
	}
}

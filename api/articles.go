package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// ArticleStore is what the article routes read.
type ArticleStore interface {
	Sites(ctx context.Context) ([]parley.Site, error)
	SiteByKey(ctx context.Context, key string) (parley.Site, error)
	Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error)
	Article(ctx context.Context, id string) (parley.Article, error)
	PutArticle(ctx context.Context, a parley.Article) (parley.Article, error)
	ArticleVersions(ctx context.Context, id string) ([]parley.Article, error)
	DeleteArticle(ctx context.Context, id string) error
}

type articleJSON struct {
	ID         string    `json:"id"`
	SiteID     string    `json:"site_id"`
	Slug       string    `json:"slug"`
	Language   string    `json:"language"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Collection string    `json:"collection"`
	Status     string    `json:"status"`
	Questions  []string  `json:"questions"`
	Version    int       `json:"version"`
	UpdatedBy  string    `json:"updated_by,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
	// SourceStale: the slug's source article changed after this translation
	// was last saved.
	SourceStale  bool              `json:"source_stale"`
	Translations []translationJSON `json:"translations,omitempty"`
}

type translationJSON struct {
	ID          string    `json:"id"`
	Language    string    `json:"language"`
	Status      string    `json:"status"`
	Version     int       `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
	SourceStale bool      `json:"source_stale"`
}

// sources maps each slug to its source article: the first written (ties:
// English, then by language), which translations follow.
func sources(arts []parley.Article) map[string]parley.Article {
	src := map[string]parley.Article{}
	for _, a := range arts {
		b, ok := src[a.Slug]
		if !ok || a.CreatedAt.Before(b.CreatedAt) || (a.CreatedAt.Equal(b.CreatedAt) && sourceFirst(a.Language, b.Language)) {
			src[a.Slug] = a
		}
	}
	return src
}

func sourceFirst(a, b string) bool {
	if (a == "en") != (b == "en") {
		return a == "en"
	}
	return a < b
}

// stale reports whether a is a translation whose source changed since.
func stale(a parley.Article, src map[string]parley.Article) bool {
	s, ok := src[a.Slug]
	return ok && s.ID != a.ID && s.UpdatedAt.After(a.UpdatedAt)
}

func toArticleJSON(a parley.Article) articleJSON {
	return articleJSON{ID: a.ID, SiteID: a.SiteID, Slug: a.Slug, Language: a.Language, Title: a.Title, Body: a.Body,
		Collection: a.Collection, Status: string(a.Status), Questions: nonNil(a.Questions), Version: a.Version,
		UpdatedBy: a.UpdatedBy, UpdatedAt: a.UpdatedAt}
}

// site resolves ?site=KEY or ?site_id=ID (the id conversations carry, as
// the console's canned replies send it); without either, the only site
// there is.
func (s *Server) site(r *http.Request) (parley.Site, error) {
	q := r.URL.Query()
	if key := q.Get("site"); key != "" {
		site, err := s.store.SiteByKey(r.Context(), key)
		if errors.Is(err, parley.ErrNotFound) {
			err = parley.Errorf(parley.ENOTFOUND, "no site with key %q", key)
		}
		return site, err
	}
	sites, err := s.store.Sites(r.Context())
	if err != nil {
		return parley.Site{}, err
	}
	if id := q.Get("site_id"); id != "" {
		for _, site := range sites {
			if site.ID == id {
				return site, nil
			}
		}
		return parley.Site{}, parley.Errorf(parley.ENOTFOUND, "no site with id %q", id)
	}
	if len(sites) != 1 {
		return parley.Site{}, parley.Errorf(parley.EINVALID, "there are %d sites: name one with ?site=KEY or ?site_id=ID", len(sites))
	}
	return sites[0], nil
}

// listArticles: GET /api/v1/articles?site=&status=&language=&collection=&q=
// (agents read published articles for canned replies; q filters titles).
func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := parley.ArticleFilter{Status: parley.ArticleStatus(q.Get("status")), Language: q.Get("language"), Collection: q.Get("collection")}
	if f.Status != "" && f.Status != parley.ArticleDraft && f.Status != parley.ArticlePublished {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "status must be draft or published"))
		return
	}
	if agentFrom(r.Context()).Role != parley.RoleAdmin {
		f.Status = parley.ArticlePublished // drafts are the admins' work in progress
	}
	all, err := s.store.Articles(r.Context(), site.ID, parley.ArticleFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	src := sources(all)
	needle := strings.ToLower(strings.TrimSpace(q.Get("q")))
	out := make([]articleJSON, 0, len(all))
	for _, a := range all {
		if (f.Status != "" && a.Status != f.Status) || (f.Language != "" && a.Language != f.Language) ||
			(f.Collection != "" && a.Collection != f.Collection) {
			continue
		}
		if needle == "" || strings.Contains(strings.ToLower(a.Title), needle) || strings.Contains(a.Slug, needle) {
			j := toArticleJSON(a)
			j.SourceStale = stale(a, src)
			out = append(out, j)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"articles": out})
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err == nil && a.Status != parley.ArticlePublished && agentFrom(r.Context()).Role != parley.RoleAdmin {
		err = parley.Errorf(parley.ENOTFOUND, "article not found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	j := toArticleJSON(a)
	if agentFrom(r.Context()).Role == parley.RoleAdmin {
		if err := s.addTranslations(r.Context(), &j, a); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"article": j})
}

// addTranslations lists the article's other languages and staleness.
func (s *Server) addTranslations(ctx context.Context, j *articleJSON, a parley.Article) error {
	same, err := s.store.Articles(ctx, a.SiteID, parley.ArticleFilter{Slug: a.Slug})
	if err != nil {
		return err
	}
	src := sources(same)
	j.SourceStale = stale(a, src)
	for _, t := range same {
		if t.ID != a.ID {
			j.Translations = append(j.Translations, translationJSON{t.ID, t.Language, string(t.Status), t.Version,
				t.UpdatedAt, stale(t, src)})
		}
	}
	return nil
}

package api

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/report"
)

// articleInput is the body of POST and PUT /articles. On PUT, empty slug
// and language keep the article's; base_version, when set, must be the
// stored version (else 409: someone else saved meanwhile).
type articleInput struct {
	Slug        string   `json:"slug"`
	Language    string   `json:"language"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	Collection  string   `json:"collection"`
	Questions   []string `json:"questions"`
	Status      string   `json:"status"`
	BaseVersion int      `json:"base_version"`
}

func editorName(r *http.Request) string {
	a := agentFrom(r.Context())
	return cmp.Or(a.Email, a.Name, a.ID)
}

func (s *Server) createArticle(w http.ResponseWriter, r *http.Request) {
	var in articleInput
	site, err := s.site(r)
	if err == nil {
		err = readJSON(r, &in)
	}
	if err == nil && in.Status != "" && in.Status != string(parley.ArticleDraft) && in.Status != string(parley.ArticlePublished) {
		err = parley.Errorf(parley.EINVALID, "status must be draft or published")
	}
	if err == nil && in.BaseVersion != 0 {
		err = parley.Errorf(parley.EINVALID, "base_version is for updates (PUT)")
	}
	in.Status = cmp.Or(in.Status, string(parley.ArticleDraft))
	a := parley.Article{SiteID: site.ID, Slug: in.Slug, Language: in.Language, Title: in.Title, Body: in.Body,
		Collection: in.Collection, Questions: in.Questions, Status: parley.ArticleStatus(in.Status), UpdatedBy: editorName(r)}
	if err == nil {
		a, err = canonicalArticle(a)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.slugFree(r, site.ID, a.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	// A new article must not silently replace one with the same key.
	if have, err := s.store.Articles(r.Context(), site.ID, parley.ArticleFilter{Slug: a.Slug, Language: a.Language}); err == nil && len(have) > 0 {
		s.fail(w, r, parley.Errorf(parley.ECONFLICT, "an article with slug %q in %q exists (id %s): edit it instead", a.Slug, a.Language, have[0].ID))
		return
	}
	a, err = s.store.PutArticle(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.articleChanged(r, "article.create", a)
	writeJSON(w, http.StatusCreated, map[string]any{"article": toArticleJSON(a)})
}

func (s *Server) updateArticle(w http.ResponseWriter, r *http.Request) {
	in, ok := decode[articleInput](s, w, r)
	if !ok {
		return
	}
	if in.Status != "" {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "status changes through /publish and /unpublish"))
		return
	}
	s.changeArticle(w, r, "article.update", func(a parley.Article) (parley.Article, error) {
		if in.Slug != "" && in.Slug != a.Slug {
			if err := s.slugFree(r, a.SiteID, in.Slug); err != nil {
				return a, err
			}
		}
		a.Slug, a.Language = cmp.Or(in.Slug, a.Slug), cmp.Or(in.Language, a.Language)
		a.Title, a.Body, a.Collection, a.Questions = in.Title, in.Body, in.Collection, in.Questions
		if in.BaseVersion != 0 {
			a.Version = in.BaseVersion
		}
		return a, nil
	})
}

func (s *Server) publishArticle(w http.ResponseWriter, r *http.Request) {
	s.setStatus(w, r, parley.ArticlePublished)
}

func (s *Server) unpublishArticle(w http.ResponseWriter, r *http.Request) {
	s.setStatus(w, r, parley.ArticleDraft)
}

func (s *Server) setStatus(w http.ResponseWriter, r *http.Request, st parley.ArticleStatus) {
	action := map[parley.ArticleStatus]string{parley.ArticlePublished: "article.publish", parley.ArticleDraft: "article.unpublish"}[st]
	s.changeArticle(w, r, action, func(a parley.Article) (parley.Article, error) {
		a.Status = st
		return a, nil
	})
}

type restoreInput struct {
	Version int `json:"version"`
}

// restoreArticle saves an earlier version's content as a new version; the
// status stays what it is now.
func (s *Server) restoreArticle(w http.ResponseWriter, r *http.Request) {
	in, ok := decode[restoreInput](s, w, r)
	if !ok {
		return
	}
	s.changeArticle(w, r, "article.restore", func(a parley.Article) (parley.Article, error) {
		versions, err := s.store.ArticleVersions(r.Context(), a.ID)
		if err != nil {
			return a, err
		}
		i := slices.IndexFunc(versions, func(v parley.Article) bool { return v.Version == in.Version })
		if i < 0 {
			return a, parley.Errorf(parley.ENOTFOUND, "the article has no version %d", in.Version)
		}
		v := versions[i]
		a.Slug, a.Language, a.Title, a.Body, a.Collection, a.Questions = v.Slug, v.Language, v.Title, v.Body, v.Collection, v.Questions
		return a, nil
	})
}

// changeArticle loads the article, applies fn, stores the result under the
// version read (so a concurrent save is a conflict, not lost) and audits.
func (s *Server) changeArticle(w http.ResponseWriter, r *http.Request, action string,
	fn func(a parley.Article) (parley.Article, error)) {
	ctx := r.Context()
	a, err := s.store.Article(ctx, r.PathValue("id"))
	if err == nil {
		a, err = fn(a)
	}
	if err == nil {
		a, err = canonicalArticle(a)
	}
	if err == nil {
		a.UpdatedBy = editorName(r)
		a, err = s.store.PutArticle(ctx, a)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.articleChanged(r, action, a)
	writeJSON(w, http.StatusOK, map[string]any{"article": toArticleJSON(a)})
}

// canonicalArticle checks a with the import's rules (kb.Canonical: slug and
// collection safe as file names, a real language, one-line title and
// questions) and returns its canonical form; problems are a 400 naming each
// field.
func canonicalArticle(a parley.Article) (parley.Article, error) {
	c, err := kb.Canonical(a)
	if err != nil {
		var msgs []string
		for _, e := range unjoin(err) {
			msgs = append(msgs, strings.TrimPrefix(e.Error(), "kb: "))
		}
		return a, parley.Errorf(parley.EINVALID, "%s", strings.Join(msgs, "; "))
	}
	return c, nil
}

// unjoin lists the errors errors.Join put together (err itself otherwise).
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func (s *Server) deleteArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err == nil {
		err = s.store.DeleteArticle(r.Context(), a.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.articleChanged(r, "article.delete", a)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) articleVersions(w http.ResponseWriter, r *http.Request) {
	vs, err := s.store.ArticleVersions(r.Context(), r.PathValue("id"))
	if err == nil && len(vs) == 0 {
		err = parley.Errorf(parley.ENOTFOUND, "article not found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]articleJSON, len(vs))
	for i, v := range vs {
		out[len(vs)-1-i] = toArticleJSON(v) // newest first
	}
	writeJSON(w, http.StatusOK, map[string]any{"versions": out})
}

// articleChanged audits a change and has the bot's knowledge rebuilt now.
func (s *Server) articleChanged(r *http.Request, action string, a parley.Article) {
	s.audit(r, action, a.ID, map[string]any{"slug": a.Slug, "language": a.Language, "title": a.Title,
		"status": a.Status, "version": a.Version})
	s.knowledgeChanged()
}

// slugFree refuses a slug an intent of the site is named: the classifier
// could not tell the two apart (the intent check is saveIntent's).
func (s *Server) slugFree(r *http.Request, siteID, slug string) error {
	ins, err := s.store.Intents(r.Context(), siteID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(ins, func(in parley.Intent) bool { return in.Name == slug }) {
		return parley.Errorf(parley.ECONFLICT, "%q is an intent's name: give the article another slug", slug)
	}
	return nil
}

// gapReports is the reports' store with the bot's view of today
// (report.Answerer): a gap whose question the bot now answers from the
// published articles — an article that answers it was published — is no
// longer listed as a gap. docs/admin.md says so.
func (s *Server) gapReports() report.Store {
	if s.cfg.Curator == nil {
		return s.store
	}
	return answeringStore{Store: s.store, cur: s.cfg.Curator}
}

type answeringStore struct {
	report.Store
	cur Curator
}

// AnswersNow: the bot, with the published knowledge, answers question (not
// a clarifying question, not a handoff).
func (a answeringStore) AnswersNow(ctx context.Context, siteID, question, language string) (bool, error) {
	d, _, _, err := a.cur.Simulate(ctx, siteID, question, language, false)
	return err == nil && d.Action == parley.ActionAnswer, err
}

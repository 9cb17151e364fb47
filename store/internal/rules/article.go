package rules

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/parley-chat/parley"
)

// Article checks an article before it is stored; an empty status is draft.
func Article(a parley.Article) (parley.Article, error) {
	if a.SiteID == "" {
		return a, parley.ErrNotFound
	}
	if a.Slug == "" || a.Language == "" {
		return a, parley.Errorf(parley.EINVALID, "article needs a slug and a language")
	}
	if a.Status == "" {
		a.Status = parley.ArticleDraft
	}
	if err := ArticleStatus(a.Status); err != nil {
		return a, err
	}
	if a.Version < 0 {
		return a, parley.Errorf(parley.EINVALID, "negative article version")
	}
	if err := Texts("slug", a.Slug, "language", a.Language, "title", a.Title, "body", a.Body,
		"collection", a.Collection, "updated by", a.UpdatedBy); err != nil {
		return a, err
	}
	for _, q := range a.Questions {
		if err := Text("question", q); err != nil {
			return a, err
		}
	}
	return a, nil
}

// ArticleStatus refuses unknown statuses.
func ArticleStatus(s parley.ArticleStatus) error {
	if s != parley.ArticleDraft && s != parley.ArticlePublished {
		return parley.Errorf(parley.EINVALID, "unknown article status %q", s)
	}
	return nil
}

// ArticleFilter checks a filter.
func ArticleFilter(f parley.ArticleFilter) error {
	if f.Status != "" {
		return ArticleStatus(f.Status)
	}
	return nil
}

// SameContent reports whether storing b over a would change nothing that
// makes a new version (who saved it and when do not).
func SameContent(a, b parley.Article) bool {
	return a.Slug == b.Slug && a.Language == b.Language && a.Title == b.Title && a.Body == b.Body &&
		a.Collection == b.Collection && a.Status == b.Status && slices.Equal(a.Questions, b.Questions)
}

// NewArticle fills what the store assigns to a first version. A given
// Version is ignored: an imported article starts its history here.
func NewArticle(a parley.Article, now time.Time) parley.Article {
	if a.ID == "" {
		a.ID = parley.NewID()
	}
	a.Version, a.CreatedAt, a.UpdatedAt = 1, now, now
	return a
}

// UpdateArticle decides what storing a over stored does. A non-zero
// a.Version must be the version it was edited from (ECONFLICT otherwise), so
// two editors cannot overwrite each other unseen. It returns the article to
// store and whether it is a new version; an unchanged article is not.
func UpdateArticle(stored, a parley.Article, now time.Time) (parley.Article, bool, error) {
	if a.Version != 0 && a.Version != stored.Version {
		return stored, false, parley.Errorf(parley.ECONFLICT, "article is at version %d, not %d", stored.Version, a.Version)
	}
	if SameContent(stored, a) {
		return stored, false, nil
	}
	a.ID, a.SiteID, a.CreatedAt = stored.ID, stored.SiteID, stored.CreatedAt
	a.Version, a.UpdatedAt = stored.Version+1, now
	return a, true, nil
}

// Questions returns the stored JSON form of example questions.
func Questions(q []string) []byte {
	if len(q) == 0 {
		return []byte("[]")
	}
	b, _ := json.Marshal(q) // strings always marshal
	return b
}

// ParseQuestions reads stored questions; empty is nil.
func ParseQuestions(b []byte) ([]string, error) {
	return ParseOrigins(b) // the same shape: a JSON array of strings
}

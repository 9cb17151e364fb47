package parley

import (
	"slices"
	"time"
)

// Article versioning: a version is the article's content (slug, language,
// title, body, collection, questions). Saving new content makes a new
// version; publishing or unpublishing changes the status of the current
// version in place, so an article published as it was saved stays at that
// version, and its history lists each text once.

// Validate refuses an unknown status.
func (s ArticleStatus) Validate() error {
	if s != ArticleDraft && s != ArticlePublished {
		return Errorf(EINVALID, "unknown article status %q", s)
	}
	return nil
}

// Validate checks a filter's status (empty matches every article).
func (f ArticleFilter) Validate() error {
	if f.Status != "" {
		return f.Status.Validate()
	}
	return nil
}

// Canonical checks an article before it is stored and returns it with an
// empty status as draft. A missing site is ErrNotFound; a missing slug or
// language, an unknown status, a negative version or a text no store can
// keep is EINVALID.
func (a Article) Canonical() (Article, error) {
	if a.SiteID == "" {
		return a, ErrNotFound
	}
	if a.Slug == "" || a.Language == "" {
		return a, Errorf(EINVALID, "article needs a slug and a language")
	}
	if a.Status == "" {
		a.Status = ArticleDraft
	}
	if err := a.Status.Validate(); err != nil {
		return a, err
	}
	if a.Version < 0 {
		return a, Errorf(EINVALID, "negative article version")
	}
	if err := validTexts("slug", a.Slug, "language", a.Language, "title", a.Title, "body", a.Body,
		"collection", a.Collection, "updated by", a.UpdatedBy); err != nil {
		return a, err
	}
	for _, q := range a.Questions {
		if err := validText("question", q); err != nil {
			return a, err
		}
	}
	return a, nil
}

// SameContent reports whether a and b hold the same version: the same slug,
// language, title, body, collection and questions. Status, who saved it and
// when do not count.
func (a Article) SameContent(b Article) bool {
	return a.Slug == b.Slug && a.Language == b.Language && a.Title == b.Title && a.Body == b.Body &&
		a.Collection == b.Collection && slices.Equal(a.Questions, b.Questions)
}

// NewArticle fills what a first version gets: ID (when empty), Version 1,
// CreatedAt and UpdatedAt now. A given Version is ignored: an imported
// article starts its history here.
func NewArticle(a Article, now time.Time) Article {
	if a.ID == "" {
		a.ID = NewID()
	}
	a.Version, a.CreatedAt, a.UpdatedAt = 1, now, now
	return a
}

// ArticleChange is what storing an article does.
type ArticleChange int

const (
	ArticleUnchanged  ArticleChange = iota // identical: nothing is stored
	ArticleCreated                         // a new article at version 1
	ArticleNewVersion                      // new content: Version+1, kept in the history
	ArticleRestatused                      // status only (publish, unpublish): the current version's status, in place
)

// Publishes reports whether storing a with this change publishes content
// (an article.published activity): a published article created, given new
// content, or just published.
func (c ArticleChange) Publishes(a Article) bool {
	return c != ArticleUnchanged && a.Status == ArticlePublished
}

// Update decides what storing a over stored does and returns the article to
// store. A non-zero a.Version must be the version a was edited from
// (ECONFLICT otherwise), so two editors cannot overwrite each other unseen.
// New content is a new version, saved by a.UpdatedBy now; a new status
// alone keeps the version, its editor and its time; identical is unchanged.
func (stored Article) Update(a Article, now time.Time) (Article, ArticleChange, error) {
	if a.Version != 0 && a.Version != stored.Version {
		return stored, ArticleUnchanged, Errorf(ECONFLICT, "article is at version %d, not %d", stored.Version, a.Version)
	}
	if stored.SameContent(a) {
		if a.Status == stored.Status {
			return stored, ArticleUnchanged, nil
		}
		stored.Status = a.Status
		return stored, ArticleRestatused, nil
	}
	a.ID, a.SiteID, a.CreatedAt = stored.ID, stored.SiteID, stored.CreatedAt
	a.Version, a.UpdatedAt = stored.Version+1, now
	return a, ArticleNewVersion, nil
}

// PublishedActivity is the article.published activity of a.
func (a Article) PublishedActivity(now time.Time) Activity {
	return Activity{ID: NewID(), Kind: ActivityPublished, SiteID: a.SiteID, ArticleID: a.ID, At: now}
}

// Validate checks a help-center vote before it is stored.
func (v ArticleVote) Validate() error {
	switch {
	case v.SiteID == "":
		return Errorf(EINVALID, "article vote without site")
	case v.Slug == "" || len(v.Slug) > 100:
		return Errorf(EINVALID, "article vote needs a slug of 1–100 bytes")
	case v.Language == "" || len(v.Language) > MaxLanguageLen:
		return Errorf(EINVALID, "article vote needs a language tag")
	}
	return nil
}

package parley

import "time"

// ArticleStatus is draft or published; the bot only uses published articles.
type ArticleStatus string

const (
	ArticleDraft     ArticleStatus = "draft"
	ArticlePublished ArticleStatus = "published"
)

// Article is one knowledge-base article in one language. Translations share
// Slug; (SiteID, Slug, Language) is unique. Version increases with every
// change of content; publishing or unpublishing keeps it (Article.Update).
type Article struct {
	ID         string
	SiteID     string
	Slug       string
	Language   string // BCP 47 base language, e.g. "en", "sr", "fa"
	Title      string
	Body       string // Markdown
	Collection string // product area
	Status     ArticleStatus
	Questions  []string // example questions, used to train the intent classifier
	Version    int
	UpdatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ArticleFilter selects a site's articles; an empty field matches every
// article.
type ArticleFilter struct {
	Status     ArticleStatus
	Language   string
	Collection string
	Slug       string
}

// SearchHit is one article found for a question, with the passage of its
// body that answers it best (for extractive answers).
type SearchHit struct {
	Article Article
	Score   float64 // higher is better; comparable within one search only
	Passage string  // a paragraph or a few sentences of the body, Markdown
}

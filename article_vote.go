package parley

import "time"

// ArticleVote is one "was this helpful?" answer on a help-center article
// page: anonymous, tied to the article translation rather than to a
// conversation (a reader of /help may never open the chat).
type ArticleVote struct {
	SiteID   string
	Slug     string
	Language string
	Helpful  bool
	At       time.Time // set by the store
}

// ArticleVotes counts the votes on one article translation.
type ArticleVotes struct {
	Slug      string
	Language  string
	Helpful   int
	Unhelpful int
}

package storetest

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// HelpCenter is what the public help center (/help) keeps: readers'
// "was this helpful?" votes on article pages.
type HelpCenter interface {
	// RecordArticleVote stores one vote at the store's now. SiteID, Slug and
	// Language are required (EINVALID); an unknown site is ErrNotFound. The
	// article itself is not checked: votes outlive unpublished articles.
	RecordArticleVote(ctx context.Context, v parley.ArticleVote) error
	// ArticleVotes counts the votes cast in [from, to) on a site (every
	// site with siteID ""), per slug and language, ordered by slug then
	// language; none is an empty slice.
	ArticleVotes(ctx context.Context, siteID string, from, to time.Time) ([]parley.ArticleVotes, error)
}

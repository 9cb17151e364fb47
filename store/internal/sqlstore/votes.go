package sqlstore

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Help-center votes: anonymous "was this helpful?" answers per article
// translation.

// RecordArticleVote stores a help-center reader's vote; an unknown site is
// ErrNotFound.
func (c *Core) RecordArticleVote(ctx context.Context, v parley.ArticleVote) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return c.write(ctx, "record article vote", func(q Q) error {
		var one int
		// Checked here rather than left to the foreign key, so an unknown
		// site is ErrNotFound in both stores and not a bare constraint failure.
		if err := q.QueryRow(ctx, c.sql(`SELECT 1 FROM sites WHERE id = $1`), v.SiteID).Scan(&one); err != nil {
			return c.noRows("site", err)
		}
		_, err := q.Exec(ctx, c.sql(`INSERT INTO article_votes (site_id, slug, language, helpful, created_at)
			VALUES ($1, $2, $3, $4, $5)`), v.SiteID, v.Slug, v.Language, v.Helpful, c.d.Time(c.now()))
		return err
	})
}

// ArticleVotes counts a site's (or every site's, siteID "") votes in a
// window, per slug and language in byte order; none is empty.
func (c *Core) ArticleVotes(ctx context.Context, siteID string, from, to time.Time) ([]parley.ArticleVotes, error) {
	var out []parley.ArticleVotes
	err := c.read(ctx, "article votes", func(q Q) (err error) {
		rows, err := q.Query(ctx, c.sql(`SELECT slug, language, count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful)
			FROM article_votes WHERE ($1 = '' OR site_id = $1) AND created_at >= $2 AND created_at < $3
			GROUP BY slug, language ORDER BY slug`+c.d.ByteOrder+`, language`+c.d.ByteOrder), siteID, c.d.Time(from), c.d.Time(to))
		out, err = collect(rows, err, func(r Row) (parley.ArticleVotes, error) {
			var v parley.ArticleVotes
			err := r.Scan(&v.Slug, &v.Language, &v.Helpful, &v.Unhelpful)
			return v, err
		})
		return err
	})
	if out == nil && err == nil {
		out = []parley.ArticleVotes{}
	}
	return out, err
}

package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
)

// RecordArticleVote stores a help-center reader's vote; an unknown site
// fails the foreign key (ErrNotFound).
func (db *DB) RecordArticleVote(ctx context.Context, v parley.ArticleVote) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return db.tx(ctx, "record article vote", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO article_votes (site_id, slug, language, helpful, created_at)
			VALUES ($1, $2, $3, $4, $5)`, v.SiteID, v.Slug, v.Language, v.Helpful, db.now())
		return err
	})
}

// ArticleVotes counts a site's (or every site's) votes in a window, per
// slug and language.
func (db *DB) ArticleVotes(ctx context.Context, siteID string, from, to time.Time) ([]parley.ArticleVotes, error) {
	out := []parley.ArticleVotes{}
	err := db.run(ctx, "article votes", func(q querier) error {
		out = out[:0]
		rows, err := q.Query(ctx, `SELECT slug, language, count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful)
			FROM article_votes WHERE ($1 = '' OR site_id = $1) AND created_at >= $2 AND created_at < $3 GROUP BY slug, language ORDER BY slug COLLATE "C", language COLLATE "C"`, siteID, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v parley.ArticleVotes
			if err := rows.Scan(&v.Slug, &v.Language, &v.Helpful, &v.Unhelpful); err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

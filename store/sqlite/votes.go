package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
)

// RecordArticleVote stores a help-center reader's vote.
func (db *DB) RecordArticleVote(ctx context.Context, v parley.ArticleVote) error {
	if err := v.Validate(); err != nil {
		return err
	}
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var one int
		// Checked here rather than left to the foreign key, so an unknown
		// site is ErrNotFound and not a bare constraint failure.
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE id = ?`, v.SiteID).Scan(&one); err != nil {
			return scanErr("site", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO article_votes (site_id, slug, language, helpful, created_at)
			VALUES (?, ?, ?, ?, ?)`, v.SiteID, v.Slug, v.Language, v.Helpful, micros(db.now()))
		return err
	})
	return wrap("record article vote", err)
}

// ArticleVotes counts a site's (or every site's) votes in a window, per
// slug and language.
func (db *DB) ArticleVotes(ctx context.Context, siteID string, from, to time.Time) ([]parley.ArticleVotes, error) {
	rows, err := db.query(ctx, `SELECT slug, language, sum(helpful), sum(1 - helpful) FROM article_votes
		WHERE (? = '' OR site_id = ?) AND created_at >= ? AND created_at < ?
		GROUP BY slug, language ORDER BY slug, language`, siteID, siteID, micros(from), micros(to))
	if err != nil {
		return nil, fmt.Errorf("sqlite: article votes: %w", err)
	}
	defer rows.Close()
	out := []parley.ArticleVotes{}
	for rows.Next() {
		var v parley.ArticleVotes
		if err := rows.Scan(&v.Slug, &v.Language, &v.Helpful, &v.Unhelpful); err != nil {
			return nil, fmt.Errorf("sqlite: article votes: scan: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: article votes: %w", err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const articleCols = `id, site_id, slug, language, title, body, collection, status, questions, version, updated_by, created_at, updated_at`

func scanArticle(row pgx.Row) (parley.Article, error) {
	var a parley.Article
	var questions []byte
	var created, updated time.Time
	if err := row.Scan(&a.ID, &a.SiteID, &a.Slug, &a.Language, &a.Title, &a.Body, &a.Collection, &a.Status,
		&questions, &a.Version, &a.UpdatedBy, &created, &updated); err != nil {
		return a, err
	}
	q, err := codec.ParseQuestions(questions)
	if err != nil {
		return a, fmt.Errorf("article questions: %w", err)
	}
	a.Questions, a.CreatedAt, a.UpdatedAt = q, created.UTC(), updated.UTC()
	return a, nil
}

// PutArticle inserts or updates an article and records the version. The
// stored row is locked (FOR UPDATE) so concurrent edits number their
// versions one after another; racing inserts of one key collide on the
// unique key and the loser runs again as an update.
func (db *DB) PutArticle(ctx context.Context, a parley.Article) (parley.Article, error) {
	a, err := a.Canonical()
	if err != nil {
		return parley.Article{}, err
	}
	var out parley.Article
	err = db.tx(ctx, "put article", func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM sites WHERE id = $1`, a.SiteID).Scan(&one); err != nil {
			return fmt.Errorf("site: %w", err)
		}
		stored, found, err := findArticle(ctx, tx, a)
		if err != nil {
			return err
		}
		now := db.now()
		change := parley.ArticleCreated
		if !found {
			out = parley.NewArticle(a, now)
			_, err = tx.Exec(ctx, `INSERT INTO articles (`+articleCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
				out.ID, out.SiteID, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status,
				codec.Questions(out.Questions), out.Version, out.UpdatedBy, now)
			if uniqueOn(err, "articles_site_slug_language") {
				return fmt.Errorf("%w: %w", errRace, err)
			}
		} else if out, change, err = stored.Update(a, now); err != nil {
			return err
		}
		switch change {
		case parley.ArticleNewVersion:
			_, err = tx.Exec(ctx, `UPDATE articles SET slug = $2, language = $3, title = $4, body = $5, collection = $6,
				status = $7, questions = $8, version = $9, updated_by = $10, updated_at = $11 WHERE id = $1`,
				out.ID, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status, codec.Questions(out.Questions),
				out.Version, out.UpdatedBy, now)
		case parley.ArticleRestatused:
			if _, err = tx.Exec(ctx, `UPDATE articles SET status = $2 WHERE id = $1`, out.ID, out.Status); err == nil {
				_, err = tx.Exec(ctx, `UPDATE article_versions SET status = $3 WHERE article_id = $1 AND version = $2`,
					out.ID, out.Version, out.Status)
			}
		}
		if err != nil {
			return err
		}
		if change == parley.ArticleCreated || change == parley.ArticleNewVersion {
			_, err = tx.Exec(ctx, `INSERT INTO article_versions (article_id, version, slug, language, title, body,
				collection, status, questions, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				out.ID, out.Version, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status,
				codec.Questions(out.Questions), out.UpdatedBy, now)
			if err != nil {
				return err
			}
		}
		if !change.Publishes(out) {
			return nil
		}
		return addActivity(ctx, tx, out.PublishedActivity(now))
	})
	return out, err
}

// findArticle locks and returns what a updates: the article with a.ID, else
// the one with a's key. An id or key held by another article is ECONFLICT.
func findArticle(ctx context.Context, tx pgx.Tx, a parley.Article) (parley.Article, bool, error) {
	if a.ID != "" {
		stored, err := scanArticle(tx.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1 FOR UPDATE`, a.ID))
		if err == nil {
			if stored.SiteID != a.SiteID {
				return stored, false, parley.Errorf(parley.ECONFLICT, "article id is taken")
			}
			return stored, true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return stored, false, err
		}
	}
	stored, err := scanArticle(tx.QueryRow(ctx, `SELECT `+articleCols+` FROM articles
		WHERE site_id = $1 AND slug = $2 AND language = $3 FOR UPDATE`, a.SiteID, a.Slug, a.Language))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return stored, false, nil
	case err != nil:
		return stored, false, err
	case a.ID != "" && a.ID != stored.ID:
		return stored, false, parley.Errorf(parley.ECONFLICT, "another article has slug %q in %q", a.Slug, a.Language)
	}
	return stored, true, nil
}

// Article returns an article's current version.
func (db *DB) Article(ctx context.Context, id string) (parley.Article, error) {
	var out parley.Article
	err := db.run(ctx, "article", func(q querier) (err error) {
		out, err = scanArticle(q.QueryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = $1`, id))
		return err
	})
	return out, err
}

// Articles lists a site's articles matching f, in byte order (COLLATE "C")
// so both stores sort alike.
func (db *DB) Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var out []parley.Article
	err := db.run(ctx, "articles", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+articleCols+` FROM articles WHERE site_id = $1
			AND ($2::text = '' OR status = $2) AND ($3::text = '' OR language = $3)
			AND ($4::text = '' OR collection = $4) AND ($5::text = '' OR slug = $5)
			ORDER BY collection COLLATE "C", slug COLLATE "C", language COLLATE "C"`,
			siteID, string(f.Status), f.Language, f.Collection, f.Slug)
		if err != nil {
			return err
		}
		if out, err = collectArticles(rows); err != nil || len(out) > 0 {
			return err
		}
		var one int
		return q.QueryRow(ctx, `SELECT 1 FROM sites WHERE id = $1`, siteID).Scan(&one)
	})
	return out, err
}

// ArticleVersions returns every version of an article, oldest first.
func (db *DB) ArticleVersions(ctx context.Context, id string) ([]parley.Article, error) {
	var out []parley.Article
	err := db.run(ctx, "article versions", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT v.article_id, a.site_id, v.slug, v.language, v.title, v.body, v.collection,
			v.status, v.questions, v.version, v.updated_by, a.created_at, v.updated_at
			FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE v.article_id = $1 ORDER BY v.version`, id)
		if err != nil {
			return err
		}
		if out, err = collectArticles(rows); err == nil && len(out) == 0 {
			return pgx.ErrNoRows
		}
		return err
	})
	return out, err
}

func collectArticles(rows pgx.Rows) ([]parley.Article, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Article, error) { return scanArticle(r) })
}

// DeleteArticle removes an article and, by cascade, its versions. Deleting
// twice is ErrNotFound, so a retry after a lost connection may report that.
func (db *DB) DeleteArticle(ctx context.Context, id string) error {
	return db.run(ctx, "delete article", func(q querier) error {
		tag, err := q.Exec(ctx, `DELETE FROM articles WHERE id = $1`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return notFound("article")
		}
		return err
	})
}

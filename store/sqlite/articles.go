package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const articleCols = `id, site_id, slug, language, title, body, collection, status, questions, version, updated_by, created_at, updated_at`

func scanArticle(row scanner) (parley.Article, error) {
	var a parley.Article
	var questions string
	var created, updated int64
	if err := row.Scan(&a.ID, &a.SiteID, &a.Slug, &a.Language, &a.Title, &a.Body, &a.Collection, &a.Status,
		&questions, &a.Version, &a.UpdatedBy, &created, &updated); err != nil {
		return a, err
	}
	q, err := codec.ParseQuestions([]byte(questions))
	if err != nil {
		return a, fmt.Errorf("article questions: %w", err)
	}
	a.Questions, a.CreatedAt, a.UpdatedAt = q, fromMicros(created), fromMicros(updated)
	return a, nil
}

// PutArticle inserts or updates an article and records the version
// (parley.Article.Update decides what changes).
func (db *DB) PutArticle(ctx context.Context, a parley.Article) (parley.Article, error) {
	a, err := a.Canonical()
	if err != nil {
		return parley.Article{}, wrap("put article", err)
	}
	var out parley.Article
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE id = ?`, a.SiteID).Scan(&one); err != nil {
			return scanErr("site", err)
		}
		stored, found, err := findArticle(ctx, tx, a)
		if err != nil {
			return err
		}
		now := db.now()
		change := parley.ArticleCreated
		if !found {
			out = parley.NewArticle(a, now)
			_, err = tx.ExecContext(ctx, `INSERT INTO articles (`+articleCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				out.ID, out.SiteID, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status,
				string(codec.Questions(out.Questions)), out.Version, out.UpdatedBy, micros(now), micros(now))
		} else if out, change, err = stored.Update(a, now); err != nil {
			return err
		}
		switch change {
		case parley.ArticleNewVersion:
			_, err = tx.ExecContext(ctx, `UPDATE articles SET slug = ?, language = ?, title = ?, body = ?, collection = ?,
				status = ?, questions = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
				out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status, string(codec.Questions(out.Questions)),
				out.Version, out.UpdatedBy, micros(now), out.ID)
		case parley.ArticleRestatused:
			if _, err = tx.ExecContext(ctx, `UPDATE articles SET status = ? WHERE id = ?`, out.Status, out.ID); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE article_versions SET status = ? WHERE article_id = ? AND version = ?`,
					out.Status, out.ID, out.Version)
			}
		}
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "another article has slug %q in %q", a.Slug, a.Language)
		}
		if err != nil {
			return err
		}
		if change == parley.ArticleCreated || change == parley.ArticleNewVersion {
			_, err = tx.ExecContext(ctx, `INSERT INTO article_versions (article_id, version, slug, language, title, body,
				collection, status, questions, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				out.ID, out.Version, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status,
				string(codec.Questions(out.Questions)), out.UpdatedBy, micros(now))
			if err != nil {
				return err
			}
		}
		if !change.Publishes(out) {
			return nil
		}
		return addActivity(ctx, tx, out.PublishedActivity(now))
	})
	return out, wrap("put article", err)
}

// findArticle finds what a updates: the article with a.ID, else the one
// with a's key. An id or key held by another article is ECONFLICT.
func findArticle(ctx context.Context, tx *wtx, a parley.Article) (parley.Article, bool, error) {
	if a.ID != "" {
		stored, err := scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, a.ID))
		if err == nil {
			if stored.SiteID != a.SiteID {
				return stored, false, parley.Errorf(parley.ECONFLICT, "article id is taken")
			}
			return stored, true, nil
		}
		if !isNoRows(err) {
			return stored, false, err
		}
	}
	stored, err := scanArticle(tx.QueryRowContext(ctx, `SELECT `+articleCols+` FROM articles
		WHERE site_id = ? AND slug = ? AND language = ?`, a.SiteID, a.Slug, a.Language))
	switch {
	case isNoRows(err):
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
	a, err := scanArticle(db.queryRow(ctx, `SELECT `+articleCols+` FROM articles WHERE id = ?`, id))
	if err != nil {
		return a, scanErr("article", err)
	}
	return a, nil
}

// Articles lists a site's articles matching f.
func (db *DB) Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	out, err := db.articles(ctx, `SELECT `+articleCols+` FROM articles WHERE site_id = ?
		AND (? = '' OR status = ?) AND (? = '' OR language = ?) AND (? = '' OR collection = ?) AND (? = '' OR slug = ?)
		ORDER BY collection, slug, language`,
		siteID, f.Status, f.Status, f.Language, f.Language, f.Collection, f.Collection, f.Slug, f.Slug)
	if err != nil || len(out) > 0 {
		return out, wrap("articles", err)
	}
	var one int
	if err := db.queryRow(ctx, `SELECT 1 FROM sites WHERE id = ?`, siteID).Scan(&one); err != nil {
		return nil, scanErr("site", err)
	}
	return nil, nil
}

// ArticleVersions returns every version of an article, oldest first.
func (db *DB) ArticleVersions(ctx context.Context, id string) ([]parley.Article, error) {
	out, err := db.articles(ctx, `SELECT v.article_id, a.site_id, v.slug, v.language, v.title, v.body, v.collection,
		v.status, v.questions, v.version, v.updated_by, a.created_at, v.updated_at
		FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE v.article_id = ? ORDER BY v.version`, id)
	if err == nil && len(out) == 0 {
		err = notFound("article")
	}
	return out, wrap("article versions", err)
}

func (db *DB) articles(ctx context.Context, q string, args ...any) ([]parley.Article, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []parley.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("scan: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// DeleteArticle removes an article and, by cascade, its versions.
func (db *DB) DeleteArticle(ctx context.Context, id string) error {
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("article")
		}
		return nil
	})
	return wrap("delete article", err)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

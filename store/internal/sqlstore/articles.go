package sqlstore

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Help-center articles and their versions.

const articleCols = `id, site_id, slug, language, title, body, collection, status, questions, version, updated_by, created_at, updated_at`

func (c *Core) scanArticle(row Row) (parley.Article, error) {
	var a parley.Article
	var questions []byte
	if err := row.Scan(&a.ID, &a.SiteID, &a.Slug, &a.Language, &a.Title, &a.Body, &a.Collection, &a.Status,
		&questions, &a.Version, &a.UpdatedBy, c.d.TimeDest(&a.CreatedAt), c.d.TimeDest(&a.UpdatedAt)); err != nil {
		return a, err
	}
	q, err := codec.ParseQuestions(questions)
	if err != nil {
		return a, fmt.Errorf("article questions: %w", err)
	}
	a.Questions = q
	return a, nil
}

// PutArticle inserts or updates an article and records the version
// (parley.Article.Update decides what changes). The stored row is locked so
// concurrent edits number their versions one after another; racing inserts
// of one key collide on the unique key and the loser runs again as an
// update (Dialect.Race).
func (c *Core) PutArticle(ctx context.Context, a parley.Article) (parley.Article, error) {
	a, err := a.Canonical()
	if err != nil {
		return parley.Article{}, err
	}
	taken := func(err error) error {
		return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "another article has slug %q in %q", a.Slug, a.Language), err)
	}
	var out parley.Article
	err = c.write(ctx, "put article", func(q Q) error {
		var one int
		if err := q.QueryRow(ctx, c.sql(`SELECT 1 FROM sites WHERE id = $1`), a.SiteID).Scan(&one); err != nil {
			return c.noRows("site", err)
		}
		stored, found, err := c.findArticle(ctx, q, a)
		if err != nil {
			return err
		}
		now := c.now()
		change := parley.ArticleCreated
		if !found {
			out = parley.NewArticle(a, now)
			_, err = q.Exec(ctx, c.sql(`INSERT INTO articles (`+articleCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`),
				out.ID, out.SiteID, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status,
				string(codec.Questions(out.Questions)), out.Version, out.UpdatedBy, c.d.Time(now))
			if err != nil && c.d.IsUnique(err) {
				if c.d.Race != nil {
					return c.d.Race(err)
				}
				return taken(err)
			}
		} else if out, change, err = stored.Update(a, now); err != nil {
			return err
		}
		switch change {
		case parley.ArticleNewVersion:
			_, err = q.Exec(ctx, c.sql(`UPDATE articles SET slug = $2, language = $3, title = $4, body = $5, collection = $6,
				status = $7, questions = $8, version = $9, updated_by = $10, updated_at = $11 WHERE id = $1`),
				out.ID, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status, string(codec.Questions(out.Questions)),
				out.Version, out.UpdatedBy, c.d.Time(now))
		case parley.ArticleRestatused:
			if _, err = q.Exec(ctx, c.sql(`UPDATE articles SET status = $2 WHERE id = $1`), out.ID, out.Status); err == nil {
				_, err = q.Exec(ctx, c.sql(`UPDATE article_versions SET status = $3 WHERE article_id = $1 AND version = $2`),
					out.ID, out.Version, out.Status)
			}
		}
		if err != nil && c.d.IsUnique(err) {
			return taken(err)
		}
		if err != nil {
			return err
		}
		if change == parley.ArticleCreated || change == parley.ArticleNewVersion {
			_, err = q.Exec(ctx, c.sql(`INSERT INTO article_versions (article_id, version, slug, language, title, body,
				collection, status, questions, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
				out.ID, out.Version, out.Slug, out.Language, out.Title, out.Body, out.Collection, out.Status,
				string(codec.Questions(out.Questions)), out.UpdatedBy, c.d.Time(now))
			if err != nil {
				return err
			}
		}
		if !change.Publishes(out) {
			return nil
		}
		return c.addActivity(ctx, q, out.PublishedActivity(now))
	})
	return out, err
}

// findArticle locks and returns what a updates: the article with a.ID, else
// the one with a's key. An id or key held by another article is ECONFLICT.
func (c *Core) findArticle(ctx context.Context, q Q, a parley.Article) (parley.Article, bool, error) {
	if a.ID != "" {
		stored, err := c.scanArticle(q.QueryRow(ctx, c.sql(`SELECT `+articleCols+` FROM articles WHERE id = $1`+c.lock("UPDATE")), a.ID))
		if err == nil {
			if stored.SiteID != a.SiteID {
				return stored, false, parley.Errorf(parley.ECONFLICT, "article id is taken")
			}
			return stored, true, nil
		}
		if !c.d.IsNoRows(err) {
			return stored, false, err
		}
	}
	stored, err := c.scanArticle(q.QueryRow(ctx, c.sql(`SELECT `+articleCols+` FROM articles
		WHERE site_id = $1 AND slug = $2 AND language = $3`+c.lock("UPDATE")), a.SiteID, a.Slug, a.Language))
	switch {
	case c.d.IsNoRows(err):
		return stored, false, nil
	case err != nil:
		return stored, false, err
	case a.ID != "" && a.ID != stored.ID:
		return stored, false, parley.Errorf(parley.ECONFLICT, "another article has slug %q in %q", a.Slug, a.Language)
	}
	return stored, true, nil
}

// Article returns an article's current version.
func (c *Core) Article(ctx context.Context, id string) (parley.Article, error) {
	return one(ctx, c, "article", "article", c.scanArticle, `SELECT `+articleCols+` FROM articles WHERE id = $1`, id)
}

// Articles lists a site's articles matching f, in byte order so both
// stores sort alike.
func (c *Core) Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var out []parley.Article
	err := c.read(ctx, "articles", func(q Q) error {
		rows, err := q.Query(ctx, c.sql(`SELECT `+articleCols+` FROM articles WHERE site_id = $1
			AND (CAST($2 AS TEXT) = '' OR status = $2) AND (CAST($3 AS TEXT) = '' OR language = $3)
			AND (CAST($4 AS TEXT) = '' OR collection = $4) AND (CAST($5 AS TEXT) = '' OR slug = $5)
			ORDER BY collection`+c.d.ByteOrder+`, slug`+c.d.ByteOrder+`, language`+c.d.ByteOrder),
			siteID, string(f.Status), f.Language, f.Collection, f.Slug)
		if out, err = collect(rows, err, c.scanArticle); err != nil || len(out) > 0 {
			return err
		}
		var one int
		return c.noRows("site", q.QueryRow(ctx, c.sql(`SELECT 1 FROM sites WHERE id = $1`), siteID).Scan(&one))
	})
	return out, err
}

// ArticleVersions returns every version of an article, oldest first.
func (c *Core) ArticleVersions(ctx context.Context, id string) ([]parley.Article, error) {
	var out []parley.Article
	err := c.read(ctx, "article versions", func(q Q) error {
		rows, err := q.Query(ctx, c.sql(`SELECT v.article_id, a.site_id, v.slug, v.language, v.title, v.body, v.collection,
			v.status, v.questions, v.version, v.updated_by, a.created_at, v.updated_at
			FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE v.article_id = $1 ORDER BY v.version`), id)
		if out, err = collect(rows, err, c.scanArticle); err == nil && len(out) == 0 {
			return c.notFound("article")
		}
		return err
	})
	return out, err
}

// DeleteArticle removes an article and, by cascade, its versions. Deleting
// twice is ErrNotFound, so a retry after a lost connection may report that.
func (c *Core) DeleteArticle(ctx context.Context, id string) error {
	return c.auto(ctx, "delete article", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`DELETE FROM articles WHERE id = $1`), id)
		if err == nil && n == 0 {
			return c.notFound("article")
		}
		return err
	})
}

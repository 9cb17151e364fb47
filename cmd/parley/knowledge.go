package main

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb/demo"
)

// kbStore is what the knowledge wiring needs of the store.
type kbStore interface {
	Sites(ctx context.Context) ([]parley.Site, error)
	Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error)
	PutArticle(ctx context.Context, a parley.Article) (parley.Article, error)
}

// seedDemoKB stores the demo knowledge base on a site that has no articles
// yet (first start), and never touches a curated one.
func seedDemoKB(ctx context.Context, st kbStore, site parley.Site) error {
	have, err := st.Articles(ctx, site.ID, parley.ArticleFilter{})
	if err != nil || len(have) > 0 {
		return err
	}
	arts, err := demo.Articles()
	if err != nil {
		return err
	}
	for _, a := range arts {
		a.SiteID, a.UpdatedBy = site.ID, "demo seed"
		if _, err := st.PutArticle(ctx, a); err != nil {
			return fmt.Errorf("seed %s/%s: %w", a.Slug, a.Language, err)
		}
	}
	return nil
}

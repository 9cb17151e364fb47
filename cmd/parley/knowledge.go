package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/kb"
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

// librarian keeps every site's bot knowledge in step with its published
// articles: it rebuilds a site's knowledge when the set of published
// article versions changes, whoever changed it (this node, another node, or
// `parley kb import`), so nodes need no message to agree.
type librarian struct {
	store kbStore
	bot   *bot.Service
	log   *slog.Logger
	seen  map[string]string // site id → fingerprint of its published articles
}

func (l *librarian) refresh(ctx context.Context) error {
	sites, err := l.store.Sites(ctx)
	if err != nil {
		return fmt.Errorf("knowledge: sites: %w", err)
	}
	for _, s := range sites {
		arts, err := l.store.Articles(ctx, s.ID, parley.ArticleFilter{Status: parley.ArticlePublished})
		if err != nil {
			return fmt.Errorf("knowledge: articles of %s: %w", s.Key, err)
		}
		fp := fingerprint(arts)
		if l.seen[s.ID] == fp {
			continue
		}
		start := time.Now()
		k, err := bot.Build(ctx, arts, nil, kb.NewIndex(arts))
		if err != nil {
			return fmt.Errorf("knowledge: build %s: %w", s.Key, err)
		}
		l.bot.SetKnowledge(s.ID, k)
		l.seen[s.ID] = fp
		l.log.Info("knowledge rebuilt", "site", s.Key, "articles", len(arts), "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// run refreshes every interval until ctx ends.
func (l *librarian) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := l.refresh(ctx); err != nil && ctx.Err() == nil {
				l.log.Error("knowledge refresh failed", "err", err)
			}
		}
	}
}

func fingerprint(arts []parley.Article) string {
	keys := make([]string, len(arts))
	for i, a := range arts {
		keys[i] = fmt.Sprintf("%s@%d", a.ID, a.Version)
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}

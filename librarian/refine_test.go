package librarian

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/store/sqlite"
)

// refineSetup stores a site whose KB is large enough for the neural
// scorer (5 articles × 45 questions) and returns a librarian over it.
func refineSetup(t *testing.T) (*Librarian, *bot.Service, parley.Site) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "refine.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, _ := db.EnsureSite(ctx, parley.Site{Key: "refine"})
	topics := []string{"password", "invoice", "export", "webhook", "refund"}
	verbs := []string{"reset", "find", "change", "fix", "get", "download", "set up", "cancel", "see"}
	asks := []string{"how do I %s my %s", "I cannot %s the %s", "where can I %s %s", "help me %s a %s", "please %s %s for me"}
	for _, topic := range topics {
		a := parley.Article{SiteID: site.ID, Slug: topic + "-help", Language: "en", Title: "All about " + topic,
			Body: "Text about " + topic + ".", Collection: "help", Status: parley.ArticlePublished, UpdatedBy: "test"}
		for _, v := range verbs {
			for _, f := range asks {
				a.Questions = append(a.Questions, fmt.Sprintf(f, v, topic))
			}
		}
		if _, err := db.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	svc := bot.NewService(bot.Config{})
	return New(db, svc, nil), svc, site
}

// With Network on, a publish takes effect at once with the fast
// classifier, and the neural scorer follows in the background.
func TestKnowledgeIsRefinedInTheBackground(t *testing.T) {
	l, svc, site := refineSetup(t)
	l.Network = true
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	if err := l.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	fast := svc.Knowledge(site.ID)
	l.mu.Lock()
	waiting := l.pending[site.ID].k
	l.mu.Unlock()
	if fast == nil || waiting != fast {
		t.Fatalf("after Refresh: knowledge %v, waiting for refinement %v; want the fast classifier at once, refined later", fast, waiting)
	}
	if n := l.Refining(); n != 1 {
		t.Errorf("Refining() = %d with one site waiting, want 1", n)
	}
	go func() { l.Run(ctx, time.Hour); close(done) }()
	testenv.Eventually(t, 2*time.Minute, func() bool { return svc.Knowledge(site.ID) != fast }, "the refined knowledge installed")
	testenv.Eventually(t, 10*time.Second, func() bool { return l.Refining() == 0 }, "Refining() back to 0")
}

// A refinement that finishes after the site changed is dropped: the
// newer knowledge stays.
func TestStaleRefinementIsDropped(t *testing.T) {
	l, svc, site := refineSetup(t)
	ctx := context.Background()
	if err := l.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	fast := svc.Knowledge(site.ID)
	l.mu.Lock()
	old := l.seen[site.ID]
	l.seen[site.ID] = old + ",a:changed@2" // a publish since
	l.mu.Unlock()
	l.refineSite(ctx, site.ID, built{old, fast})
	if k := svc.Knowledge(site.ID); k != fast {
		t.Fatal("a stale refinement replaced newer knowledge")
	}
	l.mu.Lock()
	l.seen[site.ID] = old
	l.mu.Unlock()
	l.refineSite(ctx, site.ID, built{old, fast})
	if svc.Knowledge(site.ID) == fast {
		t.Fatal("a current refinement was not installed")
	}
}

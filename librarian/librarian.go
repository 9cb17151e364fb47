// Package librarian keeps every site's bot knowledge in step with what
// admins curate — published articles, admin-defined intents and the bot
// settings — and builds throwaway knowledge from drafts for the "test the
// bot" panel and for replays before publishing.
//
// It rebuilds a site's knowledge when the fingerprint of those inputs
// changes, whoever changed them (this node, another node, `parley kb
// import`), so nodes need no message to agree: each polls, and a change made
// through this node's API kicks an immediate refresh.
//
// A rebuild trains the fast classifier, so a publish takes effect within a
// second. With Network on, Run then retrains each rebuilt site with the
// neural scorer in the background, one site at a time, and installs that
// only if the site's inputs have not changed meanwhile (a newer publish
// wins, and gets its own refinement).
package librarian

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/internal/tick"
	"github.com/parley-chat/parley/kb"
)

// Store is what the librarian reads.
type Store interface {
	Sites(ctx context.Context) ([]parley.Site, error)
	Articles(ctx context.Context, siteID string, f parley.ArticleFilter) ([]parley.Article, error)
	Intents(ctx context.Context, siteID string) ([]parley.Intent, error)
	BotSettings(ctx context.Context, siteID string) (parley.BotSettings, error)
}

// Librarian builds knowledge. Refresh and Run's loop are its one writer of
// the published state; Drafts may be called from any goroutine.
type Librarian struct {
	// Network turns on background refinement with the neural scorer
	// (bot.Knowledge.Refine); set it before Run.
	Network bool

	store  Store
	bot    *bot.Service
	log    *slog.Logger
	kick   chan struct{}
	refine chan struct{} // a site waits in pending

	mu      sync.Mutex
	seen    map[string]string // site id → fingerprint of its published inputs
	drafts  map[string]built  // site id → knowledge built from drafts
	pending map[string]built  // site id → fast knowledge waiting for refinement
	running int               // sites taken from pending and being refined (0 or 1)
}

type built struct {
	fingerprint string
	k           *bot.Knowledge
}

// New returns a librarian installing knowledge into b.
func New(store Store, b *bot.Service, log *slog.Logger) *Librarian {
	if log == nil {
		log = slog.Default()
	}
	return &Librarian{store: store, bot: b, log: log, kick: make(chan struct{}, 1), refine: make(chan struct{}, 1),
		seen: map[string]string{}, drafts: map[string]built{}, pending: map[string]built{}}
}

// Changed asks for a refresh now (an admin published or changed settings);
// it never blocks.
func (l *Librarian) Changed() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// Run refreshes every interval and on Changed until ctx ends (and, with
// Network, refines what it rebuilt).
func (l *Librarian) Run(ctx context.Context, every time.Duration) {
	var wg sync.WaitGroup
	defer wg.Wait()
	if l.Network {
		wg.Go(func() { l.refineLoop(ctx) })
	}
	tick.Every(ctx, every, l.kick, func(ctx context.Context) {
		if err := l.Refresh(ctx); err != nil && ctx.Err() == nil {
			l.log.Error("knowledge refresh failed", "err", err)
		}
	})
}

// Refresh rebuilds the knowledge of every site whose inputs changed.
func (l *Librarian) Refresh(ctx context.Context) error {
	sites, err := l.store.Sites(ctx)
	if err != nil {
		return fmt.Errorf("librarian: sites: %w", err)
	}
	for _, s := range sites {
		in, err := l.inputs(ctx, s.ID, parley.ArticlePublished)
		if err != nil {
			return fmt.Errorf("librarian: %s: %w", s.Key, err)
		}
		fp := in.fingerprint()
		l.mu.Lock()
		same := l.seen[s.ID] == fp
		l.seen[s.ID] = fp
		l.mu.Unlock()
		if same {
			continue
		}
		start := time.Now()
		k, err := in.build(ctx)
		if err != nil {
			// Curated content the classifier refuses (an intent named like
			// an article) must not stop the other sites, nor a restart: the
			// site keeps its last knowledge until its inputs change again.
			l.log.Error("knowledge not rebuilt; the site keeps its previous knowledge", "site", s.Key, "err", err)
			continue
		}
		l.bot.SetKnowledge(s.ID, k)
		l.log.Info("knowledge rebuilt", "site", s.Key, "articles", len(in.articles), "intents", len(in.intents),
			"took", time.Since(start).Round(time.Millisecond))
		if l.Network {
			l.mu.Lock()
			l.pending[s.ID] = built{fp, k}
			l.mu.Unlock()
			select {
			case l.refine <- struct{}{}:
			default:
			}
		}
	}
	return nil
}

// Published returns the site's installed knowledge (nil before the first
// refresh, or with nothing published).
func (l *Librarian) Published(siteID string) *bot.Knowledge { return l.bot.Knowledge(siteID) }

// ChosenThreshold is the threshold the site's published classifier chose
// on its own held-out examples (0 before the first build).
func (l *Librarian) ChosenThreshold(siteID string) float64 { return l.Published(siteID).Threshold() }

// Drafts returns knowledge built from every article of the site, drafts
// included (a draft stands in for nothing else: (slug, language) is unique),
// with the site's intents and settings. The last build per site is cached.
func (l *Librarian) Drafts(ctx context.Context, siteID string) (*bot.Knowledge, error) {
	in, err := l.inputs(ctx, siteID, "")
	if err != nil {
		return nil, fmt.Errorf("librarian: drafts: %w", err)
	}
	fp := in.fingerprint()
	l.mu.Lock()
	b, ok := l.drafts[siteID]
	l.mu.Unlock()
	if ok && b.fingerprint == fp {
		return b.k, nil
	}
	for i := range in.articles {
		in.articles[i].Status = parley.ArticlePublished // as if published
	}
	k, err := in.build(ctx)
	if err != nil {
		return nil, fmt.Errorf("librarian: drafts: %w", err)
	}
	l.mu.Lock()
	l.drafts[siteID] = built{fp, k}
	l.mu.Unlock()
	return k, nil
}

// inputs is what one site's knowledge is built from.
type inputs struct {
	articles []parley.Article
	intents  []parley.Intent
	settings parley.BotSettings
}

func (l *Librarian) inputs(ctx context.Context, siteID string, status parley.ArticleStatus) (inputs, error) {
	var in inputs
	var err error
	if in.articles, err = l.store.Articles(ctx, siteID, parley.ArticleFilter{Status: status}); err != nil {
		return in, fmt.Errorf("articles: %w", err)
	}
	if in.intents, err = l.store.Intents(ctx, siteID); err != nil {
		return in, fmt.Errorf("intents: %w", err)
	}
	if in.settings, err = l.store.BotSettings(ctx, siteID); err != nil {
		return in, fmt.Errorf("bot settings: %w", err)
	}
	return in, nil
}

func (in inputs) fingerprint() string {
	keys := make([]string, 0, len(in.articles)+len(in.intents)+1)
	for _, a := range in.articles {
		keys = append(keys, fmt.Sprintf("a:%s@%d", a.ID, a.Version))
	}
	for _, i := range in.intents {
		keys = append(keys, fmt.Sprintf("i:%s@%d", i.ID, i.UpdatedAt.UnixMicro()))
	}
	slices.Sort(keys)
	keys = append(keys, fmt.Sprintf("s:%+v", in.settings))
	return strings.Join(keys, ",")
}

func (in inputs) build(ctx context.Context) (*bot.Knowledge, error) {
	routes := make([]bot.Route, len(in.intents))
	for i, it := range in.intents {
		routes[i] = bot.Route{Intent: it.Name, Team: it.Team, HumanOnly: it.HumanOnly, Phrases: it.Phrases}
	}
	k, err := bot.Build(ctx, in.articles, routes, kb.NewIndex(in.articles))
	if err != nil {
		return nil, err
	}
	return k.WithSettings(in.settings), nil
}

// Simulate says what the bot would do with text as the first message of a
// new conversation (visitor locale: the fallback language), against the
// published knowledge or, with drafts, against every article. It returns
// the decision, the reply, and the articles the search found.
func (l *Librarian) Simulate(ctx context.Context, siteID, text, locale string, drafts bool) (parley.Decision, string, []parley.SearchHit, error) {
	k := l.Published(siteID)
	if drafts {
		var err error
		if k, err = l.Drafts(ctx, siteID); err != nil {
			return parley.Decision{}, "", nil, err
		}
	}
	o := l.bot.Simulate(k, siteID, text, locale)
	var hits []parley.SearchHit
	if k != nil {
		hits = k.Hits(text, o.Decision.Language, 5)
	}
	return o.Decision, o.Reply, hits, nil
}

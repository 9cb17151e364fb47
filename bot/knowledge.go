package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/intent"
	"github.com/parley-chat/parley/kb"
)

// Searcher finds articles for a question (kb.Index).
type Searcher interface {
	Search(query, lang string, k int) []parley.SearchHit
}

// Route is an admin-defined intent that sends the conversation to a team
// instead of answering from an article.
type Route struct {
	Intent    string   // label, e.g. "billing_dispute"
	Team      string   // team to hand off to
	HumanOnly bool     // always hand off (churn risk, disputes)
	Phrases   []string // training phrases, any language
}

// Knowledge is one site's trained, immutable knowledge base.
type Knowledge struct {
	model  *intent.Model
	search Searcher
	// bySlug holds each slug's published translations by language.
	bySlug map[string]map[string]parley.Article
	routes map[string]Route
	// settings are the site's overrides of the bot's policy.
	settings parley.BotSettings
	// examples trained the model; Refine trains on them again.
	examples []intent.Example
}

// WithSettings returns k with a site's bot settings (k is not changed).
func (k *Knowledge) WithSettings(s parley.BotSettings) *Knowledge {
	c := *k
	c.settings = s
	return &c
}

// Build trains the classifier on trainingExamples (articles, routes and
// the shipped out-of-scope corpus) and keeps the search index.
func Build(ctx context.Context, articles []parley.Article, routes []Route, search Searcher) (*Knowledge, error) {
	ex, bySlug, err := trainingExamples(articles, routes)
	if err != nil {
		return nil, err
	}
	k := &Knowledge{search: search, bySlug: bySlug, routes: map[string]Route{}}
	for _, r := range routes {
		k.routes[r.Intent] = r
	}
	if len(k.bySlug)+len(k.routes) < 2 {
		return k, nil // too little to classify: every question goes to people
	}
	// No neural scorer here: it multiplies training time by about 15, and
	// a publish must take effect at once. Refine adds it afterwards.
	m, err := intent.Train(ctx, ex, intent.Options{NoNetwork: true})
	if err != nil {
		return nil, fmt.Errorf("bot: train: %w", err)
	}
	k.model, k.examples = m, ex
	return k, nil
}

// Refine returns k with its classifier retrained with the neural scorer,
// or nil when the KB is outside the range where the scorer is trained (too
// few examples, or too many intents). It takes seconds (about 15 times
// Build's training), so callers run it in the background and install the
// result only if k is still current. On the demo KB with half of each
// article's questions held out, the scorer lifts accuracy from 71.4% to
// 74.4% (docs/bot.md).
func (k *Knowledge) Refine(ctx context.Context) (*Knowledge, error) {
	if k.model == nil || !intent.NetworkFits(len(k.examples), len(k.model.Labels())) {
		return nil, nil
	}
	m, err := intent.Train(ctx, k.examples, intent.Options{})
	if err != nil {
		return nil, fmt.Errorf("bot: refine: %w", err)
	}
	if !m.HasNetwork() {
		return nil, nil
	}
	c := *k
	c.model = m
	return &c, nil
}

// Threshold is the confidence the site's classifier chose to answer from
// on its own held-out examples (intent.Model.Threshold), used unless the
// site sets one; 0 when there is no classifier.
func (k *Knowledge) Threshold() float64 {
	if k == nil || k.model == nil {
		return 0
	}
	return k.model.Threshold()
}

// translation returns slug's article in lang, else in fallback, else any,
// and whether it is in lang.
func (k *Knowledge) translation(slug, lang, fallback string) (parley.Article, bool) {
	tr := k.bySlug[slug]
	if a, ok := tr[lang]; ok {
		return a, true
	}
	for _, l := range []string{fallback, "en"} {
		if a, ok := tr[l]; ok {
			return a, false
		}
	}
	for _, a := range tr {
		return a, false
	}
	return parley.Article{}, false
}

// passage is the part of a's body that best answers text, whole (a list
// with its lead, or a section): from the search index when it has a hit for
// a, else the article's lead through its first list (kb.Lead), so that a
// how-to article chosen by the classifier alone still gives its steps.
func (k *Knowledge) passage(a parley.Article, text string) string {
	return k.passageIn(a, text, "", nil)
}

// passageHits is how many search hits passage looks at for the article.
const passageHits = 5

// passageIn is passage with the passageHits hits already found for text
// in lang, searched again only when a is in another language.
func (k *Knowledge) passageIn(a parley.Article, text, lang string, found []parley.SearchHit) string {
	if k.search != nil {
		if lang != a.Language {
			found = k.search.Search(text, a.Language, passageHits)
		}
		for _, h := range found {
			if h.Article.Slug == a.Slug && h.Article.Language == a.Language && h.Passage != "" {
				return h.Passage
			}
		}
	}
	return kb.Lead(strings.TrimSpace(a.Body))
}

// Hits returns the search index's hits for the LLM's sources.
func (k *Knowledge) Hits(text, lang string, n int) []parley.SearchHit {
	if k.search == nil {
		return nil
	}
	return k.search.Search(text, lang, n)
}

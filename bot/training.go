package bot

import (
	"fmt"
	"slices"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/intent"
	"github.com/parley-chat/parley/bot/oos"
)

// trainingExamples is what a site's classifier learns from: each published
// article's title and example questions (label: its slug), its body as
// evidence only (intent.Example.EvidenceOnly: what the article speaks of,
// never a question), the routes' phrases, and the shipped out-of-scope
// corpus (bot/oos) in the languages the KB is written in, so that a
// recipe question meets a class of its own instead of the least unlikely
// article. Other languages' corpora stay out: on an English KB they would
// teach that any Russian text is out of scope, and a Russian visitor
// would lose the English article the bot can still offer.
// oosPerLanguage is how many of the shipped out-of-scope questions join
// per KB language, evenly spread over the corpus's topics. More make a
// class that draws in-scope questions phrased unlike the examples ("price
// per user"); fewer let unrelated questions through to clarifying
// questions with articles. docs/bot.md has the measurements.
const oosPerLanguage = oos.PerLanguage

func trainingExamples(articles []parley.Article, routes []Route) ([]intent.Example, map[string]map[string]parley.Article, error) {
	bySlug := map[string]map[string]parley.Article{}
	var ex []intent.Example
	var langs []string
	for _, a := range articles {
		if a.Status != parley.ArticlePublished {
			continue
		}
		if bySlug[a.Slug] == nil {
			bySlug[a.Slug] = map[string]parley.Article{}
		}
		bySlug[a.Slug][a.Language] = a
		if !slices.Contains(langs, a.Language) {
			langs = append(langs, a.Language)
		}
		ex = append(ex, intent.Example{Text: a.Title, Label: a.Slug})
		for _, q := range a.Questions {
			ex = append(ex, intent.Example{Text: q, Label: a.Slug})
		}
		ex = append(ex, intent.Example{Text: a.Body, Label: a.Slug, EvidenceOnly: true})
	}
	for _, r := range routes {
		if _, clash := bySlug[r.Intent]; clash {
			return nil, nil, fmt.Errorf("bot: route %q has the name of an article slug", r.Intent)
		}
		for _, p := range r.Phrases {
			ex = append(ex, intent.Example{Text: p, Label: r.Intent})
		}
	}
	slices.Sort(langs)
	for _, l := range langs {
		for _, q := range oos.Sample(l, oosPerLanguage) {
			ex = append(ex, intent.Example{Text: q, Label: intent.OutOfScope})
		}
	}
	return ex, bySlug, nil
}

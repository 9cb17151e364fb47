package bot

import (
	"slices"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/intent"
)

// searchCandidates is how many search hits a clarifying question looks at.
const searchCandidates = 3

// evidentHits are the first searchCandidates of found (the search index's
// hits for text, best first) that the question is about
// (intent.Model.EvidenceFor ≥ MinEvidence), one per article: a recipe
// question that shares a word with an article gets none. Search matches
// the article's body, which the classifier only sees as evidence, so it
// finds articles for questions worded unlike their examples.
func (k *Knowledge) evidentHits(text string, found []parley.SearchHit) []intent.Alternative {
	if k.model == nil {
		return nil
	}
	var hits []intent.Alternative
	for _, h := range found[:min(searchCandidates, len(found))] {
		slug := h.Article.Slug
		if k.bySlug[slug] == nil || slices.ContainsFunc(hits, func(a intent.Alternative) bool { return a.Label == slug }) {
			continue
		}
		if k.model.EvidenceFor(text, slug) >= MinEvidence {
			hits = append(hits, intent.Alternative{Label: slug, Prob: 1})
		}
	}
	return hits
}

// disputed reports that the search index's best evident hit is another
// article than the classifier's answer: two readings of the question
// disagree, so the bot asks instead of answering. On the demo KB most
// confident wrong answers are of this kind ("downgrade to the free plan":
// plans-pricing by the classifier, cancel-subscription by search).
func disputed(label string, hits []intent.Alternative) bool {
	return len(hits) > 0 && hits[0].Label != label
}

// candidates are the articles a clarifying question offers: the
// classifier's (Suggestions) merged with the evident search hits, taken in
// turn, at most three. With out-of-scope ahead (v is Decline), only the
// hits are offered.
func candidates(p intent.Prediction, v Verdict, hits []intent.Alternative) []intent.Alternative {
	var cls []intent.Alternative
	if v == Clarify {
		cls = Suggestions(p)
	}
	var out []intent.Alternative
	for i := 0; len(out) < 3 && (i < len(cls) || i < len(hits)); i++ {
		for _, src := range [][]intent.Alternative{cls, hits} {
			if i < len(src) && len(out) < 3 && !slices.ContainsFunc(out, func(a intent.Alternative) bool { return a.Label == src[i].Label }) {
				out = append(out, src[i])
			}
		}
	}
	return out
}

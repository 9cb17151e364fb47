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

// A search hit leads when it scores at least leadScore, above what the
// search index gives out-of-scope questions (p90 0.07, kb/index_doc.go),
// and leadRatio times the next hit's score.
const (
	leadScore = 0.1
	leadRatio = 1.5
)

// withLeader is hits with the search index's first hit added when it
// leads the others clearly and the question shares a word with the
// article, even if too few of the question's words are the article's to
// count as evidence: "цена по кориснику" has a third of its words in
// plans-pricing's texts, but search ranks plans-pricing well ahead. The
// bot only asks about it, never answers with it.
func (k *Knowledge) withLeader(text string, hits []intent.Alternative, found []parley.SearchHit) []intent.Alternative {
	if len(found) == 0 || k.model == nil || found[0].Score < leadScore {
		return hits
	}
	slug := found[0].Article.Slug
	if len(found) > 1 && found[0].Score < leadRatio*found[1].Score || k.bySlug[slug] == nil ||
		slices.ContainsFunc(hits, func(a intent.Alternative) bool { return a.Label == slug }) || k.model.EvidenceFor(text, slug) == 0 {
		return hits
	}
	return append(slices.Clip(hits), intent.Alternative{Label: slug, Prob: 1})
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

package bot

import (
	"slices"

	"github.com/parley-chat/parley/bot/intent"
)

// searchCandidates is how many search hits a clarifying question looks at.
const searchCandidates = 3

// candidates are the articles a clarifying question offers: the
// classifier's (Suggestions) merged with the search index's hits for
// text, taken in turn, at most three. A search hit joins only when the
// question is about it (intent.Model.EvidenceFor ≥ MinEvidence), so a
// recipe question that shares a word with an article still gets no
// buttons. Search matches the article's body, which the classifier only
// sees as evidence, so it finds articles for questions worded unlike
// their examples. With out-of-scope ahead (v is Decline), only the
// evidence-backed ones are offered.
func (k *Knowledge) candidates(p intent.Prediction, v Verdict, text, lang string) []intent.Alternative {
	var cls, hits []intent.Alternative
	if v == Clarify {
		cls = Suggestions(p)
	}
	if k.search != nil && k.model != nil {
		for _, h := range k.search.Search(text, lang, searchCandidates) {
			slug := h.Article.Slug
			if k.bySlug[slug] == nil || slices.ContainsFunc(hits, func(a intent.Alternative) bool { return a.Label == slug }) {
				continue
			}
			if k.model.EvidenceFor(text, slug) >= MinEvidence {
				hits = append(hits, intent.Alternative{Label: slug, Prob: 1})
			}
		}
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

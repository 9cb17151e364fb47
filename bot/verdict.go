package bot

import "github.com/parley-chat/parley/bot/intent"

// Verdict is what a prediction allows the bot to do. The one rule is
// here so that `parley eval` measures exactly what visitors get.
type Verdict int

const (
	// Decline: not in the KB (or not sure of anything); the bot says so
	// and offers a person.
	Decline Verdict = iota
	// Clarify: two articles are close; the bot asks which one is meant.
	Clarify
	// Answer: one article, with enough confidence and evidence.
	Answer
)

func (v Verdict) String() string {
	return [...]string{"decline", "clarify", "answer"}[v]
}

// MinEvidence is the least evidence (intent.Prediction.Evidence: the
// rarity-weighted share of the question's words the article's texts also
// use) an answer needs, however confident the classifier is. On
// BANKING77-OOS valid.csv a floor of 0.2 changes in-scope accuracy by
// under 0.1 point; on a small KB it is what keeps "how do I bake a
// pizza" from an article that merely shares "how do I".
const MinEvidence = 0.2

// declineOOS is how sure the out-of-scope class must be to decline
// outright; a weaker lead leaves room to ask about the articles behind it.
const declineOOS = 0.6

// clarifyMin is the least probability an intent needs to be offered when
// the bot asks which article the visitor means.
const clarifyMin = 0.1

// Judge applies the threshold: answer when the classifier is confident
// and the question is about the article; decline when the question is
// nearest the out-of-scope examples; else clarify when some articles are
// plausible (Suggestions), and decline when none is.
func Judge(p intent.Prediction, threshold float64) Verdict {
	switch {
	case len(p.TopK) == 0 || p.Label == intent.OutOfScope && p.TopK[0].Prob >= declineOOS:
		return Decline
	case p.Label != intent.OutOfScope && p.Confidence >= threshold && p.Evidence >= MinEvidence:
		return Answer
	case len(Suggestions(p)) > 0:
		return Clarify
	}
	return Decline
}

// Suggestions are the intents a clarifying question offers: the likeliest
// ones above clarifyMin, at most three, never the out-of-scope class.
func Suggestions(p intent.Prediction) []intent.Alternative {
	var out []intent.Alternative
	for _, a := range p.TopK {
		if a.Prob >= clarifyMin && a.Label != intent.OutOfScope && len(out) < 3 {
			out = append(out, a)
		}
	}
	return out
}

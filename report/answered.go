package report

import (
	"context"
	"fmt"
)

// Answerer is a Store that can also say whether the bot answers a question
// today, from the knowledge it has now. Gaps from such a store leave out
// the questions the bot now answers: once an article that answers a gap is
// published (and the bot has learnt it), the gap is no longer listed. A gap
// is judged by its most asked wording, in its most frequent language.
type Answerer interface {
	AnswersNow(ctx context.Context, siteID, question, language string) (bool, error)
}

// unanswered keeps the gaps (most asked first) the bot still does not
// answer, at most limit of them; it asks about no more gaps than it needs.
func unanswered(ctx context.Context, a Answerer, siteID string, gaps []Gap, limit int) ([]Gap, error) {
	var out []Gap
	for _, g := range gaps {
		if len(out) == limit {
			break
		}
		ok, err := a.AnswersNow(ctx, siteID, g.Question, g.Language)
		if err != nil {
			return nil, fmt.Errorf("report gaps: does the bot answer %q now: %w", g.Question, err)
		}
		if !ok {
			out = append(out, g)
		}
	}
	return out, nil
}

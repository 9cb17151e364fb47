package bot

import (
	"testing"

	"github.com/parley-chat/parley/bot/intent"
)

func TestJudge(t *testing.T) {
	alt := func(l string, p float64) intent.Alternative { return intent.Alternative{Label: l, Prob: p} }
	for name, c := range map[string]struct {
		p    intent.Prediction
		want Verdict
	}{
		"confident with evidence": {intent.Prediction{Label: "a", Confidence: 0.8, Evidence: 0.9, TopK: []intent.Alternative{alt("a", 0.9), alt("b", 0.05)}}, Answer},
		"confident, no evidence":  {intent.Prediction{Label: "a", Confidence: 0.8, Evidence: 0.1, TopK: []intent.Alternative{alt("a", 0.9), alt("b", 0.05)}}, Decline},
		"out of scope":            {intent.Prediction{Label: intent.OutOfScope, TopK: []intent.Alternative{alt(intent.OutOfScope, 0.9)}}, Decline},
		"two close":               {intent.Prediction{Label: "a", Confidence: 0.4, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.45), alt("b", 0.35)}}, Clarify},
		"close to out of scope":   {intent.Prediction{Label: "a", Confidence: 0.4, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.45), alt(intent.OutOfScope, 0.35)}}, Decline},
		"spread over many":        {intent.Prediction{Label: "a", Confidence: 0.4, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.3), alt("b", 0.2)}}, Decline},
		"runner-up far behind":    {intent.Prediction{Label: "a", Confidence: 0.4, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.6), alt("b", 0.1)}}, Decline},
		"unsure of anything":      {intent.Prediction{Label: "a", Confidence: 0.1, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.45), alt("b", 0.35)}}, Decline},
		"close, no evidence":      {intent.Prediction{Label: "a", Confidence: 0.4, Evidence: 0, TopK: []intent.Alternative{alt("a", 0.45), alt("b", 0.35)}}, Decline},
	} {
		if got := Judge(c.p, 0.5); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

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
		"confident with evidence":    {intent.Prediction{Label: "a", Confidence: 0.8, Evidence: 0.9, TopK: []intent.Alternative{alt("a", 0.9), alt("b", 0.05)}}, Answer},
		"confident, no evidence":     {intent.Prediction{Label: "a", Confidence: 0.8, Evidence: 0.1, TopK: []intent.Alternative{alt("a", 0.9), alt("b", 0.05)}}, Clarify},
		"out of scope, sure":         {intent.Prediction{Label: intent.OutOfScope, TopK: []intent.Alternative{alt(intent.OutOfScope, 0.9), alt("a", 0.05)}}, Decline},
		"out of scope, not sure":     {intent.Prediction{Label: intent.OutOfScope, TopK: []intent.Alternative{alt(intent.OutOfScope, 0.5), alt("a", 0.3)}}, Clarify},
		"out of scope, nothing near": {intent.Prediction{Label: intent.OutOfScope, TopK: []intent.Alternative{alt(intent.OutOfScope, 0.5), alt("a", 0.05)}}, Decline},
		"two close":                  {intent.Prediction{Label: "a", Confidence: 0.4, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.45), alt("b", 0.35)}}, Clarify},
		"nothing likely":             {intent.Prediction{Label: "a", Confidence: 0.1, Evidence: 0.8, TopK: []intent.Alternative{alt("a", 0.08), alt("b", 0.07)}}, Decline},
		"no alternatives":            {intent.Prediction{Label: "a", Confidence: 0.9, Evidence: 0.8}, Decline},
	} {
		if got := Judge(c.p, 0.5); got != c.want {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestSuggestions(t *testing.T) {
	p := intent.Prediction{TopK: []intent.Alternative{{Label: "a", Prob: 0.4}, {Label: intent.OutOfScope, Prob: 0.3},
		{Label: "b", Prob: 0.2}, {Label: "c", Prob: 0.05}}}
	got := Suggestions(p)
	if len(got) != 2 || got[0].Label != "a" || got[1].Label != "b" {
		t.Errorf("suggestions %v, want a and b", got)
	}
}

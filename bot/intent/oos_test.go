package intent

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// offTopic are unrelated questions, enough to form the out-of-scope class.
func offTopic(n int) []Example {
	topics := []string{"pizza recipe", "weather tomorrow", "football score", "film to watch", "capital of france",
		"bake bread", "learn guitar", "train to paris", "tell a joke", "best pasta sauce"}
	frames := []string{"what is the %s", "tell me about the %s", "i need a %s", "any idea about the %s"}
	var ex []Example
	for i := range n {
		ex = append(ex, Example{Text: fmt.Sprintf(frames[i%len(frames)], topics[i%len(topics)]), Label: OutOfScope})
	}
	return ex
}

func TestOutOfScopeExamplesFormAClass(t *testing.T) {
	m, err := Train(context.Background(), append(kbExamples(), offTopic(MinOutOfScope)...), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(m.Labels(), OutOfScope) {
		t.Fatalf("%d out-of-scope examples did not form a class: %v", MinOutOfScope, m.Labels())
	}
	p := m.Predict("what is the best pizza recipe")
	if p.Label != OutOfScope || p.Confidence != 0 {
		t.Errorf("near the out-of-scope examples: %+v", p)
	}
	if p := m.Predict("I can't remember my password"); p.Label != "reset_password" {
		t.Errorf("in scope with an out-of-scope class: %+v", p)
	}
	few, err := Train(context.Background(), append(kbExamples(), offTopic(MinOutOfScope-1)...), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(few.Labels(), OutOfScope) {
		t.Errorf("%d out-of-scope examples formed a class", MinOutOfScope-1)
	}
}

func TestEvidence(t *testing.T) {
	ex := kbExamples()
	m, err := Train(context.Background(), ex, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// With four intents "how do I" still tells two from two, so it
	// weighs something; the unknown words weigh more.
	off := m.Predict("how do I bake sourdough focaccia")
	if off.Evidence > 0.25 {
		t.Errorf("a question no intent speaks of has evidence %.2f for %s", off.Evidence, off.Label)
	}
	if p := m.Predict("I can't remember my password"); p.Label != "reset_password" || p.Evidence <= off.Evidence {
		t.Errorf("a paraphrase has evidence %.2f for %s (off-topic: %.2f)", p.Evidence, p.Label, off.Evidence)
	}
	if p := m.Predict("я забыл пароль"); p.Evidence < 0.99 {
		t.Errorf("words all from the intent's examples: evidence %.2f", p.Evidence)
	}
	// Text that describes an intent without being a question is evidence,
	// and never a training example.
	q := "the authenticator codes on my phone drift"
	before := m.Predict(q)
	withBody, err := Train(context.Background(), append(ex, Example{Text: "Authenticator codes drift when the phone's clock is wrong.", Label: "reset_password", EvidenceOnly: true}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := withBody.Predict(q)
	if after.Label == "reset_password" && after.Evidence <= before.Evidence {
		t.Errorf("evidence-only text did not count: %.2f then %.2f", before.Evidence, after.Evidence)
	}
	if _, err := Train(context.Background(), []Example{{Text: "a", Label: "x"}, {Text: "b", Label: "y", EvidenceOnly: true}}, Options{}); err == nil {
		t.Error("an intent with evidence only counted as an intent")
	}
}

func TestThresholdIsChosenInRange(t *testing.T) {
	m, err := Train(context.Background(), append(kbExamples(), offTopic(40)...), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if th := m.Threshold(); th < minThreshold || th > maxThreshold {
		t.Errorf("threshold %.2f outside [%.2f, %.2f]", th, minThreshold, maxThreshold)
	}
	// Sure and right (confidence ~1), unsure and wrong (~0.45): the
	// threshold goes just above the wrong ones.
	pts := []calPoint{{scores: []float64{2, 0}, label: 0, weight: 1}, {scores: []float64{0, 2}, label: 1, weight: 1},
		{scores: []float64{0.2, 0}, label: 1, weight: 1}}
	if th := chooseThreshold(pts, defaultCalibration); th != 0.5 {
		t.Errorf("threshold %.2f, want 0.5", th)
	}
	if th := chooseThreshold(pts[:2], defaultCalibration); th != minThreshold {
		t.Errorf("all right: threshold %.2f, want the lowest", th)
	}
}

package bot

import (
	"context"
	"slices"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/intent"
)

// fixedSearch returns the same hits for every query.
type fixedSearch []parley.SearchHit

func (f fixedSearch) Search(string, string, int) []parley.SearchHit { return f }

// A clarifying question offers the search index's hits that the question
// is about, after the classifier's suggestions, and no hit it is not about.
func TestCandidatesMergeSearchHits(t *testing.T) {
	arts := []parley.Article{
		{Slug: "refunds", Language: "en", Status: parley.ArticlePublished, Title: "Refunds",
			Body: "We refund unused months within 30 days of a charge.", Questions: []string{"can I get my money back", "refund please", "I was charged twice"}},
		{Slug: "export", Language: "en", Status: parley.ArticlePublished, Title: "Export your data",
			Body: "Download a CSV archive of every project from Settings.", Questions: []string{"how do I export", "download my projects", "backup my data"}},
		{Slug: "login", Language: "en", Status: parley.ArticlePublished, Title: "Sign in problems",
			Body: "Reset your password from the sign-in page.", Questions: []string{"cannot sign in", "forgot my password", "login fails"}},
	}
	hits := fixedSearch{{Article: arts[1]}, {Article: arts[0]}}
	k, err := Build(context.Background(), arts, nil, hits)
	if err != nil {
		t.Fatal(err)
	}
	labels := func(c []intent.Alternative) []string {
		var out []string
		for _, a := range c {
			out = append(out, a.Label)
		}
		return out
	}
	unsure := intent.Prediction{Label: intent.OutOfScope, TopK: []intent.Alternative{{Label: intent.OutOfScope, Prob: 0.9}}}
	// "archive" and "CSV" are only in the export article's body.
	if got := labels(candidates(unsure, Decline, k.evidentHits("CSV archive", hits))); !slices.Equal(got, []string{"export"}) {
		t.Errorf("body words: offered %v, want [export]", got)
	}
	if got := labels(candidates(unsure, Decline, k.evidentHits("what's the weather in Paris", hits))); len(got) != 0 {
		t.Errorf("unrelated question: offered %v, want none", got)
	}
	close := intent.Prediction{Label: "login", Confidence: 0.3, TopK: []intent.Alternative{{Label: "login", Prob: 0.5}, {Label: "refunds", Prob: 0.3}}}
	if got := labels(candidates(close, Clarify, k.evidentHits("download a refund archive", hits))); !slices.Equal(got, []string{"login", "export", "refunds"}) {
		t.Errorf("merged: offered %v, want [login export refunds]", got)
	}
}

// When the search index's best hit that the question is about is another
// article than the classifier's answer, the bot asks, offering both.
func TestSearchDisagreementAsks(t *testing.T) {
	arts := []parley.Article{
		{Slug: "refunds", Language: "en", Status: parley.ArticlePublished, Title: "Refunds",
			Body: "We refund unused months within 30 days of a charge.", Questions: []string{"can I get my money back", "refund please", "I was charged twice"}},
		{Slug: "export", Language: "en", Status: parley.ArticlePublished, Title: "Export your data",
			Body: "Download a CSV archive of every project from Settings.", Questions: []string{"how do I export", "download my projects", "backup my data"}},
		{Slug: "login", Language: "en", Status: parley.ArticlePublished, Title: "Sign in problems",
			Body: "Reset your password from the sign-in page.", Questions: []string{"cannot sign in", "forgot my password", "login fails"}},
	}
	const q = "refund please"
	agree, err := Build(context.Background(), arts, nil, fixedSearch{{Article: arts[0]}})
	if err != nil {
		t.Fatal(err)
	}
	// The classifier answers from its own example; search agrees.
	if o := Decide(agree, Config{Threshold: 0.01}, turn(q)); o.Decision.Action != parley.ActionAnswer || o.Decision.Intent != "refunds" {
		t.Fatalf("search agreeing: %s %s, want an answer with refunds", o.Decision.Action, o.Decision.Intent)
	}
	// A question about both articles, with search ranking login first.
	const both = "refund please, I forgot my password"
	disagree, err := Build(context.Background(), arts, nil, fixedSearch{{Article: arts[2]}, {Article: arts[0]}})
	if err != nil {
		t.Fatal(err)
	}
	p := disagree.model.Predict(both)
	if p.Label != "refunds" {
		t.Fatalf("the classifier reads %q as %s, want refunds for the test to mean anything", both, p.Label)
	}
	o := Decide(disagree, Config{Threshold: 0.01}, turn(both))
	if o.Decision.Action != parley.ActionClarify || !offers(o, "login") || !offers(o, "refunds") ||
		!slices.Contains(o.Decision.Reasons, "clarify:search_disagrees") {
		t.Errorf("search disagreeing: %s %v offered %v, want a question offering refunds and login", o.Decision.Action, o.Decision.Reasons, offered(o))
	}
}

// A search hit well ahead of the others is offered when the question
// shares a word with its article, though too few to count as evidence;
// a close race, a weak score or no shared word offers nothing.
func TestLeadingSearchHitIsOffered(t *testing.T) {
	arts := []parley.Article{
		{Slug: "refunds", Language: "en", Status: parley.ArticlePublished, Title: "Refunds",
			Body: "We refund unused months within 30 days of a charge.", Questions: []string{"can I get my money back", "refund please", "I was charged twice"}},
		{Slug: "export", Language: "en", Status: parley.ArticlePublished, Title: "Export your data",
			Body: "Download a CSV archive of every project from Settings.", Questions: []string{"how do I export", "download my projects", "backup my data"}},
		{Slug: "login", Language: "en", Status: parley.ArticlePublished, Title: "Sign in problems",
			Body: "Reset your password from the sign-in page.", Questions: []string{"cannot sign in", "forgot my password", "login fails"}},
	}
	k, err := Build(context.Background(), arts, nil, fixedSearch{})
	if err != nil {
		t.Fatal(err)
	}
	hit := func(a parley.Article, score float64) parley.SearchHit {
		return parley.SearchHit{Article: a, Score: score}
	}
	const q = "money for the whole office next year"
	if e := k.model.EvidenceFor(q, "refunds"); e <= 0 || e >= MinEvidence {
		t.Fatalf("evidence %.2f for refunds, want some but under %.1f for the test to mean anything", e, MinEvidence)
	}
	cases := []struct {
		name, text string
		hits       []intent.Alternative
		found      []parley.SearchHit
		want       []string
	}{
		{"leads", q, nil, []parley.SearchHit{hit(arts[0], 0.3), hit(arts[1], 0.1)}, []string{"refunds"}},
		{"alone", q, nil, []parley.SearchHit{hit(arts[0], 0.2)}, []string{"refunds"}},
		{"close race", q, nil, []parley.SearchHit{hit(arts[0], 0.3), hit(arts[1], 0.25)}, nil},
		{"weak", q, nil, []parley.SearchHit{hit(arts[0], 0.05)}, nil},
		{"no shared word", "what's the weather in Paris", nil, []parley.SearchHit{hit(arts[0], 0.3)}, nil},
		{"already offered", q, []intent.Alternative{{Label: "refunds", Prob: 1}}, []parley.SearchHit{hit(arts[0], 0.3)}, []string{"refunds"}},
	}
	for _, c := range cases {
		var got []string
		for _, a := range k.withLeader(c.text, c.hits, c.found) {
			got = append(got, a.Label)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

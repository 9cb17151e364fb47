package bot

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/kb/demo"
)

// The figures docs/bot.md reports for the demo KB ("Off-topic questions
// and held-out questions"): go test ./bot -run 'TestDemo(OffTopic|HeldOut)' -v

// TestDemoOffTopic: off-topic questions in the seven languages, written
// apart from the shipped out-of-scope corpus (bot/testdata/offtopic), are
// answered with an article at most 1.5% of the time (3 of 252, the most
// it was ever measured at).
func TestDemoOffTopic(t *testing.T) {
	k, _ := demoWithSearch(t) // as the librarian builds it: with the search index
	files, _ := filepath.Glob("testdata/offtopic/*.txt")
	if len(files) != 7 {
		t.Fatalf("want the seven languages' off-topic questions, found %v", files)
	}
	asked, answered, clarified := 0, 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			asked++
			o := Decide(k, Config{}, turn(q))
			if len(offered(o)) > 0 {
				clarified++
			}
			if o.Decision.Action == parley.ActionAnswer {
				answered++
				t.Logf("%s: %q answered with %s (%.2f)", filepath.Base(f), q, o.Decision.Intent, o.Decision.Confidence)
			}
		}
	}
	rate := float64(answered) / float64(asked)
	t.Logf("off-topic: %d of %d answered with an article (%.1f%%); %d met with articles to choose from", answered, asked, 100*rate, clarified)
	if rate > 0.015 {
		t.Errorf("%.1f%% of off-topic questions answered with an article, want ≤ 1.5%%", 100*rate)
	}
}

// TestDemoHeldOut: each article's example questions, held out of training
// in five folds, are answered with their article, met with a question
// that offers it, or, when the question asks for a person ("how can I
// talk to a human", contact-support's examples), handed to one as asked
// (human_requested): for such a visitor the handoff is the right outcome,
// and the article would be the wrong one. An urgent question ("an API key
// leaked") handed to a person with its article in the reply
// (critical_urgency, handoff:with_article) is right too: the visitor gets
// both. Any other handoff is a miss. The
// aim is 95%; what the bot reaches is in docs/bot.md, and this guards it
// against falling back.
func TestDemoHeldOut(t *testing.T) {
	if testing.Short() {
		t.Skip("five trainings of the demo KB")
	}
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	const folds = 5
	asked, right, clarified, handed, urgent, wrong := 0, 0, 0, 0, 0, 0
	for f := range folds {
		train := make([]parley.Article, len(arts))
		var held []struct{ q, slug string }
		for i, a := range arts {
			a.Questions = nil
			for j, q := range arts[i].Questions {
				if j%folds == f {
					held = append(held, struct{ q, slug string }{q, a.Slug})
				} else {
					a.Questions = append(a.Questions, q)
				}
			}
			train[i] = a
		}
		k, err := Build(context.Background(), train, nil, kb.NewIndex(train))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range held {
			asked++
			o := Decide(k, Config{}, turn(h.q))
			switch {
			case o.Decision.Action == parley.ActionAnswer && o.Decision.Intent == h.slug:
				right++
			case o.Decision.Action == parley.ActionClarify && offers(o, h.slug):
				clarified++
			case o.Decision.Action == parley.ActionHandoff && o.Decision.HandoffReason == ReasonHumanRequested:
				handed++
			case o.Decision.Action == parley.ActionHandoff && o.Decision.HandoffReason == ReasonCritical &&
				slices.ContainsFunc(o.Decision.Articles, func(a parley.ArticleRef) bool { return a.Slug == h.slug }):
				urgent++
			default:
				if o.Decision.Action == parley.ActionAnswer {
					wrong++
				}
				t.Logf("%q (%s): %s %s (%.2f) %v", h.q, h.slug, o.Decision.Action, o.Decision.Intent, o.Decision.Confidence, o.Decision.Reasons)
			}
		}
	}
	share := float64(right+clarified+handed+urgent) / float64(asked)
	t.Logf("held-out questions: %d asked, %d answered right, %d clarified with the article offered, %d handed to a person as asked, %d handed over as urgent with the article: %.1f%% right or clarified (%d answered wrong)",
		asked, right, clarified, handed, urgent, 100*share, wrong)
	if share < 0.945 {
		t.Errorf("%.1f%% right or clarified, want ≥ 94.5%%", 100*share)
	}
}

func offered(o Outcome) []map[string]string {
	sugg, _ := o.Meta["suggestions"].([]map[string]string)
	return sugg
}

func offers(o Outcome, slug string) bool {
	return slices.ContainsFunc(offered(o), func(s map[string]string) bool { return s["slug"] == slug })
}

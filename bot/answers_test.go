package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/kb/demo"
)

var (
	searchOnce sync.Once
	searchK    *Knowledge
	searchArts []parley.Article
	searchErr  error
)

// demoWithSearch builds the demo knowledge as the librarian does: the
// classifier and the search index over the published articles.
func demoWithSearch(t testing.TB) (*Knowledge, []parley.Article) {
	t.Helper()
	searchOnce.Do(func() {
		searchArts, searchErr = demo.Articles()
		if searchErr == nil {
			searchK, searchErr = Build(context.Background(), searchArts, nil, kb.NewIndex(searchArts))
		}
	})
	if searchErr != nil {
		t.Fatal(searchErr)
	}
	return searchK, searchArts
}

var mdItem = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s`)

// keyPassage is what an answer from a must contain, read from the Markdown
// itself (no list kept by hand): the body's first list, every item as
// written, and the paragraph right before it (its lead); with no list, the
// first paragraph. steps reports a numbered list.
func keyPassage(body string) (key []string, steps bool) {
	paras := strings.Split(strings.TrimSpace(body), "\n\n")
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		first := slices.IndexFunc(lines, func(l string) bool { return mdItem.MatchString(l) })
		if first < 0 {
			continue
		}
		list := strings.Join(lines[first:], "\n")
		for j := i + 1; j < len(paras) && mdItem.MatchString(paras[j]); j++ {
			list += "\n\n" + paras[j] // a loose list goes on after a blank line
		}
		switch {
		case first > 0:
			key = []string{strings.Join(lines[:first], "\n")}
		case i > 0:
			key = []string{paras[i-1]}
		}
		return append(key, list), regexp.MustCompile(`^\s*\d`).MatchString(lines[first])
	}
	return []string{paras[0]}, false
}

func containsAll(reply string, key []string) bool {
	for _, k := range key {
		if !strings.Contains(reply, k) && !strings.Contains(reply, SerbianToLatin(k)) {
			return false
		}
	}
	return true
}

// TestAnswersContainTheKeyPassage asks every example question of every demo
// article in all seven languages and counts the answers that contain the
// article's key passage whole. Questions the bot does not answer with the
// article (classified elsewhere, or clarified) count as misses; the share
// among those answered right is the passage's own figure. Run with -v for
// the table (docs/bot.md).
func TestAnswersContainTheKeyPassage(t *testing.T) {
	k, arts := demoWithSearch(t)
	type tally struct{ asked, answered, whole int }
	by := map[string]*tally{}
	var all tally
	var misses []string
	for _, a := range arts {
		kind := "no list"
		if _, _, hasList := strings.Cut(a.Body, "\n1. "); hasList || strings.Contains(a.Body, "\n- ") {
			kind = "list"
		}
		for _, l := range []string{a.Language, kind} {
			if by[l] == nil {
				by[l] = &tally{}
			}
		}
		for _, q := range a.Questions {
			o := Decide(k, Config{}, turn(q))
			right := o.Decision.Action == parley.ActionAnswer && o.Decision.Intent == a.Slug
			// The key passage of the translation served: the visitor's
			// language is the policy's to detect, not the passage's.
			served, _ := k.translation(a.Slug, o.Decision.Language, "en")
			key, _ := keyPassage(served.Body)
			whole := right && containsAll(o.Reply, key)
			for _, c := range []*tally{by[a.Language], by[kind], &all} {
				c.asked++
				if right {
					c.answered++
				}
				if whole {
					c.whole++
				}
			}
			if right && !whole {
				misses = append(misses, fmt.Sprintf("%s/%s %q: %.80q", a.Slug, served.Language, q, k.passage(served, q)))
			}
		}
	}
	langs := []string{"en", "ru", "pl", "sr", "hy", "fa", "kk"}
	for _, l := range append(langs, "list", "no list", "all") {
		c := by[l]
		if l == "all" {
			c = &all
		}
		t.Logf("%-7s %3d questions: answered with the article %5.1f%%, key passage whole %5.1f%% (%5.1f%% of those answered)",
			l, c.asked, pct(c.answered, c.asked), pct(c.whole, c.asked), pct(c.whole, c.answered))
	}
	for _, m := range misses {
		t.Log("other passage: " + m)
	}
	// Floors a few points under what was measured (docs/bot.md): 90.6% for
	// articles with a list, 81.2% in all. The rest are questions about
	// another part of the article that the opening does not cover ("can I
	// get a refund" gets the refunds paragraph alone), counted as misses
	// because the key passage is defined by the article, not the question.
	if l := by["list"]; pct(l.whole, l.answered) < 85 || pct(all.whole, all.answered) < 75 {
		t.Errorf("key passage in %.1f%% of right answers to articles with a list (want ≥ 85%%), %.1f%% in all (want ≥ 75%%)",
			pct(l.whole, l.answered), pct(all.whole, all.answered))
	}
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// TestHowToAnswersGiveAllTheSteps: every demo article with numbered steps,
// in every language, asked its own title as a question and its first
// example question ("How do I reset my password?"), answers with all its
// steps, numbered as written, and their lead.
func TestHowToAnswersGiveAllTheSteps(t *testing.T) {
	k, arts := demoWithSearch(t)
	n := 0
	for _, a := range arts {
		key, steps := keyPassage(a.Body)
		if !steps {
			continue
		}
		n++
		for _, q := range []string{a.Title, a.Questions[0], a.Questions[1]} {
			o := Decide(k, Config{}, turn(q))
			if o.Decision.Action != parley.ActionAnswer || o.Decision.Intent != a.Slug {
				// Which article answers is the classifier's to say.
				t.Logf("%s/%s %q: %s %s, not an answer from it", a.Slug, a.Language, q, o.Decision.Action, o.Decision.Intent)
				continue
			}
			served, _ := k.translation(a.Slug, o.Decision.Language, "en")
			if key, _ = keyPassage(served.Body); !containsAll(o.Reply, key) {
				t.Errorf("%s/%s %q: the steps are not whole:\n%s", a.Slug, a.Language, q, o.Reply)
			}
		}
	}
	if n != 3*7 {
		t.Errorf("%d how-to articles, want 21 (reset-password, cancel-subscription, export-data × 7)", n)
	}
}

// Without a search hit for the article (the classifier alone chose it), a
// how-to article still answers with its lead and all its steps.
func TestPassageFallbackGivesTheSteps(t *testing.T) {
	k := demoKnowledge(t) // no search index
	for _, q := range []string{"How do I reset my password?", "Как отменить подписку?"} {
		o := Decide(k, Config{}, turn(q))
		a, _ := k.translation(o.Decision.Intent, o.Decision.Language, "en")
		key, steps := keyPassage(a.Body)
		if !steps || !containsAll(o.Reply, key) {
			t.Errorf("%q: %s\n%s", q, o.Decision.Intent, o.Reply)
		}
	}
}

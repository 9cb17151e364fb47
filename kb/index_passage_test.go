package kb_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
)

// wholeMarkdown reports whether p opens and closes every link, code span
// and emphasis it has.
func wholeMarkdown(p string) bool {
	for i, rest := 0, p; ; rest = rest[i+2:] {
		if i = strings.Index(rest, "]("); i < 0 {
			break
		}
		if !strings.Contains(rest[i:], ")") {
			return false
		}
	}
	return strings.Count(p, "[") == strings.Count(p, "](") && strings.Count(p, "`")%2 == 0 &&
		strings.Count(p, "**")%2 == 0
}

func TestPassageDemo(t *testing.T) {
	ix, _ := demoIndex(t)
	for _, c := range fresh {
		for _, h := range ix.Search(c.q, c.lang, 3) {
			p := h.Passage
			// Passages were cut at 400 characters, which split lists; a
			// list is now given whole up to MaxList.
			if p == "" || utf8.RuneCountInString(p) > kb.MaxList || !wholeMarkdown(p) {
				t.Errorf("%q: passage %q", c.q, p)
			}
			for _, line := range strings.Split(strings.TrimSuffix(p, "…"), "\n") {
				if !strings.Contains(h.Article.Body, line) {
					t.Errorf("%q: %q is not from the body", c.q, line)
				}
			}
		}
	}
	for _, c := range []struct{ q, lang, want string }{
		{"send invoices to our accountant's email", "en", "Billing email"},
		{"what is the API rate limit", "en", "100 requests per minute"},
		{"лимит запросов API", "ru", "100 запросов"},
	} {
		hits := ix.Search(c.q, c.lang, 1)
		if len(hits) == 0 || !strings.Contains(hits[0].Passage, c.want) {
			t.Errorf("%q: passage %q, want one with %q", c.q, describePassage(hits), c.want)
		}
	}
}

func describePassage(hits []parley.SearchHit) string {
	if len(hits) == 0 {
		return "(no hit)"
	}
	return hits[0].Passage
}

// A paragraph longer than MaxPassage is cut to whole sentences around the
// match, and a single long sentence at a space outside links and emphasis.
// (The filler was 6 and 14 repetitions when passages were 400 long.)
func TestPassageCut(t *testing.T) {
	filler := strings.Repeat("Projects and tasks live in folders of the workspace. ", 13)
	long := "Read [the very long guide to everything about workspaces and folders](/help/a-very-long-link-target-that-goes-on) " +
		strings.Repeat("and **more words about folders** ", 40) + "and the end."
	art := parley.Article{
		Slug: "long", Language: "en", Title: "Workspaces", Status: parley.ArticlePublished,
		Body: "Intro paragraph.\n\n" + filler + "Webhooks are signed with a secret. " + filler + "\n\n" + long,
	}
	ix := kb.NewIndex([]parley.Article{art})
	hits := ix.Search("are webhooks signed", "en", 1)
	if len(hits) != 1 {
		t.Fatalf("got %d hits", len(hits))
	}
	p := hits[0].Passage
	if !strings.Contains(p, "Webhooks are signed with a secret.") || utf8.RuneCountInString(p) > kb.MaxPassage || !wholeMarkdown(p) {
		t.Errorf("passage %q", p)
	}
	hits = ix.Search("guide to everything", "en", 1)
	p = hits[0].Passage
	if !strings.HasSuffix(p, "…") || utf8.RuneCountInString(p) > kb.MaxPassage || !wholeMarkdown(p) || !strings.HasPrefix(p, "Read [the very") {
		t.Errorf("passage %q", p)
	}
	// A query that matches only the title gets the first paragraph.
	if hits := ix.Search("workspaces", "en", 1); len(hits) == 0 || hits[0].Passage == "" {
		t.Errorf("no passage for a title match")
	}
}

package kb_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
)

func search1(t *testing.T, body, query string) string {
	t.Helper()
	ix := kb.NewIndex([]parley.Article{{Slug: "a", Language: "en", Title: "Workspaces", Status: parley.ArticlePublished, Body: body}})
	hits := ix.Search(query, "en", 1)
	if len(hits) != 1 {
		t.Fatalf("%q: %d hits", query, len(hits))
	}
	return hits[0].Passage
}

// A match in one step gives the whole list, as written (a list starting at
// 2 keeps its 2), with the paragraph that introduces it; a paragraph after
// the article's opening that matches better is given alone, or after the
// opening when the opening covers the question too.
func TestPassageListIsWholeWithItsLead(t *testing.T) {
	steps := "To move a project:\n\n2. Open the project.\n3. Click **Move** and pick a folder.\n4. Confirm with the password."
	body := "Projects live in workspaces.\n\n" + steps + "\n\nTo rename a project, click its name.\n\nArchived items are deleted after 30 days."
	if p := search1(t, body, "pick a folder"); p != steps {
		t.Errorf("got %q, want %q", p, steps)
	}
	if p := search1(t, body, "when are archived items deleted"); p != "Archived items are deleted after 30 days." {
		t.Errorf("archived: got %q", p)
	}
	if p, want := search1(t, body, "how do I rename a project"), "Projects live in workspaces.\n\n"+steps+"\n\nTo rename a project, click its name."; p != want {
		t.Errorf("rename: got %q, want the opening and the paragraph", p)
	}
	// A loose list (blank lines between items) with an indented
	// continuation paragraph is one list too.
	loose := "- First item.\n\n  More about the first.\n\n- Second item about folders."
	if p := search1(t, "Intro.\n\n"+loose, "folders"); p != "Intro.\n\n"+loose {
		t.Errorf("loose list: got %q", p)
	}
}

// A section under a heading is given together when it fits MaxPassage; a
// code block is never split at its blank lines.
func TestPassageSectionAndCode(t *testing.T) {
	section := "## Webhooks\n\nEach request is signed.\n\n```\nX-Sig: abc\n\n# not a heading\n```\n\nVerify the signature before trusting it."
	body := "Intro to the API.\n\n" + section + "\n\n## Keys\n\nKeys are shown once."
	if p := search1(t, body, "verify the signature"); p != section {
		t.Errorf("got %q, want the section %q", p, section)
	}
	long := "## Long\n\n" + strings.Repeat("Words about nothing much at all here. ", 20) + "\n\n" +
		strings.Repeat("More words about nothing much at all. ", 20) + "\n\nThe signature is verified."
	if p := search1(t, long, "signature verified"); p != "The signature is verified." {
		t.Errorf("a section over MaxPassage gives the block: got %q", p)
	}
}

// A list past MaxList gives whole items around the match, within MaxList,
// and says that items were left out (here those before: the window reaches
// the list's end).
func TestPassageOverlongList(t *testing.T) {
	var items []string
	for i := 1; i <= 60; i++ {
		items = append(items, fmt.Sprintf("%d. Step %d: open the settings page and change the option number %d to what you need.", i, i, i))
	}
	items[44] = "45. Step 45: rotate the webhook secret."
	body := "Do this:\n\n" + strings.Join(items, "\n")
	p := search1(t, body, "rotate the webhook secret")
	if !strings.Contains(p, items[44]) || utf8.RuneCountInString(p) > kb.MaxList ||
		!strings.HasPrefix(p, "…\n\n") || !strings.HasSuffix(p, items[59]) {
		t.Fatalf("passage %q", p)
	}
	for _, line := range strings.Split(strings.Trim(p, "…\n"), "\n") {
		if !strings.Contains(body+"\n", line+"\n") {
			t.Errorf("%q is not a whole item", line)
		}
	}
	// Matching only the title: the lead and the list from its start.
	if p := search1(t, body, "workspaces"); !strings.HasPrefix(p, "Do this:\n\n1. Step 1") || !strings.HasSuffix(p, "…") {
		t.Errorf("title match: %q", p)
	}
}

// Lead, the passage when nothing in the body matched, is the body through
// its first list when that fits, else the first paragraph.
func TestLead(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"Reset it in a minute.\n\n1. Open /login.\n2. Click **Reset**.\n\nMore text.", "Reset it in a minute.\n\n1. Open /login.\n2. Click **Reset**."},
		{"What it is for.\n\nTo do it:\n- a\n- b\n\nAfter.", "What it is for.\n\nTo do it:\n- a\n- b"},
		{"Only a paragraph.\n\nAnd another.", "Only a paragraph."},
		{strings.Repeat("Long intro sentence here. ", 50) + "\n\nSecond.", ""}, // cut, below
	} {
		got := kb.Lead(c.body)
		if c.want == "" {
			if utf8.RuneCountInString(got) > kb.MaxPassage || !strings.HasSuffix(got, "…") {
				t.Errorf("Lead of a long intro: %q", got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("Lead(%q) = %q, want %q", c.body, got, c.want)
		}
	}
}

// Any body and question: no panic, a passage within MaxList, made of the
// body's own lines (or sentences of them) and "…" markers, and Lead alike.
func FuzzPassage(f *testing.F) {
	f.Add("Intro.\n\n1. a\n2. b\n\nAfter.", "b")
	f.Add("## H\n\n```\nx\n\n# y\n```\n\n- a\n\n  more\n- b", "more y")
	f.Add("Para\n   1. nested\n\t- tab\n#\n####### seven", "nested tab")
	f.Fuzz(func(t *testing.T, body, query string) {
		ix := kb.NewIndex([]parley.Article{{Slug: "a", Language: "en", Title: "T", Status: parley.ArticlePublished, Body: body}})
		for _, p := range []string{kb.Lead(body), passageOf(ix, query)} {
			if utf8.RuneCountInString(p) > kb.MaxList+8 {
				t.Fatalf("passage of %d characters", utf8.RuneCountInString(p))
			}
			for _, line := range strings.Split(p, "\n") {
				if line = strings.Trim(line, "… "); line != "" && !strings.Contains(body, line) {
					t.Fatalf("%q is not from the body", line)
				}
			}
		}
	})
}

func passageOf(ix *kb.Index, query string) string {
	if hits := ix.Search(query, "en", 1); len(hits) > 0 {
		return hits[0].Passage
	}
	return ""
}

package api

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb/demo"
)

// asked stores a visitor question the bot could not answer (it asked to
// clarify), in a conversation of its own.
func (f *fixture) asked(t *testing.T, text string) {
	t.Helper()
	ctx := context.Background()
	site, err := f.db.SiteByKey(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := f.db.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.RecordDecision(ctx, parley.Decision{ID: parley.NewID(), ConversationID: sess.Conversation.ID, MessageSeq: m.Seq,
		Action: parley.ActionClarify, Language: "en"}); err != nil {
		t.Fatal(err)
	}
}

func gapQuestions(t *testing.T, f *fixture, admin string) (gaps, summary []string) {
	t.Helper()
	st, out := f.call(t, "GET", "/api/v1/reports/gaps?site=demo&"+window, admin, nil)
	if st != 200 {
		t.Fatalf("gaps: %d %v", st, out)
	}
	for _, g := range out["gaps"].([]any) {
		gaps = append(gaps, g.(map[string]any)["question"].(string))
	}
	st, out = f.call(t, "GET", "/api/v1/reports/summary?site=demo&"+window, admin, nil)
	if st != 200 {
		t.Fatalf("summary: %d %v", st, out)
	}
	for _, g := range out["kb_gaps"].([]any) {
		summary = append(summary, g.(map[string]any)["question"].(string))
	}
	return gaps, summary
}

// A question stays a KB gap until an article that answers it is published:
// then the bot answers it from that article, and the gap is no longer
// listed (in the gaps report and the summary). Questions the new article
// does not answer stay.
func TestPublishedArticleClearsItsGaps(t *testing.T) {
	f := newFixture(t)
	admin := f.login(t, "root@example.com")
	ctx := context.Background()
	site, err := f.db.SiteByKey(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := demo.Articles() // the bot's other knowledge: the demo KB, in English
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Language == "en" {
			a.SiteID, a.UpdatedBy = site.ID, "test"
			if _, err := f.db.PutArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	const dark, other = "How do I switch the dashboard to dark mode?", "Do you ship parcels to Antarctica?"
	f.asked(t, dark)
	f.asked(t, dark)
	f.asked(t, other)
	gaps, summary := gapQuestions(t, f, admin)
	if strings.Join(gaps, "|") != dark+"|"+other || strings.Join(summary, "|") != dark+"|"+other {
		t.Fatalf("before the article: gaps %q, summary %q", gaps, summary)
	}

	art := map[string]any{"slug": "dark-mode", "language": "en", "title": "Dark mode for the dashboard",
		"questions": []string{"How do I switch the dashboard to dark mode?", "Is there a dark theme?", "Turn on dark mode", "The dashboard is too bright at night"},
		"body":      "Open **Settings → Appearance** and choose *Dark*. The dashboard follows your system's theme when you choose *Automatic*."}
	st, out := f.call(t, "POST", "/api/v1/articles?site=demo", admin, art)
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	id := out["article"].(map[string]any)["id"].(string)
	if err := f.lib.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if gaps, _ := gapQuestions(t, f, admin); len(gaps) != 2 {
		t.Fatalf("a draft answers nobody: gaps %q", gaps)
	}
	if st, out := f.call(t, "POST", "/api/v1/articles/"+id+"/publish", admin, map[string]any{}); st != 200 {
		t.Fatalf("publish: %d %v", st, out)
	}
	if err := f.lib.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	gaps, summary = gapQuestions(t, f, admin)
	if strings.Join(gaps, "|") != other || strings.Join(summary, "|") != other {
		t.Errorf("after publishing the dark mode article: gaps %q, summary %q; want only %q", gaps, summary, other)
	}
}

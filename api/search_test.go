package api

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// ids lists the conversation ids of a search answer, in order.
func ids(out map[string]any) []string {
	var got []string
	list, _ := out["conversations"].([]any)
	for _, c := range list {
		got = append(got, c.(map[string]any)["id"].(string))
	}
	return got
}

// Search filters by status, urgency, assignee, contact and language, and
// finds conversations by any message's text (case ignored, wildcards
// literal), answering the newest matching message as the snippet.
func TestSearchConversations(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	queued, _ := f.db.Conversation(ctx, f.convID)
	site, _ := f.db.SiteByID(ctx, queued.SiteID)
	sess, err := f.db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{Locale: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	other := sess.Conversation.ID
	for i, text := range []string{"Je suis 100% perdu", "Où est ma commande ?"} {
		if _, _, err := f.db.AppendMessage(ctx, parley.Message{ConversationID: other, ClientID: "c" + string(rune('a'+i)),
			Author: parley.Author{Kind: parley.AuthorVisitor}, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	tok := f.login(t, "ana@example.com")
	search := func(q url.Values) (int, map[string]any) {
		return f.call(t, "GET", "/api/v1/conversations/search?"+q.Encode(), tok, nil)
	}
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []string
	}{
		{"everything, newest first", url.Values{}, []string{other, f.convID}},
		{"text, any case", url.Values{"q": {"A PERSON"}}, []string{f.convID}},
		{"text in any script", url.Values{"q": {"où est"}}, []string{other}},
		{"percent is literal", url.Values{"q": {"0%"}}, []string{other}},
		{"underscore is literal", url.Values{"q": {"a_person"}}, nil},
		{"open", url.Values{"status": {"open"}}, []string{other, f.convID}},
		{"queued", url.Values{"status": {"queued"}}, []string{f.convID}},
		{"resolved", url.Values{"status": {"resolved"}}, nil},
		{"urgency", url.Values{"urgency": {"high"}}, []string{f.convID}},
		{"unassigned", url.Values{"assignee": {"none"}}, []string{other, f.convID}},
		{"mine", url.Values{"assignee": {"me"}}, nil},
		{"a contact's history", url.Values{"contact_id": {sess.Contact.ID}}, []string{other}},
		{"text and status", url.Values{"q": {"person"}, "status": {"bot"}}, nil},
	} {
		st, out := search(tc.query)
		if got := ids(out); st != 200 || strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s: %d %v; want %v", tc.name, st, got, tc.want)
		}
	}
	_, out := search(url.Values{"q": {"perdu"}})
	if list, _ := out["conversations"].([]any); len(list) != 1 || list[0].(map[string]any)["snippet"] != "Je suis 100% perdu" ||
		list[0].(map[string]any)["contact"] == nil {
		t.Errorf("search answer %v; want the matching message as the snippet, and the contact", out)
	}
	for _, bad := range []url.Values{{"status": {"closed"}}, {"urgency": {"meh"}}, {"limit": {"0"}}, {"limit": {"201"}},
		{"limit": {"x"}}, {"q": {strings.Repeat("a", parley.MaxSearchText+1)}}, {"q": {"a\x00"}}} {
		if st, out := search(bad); st != 400 || errCode(out) != parley.EINVALID {
			t.Errorf("search %v: %d %v; want 400 invalid", bad, st, out)
		}
	}
	if st, _ := f.call(t, "GET", "/api/v1/conversations/search", "", nil); st != 401 {
		t.Errorf("search without sign-in: %d; want 401", st)
	}
}

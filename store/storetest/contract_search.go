package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// Searcher is the agents' conversations view: conversations by status,
// language, urgency, assignee, contact and message text.
type Searcher interface {
	// SearchConversations lists what f selects (parley.ConversationSearch
	// Check, else EINVALID), most recently updated first, each with the
	// newest message containing f.Text (case ignored, % and _ literal;
	// internal notes included) as its Snippet. None is an empty slice.
	SearchConversations(ctx context.Context, f parley.ConversationSearch) ([]parley.ConversationHit, error)
}

var searchTests = []test{{"Filters", testSearchFilters}, {"Text", testSearchText}, {"SamePerson", testSearchSamePerson}}

// A contact's history holds the conversations of contacts on its site who
// gave the same email (ignoring case); contacts without an email share
// nothing.
func testSearchSamePerson(t *testing.T, s Store) {
	sr, ok := s.(Searcher)
	if !ok {
		t.Fatal("the store cannot search conversations")
	}
	site, elsewhere := mustSite(t, s), mustSite(t, s)
	sess := map[string]parley.Session{}
	for _, sp := range []struct{ name, site, email string }{
		{"A", site.ID, "ana@example.com"}, {"B", site.ID, "ANA@example.com"}, {"C", site.ID, "bo@example.com"},
		{"D", elsewhere.ID, "ana@example.com"}, {"E", site.ID, ""}, {"F", site.ID, ""},
	} {
		ss, err := s.CreateSession(ctx(t), sp.site, parley.HashToken(parley.NewToken()), parley.Contact{Email: sp.email})
		if err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
		sess[sp.name] = ss
	}
	for who, want := range map[string][]string{"A": {"A", "B"}, "B": {"A", "B"}, "C": {"C"}, "D": {"D"}, "E": {"E"}} {
		hits, err := sr.SearchConversations(ctx(t), parley.ConversationSearch{ContactID: sess[who].Contact.ID})
		if got := hitNames(hits, sess); err != nil || !slices.Equal(got, want) {
			t.Errorf("history of %s: %v, %v; want %v", who, got, err, want)
		}
	}
}

// searchScene: A (en, high, assigned then resolved), B (fa, with the bot),
// C (queued, unassigned) on one site; D on another.
func searchScene(t *testing.T, s Store) (Searcher, parley.Site, parley.Agent, map[string]parley.Session) {
	t.Helper()
	sr, ok := s.(Searcher)
	if !ok {
		t.Fatal("the store cannot search conversations")
	}
	site, elsewhere := mustSite(t, s), mustSite(t, s)
	agent := mustAgent(t, s, 5)
	sess := map[string]parley.Session{}
	for _, sp := range []struct{ name, site, lang, text string }{
		{"A", site.ID, "en", "My INVOICE is wrong"}, {"B", site.ID, "fa", "رمز عبورم را فراموش کردم، 50% off_sale?"},
		{"C", site.ID, "en", "hello"}, {"D", elsewhere.ID, "en", "invoice again"},
	} {
		_, ss := mustSession(t, s, sp.site)
		mustAppend(t, s, parley.Message{ConversationID: ss.Conversation.ID, ClientID: "c1",
			Author: parley.Author{Kind: parley.AuthorVisitor, ID: ss.Contact.ID}, Text: sp.text})
		if err := s.SetLanguage(ctx(t), ss.Conversation.ID, sp.lang); err != nil {
			t.Fatalf("SetLanguage: %v", err)
		}
		sess[sp.name] = ss
	}
	a, c := sess["A"].Conversation.ID, sess["C"].Conversation.ID
	for id, u := range map[string]parley.Urgency{a: parley.UrgencyHigh, c: parley.UrgencyNormal} {
		if _, err := s.Enqueue(ctx(t), id, parley.Conversation{Urgency: u, QueuedAt: time.Now()}); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
	}
	mustAppend(t, s, parley.Message{ConversationID: a, ClientID: "n1", Private: true,
		Author: parley.Author{Kind: parley.AuthorAgent, ID: agent.ID}, Text: "note: refund the invoice"})
	if _, err := s.Assign(ctx(t), a, agent.ID); err != nil {
		t.Fatalf("Assign: %v", err)
	}
	if _, err := s.Resolve(ctx(t), a, time.Now()); err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return sr, site, agent, sess
}

// hitNames names the hits by scene letter, sorted.
func hitNames(hits []parley.ConversationHit, sess map[string]parley.Session) []string {
	var out []string
	for _, h := range hits {
		for n, ss := range sess {
			if ss.Conversation.ID == h.Conversation.ID {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

func testSearchFilters(t *testing.T, s Store) {
	sr, site, agent, sess := searchScene(t, s)
	for _, tc := range []struct {
		name string
		f    parley.ConversationSearch
		want []string
	}{
		{"the site", parley.ConversationSearch{SiteID: site.ID}, []string{"A", "B", "C"}},
		{"open", parley.ConversationSearch{SiteID: site.ID, Status: parley.StatusOpen}, []string{"B", "C"}},
		{"resolved", parley.ConversationSearch{Status: string(parley.ModeResolved)}, []string{"A"}},
		{"with the bot", parley.ConversationSearch{SiteID: site.ID, Status: string(parley.ModeBot)}, []string{"B"}},
		{"language", parley.ConversationSearch{Language: "fa"}, []string{"B"}},
		{"urgency", parley.ConversationSearch{Urgency: parley.UrgencyHigh}, []string{"A"}},
		{"assignee", parley.ConversationSearch{AssigneeID: agent.ID}, []string{"A"}},
		{"unassigned", parley.ConversationSearch{SiteID: site.ID, Unassigned: true, AssigneeID: agent.ID}, []string{"B", "C"}},
		{"a contact's history", parley.ConversationSearch{ContactID: sess["C"].Contact.ID}, []string{"C"}},
		{"all of them", parley.ConversationSearch{SiteID: site.ID, Status: parley.StatusOpen, Language: "en", Urgency: parley.UrgencyNormal, Unassigned: true}, []string{"C"}},
		{"nothing", parley.ConversationSearch{Language: "de"}, nil},
	} {
		hits, err := sr.SearchConversations(ctx(t), tc.f)
		if err != nil || !slices.Equal(hitNames(hits, sess), tc.want) || hits == nil {
			t.Errorf("%s: %v, %v; want %v (never nil)", tc.name, hitNames(hits, sess), err, tc.want)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Conversation.UpdatedAt.After(hits[i-1].Conversation.UpdatedAt) {
				t.Errorf("%s: not most recently updated first", tc.name)
			}
		}
	}
	hits, err := sr.SearchConversations(ctx(t), parley.ConversationSearch{SiteID: site.ID, Limit: 1})
	if err != nil || len(hits) != 1 || hits[0].Conversation.ID != sess["A"].Conversation.ID {
		t.Errorf("limit 1: %v, %v; want A, the last updated", hitNames(hits, sess), err)
	}
	for _, bad := range []parley.ConversationSearch{{Status: "closed"}, {Urgency: "meh"}, {Limit: parley.MaxSearchLimit + 1}, {Limit: -1}, {Text: "\xff"}} {
		if _, err := sr.SearchConversations(ctx(t), bad); !errors.Is(err, &parley.Error{Code: parley.EINVALID}) {
			t.Errorf("search %+v: %v; want EINVALID", bad, err)
		}
	}
}

func testSearchText(t *testing.T, s Store) {
	sr, site, _, sess := searchScene(t, s)
	for _, tc := range []struct {
		text, site string
		want       []string
		snippet    string
	}{
		{"invoice", site.ID, []string{"A"}, "note: refund the invoice"}, // the newest match, a note
		{"Invoice", "", []string{"A", "D"}, ""},
		{"my invoice", site.ID, []string{"A"}, "My INVOICE is wrong"},
		{"فراموش", "", []string{"B"}, "رمز عبورم را فراموش کردم، 50% off_sale?"},
		{"50%", "", []string{"B"}, ""},
		{"0% o", "", []string{"B"}, ""},
		{"%", "", []string{"B"}, ""},
		{"o_f", "", nil, ""}, // _ is no wildcard: "off" does not match
		{"  hello  ", "", []string{"C"}, "hello"},
	} {
		hits, err := sr.SearchConversations(ctx(t), parley.ConversationSearch{Text: tc.text, SiteID: tc.site})
		if err != nil || !slices.Equal(hitNames(hits, sess), tc.want) {
			t.Errorf("text %q: %v, %v; want %v", tc.text, hitNames(hits, sess), err, tc.want)
			continue
		}
		if tc.snippet != "" && hits[0].Snippet != tc.snippet {
			t.Errorf("text %q: snippet %q; want %q", tc.text, hits[0].Snippet, tc.snippet)
		}
	}
	hits, _ := sr.SearchConversations(ctx(t), parley.ConversationSearch{SiteID: site.ID})
	for _, h := range hits {
		if h.Snippet != "" {
			t.Errorf("no text: snippet %q; want none", h.Snippet)
		}
	}
}

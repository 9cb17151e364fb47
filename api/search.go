package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/parley-chat/parley"
)

// ConversationSearcher finds conversations by status, language, urgency,
// assignee, contact and message text: the console's conversations view
// and a contact's history. A store without it answers 503.
type ConversationSearcher interface {
	SearchConversations(ctx context.Context, f parley.ConversationSearch) ([]parley.ConversationHit, error)
}

// conversationHitJSON is a conversation a search found, with the message that matched.
type conversationHitJSON struct {
	conversationJSON
	Snippet string `json:"snippet,omitempty"`
}

var searchQuery = []string{"q", "status", "language", "urgency", "assignee", "contact_id", "site_id", "limit"}

type conversationHitsOut = struct {
	Conversations []conversationHitJSON `json:"conversations"`
}

func (s *Server) searchRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/conversations/search", parley.RoleAgent,
			"Search conversations: q (message text), status (open, bot, queued, assigned, resolved), language, urgency, assignee (me, none or an agent id), contact_id, site_id",
			s.searchConversations, op{Query: searchQuery, Out: conversationHitsOut{}}},
	}
}

func (s *Server) searchConversations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	searcher, ok := s.store.(ConversationSearcher)
	if !ok {
		s.fail(w, r, parley.Errorf(parley.EUNAVAILABLE, "this server's store cannot search conversations"))
		return
	}
	q := r.URL.Query()
	f := parley.ConversationSearch{Text: q.Get("q"), Status: q.Get("status"), Language: q.Get("language"),
		Urgency: parley.Urgency(q.Get("urgency")), ContactID: q.Get("contact_id"), SiteID: q.Get("site_id")}
	switch a := q.Get("assignee"); a {
	case "":
	case "me":
		f.AssigneeID = agentFrom(ctx).ID
	case "none":
		f.Unassigned = true
	default:
		f.AssigneeID = a
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.fail(w, r, parley.Errorf(parley.EINVALID, "limit must be a whole number from 1 to %d", parley.MaxSearchLimit))
			return
		}
		f.Limit = n
	}
	hits, err := searcher.SearchConversations(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]conversationHitJSON, 0, len(hits))
	for _, h := range hits {
		ct, err := s.store.Contact(ctx, h.Conversation.ContactID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out = append(out, conversationHitJSON{toConversationJSON(h.Conversation, &ct), h.Snippet})
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversations": out})
}

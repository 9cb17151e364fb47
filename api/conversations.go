package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-chat/parley"
)

// ConversationStore reads conversations for the console (changes go
// through the Desk).
type ConversationStore interface {
	Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error)
	Conversation(ctx context.Context, id string) (parley.Conversation, error)
	Contact(ctx context.Context, id string) (parley.Contact, error)
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) ([]parley.Message, error)
	Decisions(ctx context.Context, conversationID string) ([]parley.Decision, error)
}

func (s *Server) listConversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := parley.QueueFilter{Mode: parley.Mode(q.Get("mode")), Team: q.Get("team"), SiteID: q.Get("site_id"), Limit: 100}
	if f.Mode == "" {
		f.Mode = parley.ModeQueued
	}
	if !f.Mode.Valid() {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "mode must be bot, queued, assigned or resolved"))
		return
	}
	if q.Get("mine") == "true" || q.Get("mine") == "1" {
		f.AssigneeID = agentFrom(r.Context()).ID
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.fail(w, r, parley.Errorf(parley.EINVALID, "limit must be a whole number from 1 to 500"))
			return
		}
		f.Limit = n
	}
	convs, err := s.store.Queue(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]conversationJSON, 0, len(convs))
	for _, c := range convs {
		ct, err := s.store.Contact(r.Context(), c.ContactID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out = append(out, toConversationJSON(c, &ct))
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversations": out})
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.store.Conversation(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct, err := s.store.Contact(ctx, c.ContactID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msgs, err := s.store.Messages(ctx, c.ID, 0, 1000, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decs, err := s.store.Decisions(ctx, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"conversation": toConversationJSON(c, &ct),
		"messages": each(msgs, toMessageJSON), "decisions": each(decs, toDecisionJSON)})
}

func (s *Server) assign(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[assignRequest](s, w, r)
	if !ok {
		return
	}
	me := agentFrom(r.Context())
	if req.AgentID == "" {
		req.AgentID = me.ID // "to me"
	}
	if req.AgentID != me.ID && me.Role != parley.RoleAdmin {
		s.fail(w, r, parley.Errorf(parley.EFORBIDDEN, "agents assign conversations to themselves; admins may assign to others"))
		return
	}
	c, err := s.desk.Assign(r.Context(), r.PathValue("id"), req.AgentID)
	s.respond(w, r, err, http.StatusOK, map[string]any{"conversation": toConversationJSON(c, nil)})
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[messageRequest](s, w, r)
	if !ok {
		return
	}
	req.Text = strings.TrimSpace(req.Text)
	if n := utf8.RuneCountInString(req.Text); (n == 0 && len(req.Attachments) == 0) || n > parley.MaxTextRunes {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "text must be 1 to %d characters", parley.MaxTextRunes))
		return
	}
	m, err := s.reply(r.Context(), r.PathValue("id"), agentFrom(r.Context()), req)
	s.respond(w, r, err, http.StatusCreated, map[string]any{"message": toMessageJSON(m)})
}

func (s *Server) transfer(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[transferRequest](s, w, r)
	if !ok {
		return
	}
	if strings.TrimSpace(req.Team) == "" {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "team is required"))
		return
	}
	c, err := s.desk.Transfer(r.Context(), r.PathValue("id"), req.Team, agentFrom(r.Context()))
	s.respond(w, r, err, http.StatusOK, map[string]any{"conversation": toConversationJSON(c, nil)})
}

func (s *Server) resolve(w http.ResponseWriter, r *http.Request) {
	c, err := s.desk.Resolve(r.Context(), r.PathValue("id"), agentFrom(r.Context()))
	s.respond(w, r, err, http.StatusOK, map[string]any{"conversation": toConversationJSON(c, nil)})
}

type assignRequest struct {
	AgentID string `json:"agent_id"`
}

type messageRequest struct {
	Text    string `json:"text"`
	Private bool   `json:"private"`
	// Attachments are ids uploaded to this conversation (text may then be empty).
	Attachments []string `json:"attachments,omitempty"`
}

type transferRequest struct {
	Team string `json:"team"`
}

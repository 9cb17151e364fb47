package api

import (
	"context"
	"net/http"

	"github.com/parley-chat/parley"
)

// ReadStore keeps both sides' read markers (an optional capability of
// Store, found by type assertion: without it the read routes answer 404).
type ReadStore interface {
	ReadMarks(ctx context.Context, conversationID string) (parley.ReadMarks, error)
	SetAgentRead(ctx context.Context, conversationID string, seq int64) (bool, error)
}

// Publisher fans an event out to every node's subscribers
// (gateway.EventPublisher): the visitor hears that an agent read.
type Publisher interface {
	Publish(ctx context.Context, ev parley.Event) error
}

type readRequest struct {
	Seq int64 `json:"seq"`
}

type readMarksJSON struct {
	VisitorSeq int64 `json:"visitor_seq"` // the visitor has read up to here
	AgentSeq   int64 `json:"agent_seq"`   // agents have read up to here
}

type readOut = struct {
	Read readMarksJSON `json:"read"`
}

func (s *Server) readRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/conversations/{id}/read", parley.RoleAgent, "How far the visitor and the agents have read", s.getRead, op{Out: readOut{}}},
		{"POST", "/api/v1/conversations/{id}/read", parley.RoleAgent, "Agents have read up to seq (the marker only rises; the visitor is told)", s.postRead, op{In: readRequest{}, Out: readOut{}}},
	}
}

func (s *Server) reads() (ReadStore, error) {
	rs, ok := s.store.(ReadStore)
	if !ok {
		return nil, parley.Errorf(parley.ENOTFOUND, "this server keeps no read markers")
	}
	return rs, nil
}

func (s *Server) getRead(w http.ResponseWriter, r *http.Request) {
	rs, err := s.reads()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := rs.ReadMarks(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, readOut{Read: readMarksJSON{VisitorSeq: m.Visitor, AgentSeq: m.Agent}})
}

// postRead raises the agents' marker and, when it rose, tells the
// conversation's subscribers (the visitor's widget shows "Read").
func (s *Server) postRead(w http.ResponseWriter, r *http.Request) {
	var req readRequest
	if err := readJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	rs, err := s.reads()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	c, err := s.store.Conversation(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raised, err := rs.SetAgentRead(ctx, c.ID, req.Seq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := rs.ReadMarks(ctx, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if raised && s.cfg.Publisher != nil {
		me := agentFrom(ctx)
		ev := parley.Event{Kind: parley.EventRead, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID,
			Author: &parley.Author{Kind: parley.AuthorAgent, ID: me.ID, Name: me.Name}, Seq: m.Agent}
		if err := s.cfg.Publisher.Publish(ctx, ev); err != nil {
			// Stored: the visitor's next hello brings the marker.
			s.cfg.Log.Warn("api: publish read", "conversation", c.ID, "err", err)
		}
	}
	writeJSON(w, http.StatusOK, readOut{Read: readMarksJSON{VisitorSeq: m.Visitor, AgentSeq: m.Agent}})
}

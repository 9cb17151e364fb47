package api

import (
	"context"
	"net/http"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/handoff"
)

// Offerer is the desk's accept step (handoff.Desk): conversations the
// router offers instead of assigning, when accepting is required.
type Offerer interface {
	Offers(agentID string) []handoff.Offer
	Accept(ctx context.Context, conversationID string, by parley.Agent) (parley.Conversation, error)
	Decline(ctx context.Context, conversationID string, by parley.Agent) error
}

func (s *Server) offerRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/offers", parley.RoleAgent, "Conversations offered to me, waiting for accept or decline", s.listOffers, op{Out: offersOut{}}},
		{"POST", "/api/v1/conversations/{id}/accept", parley.RoleAgent, "Accept a conversation offered to me: it is assigned to me", s.acceptOffer, op{Out: conversationOut{}}},
		{"POST", "/api/v1/conversations/{id}/decline", parley.RoleAgent, "Decline a conversation offered to me: it goes to the next agent", s.declineOffer, op{Status: http.StatusNoContent}},
	}
}

type offerJSON struct {
	ConversationID string    `json:"conversation_id"`
	SiteID         string    `json:"site_id"`
	Team           string    `json:"team,omitempty"`
	Language       string    `json:"language,omitempty"`
	Reason         string    `json:"reason"`
	OfferedAt      time.Time `json:"offered_at"`
	ExpiresAt      time.Time `json:"expires_at"`
}

type offersOut struct {
	Offers []offerJSON `json:"offers"`
}

// offerer is the desk's accept step, or nil when the desk has none.
func (s *Server) offerer() Offerer {
	o, _ := s.desk.(Offerer)
	return o
}

func (s *Server) listOffers(w http.ResponseWriter, r *http.Request) {
	out := offersOut{Offers: []offerJSON{}}
	if o := s.offerer(); o != nil {
		for _, of := range o.Offers(agentFrom(r.Context()).ID) {
			c := of.Conversation
			out.Offers = append(out.Offers, offerJSON{ConversationID: c.ID, SiteID: c.SiteID, Team: c.Team, Language: c.Language,
				Reason: of.Reason, OfferedAt: of.Offered, ExpiresAt: of.Expires})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) acceptOffer(w http.ResponseWriter, r *http.Request) {
	o := s.offerer()
	if o == nil {
		s.fail(w, r, parley.Errorf(parley.ECONFLICT, "this desk assigns conversations without offers"))
		return
	}
	c, err := o.Accept(r.Context(), r.PathValue("id"), agentFrom(r.Context()))
	s.respond(w, r, err, http.StatusOK, conversationOut{Conversation: toConversationJSON(c, nil)})
}

func (s *Server) declineOffer(w http.ResponseWriter, r *http.Request) {
	o := s.offerer()
	if o == nil {
		s.fail(w, r, parley.Errorf(parley.ECONFLICT, "this desk assigns conversations without offers"))
		return
	}
	if err := o.Decline(r.Context(), r.PathValue("id"), agentFrom(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

package webhook

import (
	"encoding/json"
	"time"

	"github.com/parley-chat/parley"
)

// Event is a delivery's JSON body.
type Event struct {
	ID        string    `json:"id"` // the activity id: the idempotency key
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Data      EventData `json:"data"`
}

// EventData holds the activity's fields; empty ones are left out.
type EventData struct {
	SiteID         string `json:"site_id,omitempty"`
	ConversationID string `json:"conversation_id,omitempty"`
	ArticleID      string `json:"article_id,omitempty"`
	AgentID        string `json:"agent_id,omitempty"`
	Team           string `json:"team,omitempty"`
	Reason         string `json:"reason,omitempty"` // handoff reason
	Score          *int   `json:"score,omitempty"`  // csat.received: 1–5
}

// Payload returns the JSON body of an activity's deliveries.
func Payload(a parley.Activity) ([]byte, error) {
	e := Event{ID: a.ID, Type: string(a.Kind), CreatedAt: a.At.UTC(), Data: EventData{SiteID: a.SiteID,
		ConversationID: a.ConversationID, ArticleID: a.ArticleID, AgentID: a.AgentID, Team: a.Team, Reason: a.Reason}}
	if a.Kind == parley.ActivityCSAT || a.Kind == parley.ActivityNPS {
		e.Data.Score = &a.Score
	}
	return json.Marshal(e)
}

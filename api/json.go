package api

import (
	"encoding/json"
	"time"

	"github.com/parley-chat/parley"
)

type agentJSON struct {
	ID        string   `json:"id"`
	Email     string   `json:"email"`
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Teams     []string `json:"teams"`
	Languages []string `json:"languages"`
	Capacity  int      `json:"capacity"`
	State     string   `json:"state"` // active, disabled or deleted
}

func toAgentJSON(a parley.Agent) agentJSON {
	state := string(a.State)
	if a.Active() {
		state = "active"
	}
	return agentJSON{ID: a.ID, Email: a.Email, Name: a.Name, Role: string(a.Role),
		Teams: nonNil(a.Teams), Languages: nonNil(a.Languages), Capacity: a.Capacity, State: state}
}

type contactJSON struct {
	ID         string         `json:"id"`
	Segment    string         `json:"segment"`
	Email      string         `json:"email,omitempty"`
	Name       string         `json:"name,omitempty"`
	Locale     string         `json:"locale,omitempty"`
	Attributes map[string]any `json:"attributes"`
}

type slaJSON struct {
	FirstResponseDue *time.Time `json:"first_response_due"`
	NextResponseDue  *time.Time `json:"next_response_due"`
	ResolutionDue    *time.Time `json:"resolution_due"`
}

type conversationJSON struct {
	ID              string       `json:"id"`
	SiteID          string       `json:"site_id"`
	Mode            string       `json:"mode"`
	Language        string       `json:"language,omitempty"`
	Contact         *contactJSON `json:"contact,omitempty"`
	Urgency         string       `json:"urgency"`
	Priority        int          `json:"priority"` // 3 critical … 0 low: the queue's first key
	Team            string       `json:"team,omitempty"`
	AssigneeID      string       `json:"assignee_id,omitempty"`
	HandoffReason   string       `json:"handoff_reason,omitempty"`
	QueuedAt        *time.Time   `json:"queued_at"`
	SLA             slaJSON      `json:"sla"`
	FirstResponseAt *time.Time   `json:"first_response_at"`
	ResolvedAt      *time.Time   `json:"resolved_at"`
	LastSeq         int64        `json:"last_seq"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
}

func toConversationJSON(c parley.Conversation, ct *parley.Contact) conversationJSON {
	u := c.Urgency
	if u == "" {
		u = parley.UrgencyNormal
	}
	out := conversationJSON{ID: c.ID, SiteID: c.SiteID, Mode: string(c.Mode), Language: c.Language,
		Urgency: string(u), Priority: parley.UrgencyRank(u), Team: c.Team, AssigneeID: c.AssigneeID,
		HandoffReason: c.HandoffReason, QueuedAt: opt(c.QueuedAt), FirstResponseAt: opt(c.FirstResponseAt),
		ResolvedAt: opt(c.ResolvedAt), LastSeq: c.LastSeq, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		SLA: slaJSON{opt(c.FirstResponseDue), opt(c.NextResponseDue), opt(c.ResolutionDue)}}
	if ct != nil {
		attrs := ct.Attributes
		if attrs == nil {
			attrs = map[string]any{}
		}
		out.Contact = &contactJSON{ID: ct.ID, Segment: string(ct.Segment), Email: ct.Email, Name: ct.Name, Locale: ct.Locale, Attributes: attrs}
	}
	return out
}

type messageJSON struct {
	Seq       int64           `json:"seq"`
	ID        string          `json:"id"`
	Author    authorJSON      `json:"author"`
	Text      string          `json:"text"`
	Private   bool            `json:"private"`
	Meta      json.RawMessage `json:"meta,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

type authorJSON struct {
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

func toMessageJSON(m parley.Message) messageJSON {
	return messageJSON{Seq: m.Seq, ID: m.ID, Author: authorJSON{string(m.Author.Kind), m.Author.ID, m.Author.Name},
		Text: m.Text, Private: m.Private, Meta: m.Meta, CreatedAt: m.CreatedAt}
}

type decisionJSON struct {
	MessageSeq    int64               `json:"message_seq"`
	ReplySeq      int64               `json:"reply_seq,omitempty"`
	Action        string              `json:"action"`
	HandoffReason string              `json:"handoff_reason,omitempty"`
	Intent        string              `json:"intent,omitempty"`
	Confidence    float64             `json:"confidence"`
	Language      string              `json:"language,omitempty"`
	Urgency       string              `json:"urgency,omitempty"`
	Frustrated    bool                `json:"frustrated"`
	Reasons       []string            `json:"reasons"`
	Articles      []parley.ArticleRef `json:"articles"`
	CreatedAt     time.Time           `json:"created_at"`
}

func toDecisionJSON(d parley.Decision) decisionJSON {
	arts := d.Articles
	if arts == nil {
		arts = []parley.ArticleRef{}
	}
	return decisionJSON{MessageSeq: d.MessageSeq, ReplySeq: d.ReplySeq, Action: string(d.Action), HandoffReason: d.HandoffReason,
		Intent: d.Intent, Confidence: d.Confidence, Language: d.Language, Urgency: string(d.Urgency), Frustrated: d.Frustrated,
		Reasons: nonNil(d.Reasons), Articles: arts, CreatedAt: d.CreatedAt}
}

func opt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// each shows every item of xs with show; never nil, so an empty list is
// [] in JSON, not null.
func each[T, J any](xs []T, show func(T) J) []J {
	out := make([]J, len(xs))
	for i, x := range xs {
		out[i] = show(x)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

package parley

import "time"

// ActivityKind names a stored business event. The names are also the
// outgoing webhooks' event names.
type ActivityKind string

const (
	ActivityCreated     ActivityKind = "conversation.created"
	ActivityHandedOff   ActivityKind = "conversation.handed_off"
	ActivityAssigned    ActivityKind = "conversation.assigned"
	ActivityTransferred ActivityKind = "conversation.transferred"
	ActivityResolved    ActivityKind = "conversation.resolved"
	ActivityReopened    ActivityKind = "conversation.reopened"
	ActivityCSAT        ActivityKind = "csat.received"
	ActivityNPS         ActivityKind = "nps.received"
	ActivityPublished   ActivityKind = "article.published"
)

// Activity is one stored business event, written by the store in the same
// transaction as the change it records. Reports are computed from
// activities (so they are reproducible) and webhooks deliver them.
type Activity struct {
	N              int64 // store order: the cursor for readers
	ID             string
	Kind           ActivityKind
	SiteID         string
	ConversationID string
	ArticleID      string
	AgentID        string
	Team           string
	Reason         string // handoff reason
	Score          int    // CSAT 1–5, NPS 0–10
	At             time.Time
}

// AuditEntry records who changed which setting, when, and to what.
type AuditEntry struct {
	N       int64 // store order: the cursor for paging
	ID      string
	At      time.Time
	ActorID string // agent id, or "token:ID" for an API token
	Actor   string // email or token name, as it was at the time
	Action  string // e.g. "article.publish", "settings.bot.update"
	Target  string // the changed object's id or key
	Detail  string // JSON of the new state (secrets redacted)
}

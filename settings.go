package parley

import "time"

// Intent is an admin-defined intent: visitors whose words match its
// training phrases are handed to Team instead of answered from an article.
// HumanOnly marks intents people must always handle (disputes, churn).
type Intent struct {
	ID        string
	SiteID    string
	Name      string // label, unique per site; must not be an article slug
	Team      string
	HumanOnly bool
	Phrases   []string
	UpdatedAt time.Time
}

// BotSettings tune a site's bot; zero values take the bot's defaults.
type BotSettings struct {
	Threshold     float64   // confidence needed to answer, 0 < t < 1
	AutomationCap int       // answers without a "helpful" before handing off
	SkipSegments  []Segment // segments that go straight to people
	// BypassUrgency hands conversations of this urgency or above straight
	// to people ("" keeps the default: critical only).
	BypassUrgency Urgency
}

// Question is a past visitor message the bot decided on, for replaying
// against a draft knowledge base.
type Question struct {
	ConversationID string
	SiteID         string
	Text           string
	Decision       Decision
}

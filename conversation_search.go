package parley

import (
	"strings"
	"unicode/utf8"
)

// StatusOpen selects every conversation not resolved (with the bot, queued
// or assigned) in a ConversationSearch.
const StatusOpen = "open"

// ConversationSearch selects conversations for the agents' conversations
// view and a contact's history. Zero fields select everything.
type ConversationSearch struct {
	SiteID string
	// ContactID selects a person's history: the contact's conversations
	// and those of contacts on its site with the same email, ignoring case
	// (the visitor gave it again on another device).
	ContactID  string
	Status     string // "", StatusOpen, or a Mode
	Language   string
	Urgency    Urgency
	AssigneeID string // with Unassigned, ignored
	Unassigned bool   // only conversations nobody is assigned to
	// Text, when set, keeps conversations with a message (internal notes
	// included) that contains it, ignoring case; its newest such message
	// is the hit's Snippet.
	Text  string
	Limit int // at most this many, most recently updated first; 0 means 50
}

// MaxSearchLimit and MaxSearchText bound one search.
const (
	MaxSearchLimit = 200
	MaxSearchText  = 200 // runes
)

// ConversationHit is one conversation a search found, with the newest message
// that matched its Text (empty without Text).
type ConversationHit struct {
	Conversation Conversation
	Snippet      string
}

// Check returns f ready for a store: Text trimmed, the default limit set,
// and anything out of range refused with EINVALID.
func (f ConversationSearch) Check() (ConversationSearch, error) {
	f.Text = strings.TrimSpace(f.Text)
	switch {
	case f.Status != "" && f.Status != StatusOpen && !Mode(f.Status).Valid():
		return f, Errorf(EINVALID, "status must be open, bot, queued, assigned or resolved")
	case validUrgency(f.Urgency) != nil:
		return f, Errorf(EINVALID, "urgency must be low, normal, high or critical")
	case f.Limit < 0 || f.Limit > MaxSearchLimit:
		return f, Errorf(EINVALID, "limit must be from 1 to %d", MaxSearchLimit)
	case !utf8.ValidString(f.Text) || strings.ContainsRune(f.Text, 0):
		return f, Errorf(EINVALID, "text must be valid UTF-8 without NUL")
	case utf8.RuneCountInString(f.Text) > MaxSearchText:
		return f, Errorf(EINVALID, "text must be at most %d characters", MaxSearchText)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Unassigned {
		f.AssigneeID = ""
	}
	return f, nil
}

// LikePattern is Text as a LIKE pattern matching it anywhere, with the
// wildcards % and _ (and the escape \) taken literally.
func (f ConversationSearch) LikePattern() string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Text) + "%"
}

package rules

import (
	"time"

	"github.com/parley-chat/parley"
)

// ConvActivity is the activity a conversation's change records: the kind
// with the fields that kind carries, taken from c as it is stored.
func ConvActivity(kind parley.ActivityKind, c parley.Conversation, now time.Time) parley.Activity {
	a := parley.Activity{ID: parley.NewID(), Kind: kind, SiteID: c.SiteID, ConversationID: c.ID, At: now}
	switch kind {
	case parley.ActivityHandedOff:
		a.Team, a.Reason = c.Team, c.HandoffReason
	case parley.ActivityAssigned, parley.ActivityResolved:
		a.AgentID, a.Team = c.AssigneeID, c.Team
	case parley.ActivityTransferred:
		a.Team = c.Team
	}
	return a
}

// ScoreActivity is a rating's activity (CSAT or NPS).
func ScoreActivity(kind parley.ActivityKind, siteID, conversationID string, score int, now time.Time) parley.Activity {
	return parley.Activity{ID: parley.NewID(), Kind: kind, SiteID: siteID, ConversationID: conversationID, Score: score, At: now}
}

// NPS checks a net promoter score and its comment.
func NPS(score int, comment string) error {
	if score < 0 || score > 10 {
		return parley.Errorf(parley.EINVALID, "nps score %d outside 0..10", score)
	}
	return Text("comment", comment)
}

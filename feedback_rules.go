package parley

import "time"

// ValidCSAT checks a satisfaction rating: 1 to 5, with a comment any store
// can keep.
func ValidCSAT(score int, comment string) error {
	if score < 1 || score > 5 {
		return Errorf(EINVALID, "score %d outside 1..5", score)
	}
	return validText("comment", comment)
}

// ValidNPS checks a net promoter score: 0 to 10, with a comment any store
// can keep.
func ValidNPS(score int, comment string) error {
	if score < 0 || score > 10 {
		return Errorf(EINVALID, "nps score %d outside 0..10", score)
	}
	return validText("comment", comment)
}

// ScoreActivity is a rating's activity: kind csat.received or nps.received.
func ScoreActivity(kind ActivityKind, siteID, conversationID string, score int, now time.Time) Activity {
	return Activity{ID: NewID(), Kind: kind, SiteID: siteID, ConversationID: conversationID, Score: score, At: now}
}

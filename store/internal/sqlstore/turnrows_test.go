package sqlstore

import (
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// Each row a turn writes has a value and a type for every column of its
// list, so that the two writes built from them cannot drift apart.
func TestTurnRowsMatchTheirColumns(t *testing.T) {
	c := &Core{d: Dialect{Time: func(t time.Time) any { return t }, NullTime: func(t time.Time) any { return t }}}
	for _, tc := range []struct {
		name string
		cols int
		r    row
	}{
		{"conversation", len(turnConvCols), c.turnConvRow(parley.Conversation{})},
		{"reply", ncols(turnMsgCols), c.turnReplyRow(&parley.Message{Meta: []byte(`{}`)})},
		{"decision", ncols(turnDecisionCols), c.turnDecisionRow(parley.Decision{})},
		{"activity", ncols(activityCols), c.activityRow(parley.Activity{})},
	} {
		if len(tc.r.vals) != tc.cols || len(tc.r.types) != tc.cols {
			t.Errorf("%s: %d values and %d types for %d columns", tc.name, len(tc.r.vals), len(tc.r.types), tc.cols)
		}
	}
}

package sqlstore

import (
	"fmt"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The rows a bot turn writes, once for both of its writes: the locked
// transaction's statements (turnWrites) and the one-statement write
// (casWrites), which casts each parameter (an INSERT … SELECT from a CTE
// gives PostgreSQL no column to infer a type from).

// row is one row's values in the order of its column list, with their
// SQL types.
type row struct {
	vals  []any
	types []string
}

// turnConvCols are the conversation's columns a turn sets.
var turnConvCols = []string{"last_seq", "language", "mode", "team", "assignee_id", "urgency", "urgency_rank",
	"handoff_reason", "queued_at", "first_response_due", "next_response_due", "resolution_due", "first_response_at",
	"resolved_at", "updated_at"}

func (c *Core) turnConvRow(next parley.Conversation) row {
	return row{[]any{next.LastSeq, next.Language, next.Mode, next.Team, next.AssigneeID, next.Urgency,
		parley.UrgencyRank(next.Urgency), next.HandoffReason, c.d.NullTime(next.QueuedAt), c.d.NullTime(next.FirstResponseDue),
		c.d.NullTime(next.NextResponseDue), c.d.NullTime(next.ResolutionDue), c.d.NullTime(next.FirstResponseAt),
		c.d.NullTime(next.ResolvedAt), c.d.Time(next.UpdatedAt)},
		[]string{"bigint", "text", "text", "text", "text", "text", "smallint", "text", "timestamptz", "timestamptz",
			"timestamptz", "timestamptz", "timestamptz", "timestamptz", "timestamptz"}}
}

// turnReplyRow is the reply in turnMsgCols' order.
func (c *Core) turnReplyRow(m *parley.Message) row {
	var meta any // NULL when there is none; text both dialects' columns take
	if m.Meta != nil {
		meta = string(m.Meta)
	}
	return row{[]any{m.ID, m.ConversationID, m.Seq, m.ClientID, m.Author.Kind, m.Author.ID, m.Author.Name, m.Text,
		m.Private, meta, c.d.Time(m.CreatedAt)},
		[]string{"text", "text", "bigint", "text", "text", "text", "text", "text", "boolean", "jsonb", "timestamptz"}}
}

// turnDecisionRow is the decision in turnDecisionCols' order.
func (c *Core) turnDecisionRow(d parley.Decision) row {
	reasons, articles := codec.DecisionLists(d)
	return row{[]any{d.ID, d.ConversationID, d.MessageSeq, d.ReplySeq, d.Action, d.HandoffReason, d.Intent, d.Confidence,
		d.Language, d.Urgency, d.Frustrated, string(reasons), string(articles), c.d.Time(d.CreatedAt)},
		[]string{"text", "text", "bigint", "bigint", "text", "text", "text", "double precision", "text", "text", "boolean",
			"jsonb", "jsonb", "timestamptz"}}
}

// activityRow is a in activityCols' order.
func (c *Core) activityRow(a parley.Activity) row {
	return row{[]any{a.ID, a.Kind, a.SiteID, a.ConversationID, a.ArticleID, a.AgentID, a.Team, a.Reason, a.Score, c.d.Time(a.At)},
		[]string{"text", "text", "text", "text", "text", "text", "text", "text", "integer", "timestamptz"}}
}

// ncols is the number of columns in a comma-separated list.
func ncols(cols string) int { return strings.Count(cols, ",") + 1 }

// placeholders numbers n parameters from $first.
func placeholders(first, n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", first+i)
	}
	return ps
}

// params is placeholders as a list: "$first, …".
func params(first, n int) string { return strings.Join(placeholders(first, n), ", ") }

// assign is "col = placeholder, …".
func assign(cols, placeholders []string) string {
	ps := make([]string, len(cols))
	for i, col := range cols {
		ps[i] = col + " = " + placeholders[i]
	}
	return strings.Join(ps, ", ")
}

// The locked transaction's statements, built once.
var (
	qTurnReply    = `INSERT INTO messages (` + turnMsgCols + `) VALUES (` + params(1, ncols(turnMsgCols)) + `)`
	qTurnDecision = `INSERT INTO decisions (` + turnDecisionCols + `) VALUES (` + params(1, ncols(turnDecisionCols)) + `)
		ON CONFLICT (id) DO NOTHING`
	qTurnConv     = `UPDATE conversations SET ` + assign(turnConvCols, placeholders(2, len(turnConvCols))) + ` WHERE id = $1`
	qTurnActivity = `INSERT INTO activities (` + activityCols + `) VALUES (` + params(1, ncols(activityCols)) + `)`
)

// typedParams collects the values of casWrites' one statement, each
// placeholder cast to its type.
type typedParams struct{ args []any }

// add appends r's values and returns their placeholders, "$n::type".
func (p *typedParams) add(r row) []string {
	ps := make([]string, len(r.vals))
	for i, v := range r.vals {
		p.args = append(p.args, v)
		ps[i] = fmt.Sprintf("$%d::%s", len(p.args), r.types[i])
	}
	return ps
}

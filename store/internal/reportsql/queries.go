package reportsql

import (
	"context"
	"strconv"
	"time"

	"github.com/parley-chat/parley/report"
)

type getFunc = func(int64) *report.Bucket

// policyReasons are handoffs the knowledge base could not have prevented:
// the visitor or the site's policy wanted a person. Other handoffs, and
// clarifications, are knowledge-base gaps.
const policyReasons = `('human_requested', 'critical_urgency', 'high_urgency', 'frustration', 'segment_skips_bot',
	'human_only_intent', 'routed_intent', 'automation_cap')`

// convJoin joins the conversation (alias c) only when a filter needs it.
func convJoin(filter, col string) string {
	if filter == "" {
		return ""
	}
	return " JOIN conversations c ON c.id = " + col
}

// visits: conversations with a visitor message in the bucket, the ones
// handed off from their first message there until 24 h after the last,
// and the ones the bot kept (no person ever, no reopening, until then).
// Joins, not correlated subqueries: a year holds 100,000s of conversations.
func (r Runner) visits(ctx context.Context, q report.Query, day func(string) string, get getFunc) error {
	b := window(r.D, q)
	f := b.filter(q)
	grace := b.arg(r.D.Time(q.To.Add(24 * time.Hour)))
	sql := `WITH v AS (SELECT ` + day("m.created_at") + ` AS d, m.conversation_id AS id, min(m.created_at) AS f,
			` + r.D.Plus24h("max(m.created_at)") + ` AS g
			FROM messages m` + convJoin(f, "m.conversation_id") + `
			WHERE m.author_kind = 'visitor' AND m.created_at >= $1 AND m.created_at < $2` + f + ` GROUP BY 1, 2),
		h AS (SELECT DISTINCT v.d, v.id FROM v JOIN activities a ON a.conversation_id = v.id AND a.conversation_id <> ''
			WHERE a.kind = 'conversation.handed_off' AND a.at >= $1 AND a.at < ` + grace + ` AND a.at >= v.f AND a.at < v.g),
		p AS (SELECT DISTINCT v.d, v.id FROM v JOIN activities a ON a.conversation_id = v.id AND a.conversation_id <> ''
			WHERE a.kind IN ('conversation.handed_off', 'conversation.assigned', 'conversation.resolved', 'conversation.reopened')
			AND a.at < ` + grace + ` AND a.at < v.g AND (a.kind IN ('conversation.handed_off', 'conversation.assigned')
				OR a.kind = 'conversation.resolved' AND a.agent_id <> ''
				OR a.kind = 'conversation.reopened' AND a.at >= v.f))
		SELECT v.d, count(*), count(h.id), count(*) - count(p.id) FROM v
		LEFT JOIN h ON h.d = v.d AND h.id = v.id LEFT JOIN p ON p.d = v.d AND p.id = v.id GROUP BY v.d`
	return r.each(ctx, "visits", b.d.fix(sql), b.args, func(rows Rows) error {
		var d int64
		var n, h, c int
		if err := rows.Scan(&d, &n, &h, &c); err != nil {
			return err
		}
		bk := get(d)
		bk.Conversations, bk.HandedOff, bk.Contained = n, h, c
		return nil
	})
}

// durations: first response (from the handoff) by the day it came, and
// resolution (from the handoff) by the day it was resolved.
func (r Runner) durations(ctx context.Context, q report.Query, day func(string) string, get getFunc) error {
	set := func(bk *report.Bucket, col string, n int, p50, p90 *float64) {
		if col == "first_response_at" {
			bk.FirstResponses, bk.FirstResponseP50, bk.FirstResponseP90 = n, p50, p90
		} else {
			bk.Resolutions, bk.ResolutionP50 = n, p50
		}
	}
	for _, col := range []string{"first_response_at", "resolved_at"} {
		b := window(r.D, q)
		inner := `SELECT c.` + col + ` AS t, ` + r.D.Seconds("c."+col, "c.queued_at") + ` AS x FROM conversations c
			WHERE c.` + col + ` >= $1 AND c.` + col + ` < $2 AND c.queued_at IS NOT NULL` + b.filter(q)
		if r.D.Percentiles {
			sql := `SELECT ` + day("s.t") + `, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY s.x),
				percentile_cont(0.9) WITHIN GROUP (ORDER BY s.x) FROM (` + inner + `) s GROUP BY 1`
			err := r.each(ctx, col, b.d.fix(sql), b.args, func(rows Rows) error {
				var d int64
				var n int
				var p50, p90 *float64
				if err := rows.Scan(&d, &n, &p50, &p90); err != nil {
					return err
				}
				set(get(d), col, n, p50, p90)
				return nil
			})
			if err != nil {
				return err
			}
			continue
		}
		byDay := map[int64][]float64{}
		var days []int64
		sql := `SELECT ` + day("s.t") + `, s.x FROM (` + inner + `) s ORDER BY 1, 2`
		err := r.each(ctx, col, b.d.fix(sql), b.args, func(rows Rows) error {
			var d int64
			var x float64
			if err := rows.Scan(&d, &x); err != nil {
				return err
			}
			if _, ok := byDay[d]; !ok {
				days = append(days, d)
			}
			byDay[d] = append(byDay[d], x)
			return nil
		})
		if err != nil {
			return err
		}
		for _, d := range days {
			xs := byDay[d]
			set(get(d), col, len(xs), report.PercentileCont(xs, 0.5), report.PercentileCont(xs, 0.9))
		}
	}
	return nil
}

// ratings: CSAT and NPS by the day they were given.
func (r Runner) ratings(ctx context.Context, q report.Query, day func(string) string, get getFunc) error {
	b := window(r.D, q)
	sql := `SELECT ` + day("r.created_at") + `, count(*) FILTER (WHERE r.score >= 4), count(*)
		FROM csat r JOIN conversations c ON c.id = r.conversation_id
		WHERE r.created_at >= $1 AND r.created_at < $2` + b.filter(q) + ` GROUP BY 1`
	err := r.each(ctx, "csat", b.d.fix(sql), b.args, func(rows Rows) error {
		var d int64
		var good, n int
		if err := rows.Scan(&d, &good, &n); err != nil {
			return err
		}
		bk := get(d)
		bk.CSATGood, bk.CSATTotal = good, n
		return nil
	})
	if err != nil {
		return err
	}
	b = window(r.D, q)
	sql = `SELECT ` + day("r.created_at") + `, count(*) FILTER (WHERE r.score >= 9), count(*) FILTER (WHERE r.score <= 6), count(*)
		FROM nps r JOIN conversations c ON c.id = r.conversation_id
		WHERE r.created_at >= $1 AND r.created_at < $2` + b.filter(q) + ` GROUP BY 1`
	return r.each(ctx, "nps", b.d.fix(sql), b.args, func(rows Rows) error {
		var d int64
		var pro, det, n int
		if err := rows.Scan(&d, &pro, &det, &n); err != nil {
			return err
		}
		bk := get(d)
		bk.NPSPromoters, bk.NPSDetractors, bk.NPSTotal = pro, det, n
		return nil
	})
}

// answers: the bot's answers, and the false ones: voted unhelpful, or
// followed in the conversation by a handoff decision with the same intent.
func (r Runner) answers(ctx context.Context, q report.Query, day func(string) string, get getFunc) error {
	b := window(r.D, q)
	f := b.filter(q)
	sql := `WITH x AS (SELECT ` + day("x.created_at") + ` AS d, x.n, x.conversation_id, x.reply_seq, x.intent
			FROM decisions x` + convJoin(f, "x.conversation_id") + `
			WHERE x.action = 'answer' AND x.created_at >= $1 AND x.created_at < $2` + f + `),
		bad AS (SELECT x.n FROM x JOIN message_feedback fb ON fb.conversation_id = x.conversation_id AND fb.seq = x.reply_seq
				WHERE fb.helpful = ` + r.D.False + `
			UNION
			SELECT x.n FROM x JOIN decisions h ON h.conversation_id = x.conversation_id AND h.intent = x.intent
				WHERE x.intent <> '' AND h.action = 'handoff' AND h.created_at >= $1 AND h.n > x.n)
		SELECT x.d, count(*), count(bad.n) FROM x LEFT JOIN bad ON bad.n = x.n GROUP BY x.d`
	return r.each(ctx, "answers", b.d.fix(sql), b.args, func(rows Rows) error {
		var d int64
		var n, bad int
		if err := rows.Scan(&d, &n, &bad); err != nil {
			return err
		}
		bk := get(d)
		bk.Answers, bk.FalseAnswers = n, bad
		return nil
	})
}

// handoffs: handoffs by the day they happened and their reason.
func (r Runner) handoffs(ctx context.Context, q report.Query, day func(string) string, get getFunc) error {
	b := window(r.D, q)
	f := b.filter(q)
	sql := `SELECT ` + day("a.at") + `, a.reason, count(*) FROM activities a` + convJoin(f, "a.conversation_id") + `
		WHERE a.kind = 'conversation.handed_off' AND a.at >= $1 AND a.at < $2` + f + ` GROUP BY 1, 2`
	return r.each(ctx, "handoffs", b.d.fix(sql), b.args, func(rows Rows) error {
		var d int64
		var reason string
		var n int
		if err := rows.Scan(&d, &reason, &n); err != nil {
			return err
		}
		bk := get(d)
		bk.Handoffs += n
		bk.HandoffsByReason[reason] += n
		return nil
	})
}

// sla: first-response and resolution targets due in the bucket, and the
// breached ones: met late, or unmet and already past due.
func (r Runner) sla(ctx context.Context, q report.Query, day func(string) string, get getFunc) error {
	b := window(r.D, q)
	now := b.arg(r.D.Time(q.Now))
	part := func(due, done string) string {
		return `SELECT ` + day("c."+due) + ` AS d, CASE WHEN c.` + done + ` > c.` + due + ` OR c.` + done + ` IS NULL AND c.` + due + ` < ` + now +
			` THEN 1 ELSE 0 END AS breached FROM conversations c WHERE c.` + due + ` >= $1 AND c.` + due + ` < $2` + b.filter(q)
	}
	sql := `SELECT s.d, count(*), sum(s.breached) FROM (` + part("first_response_due", "first_response_at") +
		` UNION ALL ` + part("resolution_due", "resolved_at") + `) s GROUP BY s.d`
	return r.each(ctx, "sla", b.d.fix(sql), b.args, func(rows Rows) error {
		var d int64
		var n, breached int
		if err := rows.Scan(&d, &n, &breached); err != nil {
			return err
		}
		bk := get(d)
		bk.SLATargets, bk.SLABreaches = n, breached
		return nil
	})
}

// Hours computes report.Store's ReportHours.
func (r Runner) Hours(ctx context.Context, q report.Query) ([]report.Hour, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	b := window(r.D, q)
	f := b.filter(q)
	sql := `SELECT ` + r.D.Weekday("m.created_at") + `, ` + r.D.Hour("m.created_at") + `, count(*)
		FROM messages m` + convJoin(f, "m.conversation_id") + `
		WHERE m.author_kind = 'visitor' AND m.created_at >= $1 AND m.created_at < $2` + f + ` GROUP BY 1, 2`
	var out []report.Hour
	err := r.each(ctx, "hours", b.d.fix(sql), b.args, func(rows Rows) error {
		var h report.Hour
		if err := rows.Scan(&h.Weekday, &h.Hour, &h.Messages); err != nil {
			return err
		}
		out = append(out, h)
		return nil
	})
	return out, err
}

// Questions computes report.Store's ReportQuestions.
func (r Runner) Questions(ctx context.Context, q report.Query, limit int) ([]report.Question, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	b := window(r.D, q)
	f := b.filter(q)
	sql := `SELECT x.conversation_id, m.text, CASE WHEN x.language <> '' THEN x.language ELSE c.language END
		FROM decisions x JOIN messages m ON m.conversation_id = x.conversation_id AND m.seq = x.message_seq
		JOIN conversations c ON c.id = x.conversation_id
		WHERE (x.action = 'clarify' OR x.action = 'handoff' AND x.handoff_reason NOT IN ` + policyReasons + `)
		AND x.created_at >= $1 AND x.created_at < $2` + f + `
		ORDER BY x.created_at DESC, x.n DESC LIMIT ` + b.arg(limit)
	var out []report.Question
	err := r.each(ctx, "questions", b.d.fix(sql), b.args, func(rows Rows) error {
		var qu report.Question
		if err := rows.Scan(&qu.ConversationID, &qu.Text, &qu.Language); err != nil {
			return err
		}
		out = append(out, qu)
		return nil
	})
	return out, err
}

// fix rewrites the window's $1 and $2 into the dialect's parameters.
func (d Dialect) fix(sql string) string {
	if d.Param(1) == "$1" {
		return sql
	}
	for i := 2; i >= 1; i-- {
		sql = replaceParam(sql, "$"+strconv.Itoa(i), d.Param(i))
	}
	return sql
}

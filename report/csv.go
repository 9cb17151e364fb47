package report

import (
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-chat/parley/internal/csvsafe"
)

// CSV: a header row, then one row per entry; null is an empty cell. Cells
// are escaped so that a spreadsheet never runs a visitor's words as a
// formula (csvsafe).

func cell(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func count(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func write(w io.Writer, rows [][]string) error {
	return csvsafe.NewWriter(w).WriteAll(rows)
}

// SummaryCSV writes metric,value rows; handoff reasons and gaps are
// "handoffs_by_reason:REASON" and "kb_gap:QUESTION".
func SummaryCSV(w io.Writer, s Summary) error {
	rows := [][]string{{"metric", "value"},
		{"conversations", strconv.Itoa(s.Conversations)},
		{"first_response_p50_s", cell(s.FirstResponseP50)},
		{"first_response_p90_s", cell(s.FirstResponseP90)},
		{"resolution_p50_s", cell(s.ResolutionP50)},
		{"csat", cell(s.CSAT)},
		{"nps", cell(s.NPS)},
		{"bot_containment_rate", cell(s.BotContainmentRate)},
		{"handoff_rate", cell(s.HandoffRate)},
		{"false_answer_rate", cell(s.FalseAnswerRate)},
		{"sla_breaches", count(s.SLABreaches)},
	}
	reasons := make([]string, 0, len(s.HandoffsByReason))
	for r := range s.HandoffsByReason {
		reasons = append(reasons, r)
	}
	slices.Sort(reasons)
	for _, r := range reasons {
		rows = append(rows, []string{"handoffs_by_reason:" + r, strconv.Itoa(s.HandoffsByReason[r])})
	}
	for _, g := range s.KBGaps {
		rows = append(rows, []string{"kb_gap:" + g.Question, strconv.Itoa(g.Count)})
	}
	return write(w, rows)
}

// DailyCSV writes one row per day.
func DailyCSV(w io.Writer, days []Day) error {
	rows := [][]string{{"date", "conversations", "first_response_p50_s", "first_response_p90_s", "resolution_p50_s",
		"csat", "nps", "bot_containment_rate", "handoff_rate", "false_answer_rate", "sla_breaches", "handoffs"}}
	for _, d := range days {
		rows = append(rows, []string{d.Date, strconv.Itoa(d.Conversations), cell(d.FirstResponseP50), cell(d.FirstResponseP90),
			cell(d.ResolutionP50), cell(d.CSAT), cell(d.NPS), cell(d.BotContainmentRate), cell(d.HandoffRate),
			cell(d.FalseAnswerRate), count(d.SLABreaches), strconv.Itoa(d.Handoffs)})
	}
	return write(w, rows)
}

// HoursCSV writes one row per weekday and hour.
func HoursCSV(w io.Writer, hs []Hour) error {
	rows := [][]string{{"weekday", "hour", "messages"}}
	for _, h := range hs {
		rows = append(rows, []string{strconv.Itoa(h.Weekday), strconv.Itoa(h.Hour), strconv.Itoa(h.Messages)})
	}
	return write(w, rows)
}

// GapsCSV writes one row per gap; conversation ids are space-separated.
func GapsCSV(w io.Writer, gs []Gap) error {
	rows := [][]string{{"question", "count", "language", "conversation_ids"}}
	for _, g := range gs {
		rows = append(rows, []string{g.Question, strconv.Itoa(g.Count), g.Language, strings.Join(g.ConversationIDs, " ")})
	}
	return write(w, rows)
}

package report

import (
	"context"
	"fmt"
	"time"
)

// Summary is the window's figures; nil is JSON null: no data.
type Summary struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	Figures
	HandoffsByReason map[string]int `json:"handoffs_by_reason"`
	KBGaps           []GapCount     `json:"kb_gaps"`
}

// Figures are what the summary and each day report alike.
type Figures struct {
	Conversations      int      `json:"conversations"`
	FirstResponseP50   *float64 `json:"first_response_p50_s"`
	FirstResponseP90   *float64 `json:"first_response_p90_s"`
	ResolutionP50      *float64 `json:"resolution_p50_s"`
	CSAT               *float64 `json:"csat"`
	NPS                *float64 `json:"nps"`
	BotContainmentRate *float64 `json:"bot_containment_rate"`
	HandoffRate        *float64 `json:"handoff_rate"`
	FalseAnswerRate    *float64 `json:"false_answer_rate"`
	SLABreaches        *int     `json:"sla_breaches"`
}

// GapCount is a gap as the summary lists it.
type GapCount struct {
	Question string `json:"question"`
	Count    int    `json:"count"`
}

// Day is one UTC day's figures.
type Day struct {
	Date string `json:"date"`
	Figures
	Handoffs int `json:"handoffs"`
}

// SummaryGaps is how many gaps the summary lists.
const SummaryGaps = 10

// MaxQuestions bounds the questions grouped into gaps: the newest ones.
const MaxQuestions = 20000

func figures(b Bucket) Day {
	d := Day{Handoffs: b.Handoffs, Figures: Figures{
		Conversations:      b.Conversations,
		FirstResponseP50:   seconds(b.FirstResponseP50),
		FirstResponseP90:   seconds(b.FirstResponseP90),
		ResolutionP50:      seconds(b.ResolutionP50),
		CSAT:               rate(b.CSATGood, b.CSATTotal),
		BotContainmentRate: rate(b.Contained, b.Conversations),
		HandoffRate:        rate(b.HandedOff, b.Conversations),
		FalseAnswerRate:    rate(b.FalseAnswers, b.Answers),
	}}
	if b.NPSTotal > 0 {
		d.NPS = round(100*float64(b.NPSPromoters-b.NPSDetractors)/float64(b.NPSTotal), 1)
	}
	if b.SLATargets > 0 {
		n := b.SLABreaches
		d.SLABreaches = &n
	}
	return d
}

// ComputeSummary reads the window's figures and its top gaps.
func ComputeSummary(ctx context.Context, st Store, q Query) (Summary, error) {
	if err := q.Validate(); err != nil {
		return Summary{}, err
	}
	var gaps []Gap
	var gapErr error
	done := make(chan struct{})
	go func() { // on its own connection, beside the figures' queries
		defer close(done)
		gaps, gapErr = ComputeGaps(ctx, st, q, SummaryGaps)
	}()
	bs, err := st.ReportBuckets(ctx, q, false)
	<-done
	if err != nil {
		return Summary{}, fmt.Errorf("report summary: %w", err)
	}
	if gapErr != nil {
		return Summary{}, gapErr
	}
	var b Bucket
	if len(bs) > 0 {
		b = bs[0]
	}
	s := Summary{From: q.From.UTC(), To: q.To.UTC(), Figures: figures(b).Figures,
		HandoffsByReason: map[string]int{}, KBGaps: []GapCount{}}
	for r, n := range b.HandoffsByReason {
		s.HandoffsByReason[r] = n
	}
	for _, g := range gaps {
		s.KBGaps = append(s.KBGaps, GapCount{Question: g.Question, Count: g.Count})
	}
	return s, nil
}

// ComputeDaily returns one entry per UTC day the window touches, oldest
// first; a day without data has zero counts and null figures.
func ComputeDaily(ctx context.Context, st Store, q Query) ([]Day, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	bs, err := st.ReportBuckets(ctx, q, true)
	if err != nil {
		return nil, fmt.Errorf("report daily: %w", err)
	}
	byDay := map[string]Bucket{}
	for _, b := range bs {
		byDay[b.Day.UTC().Format(time.DateOnly)] = b
	}
	var out []Day
	for day := q.From.UTC().Truncate(24 * time.Hour); day.Before(q.To); day = day.Add(24 * time.Hour) {
		date := day.Format(time.DateOnly)
		d := figures(byDay[date])
		d.Date = date
		out = append(out, d)
	}
	return out, nil
}

// ComputeHours returns all 168 weekday × hour cells, Sunday 00 first.
func ComputeHours(ctx context.Context, st Store, q Query) ([]Hour, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	hs, err := st.ReportHours(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("report hours: %w", err)
	}
	out := make([]Hour, 7*24)
	for i := range out {
		out[i] = Hour{Weekday: i / 24, Hour: i % 24}
	}
	for _, h := range hs {
		if h.Weekday >= 0 && h.Weekday < 7 && h.Hour >= 0 && h.Hour < 24 {
			out[h.Weekday*24+h.Hour].Messages += h.Messages
		}
	}
	return out, nil
}

package report

import (
	"context"
	"math"
	"time"

	"github.com/parley-chat/parley"
)

// MaxDays bounds a report's window, so a typo cannot ask for centuries.
const MaxDays = 3 * 366

// Query selects what a report counts: a window [From, To) and filters on
// conversations (their current site, team, language and contact segment;
// empty means any). Language "en" also matches "en-GB".
type Query struct {
	From, To time.Time
	SiteID   string
	Team     string
	Language string
	Segment  string
	// Now is the time unanswered SLA targets are judged at; the store's
	// clock when zero.
	Now time.Time
}

// Validate refuses an empty, reversed or over-long window.
func (q Query) Validate() error {
	switch {
	case q.From.IsZero() || q.To.IsZero():
		return parley.Errorf(parley.EINVALID, "from and to are required")
	case !q.To.After(q.From):
		return parley.Errorf(parley.EINVALID, "to (%s) must be after from (%s)", q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))
	case q.To.Sub(q.From) > MaxDays*24*time.Hour:
		return parley.Errorf(parley.EINVALID, "window is longer than %d days", MaxDays)
	}
	return nil
}

// Bucket is what the store counts for one bucket: the whole window
// (Day zero) or one UTC day. Percentiles are in seconds, nil without data.
type Bucket struct {
	Day time.Time

	Conversations int // with a visitor message in the bucket
	HandedOff     int // of those, handed off
	Contained     int // of those, kept by the bot

	FirstResponses   int
	FirstResponseP50 *float64
	FirstResponseP90 *float64
	Resolutions      int
	ResolutionP50    *float64

	CSATGood, CSATTotal                   int
	NPSPromoters, NPSDetractors, NPSTotal int
	Answers, FalseAnswers                 int
	SLATargets, SLABreaches               int
	Handoffs                              int
	HandoffsByReason                      map[string]int
}

// Hour is the visitor messages of one weekday (0 is Sunday) and UTC hour.
type Hour struct {
	Weekday  int `json:"weekday"`
	Hour     int `json:"hour"`
	Messages int `json:"messages"`
}

// Question is a visitor message the bot did not answer.
type Question struct {
	ConversationID string
	Text           string
	Language       string
}

// Store is what the reports read; the database does the counting.
type Store interface {
	// ReportBuckets returns the window's one bucket, or with daily one per
	// UTC day that has data (days without data may be missing).
	ReportBuckets(ctx context.Context, q Query, daily bool) ([]Bucket, error)
	// ReportHours returns the visitor messages by weekday and hour (cells
	// without messages may be missing).
	ReportHours(ctx context.Context, q Query) ([]Hour, error)
	// ReportQuestions returns the visitor questions of the window the bot
	// clarified or handed off (for a reason other than a request for a
	// person), newest first, at most limit.
	ReportQuestions(ctx context.Context, q Query, limit int) ([]Question, error)
}

// rate is n/d rounded to 4 places, nil when d is 0.
func rate(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	return round(float64(n)/float64(d), 4)
}

func round(x float64, places int) *float64 {
	p := math.Pow(10, float64(places))
	v := math.Round(x*p) / p
	return &v
}

// seconds rounds a percentile to milliseconds, so both stores agree.
func seconds(p *float64) *float64 {
	if p == nil {
		return nil
	}
	return round(*p, 3)
}

// PercentileCont is PostgreSQL's percentile_cont(p) of sorted: linear
// interpolation between the closest ranks. nil when sorted is empty.
func PercentileCont(sorted []float64, p float64) *float64 {
	if len(sorted) == 0 {
		return nil
	}
	pos := p * float64(len(sorted)-1)
	lo := math.Floor(pos)
	v := sorted[int(lo)]
	if hi := math.Ceil(pos); hi != lo {
		v += (pos - lo) * (sorted[int(hi)] - v)
	}
	return &v
}

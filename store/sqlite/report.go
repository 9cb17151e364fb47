package sqlite

import (
	"context"
	"strconv"
	"time"

	"github.com/parley-chat/parley/report"
	"github.com/parley-chat/parley/store/internal/reportsql"
)

// dialect: times are INTEGER microseconds; no percentile_cont, so the
// durations are read in order and the percentiles taken in Go.
var dialect = reportsql.Dialect{
	Param:   func(i int) string { return "?" + strconv.Itoa(i) },
	Time:    func(t time.Time) any { return micros(t) },
	Day:     func(col string) string { return "(" + col + " / 86400000000)" },
	Plus24h: func(col string) string { return "(" + col + " + 86400000000)" },
	Seconds: func(a, b string) string { return "((" + a + " - " + b + ") / 1e6)" },
	Weekday: func(col string) string { return "CAST(strftime('%w', " + col + " / 1000000, 'unixepoch') AS INTEGER)" },
	Hour:    func(col string) string { return "CAST(strftime('%H', " + col + " / 1000000, 'unixepoch') AS INTEGER)" },
	False:   "0",
}

func (db *DB) reports() reportsql.Runner {
	return reportsql.Runner{D: dialect, Now: db.now,
		Query: func(ctx context.Context, sql string, args ...any) (reportsql.Rows, func(), error) {
			rows, err := db.query(ctx, sql, args...)
			if err != nil {
				return nil, nil, err
			}
			return rows, func() { rows.Close() }, nil
		}}
}

// ReportBuckets counts the report figures of q's window, or of each day.
func (db *DB) ReportBuckets(ctx context.Context, q report.Query, daily bool) ([]report.Bucket, error) {
	out, err := db.reports().Buckets(ctx, q, daily)
	return out, wrap("report", err)
}

// ReportHours counts visitor messages by weekday and hour.
func (db *DB) ReportHours(ctx context.Context, q report.Query) ([]report.Hour, error) {
	out, err := db.reports().Hours(ctx, q)
	return out, wrap("report hours", err)
}

// ReportQuestions returns the window's unanswered questions, newest first.
func (db *DB) ReportQuestions(ctx context.Context, q report.Query, limit int) ([]report.Question, error) {
	out, err := db.reports().Questions(ctx, q, limit)
	return out, wrap("report questions", err)
}

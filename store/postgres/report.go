package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/parley-chat/parley/report"
	"github.com/parley-chat/parley/store/internal/reportsql"
)

// dialect: the percentiles are percentile_cont on the server.
var dialect = reportsql.Dialect{
	Param:       func(i int) string { return "$" + strconv.Itoa(i) },
	Time:        func(t time.Time) any { return t },
	Day:         func(col string) string { return "floor(extract(epoch FROM " + col + ") / 86400)::bigint" },
	Plus24h:     func(col string) string { return "(" + col + " + interval '24 hours')" },
	Seconds:     func(a, b string) string { return "extract(epoch FROM " + a + " - " + b + ")::float8" },
	Weekday:     func(col string) string { return "extract(dow FROM " + col + " AT TIME ZONE 'UTC')::int" },
	Hour:        func(col string) string { return "extract(hour FROM " + col + " AT TIME ZONE 'UTC')::int" },
	False:       "false",
	Percentiles: true,
}

func (db *DB) reports() reportsql.Runner {
	return reportsql.Runner{D: dialect, Now: db.now,
		Query: func(ctx context.Context, sql string, args ...any) (reportsql.Rows, func(), error) {
			rows, err := db.pool.Query(ctx, sql, args...)
			if err != nil {
				return nil, nil, err
			}
			return rows, rows.Close, nil
		}}
}

// ReportBuckets counts the report figures of q's window, or of each day.
func (db *DB) ReportBuckets(ctx context.Context, q report.Query, daily bool) ([]report.Bucket, error) {
	out, err := db.reports().Buckets(ctx, q, daily)
	return out, translate("report", err)
}

// ReportHours counts visitor messages by weekday and hour.
func (db *DB) ReportHours(ctx context.Context, q report.Query) ([]report.Hour, error) {
	out, err := db.reports().Hours(ctx, q)
	return out, translate("report hours", err)
}

// ReportQuestions returns the window's unanswered questions, newest first.
func (db *DB) ReportQuestions(ctx context.Context, q report.Query, limit int) ([]report.Question, error) {
	out, err := db.reports().Questions(ctx, q, limit)
	return out, translate("report questions", err)
}

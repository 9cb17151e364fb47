package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

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

// reportSettings: memory for a year's hash aggregates, and no JIT, whose
// compile time a report's second-long queries do not win back.
const reportSettings = `SET LOCAL work_mem = '64MB'; SET LOCAL jit = off`

func (db *DB) reports() reportsql.Runner {
	return reportsql.Runner{D: dialect, Now: db.now,
		Query: func(ctx context.Context, sql string, args ...any) (reportsql.Rows, func(), error) {
			// A read-only transaction, so the memory setting is the query's
			// alone: a year's aggregates would spill to disk at the default.
			tx, err := db.reportsDB.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
			if err != nil {
				return nil, nil, err
			}
			end := func() { tx.Rollback(context.WithoutCancel(ctx)) }
			if _, err := tx.Exec(ctx, reportSettings); err != nil {
				end()
				return nil, nil, err
			}
			rows, err := tx.Query(ctx, sql, args...)
			if err != nil {
				end()
				return nil, nil, err
			}
			return rows, func() { rows.Close(); end() }, nil
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

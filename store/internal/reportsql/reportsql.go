package reportsql

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parley-chat/parley/report"
)

// Dialect is what differs between the stores' SQL.
type Dialect struct {
	Param   func(i int) string       // the i-th (1-based) parameter
	Time    func(t time.Time) any    // a time as a query argument
	Day     func(col string) string  // col's UTC day number (days since 1970-01-01)
	Plus24h func(col string) string  // col plus 24 hours
	Seconds func(a, b string) string // a − b in seconds, a float
	Weekday func(col string) string  // col's UTC weekday, 0 is Sunday
	Hour    func(col string) string  // col's UTC hour
	False   string                   // a false boolean literal
	// Percentiles is true when the database has percentile_cont; otherwise
	// the durations are read in order and the percentiles taken in Go.
	Percentiles bool
}

// Rows is what both drivers' result sets offer.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Query runs one query; done releases its rows.
type Query func(ctx context.Context, sql string, args ...any) (rows Rows, done func(), err error)

// Parallel is how many queries Buckets runs at once (a store sizes the
// reports' connections by it).
const Parallel = 6

// Runner runs the report queries of one store.
type Runner struct {
	D     Dialect
	Query Query
	Now   func() time.Time
}

type builder struct {
	d    Dialect
	args []any
}

func (b *builder) arg(v any) string {
	b.args = append(b.args, v)
	return b.d.Param(len(b.args))
}

// window starts a query's arguments with the window: $1 from, $2 to.
func window(d Dialect, q report.Query) *builder {
	b := &builder{d: d}
	b.arg(d.Time(q.From))
	b.arg(d.Time(q.To))
	return b
}

// filter is the conversation filters on alias c.
func (b *builder) filter(q report.Query) string {
	var s strings.Builder
	if q.SiteID != "" {
		s.WriteString(" AND c.site_id = " + b.arg(q.SiteID))
	}
	if q.Team != "" {
		s.WriteString(" AND c.team = " + b.arg(q.Team))
	}
	if q.Language != "" {
		p := b.arg(q.Language)
		s.WriteString(" AND (c.language = " + p + " OR c.language LIKE " + p + " || '-%')")
	}
	if q.Segment != "" {
		s.WriteString(" AND EXISTS (SELECT 1 FROM contacts k WHERE k.id = c.contact_id AND k.segment = " + b.arg(q.Segment) + ")")
	}
	return s.String()
}

// each runs sql and calls scan for every row.
func (r Runner) each(ctx context.Context, what, sql string, args []any, scan func(Rows) error) error {
	rows, done, err := r.Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer done()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: scan: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Buckets computes report.Store's ReportBuckets.
func (r Runner) Buckets(ctx context.Context, q report.Query, daily bool) ([]report.Bucket, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if q.Now.IsZero() {
		q.Now = r.Now()
	}
	day := func(col string) string {
		if daily {
			return r.D.Day(col)
		}
		return "0"
	}
	buckets := map[int64]*report.Bucket{}
	var mu sync.Mutex // buckets; each step sets its own fields of a bucket
	get := func(d int64) *report.Bucket {
		mu.Lock()
		defer mu.Unlock()
		b := buckets[d]
		if b == nil {
			b = &report.Bucket{HandoffsByReason: map[string]int{}}
			if daily {
				b.Day = time.Unix(d*86400, 0).UTC()
			}
			buckets[d] = b
		}
		return b
	}
	// The queries run at once, each on its own connection: on PostgreSQL a
	// year's report takes as long as its slowest query, not their sum.
	steps := [Parallel]func(context.Context, report.Query, func(string) string, func(int64) *report.Bucket) error{
		r.visits, r.durations, r.ratings, r.answers, r.handoffs, r.sla,
	}
	var errs [Parallel]error
	var wg sync.WaitGroup
	for i, step := range steps {
		wg.Go(func() { errs[i] = step(ctx, q, day, get) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	keys := make([]int64, 0, len(buckets))
	for k := range buckets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]report.Bucket, 0, len(keys))
	for _, k := range keys {
		out = append(out, *buckets[k])
	}
	return out, nil
}

// replaceParam replaces p where no digit follows it ($1 but not $12).
func replaceParam(sql, p, with string) string {
	var s strings.Builder
	for {
		i := strings.Index(sql, p)
		if i < 0 {
			s.WriteString(sql)
			return s.String()
		}
		j := i + len(p)
		s.WriteString(sql[:i])
		if j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
			s.WriteString(p)
		} else {
			s.WriteString(with)
		}
		sql = sql[j:]
	}
}

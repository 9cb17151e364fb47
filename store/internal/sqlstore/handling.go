package sqlstore

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// HandlingTimes returns, newest first, how long people took from their
// first reply to resolving, for up to limit conversations resolved after
// since.
func (c *Core) HandlingTimes(ctx context.Context, since time.Time, limit int) ([]time.Duration, error) {
	limit, err := parley.PageLimit(limit, 200, 10000)
	if err != nil {
		return nil, err
	}
	var out []time.Duration
	err = c.read(ctx, "handling times", func(q Q) error {
		rows, err := q.Query(ctx, c.sql(`SELECT `+c.d.DiffMicros("resolved_at", "first_response_at")+`
			FROM conversations WHERE resolved_at > $1 AND first_response_at IS NOT NULL AND resolved_at >= first_response_at
			ORDER BY resolved_at DESC LIMIT $2`), c.d.Time(since), limit)
		out, err = collect(rows, err, func(r Row) (time.Duration, error) {
			var us int64
			err := r.Scan(&us)
			return time.Duration(us) * time.Microsecond, err
		})
		return err
	})
	return out, err
}

package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
)

// HandlingTimes returns, newest first, how long people took from their
// first reply to resolving, for up to limit conversations resolved after
// since.
func (db *DB) HandlingTimes(ctx context.Context, since time.Time, limit int) ([]time.Duration, error) {
	limit, err := parley.PageLimit(limit, 200, 10000)
	if err != nil {
		return nil, err
	}
	var out []time.Duration
	err = db.run(ctx, "handling times", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT (extract(epoch FROM resolved_at - first_response_at) * 1000000)::bigint
			FROM conversations WHERE resolved_at > $1 AND first_response_at IS NOT NULL AND resolved_at >= first_response_at
			ORDER BY resolved_at DESC LIMIT $2`, since, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (time.Duration, error) {
			var us int64
			err := r.Scan(&us)
			return time.Duration(us) * time.Microsecond, err
		})
		return err
	})
	return out, err
}

package sqlite

import (
	"context"
	"fmt"
	"time"

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
	rows, err := db.query(ctx, `SELECT resolved_at - first_response_at FROM conversations
		WHERE resolved_at > ? AND first_response_at IS NOT NULL AND resolved_at >= first_response_at
		ORDER BY resolved_at DESC LIMIT ?`, micros(since), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: handling times: %w", err)
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var us int64
		if err := rows.Scan(&us); err != nil {
			return nil, fmt.Errorf("sqlite: handling times: %w", err)
		}
		out = append(out, time.Duration(us)*time.Microsecond)
	}
	return out, wrap("handling times", rows.Err())
}

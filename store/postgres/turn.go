package postgres

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
)

// lockActivities is addActivity's shared advisory lock, which orders
// activity readers after the writers in flight (activityLock).
var lockActivities = fmt.Sprintf(`SELECT pg_advisory_xact_lock_shared(%d)`, int64(activityLock))

// CommitTurn stores a bot turn all or nothing, in one transaction
// (sqlstore.Core.CommitTurnWith).
func (db *DB) CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error) {
	return db.Core.CommitTurnWith(ctx, t, lockActivities)
}

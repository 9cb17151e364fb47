package sqlite

import (
	"context"

	"github.com/parley-chat/parley"
)

// CommitTurn stores a bot turn all or nothing, in the single writer's next
// group commit (sqlstore.Core.CommitTurnWith); activities need no lock here.
func (db *DB) CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error) {
	return db.Core.CommitTurnWith(ctx, t, "")
}

// TurnState is DB.TurnState on a fresh stack (the desk's workers live long).
func (s FreshStack) TurnState(ctx context.Context, conversationID string, seq int64) (st parley.TurnState, err error) {
	onFreshStack(func() { st, err = s.DB.TurnState(ctx, conversationID, seq) })
	return st, err
}

// CommitTurn is DB.CommitTurn on a fresh stack.
func (s FreshStack) CommitTurn(ctx context.Context, t parley.Turn) (res parley.TurnResult, err error) {
	onFreshStack(func() { res, err = s.DB.CommitTurn(ctx, t) })
	return res, err
}

package sqlite

import (
	"context"

	"github.com/parley-chat/parley"
)

// The bot's turn (sqlstore's TurnState and CommitTurn, the latter in the
// single writer's group commit) on a fresh stack: the desk's workers are
// long-lived goroutines.

// TurnState reads what the bot's turn needs (sqlstore's TurnState) on the
// writer's connection (readHot): the desk reads it for every visitor
// message.
func (db *DB) TurnState(ctx context.Context, conversationID string, seq int64) (parley.TurnState, error) {
	return db.hot.TurnState(ctx, conversationID, seq)
}

// TurnState is DB.TurnState on a fresh stack.
func (s FreshStack) TurnState(ctx context.Context, conversationID string, seq int64) (st parley.TurnState, err error) {
	onFreshStack(func() { st, err = s.DB.TurnState(ctx, conversationID, seq) })
	return st, err
}

// CommitTurn is DB.CommitTurn on a fresh stack.
func (s FreshStack) CommitTurn(ctx context.Context, t parley.Turn) (res parley.TurnResult, err error) {
	onFreshStack(func() { res, err = s.DB.CommitTurn(ctx, t) })
	return res, err
}

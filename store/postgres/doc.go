// Package postgres is Parley's production store on PostgreSQL: a pgx/v5
// pool, embedded SQL migrations applied with goose under a session-level
// advisory lock, and the same semantics as every other store (see
// store/storetest).
//
// Concurrency contract: a *DB is safe for many goroutines, and many processes
// may share one database. Seq allocation takes the conversation's row lock
// (UPDATE ... RETURNING last_seq), which serialises appends per conversation
// across nodes; the client-id check after it sees any winner's commit, and a
// partial unique index backs it up. Concurrent appends share group commits,
// one in flight per shard of conversations (appendShard), so a batch
// waiting for a row lock or a core holds up only its shard. Transactions
// run at READ COMMITTED.
// The desk's transitions lock the conversation's row (FOR NO KEY UPDATE);
// claims and assignments first lock the agent's row, so one agent's
// capacity checks take turns across nodes.
//
// The pool survives a server restart: a statement that fails because its
// connection was lost resets the pool and runs again, unless the failure
// came while committing (the outcome is then unknown, and the caller gets an
// EUNAVAILABLE error to retry with its idempotency key).
//
// Most of its queries are store/internal/sqlstore's, shared with the SQLite
// store. It imports the root package and store/internal/... only; only
// cmd/parley and tests import it. github.com/jackc/pgx/v5/stdlib is used for goose alone.
package postgres

// Package sqlstore is the query logic the SQLite and PostgreSQL stores
// share, written once: each store keeps a thin shim that says how its
// driver runs a statement (Q), how its dialect differs (Dialect), and how it
// runs a read and a write (for SQLite, a write goes through its single
// writer goroutine and group commit; for PostgreSQL, through a pooled
// transaction retried after a lost connection). The store embeds *Core, so
// the methods here are the store's own.
//
// Half-way state: the files here are moved whole from the two stores, one
// pair at a time, each with the conformance suite (store/storetest) green on
// both; what has not moved yet still lives in store/sqlite and
// store/postgres. Moved so far: webhooks.go (endpoints and their outbox), teams.go
// (teams and SLA policies), tokens.go (API tokens) and votes.go
// (help-center votes).
// To move another pair: write its SQL once with $n parameters (Dialect.Rebind
// turns them into SQLite's ?n), pass times through Dialect.Time/NullTime and
// scan them with Dialect.TimeDest, keep what really differs (locking, SKIP
// LOCKED, insertion order) as a Dialect field, then delete both copies.
//
// The domain rules are the root package parley's (Conversation.Claim,
// Webhook.ValidateStored, …) and the column forms store/internal/codec's;
// this package only runs SQL. It imports the root package, codec and the
// standard library; no driver. A *Core is safe for concurrent use when its
// read and write functions are.
package sqlstore

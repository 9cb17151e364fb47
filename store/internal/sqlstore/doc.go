// Package sqlstore is the query logic the SQLite and PostgreSQL stores
// share, written once: each store keeps a thin shim that says how its
// driver runs a statement (Q), how its dialect differs (Dialect), and how it
// runs a read and a write (for SQLite, a write goes through its single
// writer goroutine and group commit; for PostgreSQL, through a pooled
// transaction retried after a lost connection). The store embeds *Core, so
// the methods here are the store's own.
//
// The files here were moved whole from the two stores, one pair at a time,
// each with the conformance suite (store/storetest) green on both: webhooks
// (endpoints and their outbox), teams (and SLA policies), tokens, votes,
// activity, sessions, conversations, agents, desk, queue, search,
// articles, decisions, admin, sites, handling, proactive and attachments
// (metadata and key; the bytes stay each store's own). What each store
// still keeps: message appends and pages, reports, attachment bytes,
// migrations and the shim.
//
// To move another pair: write its SQL once with $n parameters (Dialect.Rebind
// turns them into SQLite's ?n), pass times through Dialect.Time/NullTime and
// scan them with Dialect.TimeDest, keep what really differs (row and table
// locks, SKIP LOCKED, insertion order, ILIKE) as a Dialect field, then delete
// both copies.
//
// The domain rules are the root package parley's (Conversation.Claim,
// Webhook.ValidateStored, …) and the column forms store/internal/codec's;
// this package only runs SQL. It imports the root package, codec and the
// standard library; no driver. A *Core is safe for concurrent use when its
// read and write functions are.
package sqlstore

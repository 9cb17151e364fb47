// Package sqlite is Parley's embedded default store: one SQLite file
// (modernc.org/sqlite, pure Go) in WAL mode, with embedded migrations.
//
// Concurrency contract: a *DB is safe for use by many goroutines of one
// process; only one process may open a file. Every write goes to a single
// writer goroutine that runs all requests waiting at that moment in one
// transaction (group commit), each inside its own savepoint so one failing
// request does not undo the others; a clean request (one that writes nothing
// when it fails, such as an append) needs none. synchronous=FULL makes a
// returned write survive a crash or power loss; batching shares that fsync
// among concurrent writers. Reads use a separate pool of read-only
// connections, which WAL lets run alongside the writer; a read started after
// a write returned sees it. The desk's per-message read (TurnState) runs in
// the writer's batch instead: a pool connection's page cache is emptied
// whenever the file changed, the writer's never is.
// The desk's transitions (claims with their capacity checks included) read,
// decide and write inside the writer, so they are serialised like appends.
//
// Most of its queries are store/internal/sqlstore's, shared with the
// PostgreSQL store. It imports the root package and store/internal/...
// only; nothing in Parley imports it except cmd/parley and tests.
package sqlite

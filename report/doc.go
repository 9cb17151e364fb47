// Package report computes the admin reports (summary, daily, busiest hours,
// knowledge-base gaps) from aggregates the store computes on the database.
// The definitions of every figure are in docs/reports.md.
//
// The store does the counting and, on PostgreSQL, the percentiles; this
// package turns counts into rates (null when there is nothing to divide),
// groups unanswered questions into gaps, and writes CSV. It imports only the
// root package and the standard library; it does no HTTP and holds no state,
// so it is safe for concurrent use.
package report

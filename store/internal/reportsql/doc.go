// Package reportsql holds the report queries both stores run, written once
// for both SQL dialects: what differs (parameters, time arithmetic,
// percentiles) is a Dialect. The definitions are in docs/reports.md.
package reportsql

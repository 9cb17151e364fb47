// Package rules holds what both stores must agree on before a row is written:
// input checks (so SQLite and PostgreSQL refuse the same things: invalid
// UTF-8, NUL bytes, unknown enums, plaintext tokens), contact merging,
// article versioning decisions, and time normalisation to UTC microseconds.
// It has no I/O and no state, so it is safe for concurrent use.
package rules

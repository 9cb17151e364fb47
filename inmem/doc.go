// Package inmem provides the single-node broker, rate limiter and agent
// presence: what the embedded default uses, and what every node keeps as
// its local limit when Redis makes limits global. No I/O; safe for
// concurrent use. The redis package implements the same interfaces; both
// pass the one suite in internal/conformance.
package inmem

// Package inmem provides the single-node broker and rate limiter: what the
// embedded default uses, and what every node keeps as its local limit when
// Redis makes limits global. No I/O; safe for concurrent use.
package inmem

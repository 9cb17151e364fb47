// Package redis provides the multi-node broker (pub/sub fan-out) and the
// global rate limiter (redis_rate, GCRA) on Redis through go-redis.
//
// Fan-out uses one cluster-wide channel: every node receives every event and
// its hub drops those with no local subscriber. That keeps subscriptions out
// of the connection path (no SUBSCRIBE per conversation) and is right up to a
// few dozen nodes; sharding the channel by conversation is the next step
// (docs/operations.md). Pub/sub is at-most-once; the gateway fills gaps from
// the store, so a lost event delays a message, never loses it.
package redis

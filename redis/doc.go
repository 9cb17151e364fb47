// Package redis provides the multi-node broker (pub/sub fan-out), the
// global rate limiter (redis_rate, GCRA), agent presence and the LLM
// budget counter on Redis through go-redis. Broker, limiter and presence
// pass the suite inmem passes (internal/conformance), against a real Redis.
//
// Fan-out uses one cluster-wide channel: every node receives every event and
// its hub drops those with no local subscriber. That keeps subscriptions out
// of the connection path (no SUBSCRIBE per conversation) and is right up to a
// few dozen nodes; sharding the channel by conversation is the next step
// (docs/operations.md). Pub/sub is at-most-once; the gateway fills gaps from
// the store, so a lost event delays a message, never loses it.
package redis

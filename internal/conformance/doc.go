// Package conformance is the one test suite of the single-node (inmem) and
// multi-node (redis) implementations of the rate limiter, the presence
// registry and the broker, run by both packages' tests as store/storetest
// is run by both stores. It tests the interfaces as their consumers
// declare them: gateway.Limiter, gateway.Broker and handoff.Presence.
//
// The suites run against real time where the implementation keeps its own
// clock (Redis decides rate limits by its server time): they wait with
// testenv.Eventually, never with fixed sleeps.
package conformance

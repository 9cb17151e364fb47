// Package conformance is the one test suite of the single-node (inmem) and
// multi-node (redis) implementations of the rate limiter, the presence
// registry and the broker, run by both packages' tests as store/storetest
// is run by both stores. It declares the interfaces it tests, sized as
// their consumers (gateway, handoff, api) declare them.
//
// The suites run against real time where the implementation keeps its own
// clock (Redis decides rate limits by its server time): they wait with
// testenv.Eventually, never with fixed sleeps.
package conformance

// Package parley holds the nouns every other package shares: sites, contacts,
// conversations, messages, articles, events and the one error type clients may
// see. It imports only the standard library; behaviour lives in the packages
// named for what they provide (gateway, bot, kb, handoff) and adapters are named
// for the technology they wrap (store/postgres, store/sqlite, redis, inmem).
package parley

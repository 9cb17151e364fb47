// Package codec holds how both SQL stores encode values into columns and
// read them back, so SQLite and PostgreSQL rows hold the same forms: times
// in UTC at microseconds (the finest PostgreSQL keeps), lists and maps as
// JSON (agents' teams and languages, origins, questions, greetings,
// business hours, bot settings, proactive rules, decisions' reasons and
// articles, webhook events).
//
// It holds no domain rule. What may be stored, what a transition does and
// which version an article gets are decided by the root package parley
// (Conversation.Claim, Article.Update, Agent.Canonical, …); a store calls
// those first, inside its transaction, and codec only to write and read the
// result. Encoders take values parley has already checked.
//
// It has no I/O and no state, so it is safe for concurrent use. It imports
// the root package and the standard library only.
package codec

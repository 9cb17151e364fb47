// Package bot is Parley's front line: for each visitor message it decides to
// answer from the knowledge base, ask the visitor to clarify, or hand off to
// people, and says why (docs/bot.md, "The decision policy").
//
// Knowledge is one site's published KB, trained into an intent classifier
// (bot/intent: one intent per article slug, all languages pooled) and a search
// index (kb). It is immutable and rebuilt whole on publish. Decide is a pure
// function of a Turn (the message and the conversation's recent state) and
// the Knowledge: no I/O, so the policy is table-tested and cheap. Service
// reads no store either: the desk (handoff) reads the conversation's
// parley.TurnState once, and package turn's Taker calls Service.Respond on
// it, commits the decision and reply with the store's CommitTurn, and then
// publishes the reply.
//
// Order of the rules, first match wins: silent (not in bot mode, or the bot
// spoke last), hand off (person requested, critical urgency, frustration, a
// segment that skips the bot, repetition, two signs that answers did not
// help, the ceiling of answers in a row), hand off for a routed intent the
// bot would answer, answer (Judge: not out of scope, confidence ≥ the
// threshold the model chose, evidence; and the search index's best evident
// hit is no other article), hand off after two unsure turns in
// a row, else clarify with plausible articles or decline (docs/bot.md).
package bot

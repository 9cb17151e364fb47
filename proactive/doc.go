// Package proactive decides when the bot starts a conversation on a page:
// pure functions over a site's rules, the visitor's page visit, the contact
// and the conversation's state, so every rule is testable without a clock
// or a socket. The gateway calls Next on each page view and when the wait
// it returned is over, and claims the message in the store (at most once
// per rule per contact per Period) before sending it.
//
// It imports only the root package and the standard library.
package proactive

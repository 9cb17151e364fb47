// Package handoff is the desk: it receives every stored visitor event from
// the gateway, keeps each conversation's events in order, has the bot take
// its turn while the conversation is in bot mode (package turn, which
// commits it in one transaction), and routes the conversation when the bot
// hands off. Conversation modes: bot → queued → assigned → resolved.
//
// Concurrency: events are sharded by conversation over a fixed set of worker
// goroutines, so one conversation's events are handled one at a time, in
// order, without a lock. Cross-node coordination goes through the database.
// What the router remembers between passes (pending offers, declines, pace,
// the skill each queued conversation needs, people's takes since the pass
// began) is this node's memory, under one mutex shared with agents'
// Accept, Decline and Assign; a restart forgets it. A pass reads the queue
// once, so it skips what a person took after that read: it neither offers
// it nor tells its visitor it waits.
package handoff

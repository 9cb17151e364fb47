// Package gateway is the visitor websocket gateway (GET /ws/visitor) and the
// agents' live console socket: it speaks the visitor protocol
// (gateway/protocol, docs/protocol.md), stores what visitors send through a
// Store, and fans conversation events out through a Broker to the Hub of
// every node.
//
// # Layers
//
// A visitor connection is two layers, each talking to the other through a
// small interface declared by its consumer:
//
//   - The transport (conn.go, outbound.go, sequence.go) is the socket: a
//     reader goroutine, a writer goroutine while there is something to
//     write (an idle connection has none), and the bounded outbound queue
//     between everyone else and the writer. It knows frames, limits, ping
//     and close codes, and the order of message frames (seq, no gap, no
//     repeat), but not the store. It calls its session through
//     frameHandler (handle, refuse, ended).
//   - The session (session.go, handle.go, hello.go, identity.go,
//     proactive.go, nps.go) is the visitor: hello and identity, the
//     handling of each frame, proactive messages and NPS. It reaches its
//     transport only through the transport interface (enqueue,
//     enqueueMessage, resume, catchUp, stop, establish) and is the Hub's
//     subscriber.
//
// The writer never does store I/O: it writes what is queued. A message the
// queue cannot take in order (the history missed before hello's last_seq, a
// gap, a full queue) is left to a catch-up, which the session runs on a
// short-lived goroutine of its own beside the reader: it reads the store
// and queues the messages, waiting for room as the reader does, while live
// message frames wait behind it.
//
// # Goroutines and what they own
//
//   - reader: the socket's read side, the session's fields (sess, hello,
//     typing, bad frames, locale) and conn.live. Each client frame is
//     handled, store calls included, on a short-lived goroutine that the
//     reader waits for (handleShallow): it acts for the reader, so that what
//     handling does to a stack does not stay with an idle connection.
//   - writer: the socket's write side (frames, pings, the close frame) and
//     its batch taken from the queue. At most one runs; whoever queues work
//     starts it (conn.kick) and it leaves when nothing is left to write.
//   - the broker's goroutines call Hub.Receive, which calls deliver: it only
//     enqueues (never blocks, no I/O) and may start a catch-up or an NPS
//     offer.
//   - a catch-up (at most one per connection, waited for by the session's
//     end): the order of message frames while conn.fetching is set.
//   - background work (Server.goBackground; Shutdown waits for it):
//     proactive rules and their timers, NPS offers. It shares with the
//     reader only visitState (under its own lock), conversationID (set
//     before it starts) and two atomics; it reaches the visitor by
//     publishing, like any other writer of the conversation.
//
// conn.mu guards the queue and the message order; Server.mu guards the
// registries (conns, agents, per-IP and per-visitor counts, a session's
// visitorSlot) and draining.
//
// # Lock order
//
// A hub shard's lock (or allMu) → conn.mu; a hub shard's lock → Server.mu
// (goBackground from deliver). conn.mu, Server.mu, visitState.mu and the
// site cache's lock are never held while taking another of them or a hub
// lock, and no lock is held during I/O.
//
// The embedded store's driver grows the stack of the goroutine that calls
// it far more than decoding does; cmd/parley wraps it in sqlite.FreshStack,
// which runs those calls on a goroutine of their own for every long-lived
// caller (the agents' console socket, HTTP keep-alive connections). The
// gateway assumes nothing about its store's stacks.
package gateway

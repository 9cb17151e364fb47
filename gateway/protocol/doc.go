// Package protocol is the visitor websocket protocol's frames and codec
// (docs/protocol.md: version 1 and Parley's extensions). It does no
// I/O: Decode turns one client frame into a validated value or a
// *parley.Error with code bad_frame; the Encode functions build server frames.
// Decode is fuzzed (FuzzDecode): nothing a client sends may panic it.
package protocol

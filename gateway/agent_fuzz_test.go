package gateway

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/parley-chat/parley"
)

// FuzzAgentFrame feeds the agents' socket decoder arbitrary frames, seeded
// with what the console sends. It must never panic, and what it accepts
// must be what the reader may act on: presence with a known status,
// typing with a short printable conversation id.
func FuzzAgentFrame(f *testing.F) {
	for _, seed := range []string{
		`{"type":"presence","status":"online"}`,
		`{"type":"presence","status":"away"}`,
		`{"type":"presence","status":"offline"}`,
		`{"type":"presence","status":"busy"}`,
		`{"type":"typing","conversation_id":"befvegondft5dzzkc6udspgd4d","on":true}`,
		`{"type":"typing","conversation_id":"befvegondft5dzzkc6udspgd4d","on":false}`,
		`{"type":"typing","conversation_id":""}`,
		`{"type":"typing","conversation_id":"a\u0000b","on":true}`,
		`{"type":"typing","conversation_id":1}`,
		`{"type":"hello"}`,
		`{}`, `[]`, `null`, `"typing"`, `{"type":`, ``,
		`{"type":"presence","status":"online","type":"typing"}`,
		`{"type":"typing","conversation_id":"` + strings.Repeat("x", 65) + `"}`,
		`{"type":"typing","conversation_id":"` + strings.Repeat("x", 5000) + `"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, ok, err := decodeAgentFrame(b)
		if err != nil {
			if ok {
				t.Fatalf("%q: an error and ok", b)
			}
			return
		}
		if len(b) > maxAgentFrame {
			t.Fatalf("%d bytes accepted; the limit is %d", len(b), maxAgentFrame)
		}
		if !json.Valid(b) {
			t.Fatalf("%q is not JSON but decoded", b)
		}
		if !ok {
			return
		}
		switch fr.Type {
		case "presence":
			if p := parley.Presence(fr.Status); p != parley.PresenceOnline && p != parley.PresenceAway && p != parley.PresenceOffline {
				t.Fatalf("%q: presence %q accepted", b, fr.Status)
			}
		case "typing":
			if fr.ConversationID == "" || len(fr.ConversationID) > 64 || strings.ContainsFunc(fr.ConversationID, unicode.IsControl) {
				t.Fatalf("%q: conversation id %q accepted", b, fr.ConversationID)
			}
		default:
			t.Fatalf("%q: type %q accepted", b, fr.Type)
		}
	})
}

package bench

import "bytes"

// scanner walks a frame in the exact layout the gateway's encoder writes;
// any surprise makes the caller fall back to encoding/json.
type scanner struct {
	b  []byte
	ok bool
}

func (s *scanner) lit(p string) {
	if s.ok && bytes.HasPrefix(s.b, []byte(p)) {
		s.b = s.b[len(p):]
	} else {
		s.ok = false
	}
}

// optLit consumes p if it is next.
func (s *scanner) optLit(p string) bool {
	if s.ok && bytes.HasPrefix(s.b, []byte(p)) {
		s.b = s.b[len(p):]
		return true
	}
	return false
}

// str reads up to the closing quote of a string without escapes.
func (s *scanner) str() []byte {
	i := bytes.IndexByte(s.b, '"')
	if !s.ok || i < 0 || bytes.IndexByte(s.b[:i], '\\') >= 0 {
		s.ok = false
		return nil
	}
	v := s.b[:i]
	s.b = s.b[i+1:]
	return v
}

func (s *scanner) int() int64 {
	var n int64
	i := 0
	for ; s.ok && i < len(s.b) && i < 18 && s.b[i] >= '0' && s.b[i] <= '9'; i++ {
		n = n*10 + int64(s.b[i]-'0')
	}
	if i == 0 {
		s.ok = false
	}
	s.b = s.b[i:]
	return n
}

// fastAck reads {"type":"ack","client_id":"…","seq":N}.
func fastAck(data []byte, f *frame) bool {
	s := scanner{b: data, ok: true}
	s.lit(`{"type":"ack","client_id":"`)
	id := s.str()
	s.lit(`,"seq":`)
	seq := s.int()
	s.lit("}")
	if !s.ok || len(s.b) != 0 {
		return false
	}
	f.kind, f.clientID, f.seq = kindAck, id, seq
	return true
}

// fastMessage reads the head of {"type":"message","seq":N,"id":"…",
// "client_id":"…","author":{"kind":"…" and ignores the rest.
func fastMessage(data []byte, f *frame) bool {
	s := scanner{b: data, ok: true}
	s.lit(`{"type":"message","seq":`)
	seq := s.int()
	s.lit(`,"id":"`)
	s.str()
	var id []byte
	if s.optLit(`,"client_id":"`) {
		id = s.str()
	}
	s.lit(`,"author":{"kind":"`)
	kind := s.str()
	if !s.ok {
		return false
	}
	f.kind, f.seq, f.clientID = kindMessage, seq, id
	switch string(kind) { // no allocation: compared, not converted
	case "visitor":
		f.author = "visitor"
	case "bot":
		f.author = "bot"
	case "agent":
		f.author = "agent"
	default:
		f.author = "other"
	}
	return true
}

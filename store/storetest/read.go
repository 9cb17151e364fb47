package storetest

import (
	"context"
	"testing"

	"github.com/parley-chat/parley"
)

// ReadStore keeps both sides' read markers of a conversation.
type ReadStore interface {
	// ReadMarks returns the visitor's marker (SetRead) and the agents'
	// (SetAgentRead); an unknown conversation is ErrNotFound.
	ReadMarks(ctx context.Context, conversationID string) (parley.ReadMarks, error)
	// SetAgentRead raises the agents' marker to seq and reports whether it
	// rose (lower and equal seqs leave it, no error); a seq outside
	// 0..last seq is EINVALID.
	SetAgentRead(ctx context.Context, conversationID string, seq int64) (bool, error)
}

var readTests = []test{
	{"BothSides", func(t *testing.T, s Store) {
		rs, ok := s.(ReadStore)
		if !ok {
			t.Fatalf("%T keeps no agent read marker", s)
		}
		site := mustSite(t, s)
		_, sess := mustSession(t, s, site.ID)
		conv := sess.Conversation.ID
		for range 4 {
			mustAppend(t, s, visitorMsg(conv, "x"))
		}
		want := func(step string, v, a int64) {
			t.Helper()
			got, err := rs.ReadMarks(ctx(t), conv)
			if err != nil || got != (parley.ReadMarks{Visitor: v, Agent: a}) {
				t.Fatalf("%s: ReadMarks = %+v, %v; want visitor %d, agent %d", step, got, err, v, a)
			}
		}
		want("fresh", 0, 0)
		for i, step := range []struct {
			seq    int64
			raised bool
			want   int64
		}{{2, true, 2}, {1, false, 2}, {2, false, 2}, {4, true, 4}, {0, false, 4}} {
			raised, err := rs.SetAgentRead(ctx(t), conv, step.seq)
			if err != nil || raised != step.raised {
				t.Fatalf("step %d: SetAgentRead(%d) = %v, %v; want %v", i, step.seq, raised, err, step.raised)
			}
			want("agent step", 0, step.want)
		}
		if err := s.SetRead(ctx(t), conv, 3); err != nil {
			t.Fatal(err)
		}
		want("visitor read", 3, 4) // the two markers are apart
		_, err := rs.SetAgentRead(ctx(t), conv, 5)
		wantCode(t, err, parley.EINVALID)
		_, err = rs.SetAgentRead(ctx(t), conv, -1)
		wantCode(t, err, parley.EINVALID)
		_, err = rs.SetAgentRead(ctx(t), parley.NewID(), 1)
		wantNotFound(t, "SetAgentRead unknown", err)
		_, err = rs.ReadMarks(ctx(t), parley.NewID())
		wantNotFound(t, "ReadMarks unknown", err)
	}},
}

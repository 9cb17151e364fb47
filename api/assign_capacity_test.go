package api

import (
	"context"
	"testing"

	"github.com/parley-chat/parley"
)

// TestAssignIgnoresCapacity: capacity limits the router only. An agent at
// capacity may still take a conversation ("to me", or by replying to a
// queued one), and an admin may still assign one to a full agent.
func TestAssignIgnoresCapacity(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ana, root := f.login(t, "ana@example.com"), f.login(t, "root@example.com")
	site, err := f.db.SiteByKey(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	queued := func() string {
		t.Helper()
		sess, err := f.db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Enqueue(ctx, sess.Conversation.ID, parley.Conversation{Team: "l1"}); err != nil {
			t.Fatal(err)
		}
		return sess.Conversation.ID
	}
	fill := func(a parley.Agent) {
		t.Helper()
		for n, _ := f.db.AssignedCount(ctx, a.ID); n < a.Capacity; n++ {
			if _, err := f.db.Claim(ctx, queued(), a.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.db.Claim(ctx, queued(), a.ID); parley.ErrorCode(err) != parley.ECONFLICT {
			t.Fatalf("routing a conversation to a full agent: %v, want conflict", err)
		}
	}
	fill(f.agent)
	fill(f.other)
	assignee := func(id string) string {
		t.Helper()
		c, err := f.db.Conversation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c.AssigneeID
	}

	base := "/api/v1/conversations/"
	if st, out := f.call(t, "POST", base+f.convID+"/assign", ana, map[string]string{}); st != 200 || assignee(f.convID) != f.agent.ID {
		t.Errorf("a full agent takes a conversation: %d %v", st, out)
	}
	id := queued()
	if st, out := f.call(t, "POST", base+id+"/assign", root, map[string]string{"agent_id": f.other.ID}); st != 200 || assignee(id) != f.other.ID {
		t.Errorf("an admin assigns to a full agent: %d %v", st, out)
	}
	id = queued()
	if st, out := f.call(t, "POST", base+id+"/messages", ana, map[string]any{"text": "I'm on it"}); st != 201 || assignee(id) != f.agent.ID {
		t.Errorf("a full agent replies to a queued conversation: %d %v", st, out)
	}
	if n, _ := f.db.AssignedCount(ctx, f.agent.ID); n != f.agent.Capacity+2 {
		t.Errorf("Ana holds %d, want %d", n, f.agent.Capacity+2)
	}
}

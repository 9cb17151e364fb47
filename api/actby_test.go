package api

import (
	"strings"
	"testing"
)

// TestOthersConversationIsOffLimits: once Ana has a conversation, Bo may not
// reply, note, transfer or resolve it (409 naming why); an admin may.
func TestOthersConversationIsOffLimits(t *testing.T) {
	f := newFixture(t)
	ana, bo, root := f.login(t, "ana@example.com"), f.login(t, "bo@example.com"), f.login(t, "root@example.com")
	base := "/api/v1/conversations/" + f.convID
	if st, out := f.call(t, "POST", base+"/assign", ana, map[string]string{}); st != 200 {
		t.Fatalf("assign to Ana: %d %v", st, out)
	}
	for _, c := range []struct {
		name, path string
		body       any
	}{
		{"reply", "/messages", map[string]any{"text": "I'll take it"}},
		{"note", "/messages", map[string]any{"text": "psst", "private": true}},
		{"transfer", "/transfer", map[string]string{"team": "billing"}},
		{"resolve", "/resolve", nil},
	} {
		st, out := f.call(t, "POST", base+c.path, bo, c.body)
		e, _ := out["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if st != 409 || errCode(out) != "conflict" || !strings.Contains(msg, "assigned to another agent") {
			t.Errorf("Bo's %s on Ana's conversation: %d %v", c.name, st, out)
		}
	}
	_, out := f.call(t, "GET", base, ana, nil)
	if c := out["conversation"].(map[string]any); c["mode"] != "assigned" || c["assignee_id"] != f.agent.ID || len(out["messages"].([]any)) != 1 {
		t.Fatalf("Bo's refused actions changed the conversation: %v", out)
	}
	if st, out := f.call(t, "POST", base+"/messages", root, map[string]any{"text": "admin note", "private": true}); st != 201 {
		t.Fatalf("admin note: %d %v", st, out)
	}
	if st, out := f.call(t, "POST", base+"/transfer", root, map[string]string{"team": "billing"}); st != 200 {
		t.Fatalf("admin transfer: %d %v", st, out)
	}
	// Back in the queue, anyone may act again.
	if st, out := f.call(t, "POST", base+"/messages", bo, map[string]any{"text": "note on a queued one", "private": true}); st != 201 {
		t.Fatalf("note on a queued conversation: %d %v", st, out)
	}
}

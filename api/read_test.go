package api

import (
	"context"
	"sync"
	"testing"

	"github.com/parley-chat/parley"
)

type publishRecorder struct {
	mu  sync.Mutex
	evs []parley.Event
}

func (p *publishRecorder) Publish(_ context.Context, ev parley.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.evs = append(p.evs, ev)
	return nil
}

func TestReadMarkers(t *testing.T) {
	f := newFixture(t)
	pub := &publishRecorder{}
	f.api.cfg.Publisher = pub
	ctx := context.Background()
	f.db.AppendMessage(ctx, parley.Message{ConversationID: f.convID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "still there?"})
	if err := f.db.SetRead(ctx, f.convID, 1); err != nil {
		t.Fatal(err)
	}
	ana := f.login(t, "ana@example.com")
	path := "/api/v1/conversations/" + f.convID + "/read"
	marks := func(out map[string]any) (int64, int64) {
		r, _ := out["read"].(map[string]any)
		v, _ := r["visitor_seq"].(float64)
		a, _ := r["agent_seq"].(float64)
		return int64(v), int64(a)
	}
	if st, out := f.call(t, "GET", path, ana, nil); st != 200 {
		t.Fatalf("GET read: %d %v", st, out)
	} else if v, a := marks(out); v != 1 || a != 0 {
		t.Errorf("GET read = visitor %d, agent %d; want 1, 0", v, a)
	}
	for i, step := range []struct{ seq, want int64 }{{2, 2}, {1, 2}, {2, 2}} {
		st, out := f.call(t, "POST", path, ana, map[string]any{"seq": step.seq})
		if v, a := marks(out); st != 200 || v != 1 || a != step.want {
			t.Errorf("step %d: POST seq %d: %d %v", i, step.seq, st, out)
		}
	}
	pub.mu.Lock()
	evs := pub.evs
	pub.mu.Unlock()
	if len(evs) != 1 || evs[0].Kind != parley.EventRead || evs[0].Seq != 2 || evs[0].Author == nil ||
		evs[0].Author.Kind != parley.AuthorAgent || evs[0].Author.ID != f.agent.ID || evs[0].ConversationID != f.convID {
		t.Errorf("published %+v; want one agent read at 2", evs)
	}
	for _, tc := range []struct {
		path string
		body any
		code string
	}{
		{path, map[string]any{"seq": 3}, parley.EINVALID},
		{path, map[string]any{"seq": -1}, parley.EINVALID},
		{path, map[string]any{"seq": "2"}, parley.EINVALID},
		{"/api/v1/conversations/" + parley.NewID() + "/read", map[string]any{"seq": 1}, parley.ENOTFOUND},
	} {
		if _, out := f.call(t, "POST", tc.path, ana, tc.body); errCode(out) != tc.code {
			t.Errorf("POST %s %v: %v; want %s", tc.path, tc.body, out, tc.code)
		}
	}
	if st, _ := f.call(t, "GET", path, "", nil); st != 401 {
		t.Errorf("GET read signed out: %d", st)
	}
}

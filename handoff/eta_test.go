package handoff

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/sqlite"
)

// TestETAUsesMeasuredHandlingTime: until five conversations have been
// handled, ETAs assume the configured length; then the measured median.
func TestETAUsesMeasuredHandlingTime(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "eta.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, _ := db.EnsureSite(ctx, parley.Site{Key: "eta"})
	agent, err := db.CreateAgent(ctx, parley.Agent{Email: "a@example.com", Capacity: 50}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	d := New(Config{Handling: db, HandlingTime: 6 * time.Minute})
	now := time.Now().UTC()
	handled := func(took time.Duration) {
		sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err == nil {
			_, err = db.Enqueue(ctx, sess.Conversation.ID, parley.Conversation{QueuedAt: now})
		}
		if err == nil {
			_, err = db.Claim(ctx, sess.Conversation.ID, agent.ID)
		}
		start := now.Add(-time.Hour)
		if err == nil {
			err = db.MarkResponse(ctx, sess.Conversation.ID, start, time.Time{})
		}
		if err == nil {
			_, err = db.Resolve(ctx, sess.Conversation.ID, start.Add(took))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []int{12, 3, 10, 15} {
		handled(time.Duration(m) * time.Minute)
	}
	d.measureHandling(ctx, now)
	if got := d.handlingTime(); got != 6*time.Minute {
		t.Fatalf("with 4 handled: %v; want the configured 6m", got)
	}
	handled(11 * time.Minute)
	d.measureHandling(ctx, now)
	if got := d.handlingTime(); got != 11*time.Minute {
		t.Fatalf("with 5 handled (3, 10, 11, 12, 15 min): %v; want the median 11m", got)
	}
	if eta, ok := ETA(3, 1, 1, d.handlingTime()); !ok || eta != 33*time.Minute {
		t.Errorf("ETA(3rd, one busy seat) = %v, %v; want three handling times", eta, ok)
	}
}

package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
)

// TestClaimNextSkipsLocked holds the queue's first conversation locked in
// another transaction (as a claim on another node does mid-flight):
// ClaimNext must take the second at once instead of waiting, and take the
// first once the lock is gone. A Claim of the locked one waits for it.
func TestClaimNextSkipsLocked(t *testing.T) {
	dsn, _ := freshSchema(t)
	db := mustOpen(t, dsn)
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	var convs []string
	for _, u := range []parley.Urgency{parley.UrgencyCritical, parley.UrgencyNormal} {
		s, err := db.CreateSession(t.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enqueue(t.Context(), s.Conversation.ID, parley.Conversation{Urgency: u}); err != nil {
			t.Fatal(err)
		}
		convs = append(convs, s.Conversation.ID)
	}
	agent, err := db.CreateAgent(t.Context(), parley.Agent{Email: "a@x.io"}, []byte("h"))
	if err != nil {
		t.Fatal(err)
	}
	holder, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close(context.Background())
	tx, err := holder.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(t.Context(), `SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, convs[0]); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	start := time.Now()
	c, err := db.ClaimNext(ctx, agent.ID, nil, nil)
	if err != nil || c.ID != convs[1] {
		t.Fatalf("ClaimNext with the first locked = %+v, %v (after %v); want the second, without waiting", c, err, time.Since(start))
	}
	short, cancelShort := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancelShort()
	if _, err := db.Claim(short, convs[0], agent.ID); err == nil {
		t.Fatalf("Claim of a locked conversation did not wait for the lock")
	}
	if err := tx.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	if c, err = db.ClaimNext(ctx, agent.ID, nil, nil); err != nil || c.ID != convs[0] {
		t.Fatalf("ClaimNext after the lock = %+v, %v; want the first", c, err)
	}
}

package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
	"github.com/parley-chat/parley/store/postgres"
)

// TestAppendBatchRefusedRunsAlone: concurrent appends share a batch, so
// one the server refuses (a message id already taken) rolls the batch
// back; each append then runs alone, so only that one fails and every
// conversation's seqs stay 1..n with no gap.
func TestAppendBatchRefusedRunsAlone(t *testing.T) {
	dsn, _ := freshSchema(t)
	db := mustOpen(t, dsn)
	ctx := t.Context()
	const convs, each = 8, 20
	newConv := conversationMaker(t, db, "batch")
	ids := make([]string, convs)
	for i := range ids {
		ids[i] = newConv()
	}
	taken := parley.NewID()
	if _, _, err := db.AppendMessage(ctx, parley.Message{ID: taken, ConversationID: ids[0], Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "first"}); err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		errs := make(chan error, convs*each)
		start := make(chan struct{})
		done := make(chan struct{})
		for i := range convs * each {
			go func() {
				defer func() { done <- struct{}{} }()
				<-start
				m := parley.Message{ConversationID: ids[i%convs], Author: parley.Author{Kind: parley.AuthorVisitor},
					Text: fmt.Sprint(round, i), ClientID: fmt.Sprintf("r%d-%d", round, i)}
				if i == convs*each/2 {
					m.ID = taken
				}
				if _, _, err := db.AppendMessage(ctx, m); err != nil {
					errs <- err
				}
			}()
		}
		close(start)
		for range convs * each {
			<-done
		}
		close(errs)
		n := 0
		for err := range errs {
			n++
			if parley.ErrorCode(err) != parley.ECONFLICT {
				t.Errorf("round %d: %v, want ECONFLICT for the taken id only", round, err)
			}
		}
		if n != 1 {
			t.Errorf("round %d: %d appends failed, want 1", round, n)
		}
	}
	// /metrics' group-commit counters: every append counted once, and the
	// concurrent ones shared commits.
	if commits, appends, waited := db.GroupCommits().GroupCommits(); appends != 1+5*convs*each || commits < 1 || commits >= appends || waited <= 0 {
		t.Errorf("GroupCommits() = %d commits, %d appends, waited %s; want %d appends in fewer commits", commits, appends, waited, 1+5*convs*each)
	}
	if waits := db.GroupCommits().Waits(); waits[len(waits)-1] == 0 || waits[len(waits)-1] > uint64(1+5*convs*each) {
		t.Errorf("appends in the wait histogram's buckets: %d of %d", waits[len(waits)-1], 1+5*convs*each)
	}
	for i, id := range ids {
		ms, err := db.Messages(ctx, id, 0, 1000, true)
		if err != nil {
			t.Fatal(err)
		}
		want := 5 * each
		if i == 0 {
			want++
		}
		if i == (convs*each/2)%convs {
			want -= 5
		}
		if len(ms) != want {
			t.Errorf("conversation %d: %d messages, want %d", i, len(ms), want)
		}
		for j, m := range ms {
			if m.Seq != int64(j+1) {
				t.Fatalf("conversation %d: seq %d at %d, want no gaps", i, m.Seq, j)
			}
		}
	}
}

// TestAppendNotHeldBehindAnotherConversation: while one conversation's row
// is locked (a turn in its transaction, or a batch waiting for a core), its
// append waits; an append to a conversation of another group commit must
// still be stored and answered.
func TestAppendNotHeldBehindAnotherConversation(t *testing.T) {
	dsn, _ := freshSchema(t)
	db := mustOpen(t, dsn)
	ctx := t.Context()
	newConv := conversationMaker(t, db, "shards")
	locked, other := newConv(), newConv()
	for postgres.AppendShard(other) == postgres.AppendShard(locked) {
		other = newConv()
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, locked); err != nil {
		t.Fatal(err)
	}
	held := make(chan error, 1)
	go func() {
		_, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: locked, ClientID: "held",
			Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "waits for the lock"})
		held <- err
	}()
	testenv.Eventually(t, 10*time.Second, func() bool {
		select {
		case err := <-held:
			t.Fatalf("append to the locked conversation returned (%v) while its row was locked", err)
		default:
		}
		// The activity view is a snapshot per transaction (conn is in tx).
		if _, err := conn.Exec(ctx, `SELECT pg_stat_clear_snapshot()`); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO messages%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}, "the append to the locked conversation waiting for its row lock")
	actx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	m, _, err := db.AppendMessage(actx, parley.Message{ConversationID: other, ClientID: "free",
		Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "another conversation"})
	if err != nil {
		t.Fatalf("append to another conversation while one row is locked: %v (held behind its batch)", err)
	}
	if m.Seq != 1 {
		t.Errorf("seq %d, want 1", m.Seq)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-held; err != nil {
		t.Fatalf("the held append after the lock was released: %v", err)
	}
}

// conversationMaker makes a site with key and returns a function that opens
// a new conversation on it.
func conversationMaker(t *testing.T, db *postgres.DB, key string) func() string {
	t.Helper()
	site, err := db.EnsureSite(t.Context(), parley.Site{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return func() string {
		s, err := db.CreateSession(t.Context(), site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			t.Fatal(err)
		}
		return s.Conversation.ID
	}
}

package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/report"
	"github.com/parley-chat/parley/store/postgres"
)

// TestAppendsAndReportsHaveTheirOwnConnections: while other work holds
// every connection of the general pool, an append (what a visitor's ack
// waits for) and a report are still answered.
func TestAppendsAndReportsHaveTheirOwnConnections(t *testing.T) {
	dsn, _ := freshSchema(t)
	db := mustOpen(t, dsn)
	ctx := t.Context()
	conv := conversationMaker(t, db, "pools")()
	release, err := postgres.HoldConns(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer release()

	actx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	m, created, err := db.AppendMessage(actx, parley.Message{ConversationID: conv, ClientID: "c1",
		Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "while the pool is busy"})
	if err != nil || !created || m.Seq != 1 {
		t.Fatalf("append while the general pool is held: %+v created=%v err=%v (waiting for a connection?)", m, created, err)
	}
	buckets, err := db.ReportBuckets(actx, report.Query{From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Minute)}, false)
	if err != nil {
		t.Fatalf("report while the general pool is held: %v", err)
	}
	if len(buckets) != 1 || buckets[0].Conversations != 1 {
		t.Errorf("report buckets %+v, want one with the one conversation", buckets)
	}
}

// TestPoolSizes: the general pool takes pool_max_conns and pool_min_conns
// from the URL, else DefaultMaxConns; the appends have one connection per
// group commit.
func TestPoolSizes(t *testing.T) {
	dsn, _ := freshSchema(t)
	if got := postgres.PoolSizes(mustOpen(t, dsn)); got != [3]int32{postgres.DefaultMaxConns, 4, 6} {
		t.Errorf("pool sizes %v, want [%d 4 6]", got, postgres.DefaultMaxConns)
	}
	if got := postgres.PoolSizes(mustOpen(t, dsn+"&pool_max_conns=3")); got[0] != 3 {
		t.Errorf("general pool with pool_max_conns=3: %d", got[0])
	}
	// pool_min_conns is the general pool's floor, not each pool's: the
	// appends keep their connections open whatever it says, the reports
	// none idle.
	if got := postgres.PoolMins(mustOpen(t, dsn+"&pool_min_conns=2")); got != [3]int32{2, 4, 0} {
		t.Errorf("idle floors with pool_min_conns=2: %v, want [2 4 0]", got)
	}
	if got := postgres.PoolMins(mustOpen(t, dsn+"&pool_min_conns=20&pool_max_conns=3")); got[0] != 3 {
		t.Errorf("pool_min_conns above pool_max_conns: general floor %d, want the pool's size 3", got[0])
	}
}

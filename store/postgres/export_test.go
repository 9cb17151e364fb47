package postgres

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/sqlstore"
)

// AppendShard is appendShard, for the test that holds one shard's row lock.
var AppendShard = appendShard

// Plans lists the queries the plan test checks: the table whose index each
// must use, that index, literal arguments ('%s' is a conversation id), and
// whether the index must also give the order (no sort: a page or the last
// row must not read the whole conversation).
var Plans = []struct {
	Name, Query, Table, Index, Args string
	Ordered                         bool
}{
	{"Messages", qMessages, "messages", "messages_pkey", `'%s', 10, false, 50`, true},
	{"client id", qMessageByClientID, "messages", "messages_client_id", `'%s', 'c7'`, false},
	{"Feedback", sqlstore.QFeedback, "message_feedback", "message_feedback_pkey", `'%s'`, false},
	{"Decisions", sqlstore.QDecisions, "decisions", "decisions_conversation", `'%s'`, false},
	// The queue is read from its partial index in queue order, however many
	// conversations there are; an agent's load from conversations_assigned.
	{"Queue", queueSQL(parley.QueueFilter{Mode: parley.ModeQueued}), "conversations", "conversations_queue", `50`, true},
	{"Queue by site and team", queueSQL(parley.QueueFilter{Mode: parley.ModeQueued, SiteID: "s", Team: "t"}),
		"conversations", "conversations_queue", `'%s', 'l1', 50`, false}, // may sort its part of the queue
	{"AssignedCount", sqlstore.QAssignedCount, "conversations", "conversations_assigned", `'agent7'`, false},
	{"Queue assigned to one", queueSQL(parley.QueueFilter{Mode: parley.ModeAssigned, AssigneeID: "a"}),
		"conversations", "conversations_assigned", `'agent7', 50`, false},
	{"Queue assigned", queueSQL(parley.QueueFilter{Mode: parley.ModeAssigned}), "conversations", "conversations_assigned", `50`, false},
	{"claim's agent lock", sqlstore.LockAgentQuery(shared), "agents", "agents_pkey", `'agent7'`, false},
}

func queueSQL(f parley.QueueFilter) string {
	q, _ := sqlstore.QueueQuery(shared, f)
	return q
}

// Counts is what OpenCounting counts.
type Counts struct {
	RoundTrips atomic.Int64 // a statement outside a batch (BEGIN and COMMIT included) or a batch
	Statements atomic.Int64 // every statement, in a batch or not
}

// OpenCounting is Open with every round trip and statement counted into n.
func OpenCounting(ctx context.Context, url string, n *Counts) (*DB, error) {
	return open(ctx, url, func(cfg *pgxpool.Config) { cfg.ConnConfig.Tracer = counting{n} })
}

type counting struct{ n *Counts }

func (c counting) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.RoundTrips.Add(1)
	c.n.Statements.Add(1)
	return ctx
}

func (counting) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c counting) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.n.RoundTrips.Add(1)
	return ctx
}

func (c counting) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.n.Statements.Add(1)
}
func (counting) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// HoldConns takes every connection of db's general pool until release is
// called, as a burst of the desk's work would.
func HoldConns(ctx context.Context, db *DB) (release func(), err error) {
	var held []*pgxpool.Conn
	release = func() {
		for _, c := range held {
			c.Release()
		}
	}
	for range db.pool.Config().MaxConns {
		c, err := db.pool.Acquire(ctx)
		if err != nil {
			release()
			return nil, err
		}
		held = append(held, c)
	}
	return release, nil
}

// PoolSizes are the pools' largest sizes: general, appends, reports.
func PoolSizes(db *DB) [3]int32 {
	return [3]int32{db.pool.Config().MaxConns, db.appendsDB.Config().MaxConns, db.reportsDB.Config().MaxConns}
}

// PoolMins are the pools' idle floors: general, appends, reports.
func PoolMins(db *DB) [3]int32 {
	return [3]int32{db.pool.Config().MinConns, db.appendsDB.Config().MinConns, db.reportsDB.Config().MinConns}
}

package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/postgres"
)

// The bot's turn on PostgreSQL: TurnState is one statement for a queued
// conversation and two round trips of four statements for the bot's.
// CommitTurn on the state's read of the conversation (Turn.Basis) is one
// statement in one round trip, after the activity lock on a handoff, and no
// BEGIN or COMMIT; on a read the visitor has made stale meanwhile, that
// statement writes nothing and the conversation and the reply's earlier
// copy are read again (one batch) before the turn's statement: three. A
// retry (no basis) is two: that batch, then the earlier reply's decision.
// Each round trip and each statement costs the server CPU, so one sent
// alone again, or one more per message, shows here.
func TestTurnRoundTrips(t *testing.T) {
	dsn, _ := freshSchema(t)
	var n postgres.Counts
	db, err := postgres.OpenCounting(context.Background(), dsn, &n)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := t.Context()
	site, err := db.EnsureSite(ctx, parley.Site{Key: "k-" + parley.NewID(), Name: "Example"})
	if err != nil {
		t.Fatal(err)
	}
	visitorSays := func(conv string, i int) int64 {
		m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorVisitor},
			Text: "how do I reset my password", ClientID: fmt.Sprint("v", i)})
		if err != nil {
			t.Fatal(err)
		}
		return m.Seq
	}
	turn := func(conv string, seq int64, action parley.Action) parley.Turn {
		tn := parley.Turn{Decision: parley.Decision{ConversationID: conv, MessageSeq: seq, Action: action, Language: "en", Intent: "password"},
			Reply: &parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot, Name: "Parley"},
				Text: "Reset it here", ClientID: fmt.Sprint("bot:", seq)}}
		if action == parley.ActionHandoff {
			tn.Handoff = &parley.Conversation{Team: "support", Urgency: parley.UrgencyHigh, HandoffReason: "human_requested"}
		}
		return tn
	}
	count := func(what string, want, statements int64, fn func() error) {
		t.Helper()
		n.RoundTrips.Store(0)
		n.Statements.Store(0)
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := n.RoundTrips.Load(); got != want {
			t.Errorf("%s: %d round trips, want %d", what, got, want)
		}
		if got := n.Statements.Load(); got != statements {
			t.Errorf("%s: %d statements, want %d", what, got, statements)
		}
	}
	for round := range 2 { // the first warms the statement cache
		sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
		if err != nil {
			t.Fatal(err)
		}
		conv := sess.Conversation.ID
		check := count
		if round == 0 {
			check = func(what string, _, _ int64, fn func() error) {
				if err := fn(); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
		}
		seq := visitorSays(conv, 1)
		var st parley.TurnState
		state := func() error { var err error; st, err = db.TurnState(ctx, conv, seq); return err }
		onState := func(tn parley.Turn) parley.Turn { tn.Basis, tn.BasisVersion = st.Conversation, st.Version; return tn }
		check("TurnState", 2, 4, state)
		check("CommitTurn answer on the state's read", 1, 1, func() error {
			_, err := db.CommitTurn(ctx, onState(turn(conv, seq, parley.ActionAnswer)))
			return err
		})
		check("CommitTurn retried", 2, 3, func() error {
			res, err := db.CommitTurn(ctx, turn(conv, seq, parley.ActionAnswer))
			if err == nil && !res.Retried {
				err = fmt.Errorf("not a retry: %+v", res)
			}
			return err
		})
		seq = visitorSays(conv, 2)
		check("TurnState after a reply", 2, 4, state)
		visitorSays(conv, 20) // the state's read is stale now
		check("CommitTurn on a stale read", 3, 4, func() error {
			_, err := db.CommitTurn(ctx, onState(turn(conv, seq, parley.ActionAnswer)))
			return err
		})
		seq = visitorSays(conv, 21)
		check("TurnState before a handoff", 2, 4, state)
		check("CommitTurn handoff on the state's read", 1, 2, func() error {
			_, err := db.CommitTurn(ctx, onState(turn(conv, seq, parley.ActionHandoff)))
			return err
		})
		check("CommitTurn handoff retried", 2, 3, func() error {
			res, err := db.CommitTurn(ctx, turn(conv, seq, parley.ActionHandoff))
			if err == nil && !res.Retried {
				err = fmt.Errorf("not a retry: %+v", res)
			}
			return err
		})
		seq = visitorSays(conv, 3)
		check("TurnState queued", 1, 1, func() error {
			st, err := db.TurnState(ctx, conv, seq)
			if err == nil && (st.Conversation.Mode != parley.ModeQueued || st.History != nil || st.Decisions != nil) {
				err = fmt.Errorf("queued state %+v", st)
			}
			return err
		})
	}
}

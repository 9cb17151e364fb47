package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The bot's turn without a held lock, where the dialect has a row version
// (Dialect.RowVersion, PostgreSQL's xmin): the turn's state read the
// conversation and its version (Turn.Basis), and one statement writes the
// turn if the conversation's row is still that version; after that, one
// round trip reads the conversation, its version and the reply's earlier
// copy before each further try. The
// locked transaction (commitTurn) holds the conversation's row from its
// first round trip to its COMMIT, and every append to that conversation,
// with the whole group commit it rides in, waits behind it; here the row is
// held only while the one statement runs. A row that moved (an append, a
// read receipt, an agent) is read again.

// casTurns is how many times a turn is written without the lock, the try on
// the state's read (Turn.Basis) included, before it takes the
// conversation's lock instead (commitTurn), so a busy conversation still
// makes progress.
const casTurns = 3

// commitTurnCAS tries the turn t once: done is false when the conversation
// moved between the read and the write (nothing was stored), or when the
// write met a unique violation, which the locked transaction sorts out
// (a retried decision id, a taken message id).
//
// onBasis writes against the conversation the turn's state read
// (Turn.Basis) without reading it again: on a quiet conversation the turn
// is one round trip. A basis that has moved, or that would not take the
// turn (it may be stale), stores nothing and is not done; a reply stored
// already meets the unique client id, and the next try reads.
func (c *Core) commitTurnCAS(ctx context.Context, t parley.Turn, now time.Time, onBasis bool) (res parley.TurnResult, done bool, err error) {
	err = c.auto(ctx, "commit turn", func(q Q) error {
		res, done = parley.TurnResult{}, false
		conv, version := t.Basis, t.BasisVersion
		if !onBasis {
			var prev *parley.Message
			var err error
			if conv, version, prev, err = c.readTurn(ctx, q, t); err != nil {
				return err
			}
			if prev != nil {
				res, done = parley.TurnResult{Conversation: conv, Reply: prev, Retried: true}, true
				return c.earlierDecision(ctx, q, &res)
			}
		}
		next, taken, err := conv.TakeTurn(t, now)
		if onBasis && (err != nil || !taken) {
			return nil
		}
		if err != nil || !taken {
			res, done = parley.TurnResult{Conversation: conv, Dropped: true}, err == nil
			return err
		}
		res = turnResult(t, next)
		var updated int64
		err = c.batch(ctx, q, c.casWrites(res, version, t.Handoff != nil, now, &updated))
		switch {
		case err != nil && c.d.IsUnique(err):
			return nil // not done: the locked transaction says what it was
		case err != nil:
			return err
		}
		done = updated == 1
		return nil
	})
	return res, done, err
}

// turnResult is what taking t stores, next the conversation after it (its
// times at the stored precision, as both paths write them).
func turnResult(t parley.Turn, next parley.Conversation) parley.TurnResult {
	next = codec.ConversationTimes(next)
	res := parley.TurnResult{Conversation: next, Decision: t.Decision}
	if t.Reply != nil {
		m := *t.Reply
		m.Seq, res.Decision.ReplySeq = next.LastSeq, next.LastSeq
		res.Reply = &m
	}
	return res
}

// readTurn reads the conversation with its row version and, for a reply,
// the message that already has its client id (prev; nil for none), in one
// round trip.
func (c *Core) readTurn(ctx context.Context, q Q, t parley.Turn) (conv parley.Conversation, version string, prev *parley.Message, err error) {
	id := t.Decision.ConversationID
	stmts := []Stmt{{SQL: c.sql(`SELECT ` + convCols + `, ` + c.d.RowVersion + ` FROM conversations WHERE id = $1`),
		Args: []any{id}, Rows: oneRow(c, "conversation", &conv, func(r Row) (parley.Conversation, error) {
			var v parley.Conversation
			err := r.Scan(append(c.convDests(&v), &version)...)
			return v, err
		})}}
	var prevs []parley.Message
	if t.Reply != nil {
		stmts = append(stmts, Stmt{SQL: c.sql(qTurnReplyByClientID), Args: []any{id, t.Reply.ClientID},
			Rows: allRows(&prevs, "reply by client id", c.turnMessage)})
	}
	if err := c.batch(ctx, q, stmts); err != nil {
		return conv, "", nil, err
	}
	if len(prevs) > 0 {
		prev = &prevs[0]
	}
	return conv, version, prev, nil
}

// earlierDecision fills res.Decision with the decision that named the
// retried reply, if there is one (a reply stored by AppendMessage has none).
func (c *Core) earlierDecision(ctx context.Context, q Q, res *parley.TurnResult) error {
	var ds []parley.Decision
	err := c.batch(ctx, q, []Stmt{{SQL: c.sql(`SELECT ` + turnDecisionCols + ` FROM decisions WHERE conversation_id = $1 AND reply_seq = $2`),
		Args: []any{res.Reply.ConversationID, res.Reply.Seq}, Rows: allRows(&ds, "earlier decision", c.turnDecision)}})
	if len(ds) > 0 {
		res.Decision = ds[0]
	}
	return err
}

// casWrites is the turn res as one statement, written only while the
// conversation's row is still version (*updated gets 1, else 0 and nothing
// is stored): the conversation, the reply, the decision and, on a handoff,
// its activity, each insert drawing its row from the update's. A handoff
// first takes the activity lock (Dialect.LockActivities), before the
// statement takes the row's, so the row is not held while it waits.
func (c *Core) casWrites(res parley.TurnResult, version string, handoff bool, now time.Time, updated *int64) []Stmt {
	var p typedParams
	next := res.Conversation
	var b strings.Builder
	set := assign(turnConvCols, p.add(c.turnConvRow(next)))
	key := p.add(row{[]any{next.ID, version}, []string{"text", "text"}})
	fmt.Fprintf(&b, `WITH up AS (UPDATE conversations SET %s WHERE id = %s AND `+c.d.RowVersion+` = %s RETURNING id)`, set, key[0], key[1])
	if m := res.Reply; m != nil {
		fmt.Fprintf(&b, `, m AS (INSERT INTO messages (`+turnMsgCols+`) SELECT %s FROM up)`, strings.Join(p.add(c.turnReplyRow(m)), ", "))
	}
	fmt.Fprintf(&b, `, d AS (INSERT INTO decisions (`+turnDecisionCols+`) SELECT %s FROM up)`, strings.Join(p.add(c.turnDecisionRow(res.Decision)), ", "))
	var stmts []Stmt
	if handoff {
		if c.d.LockActivities != "" {
			stmts = append(stmts, Stmt{SQL: c.d.LockActivities, Err: wrapErr("activity lock")})
		}
		a := next.Activity(parley.ActivityHandedOff, now)
		fmt.Fprintf(&b, `, a AS (INSERT INTO activities (`+activityCols+`) SELECT %s FROM up)`, strings.Join(p.add(c.activityRow(a)), ", "))
	}
	b.WriteString(` SELECT count(*) FROM up`)
	return append(stmts, Stmt{SQL: b.String(), Args: p.args, Err: wrapErr("write turn"),
		Rows: func(r Rows) error {
			if !r.Next() {
				return fmt.Errorf("write turn: no count: %w", r.Err())
			}
			return r.Scan(updated)
		}})
}

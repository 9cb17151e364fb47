package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// The bot's turn: one read of what it needs, one transaction for what it
// decided (parley.Turn).

const (
	turnMsgCols      = `id, conversation_id, seq, client_id, author_kind, author_id, author_name, text, private, meta, created_at`
	turnDecisionCols = `id, conversation_id, message_seq, reply_seq, action, handoff_reason, intent, confidence,
		language, urgency, frustrated, reasons, articles, created_at`
)

func (c *Core) turnMessage(r Row) (parley.Message, error) {
	var m parley.Message
	var meta []byte
	err := r.Scan(&m.ID, &m.ConversationID, &m.Seq, &m.ClientID, &m.Author.Kind, &m.Author.ID, &m.Author.Name,
		&m.Text, &m.Private, &meta, c.d.TimeDest(&m.CreatedAt))
	if len(meta) > 0 {
		m.Meta = meta
	}
	return m, err
}

func (c *Core) turnDecision(r Row) (parley.Decision, error) {
	var d parley.Decision
	var reasons, articles []byte
	if err := r.Scan(&d.ID, &d.ConversationID, &d.MessageSeq, &d.ReplySeq, &d.Action, &d.HandoffReason, &d.Intent,
		&d.Confidence, &d.Language, &d.Urgency, &d.Frustrated, &reasons, &articles, c.d.TimeDest(&d.CreatedAt)); err != nil {
		return d, err
	}
	if err := codec.ParseDecision(&d, reasons, articles); err != nil {
		return d, fmt.Errorf("decision %s: %w", d.ID, err)
	}
	return d, nil
}

// TurnState reads what the bot's turn on message seq needs
// (parley.TurnState); an unknown conversation is ErrNotFound. The
// conversation and its contact are one statement; only when the
// conversation is the bot's (or resolved) do the history, decisions and
// votes follow (turnStateTail: one more round trip where the driver
// batches). Most visitor messages at load are in queued or assigned
// conversations, and a statement that reads nothing still costs PostgreSQL
// its bind and execute, so the bot's turn pays the round trip instead.
func (c *Core) TurnState(ctx context.Context, conversationID string, seq int64) (parley.TurnState, error) {
	var st parley.TurnState
	err := c.read(ctx, "turn state", func(q Q) error {
		st = parley.TurnState{Feedback: map[int64]bool{}}
		if err := c.batch(ctx, q, []Stmt{c.turnStateHead(conversationID, &st)}); err != nil {
			return err
		}
		if !botsTurn(st.Conversation.Mode) {
			return nil
		}
		var votes []turnVote
		if err := c.batch(ctx, q, c.turnStateTail(conversationID, seq, &st, &votes)); err != nil {
			return err
		}
		for _, v := range votes {
			st.Feedback[v.seq] = v.helpful
		}
		return nil
	})
	if err != nil {
		return parley.TurnState{}, err
	}
	return st, nil
}

// botsTurn reports a mode whose turn state holds the history.
func botsTurn(m parley.Mode) bool { return m == parley.ModeBot || m == parley.ModeResolved }

type turnVote struct {
	seq     int64
	helpful bool
}

// turnHeadSQL reads a conversation, its contact and the row version
// (Dialect.RowVersion, when there is one) in one row; Core.turnHead holds
// it, built once, because each visitor message runs it.
func turnHeadSQL(d Dialect) string {
	version := ""
	if d.RowVersion != "" {
		version = ", cv." + d.RowVersion
	}
	return `SELECT ` + qualified("cv", convCols) + `, ` + qualified("ct", contactCols) + version + `
	FROM conversations cv JOIN contacts ct ON ct.id = cv.contact_id WHERE cv.id = $1`
}

// turnStateHead reads the conversation, its contact and, where there is
// one, the row's version (turnHeadSQL).
func (c *Core) turnStateHead(id string, st *parley.TurnState) Stmt {
	return Stmt{SQL: c.turnHead, Args: []any{id},
		Rows: oneRow(c, "conversation", st, func(r Row) (parley.TurnState, error) {
			v := *st
			var attrs []byte
			dests := append(c.convDests(&v.Conversation), c.contactDests(&v.Contact, &attrs)...)
			if c.d.RowVersion != "" {
				dests = append(dests, &v.Version)
			}
			if err := r.Scan(dests...); err != nil {
				return v, err
			}
			return v, parseContact(&v.Contact, attrs)
		})}
}

// qualified prefixes each of a comma-separated column list with alias.
func qualified(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// turnStateTail reads the recent messages, decisions and votes, each only
// while the conversation is still the bot's (or resolved): the head's read
// may be older, and a turn taken on an empty history is dropped at commit.
func (c *Core) turnStateTail(id string, seq int64, st *parley.TurnState, votes *[]turnVote) []Stmt {
	const botsTurn = ` AND EXISTS (SELECT 1 FROM conversations WHERE id = $1 AND mode IN ($2, $3))`
	modes := []any{id, string(parley.ModeBot), string(parley.ModeResolved)}
	return []Stmt{
		{SQL: c.sql(`SELECT ` + turnMsgCols + ` FROM messages
			WHERE conversation_id = $1 AND seq > $4 AND NOT private` + botsTurn + ` ORDER BY seq LIMIT $5`),
			Args: append(modes, max(0, seq-parley.TurnHistory), 2*parley.TurnHistory),
			Rows: allRows(&st.History, "history", c.turnMessage)},
		{SQL: c.sql(`SELECT ` + turnDecisionCols + ` FROM decisions WHERE conversation_id = $1` + botsTurn + ` ORDER BY created_at, n`),
			Args: modes, Rows: allRows(&st.Decisions, "decisions", c.turnDecision)},
		{SQL: c.sql(`SELECT seq, helpful FROM message_feedback WHERE conversation_id = $1` + botsTurn),
			Args: modes, Rows: allRows(votes, "feedback", func(r Row) (v turnVote, err error) {
				err = r.Scan(&v.seq, &v.helpful)
				return v, err
			})},
	}
}

// CommitTurn stores a bot turn in one transaction (parley.NewTurn and
// Conversation.TakeTurn): the reply with the conversation's next seq, the
// decision naming it, the language, and on a handoff the queued state with
// its activity; or nothing at all. A conversation out of bot mode stores
// nothing (Dropped); a reply whose client id is stored already returns the
// earlier turn (Retried). Where the dialect has a row version, the turn is
// first written without holding the conversation's lock (commitTurnCAS).
func (c *Core) CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error) {
	now := c.now()
	t, err := parley.NewTurn(t, now)
	if err != nil {
		return parley.TurnResult{}, err
	}
	t.Decision.CreatedAt = codec.Time(t.Decision.CreatedAt)
	if t.Reply != nil {
		t.Reply.CreatedAt = codec.Time(t.Reply.CreatedAt)
	}
	if c.d.RowVersion != "" {
		for i := range casTurns {
			res, done, err := c.commitTurnCAS(ctx, t, now, i == 0 && t.BasisVersion != "" && t.Basis.ID == t.Decision.ConversationID)
			if err != nil {
				return parley.TurnResult{}, err
			}
			if done {
				return res, nil
			}
		}
	}
	var res parley.TurnResult
	err = c.write(ctx, "commit turn", func(q Q) (err error) {
		res, err = c.commitTurn(ctx, q, t, now)
		return err
	})
	if err != nil {
		return parley.TurnResult{}, err
	}
	return res, nil
}

// commitTurn is CommitTurn's transaction: where the driver batches
// (PostgreSQL), one round trip locks and reads (lockTurn), one writes
// (turnWrites), then the commit.
func (c *Core) commitTurn(ctx context.Context, q Q, t parley.Turn, now time.Time) (parley.TurnResult, error) {
	conv, done, err := c.lockTurn(ctx, q, t)
	if err != nil || done.Retried {
		return done, err
	}
	next, taken, err := conv.TakeTurn(t, now)
	if err != nil || !taken {
		return parley.TurnResult{Conversation: conv, Dropped: true}, err
	}
	res := turnResult(t, next)
	var inserted int64
	if err := c.batch(ctx, q, c.turnWrites(res, t.Handoff != nil, now, &inserted)); err != nil {
		return parley.TurnResult{}, err
	}
	if inserted == 0 { // the decision's id was stored already
		if err := c.sameDecision(ctx, q, res.Decision); err != nil {
			return parley.TurnResult{}, err
		}
	}
	return res, nil
}

// lockTurn reads the conversation under its row lock (PostgreSQL: racing
// appends and turns wait, and the client-id lookup after it sees every
// earlier commit) and, for a reply, the earlier turn that stored its client
// id (Retried).
func (c *Core) lockTurn(ctx context.Context, q Q, t parley.Turn) (parley.Conversation, parley.TurnResult, error) {
	var conv parley.Conversation
	var prev []parley.Message
	var prevDecision []parley.Decision
	id := t.Decision.ConversationID
	stmts := []Stmt{{SQL: c.sql(`SELECT ` + convCols + ` FROM conversations WHERE id = $1` + c.lock("UPDATE")),
		Args: []any{id}, Rows: oneRow(c, "conversation", &conv, c.scanConversation)}}
	_, batched := q.(Batcher)
	if t.Reply != nil {
		args := []any{id, t.Reply.ClientID}
		stmts = append(stmts, Stmt{SQL: c.sql(qTurnReplyByClientID), Args: args, Rows: allRows(&prev, "reply by client id", c.turnMessage)})
		if batched { // a reply stored by AppendMessage has no decision
			stmts = append(stmts, Stmt{SQL: c.sql(`SELECT ` + turnDecisionCols + ` FROM decisions WHERE conversation_id = $1
				AND reply_seq = (SELECT seq FROM messages WHERE conversation_id = $1 AND client_id = $2 AND client_id <> '')`),
				Args: args, Rows: allRows(&prevDecision, "earlier decision", c.turnDecision)})
		}
	}
	if err := c.batch(ctx, q, stmts); err != nil {
		return conv, parley.TurnResult{}, err
	}
	if len(prev) == 0 {
		return conv, parley.TurnResult{}, nil
	}
	done := parley.TurnResult{Conversation: conv, Reply: &prev[0], Retried: true}
	if !batched {
		err := c.batch(ctx, q, []Stmt{{SQL: c.sql(`SELECT ` + turnDecisionCols + ` FROM decisions WHERE conversation_id = $1 AND reply_seq = $2`),
			Args: []any{id, prev[0].Seq}, Rows: allRows(&prevDecision, "earlier decision", c.turnDecision)}})
		if err != nil {
			return conv, done, err
		}
	}
	if len(prevDecision) > 0 {
		done.Decision = prevDecision[0]
	}
	return conv, done, nil
}

const qTurnReplyByClientID = `SELECT ` + turnMsgCols + ` FROM messages
	WHERE conversation_id = $1 AND client_id = $2 AND client_id <> ''`

// turnWrites stores the turn res: the reply, the decision (ON CONFLICT
// DO NOTHING; *inserted gets its count), the conversation and, on a
// handoff, its activity.
func (c *Core) turnWrites(res parley.TurnResult, handoff bool, now time.Time, inserted *int64) []Stmt {
	var stmts []Stmt
	if m := res.Reply; m != nil {
		stmts = append(stmts, Stmt{SQL: c.sql(qTurnReply), Args: c.turnReplyRow(m).vals, Err: c.replyErr(m.ID)})
	}
	next := res.Conversation
	stmts = append(stmts,
		Stmt{SQL: c.sql(qTurnDecision), Args: c.turnDecisionRow(res.Decision).vals,
			Exec: func(n int64) error { *inserted = n; return nil }, Err: wrapErr("insert decision")},
		Stmt{SQL: c.sql(qTurnConv), Args: append([]any{next.ID}, c.turnConvRow(next).vals...), Err: wrapErr("save conversation")})
	if handoff {
		if c.d.LockActivities != "" {
			stmts = append(stmts, Stmt{SQL: c.d.LockActivities, Err: wrapErr("activity lock")})
		}
		a := next.Activity(parley.ActivityHandedOff, now)
		stmts = append(stmts, Stmt{SQL: c.sql(qTurnActivity), Args: c.activityRow(a).vals, Err: wrapErr("insert activity")})
	}
	return stmts
}

// replyErr maps a reply's unique violation to ECONFLICT.
func (c *Core) replyErr(id string) func(error) error {
	return func(err error) error {
		if c.d.IsUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "message id %q is taken", id)
		}
		return fmt.Errorf("insert reply: %w", err)
	}
}

func wrapErr(step string) func(error) error {
	return func(err error) error { return fmt.Errorf("%s: %w", step, err) }
}

// sameDecision accepts the same decision again as a retry; another with
// its id is ECONFLICT (as RecordDecision).
func (c *Core) sameDecision(ctx context.Context, q Q, d parley.Decision) error {
	prev, err := c.turnDecision(q.QueryRow(ctx, c.sql(`SELECT `+turnDecisionCols+` FROM decisions WHERE id = $1`), d.ID))
	if err != nil {
		return c.noRows("decision", err)
	}
	if !prev.Same(d) {
		return parley.Errorf(parley.ECONFLICT, "decision id %q is taken", d.ID)
	}
	return nil
}

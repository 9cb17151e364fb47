package turn_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/sqlite"
	"github.com/parley-chat/parley/turn"
)

type events struct {
	mu  sync.Mutex
	evs []parley.Event
}

func (e *events) Publish(_ context.Context, ev parley.Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.evs = append(e.evs, ev)
	return nil
}

// fixture is an embedded store with one conversation in bot mode and the
// visitor's first message in it.
func fixture(t *testing.T) (*sqlite.DB, parley.Event) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "turn.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	site, err := db.EnsureSite(ctx, parley.Site{Key: "turns"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.CreateSession(ctx, site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := db.AppendMessage(ctx, parley.Message{ConversationID: sess.Conversation.ID, Author: parley.Author{Kind: parley.AuthorVisitor}, Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	return db, parley.Event{Kind: parley.EventMessage, SiteID: site.ID, ConversationID: m.ConversationID, Message: &m}
}

// scripted decides what it is given; before, when set, runs first (people
// taking over while the bot writes).
type scripted struct {
	dec    parley.Decision
	reply  *parley.Message
	err    error
	before func(ctx context.Context, conv parley.Conversation) error
}

func (b scripted) Respond(ctx context.Context, ev parley.Event, st parley.TurnState) (parley.Decision, *parley.Message, error) {
	if b.before != nil {
		if err := b.before(ctx, st.Conversation); err != nil {
			return parley.Decision{}, nil, err
		}
	}
	d := b.dec
	d.ConversationID, d.MessageSeq = st.Conversation.ID, ev.Message.Seq
	var r *parley.Message
	if b.reply != nil {
		m := *b.reply
		m.ConversationID = st.Conversation.ID
		r = &m
	}
	return d, r, b.err
}

func botReply(text, meta string) *parley.Message {
	return &parley.Message{Author: parley.Author{Kind: parley.AuthorBot}, Text: text, Meta: []byte(meta), ClientID: "bot:1"}
}

func state(t *testing.T, db *sqlite.DB, ev parley.Event) parley.TurnState {
	t.Helper()
	st, err := db.TurnState(context.Background(), ev.ConversationID, ev.Message.Seq)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A reply dropped because people took over withdraws the draft the
// visitor was watching, instead of leaving half an answer on screen.
func TestDroppedReplyWithdrawsItsDraft(t *testing.T) {
	ctx := context.Background()
	db, ev := fixture(t)
	pub := &events{}
	b := scripted{dec: parley.Decision{Action: parley.ActionAnswer}, reply: botReply("half an answer", `{"action":"answer","draft":"d1"}`),
		before: func(ctx context.Context, c parley.Conversation) error {
			_, err := db.SetMode(ctx, c.ID, parley.ModeAssigned)
			return err
		}}
	res, err := turn.New(turn.Config{Store: db, Bot: b, Publisher: pub}).Take(ctx, ev, state(t, db, ev))
	if err != nil || !res.Dropped {
		t.Fatalf("Take = %+v, %v; want dropped", res, err)
	}
	if after, _ := db.Messages(ctx, ev.ConversationID, ev.Message.Seq, 10, false); len(after) != 0 {
		t.Fatalf("the bot spoke after the takeover: %+v", after)
	}
	if ds, _ := db.Decisions(ctx, ev.ConversationID); len(ds) != 0 {
		t.Errorf("a dropped turn recorded %+v", ds)
	}
	if len(pub.evs) != 1 || pub.evs[0].Kind != parley.EventDraft || pub.evs[0].Draft == nil ||
		*pub.evs[0].Draft != (parley.Draft{ID: "d1"}) || pub.evs[0].ConversationID != ev.ConversationID {
		t.Fatalf("published %+v; want draft d1 withdrawn", pub.evs)
	}
}

// A turn that fails to commit publishes no reply and stores none, and its
// draft is withdrawn; the decision's time is still observed.
func TestFailedCommitPublishesNothing(t *testing.T) {
	ctx := context.Background()
	db, ev := fixture(t)
	pub := &events{}
	var decided []string
	b := scripted{dec: parley.Decision{Action: parley.ActionAnswer, Confidence: 7}, reply: botReply("answer", `{"draft":"d2"}`)}
	_, err := turn.New(turn.Config{Store: db, Bot: b, Publisher: pub, Decided: func(a string, _ time.Duration) { decided = append(decided, a) }}).
		Take(ctx, ev, state(t, db, ev))
	if parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("Take with a confidence of 7: %v, want EINVALID", err)
	}
	if len(pub.evs) != 1 || pub.evs[0].Kind != parley.EventDraft {
		t.Errorf("published %+v; want only the draft withdrawn", pub.evs)
	}
	if after, _ := db.Messages(ctx, ev.ConversationID, ev.Message.Seq, 10, false); len(after) != 0 {
		t.Errorf("stored %+v", after)
	}
	if len(decided) != 1 || decided[0] != "answer" {
		t.Errorf("Decided saw %v", decided)
	}
	boom := errors.New("bot down")
	_, err = turn.New(turn.Config{Store: db, Bot: scripted{err: boom}, Decided: func(a string, _ time.Duration) { decided = append(decided, a) }}).
		Take(ctx, ev, state(t, db, ev))
	if !errors.Is(err, boom) || decided[len(decided)-1] != "error" {
		t.Errorf("a failing bot: %v, Decided %v", err, decided)
	}
}

// An answer is published once stored, with its seq; the same event again
// finds it by client id and stores nothing twice.
func TestAnswerIsStoredThenPublished(t *testing.T) {
	ctx := context.Background()
	db, ev := fixture(t)
	pub := &events{}
	tk := turn.New(turn.Config{Store: db, Bot: scripted{dec: parley.Decision{Action: parley.ActionAnswer, Language: "pl"}, reply: botReply("Dzień dobry", `{}`)}, Publisher: pub})
	res, err := tk.Take(ctx, ev, state(t, db, ev))
	if err != nil || res.Reply == nil || res.Reply.Seq != ev.Message.Seq+1 || res.Decision.ReplySeq != res.Reply.Seq || res.Conversation.Language != "pl" {
		t.Fatalf("Take = %+v, %v", res, err)
	}
	if len(pub.evs) != 1 || pub.evs[0].Message == nil || pub.evs[0].Message.Seq != res.Reply.Seq {
		t.Fatalf("published %+v", pub.evs)
	}
	again, err := tk.Take(ctx, ev, state(t, db, ev))
	if err != nil || !again.Retried || again.Reply.ID != res.Reply.ID {
		t.Fatalf("the event again: %+v, %v", again, err)
	}
	if ms, _ := db.Messages(ctx, ev.ConversationID, 0, 10, true); len(ms) != 2 {
		t.Errorf("%d messages after a redelivered event, want 2", len(ms))
	}
}

// A handoff commits with the queue entry Entry plans, in the same turn.
func TestHandoffCommitsItsEntry(t *testing.T) {
	ctx := context.Background()
	db, ev := fixture(t)
	b := scripted{dec: parley.Decision{Action: parley.ActionHandoff, Urgency: parley.UrgencyHigh, HandoffReason: "human_requested"},
		reply: botReply("A person will answer", `{}`)}
	entry := func(_ context.Context, st parley.TurnState, d parley.Decision) (parley.Conversation, error) {
		return parley.Conversation{Team: "billing", Urgency: d.Urgency, HandoffReason: d.HandoffReason}, nil
	}
	res, err := turn.New(turn.Config{Store: db, Bot: b, Entry: entry}).Take(ctx, ev, state(t, db, ev))
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Conversation(ctx, ev.ConversationID)
	if err != nil || c.Mode != parley.ModeQueued || c.Team != "billing" || c.Urgency != parley.UrgencyHigh || res.Conversation.Mode != parley.ModeQueued {
		t.Fatalf("after the handoff: %+v, %v (result %+v)", c, err, res)
	}
	def, ev2 := fixture(t)
	if _, err := turn.New(turn.Config{Store: def, Bot: b, DefaultTeam: "support"}).Take(ctx, ev2, state(t, def, ev2)); err != nil {
		t.Fatal(err)
	}
	if c, _ := def.Conversation(ctx, ev2.ConversationID); c.Mode != parley.ModeQueued || c.Team != "support" {
		t.Errorf("without Entry: %+v; want queued for the default team", c)
	}
}

// basisLog is a store that records the turns it commits.
type basisLog struct {
	*sqlite.DB
	turns []parley.Turn
}

func (s *basisLog) CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error) {
	s.turns = append(s.turns, t)
	return s.DB.CommitTurn(ctx, t)
}

// The turn is committed on the conversation the state read, with its row
// version, so that a store that keeps versions need not read it again.
func TestTurnCarriesItsBasis(t *testing.T) {
	ctx := context.Background()
	db, ev := fixture(t)
	st := state(t, db, ev)
	st.Version = "v-read" // SQLite keeps none; the Taker passes on whatever was read
	s := &basisLog{DB: db}
	b := scripted{dec: parley.Decision{Action: parley.ActionAnswer, Language: "pl"}, reply: botReply("Dzień dobry", `{}`)}
	if _, err := turn.New(turn.Config{Store: s, Bot: b}).Take(ctx, ev, st); err != nil {
		t.Fatal(err)
	}
	if len(s.turns) != 1 || s.turns[0].BasisVersion != "v-read" || s.turns[0].Basis.ID != ev.ConversationID ||
		s.turns[0].Basis.LastSeq != st.Conversation.LastSeq {
		t.Fatalf("committed %+v; want the state's conversation and version as its basis", s.turns)
	}
}

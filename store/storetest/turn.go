package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// Turns is how a store commits the bot's turn: one read (TurnState, see
// parley.TurnState) and one all-or-nothing write (CommitTurn: NewTurn and
// Conversation.TakeTurn in one transaction; a conversation out of bot mode
// stores nothing, Dropped; a reply whose client id is stored returns the
// earlier turn, Retried). An unknown conversation is ErrNotFound.
type Turns interface {
	TurnState(ctx context.Context, conversationID string, seq int64) (parley.TurnState, error)
	CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error)
}

func turnsOf(t *testing.T, s Store) Turns {
	t.Helper()
	ts, ok := s.(Turns)
	if !ok {
		t.Fatalf("%T does not commit turns", s)
	}
	return ts
}

// botTurn is the bot's answer to visitor message seq in conv.
func botTurn(conv string, seq int64, action parley.Action) parley.Turn {
	t := parley.Turn{Decision: parley.Decision{ConversationID: conv, MessageSeq: seq, Action: action, Language: "pl",
		Intent: "password", Confidence: 0.9, Reasons: []string{"r1"}},
		Reply: &parley.Message{ConversationID: conv, Author: parley.Author{Kind: parley.AuthorBot, Name: "Parley"},
			Text: "Reset it here", Meta: []byte(`{"action":"` + string(action) + `"}`), ClientID: fmt.Sprintf("bot:%d", seq)}}
	if action == parley.ActionHandoff {
		t.Handoff = &parley.Conversation{Team: "billing", Urgency: parley.UrgencyHigh, HandoffReason: "human_requested",
			FirstResponseDue: time.Now().Add(time.Hour).UTC().Truncate(time.Second)}
	}
	return t
}

// onBasis is tn written against the state TurnState reads now (Turn.Basis),
// as the desk's turns are.
func onBasis(t *testing.T, ts Turns, tn parley.Turn) parley.Turn {
	t.Helper()
	st, err := ts.TurnState(ctx(t), tn.Decision.ConversationID, tn.Decision.MessageSeq)
	if err != nil {
		t.Fatal(err)
	}
	tn.Basis, tn.BasisVersion = st.Conversation, st.Version
	return tn
}

// wantWhole fails unless conv holds exactly the messages and decisions
// given by count, each decision's reply among the messages.
func wantWhole(t *testing.T, s Store, conv string, msgs, decisions int) {
	t.Helper()
	ms, err := s.Messages(ctx(t), conv, 0, 100, true)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Decisions(ctx(t), conv)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != msgs || len(ds) != decisions {
		t.Fatalf("%d messages and %d decisions, want %d and %d: %+v %+v", len(ms), len(ds), msgs, decisions, ms, ds)
	}
	bySeq := map[int64]bool{}
	for _, m := range ms {
		bySeq[m.Seq] = true
	}
	for _, d := range ds {
		if d.ReplySeq != 0 && !bySeq[d.ReplySeq] {
			t.Errorf("decision %s names reply %d, not stored", d.ID, d.ReplySeq)
		}
	}
}

var turnTests = []test{
	{"CommitsWhole", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "zapomniałem hasła"))
		res, err := ts.CommitTurn(ctx(t), botTurn(conv, m.Seq, parley.ActionAnswer))
		if err != nil {
			t.Fatal(err)
		}
		if res.Dropped || res.Retried || res.Reply == nil || res.Reply.Seq != m.Seq+1 || res.Decision.ReplySeq != m.Seq+1 ||
			res.Conversation.LastSeq != m.Seq+1 || res.Conversation.Language != "pl" || res.Conversation.Mode != parley.ModeBot {
			t.Fatalf("CommitTurn = %+v", res)
		}
		wantUTC(t, "reply created", res.Reply.CreatedAt)
		st, err := ts.TurnState(ctx(t), conv, m.Seq)
		if err != nil {
			t.Fatal(err)
		}
		if st.Conversation.Language != "pl" || st.Conversation.LastSeq != m.Seq+1 || st.Contact.ID != st.Conversation.ContactID {
			t.Errorf("TurnState conversation %+v contact %+v", st.Conversation, st.Contact)
		}
		if len(st.History) != 2 || st.History[0].Seq != m.Seq {
			t.Fatalf("TurnState history %+v", st.History)
		}
		wantMessage(t, "stored reply", *res.Reply, st.History[1])
		wantDecisions(t, "TurnState decisions", []parley.Decision{res.Decision}, st.Decisions)
		if err := s.RecordFeedback(ctx(t), conv, res.Reply.Seq, true); err != nil {
			t.Fatal(err)
		}
		if st, err = ts.TurnState(ctx(t), conv, m.Seq); err != nil || !st.Feedback[res.Reply.Seq] || len(st.Feedback) != 1 {
			t.Errorf("TurnState feedback %v, %v", st.Feedback, err)
		}
		wantWhole(t, s, conv, 2, 1)
	}},
	{"AllOrNothing", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "hi"))
		bad := botTurn(conv, m.Seq, parley.ActionAnswer)
		bad.Decision.Confidence = 2
		_, err := ts.CommitTurn(ctx(t), bad)
		wantCode(t, err, parley.EINVALID)
		// A decision id already taken fails inside the transaction, after
		// the reply was written: the reply goes with it.
		taken := mustDecide(t, s, parley.Decision{ID: parley.NewID(), ConversationID: conv, Action: parley.ActionSilent})
		clash := botTurn(conv, m.Seq, parley.ActionAnswer)
		clash.Decision.ID = taken.ID
		_, err = ts.CommitTurn(ctx(t), clash)
		wantCode(t, err, parley.ECONFLICT)
		// So does a queue entry Conversation.Enqueue refuses.
		badEntry := botTurn(conv, m.Seq, parley.ActionHandoff)
		badEntry.Handoff.Urgency = "whenever"
		_, err = ts.CommitTurn(ctx(t), badEntry)
		wantCode(t, err, parley.EINVALID)
		wantWhole(t, s, conv, 1, 1)
		c, err := s.Conversation(ctx(t), conv)
		if err != nil || c.LastSeq != m.Seq || c.Language != "" || c.Mode != parley.ModeBot {
			t.Errorf("after failed turns: %+v, %v", c, err)
		}
		// The same turn, fixed, then commits with the next seq: no gap.
		res, err := ts.CommitTurn(ctx(t), botTurn(conv, m.Seq, parley.ActionAnswer))
		if err != nil || res.Reply.Seq != m.Seq+1 {
			t.Fatalf("CommitTurn after failures = %+v, %v", res, err)
		}
	}},
	{"TakenOverDropsReply", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "hi"))
		if _, err := s.SetMode(ctx(t), conv, parley.ModeAssigned); err != nil {
			t.Fatal(err)
		}
		res, err := ts.CommitTurn(ctx(t), botTurn(conv, m.Seq, parley.ActionHandoff))
		if err != nil || !res.Dropped || res.Reply != nil || res.Conversation.Mode != parley.ModeAssigned {
			t.Fatalf("CommitTurn on an assigned conversation = %+v, %v", res, err)
		}
		wantWhole(t, s, conv, 1, 0)
		st, err := ts.TurnState(ctx(t), conv, m.Seq)
		if err != nil || st.Conversation.Mode != parley.ModeAssigned || st.History != nil || st.Contact.ID == "" {
			t.Errorf("TurnState of an assigned conversation = %+v, %v; want no history", st, err)
		}
	}},
	{"RetryIsIdempotent", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "a person please"))
		first, err := ts.CommitTurn(ctx(t), botTurn(conv, m.Seq, parley.ActionHandoff))
		if err != nil {
			t.Fatal(err)
		}
		var again [4]parley.TurnResult
		var errs [4]error
		race(len(again), func(i int) { again[i], errs[i] = ts.CommitTurn(ctx(t), botTurn(conv, m.Seq, parley.ActionHandoff)) })
		for i := range again {
			r := again[i]
			if errs[i] != nil || !r.Retried || r.Dropped || r.Reply == nil || r.Reply.ID != first.Reply.ID || r.Decision.ID != first.Decision.ID {
				t.Errorf("retry %d = %+v, %v; want the first turn %+v", i, r, errs[i], first)
			}
		}
		wantWhole(t, s, conv, 2, 1)
		if c, _ := s.Conversation(ctx(t), conv); c.LastSeq != m.Seq+1 {
			t.Errorf("last seq %d after retries, want %d", c.LastSeq, m.Seq+1)
		}
	}},
	{"TurnsRaceAppends", func(t *testing.T, s Store) {
		// Visitor messages and turns land on one conversation at once: a
		// turn written on a stale read of the conversation (its seq, its
		// mode) would reuse a seq, move last_seq back or lose a message.
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		const writers, rounds = 4, 12
		var errs [writers]error
		var replies [writers][]parley.Message
		race(writers, func(w int) {
			for i := range rounds {
				m := visitorMsg(conv, "hello")
				m.ClientID = fmt.Sprintf("v%d-%d", w, i)
				got, _, err := s.AppendMessage(ctx(t), m)
				if err != nil {
					errs[w] = err
					return
				}
				turn := botTurn(conv, got.Seq, parley.ActionAnswer)
				if i%2 == 1 { // a turn that says nothing still writes the conversation
					turn.Reply = nil
				}
				if w%2 == 1 { // on the state's read, which the others' writes make stale
					st, err := ts.TurnState(ctx(t), conv, got.Seq)
					if err != nil {
						errs[w] = err
						return
					}
					turn.Basis, turn.BasisVersion = st.Conversation, st.Version
				}
				res, err := ts.CommitTurn(ctx(t), turn)
				if err == nil && (res.Dropped || res.Retried || (res.Reply == nil) != (turn.Reply == nil) ||
					(res.Reply != nil && res.Decision.ReplySeq != res.Reply.Seq)) {
					err = fmt.Errorf("turn on %d = %+v", got.Seq, res)
				}
				if err != nil {
					errs[w] = err
					return
				}
				if res.Reply != nil {
					replies[w] = append(replies[w], *res.Reply)
				}
			}
		})
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		const total = writers*rounds + writers*rounds/2
		wantWhole(t, s, conv, total, writers*rounds)
		ms, err := s.Messages(ctx(t), conv, 0, 100, true)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]int64{}
		for i, m := range ms {
			if m.Seq != int64(i+1) {
				t.Fatalf("message %d has seq %d: %+v", i, m.Seq, ms)
			}
			byID[m.ID] = m.Seq
		}
		for _, rs := range replies {
			for _, r := range rs {
				if byID[r.ID] != r.Seq {
					t.Errorf("reply %s committed with seq %d, stored with %d", r.ID, r.Seq, byID[r.ID])
				}
			}
		}
		if c, err := s.Conversation(ctx(t), conv); err != nil || c.LastSeq != total {
			t.Errorf("last seq %d, %v; want %d", c.LastSeq, err, total)
		}
	}},
	{"BasisCommitsWhole", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "zapomniałem hasła"))
		res, err := ts.CommitTurn(ctx(t), onBasis(t, ts, botTurn(conv, m.Seq, parley.ActionHandoff)))
		if err != nil || res.Dropped || res.Retried || res.Reply == nil || res.Reply.Seq != m.Seq+1 ||
			res.Conversation.Mode != parley.ModeQueued || res.Conversation.Team != "billing" {
			t.Fatalf("CommitTurn on the state's read = %+v, %v", res, err)
		}
		wantWhole(t, s, conv, 2, 1)
		again, err := ts.CommitTurn(ctx(t), onBasis(t, ts, botTurn(conv, m.Seq, parley.ActionHandoff)))
		if err != nil || !again.Retried || again.Reply == nil || again.Reply.ID != res.Reply.ID || again.Decision.ID != res.Decision.ID {
			t.Fatalf("the same turn again on a fresh read = %+v, %v; want the first %+v", again, err, res)
		}
		wantWhole(t, s, conv, 2, 1)
	}},
	{"StaleBasisReadsAgain", func(t *testing.T, s Store) {
		// The visitor writes again between the turn's read and its commit:
		// the reply takes the seq after the new message, not its seq.
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "hi"))
		tn := onBasis(t, ts, botTurn(conv, m.Seq, parley.ActionAnswer))
		m2 := mustAppend(t, s, visitorMsg(conv, "anyone?"))
		res, err := ts.CommitTurn(ctx(t), tn)
		if err != nil || res.Dropped || res.Reply == nil || res.Reply.Seq != m2.Seq+1 || res.Conversation.LastSeq != m2.Seq+1 {
			t.Fatalf("CommitTurn on a moved conversation = %+v, %v; want the reply at %d", res, err, m2.Seq+1)
		}
		wantWhole(t, s, conv, 3, 1)
	}},
	{"StaleBasisTakenOverDrops", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "hi"))
		tn := onBasis(t, ts, botTurn(conv, m.Seq, parley.ActionAnswer))
		if _, err := s.SetMode(ctx(t), conv, parley.ModeAssigned); err != nil {
			t.Fatal(err)
		}
		res, err := ts.CommitTurn(ctx(t), tn)
		if err != nil || !res.Dropped || res.Reply != nil || res.Conversation.Mode != parley.ModeAssigned {
			t.Fatalf("CommitTurn read in bot mode, committed after a take-over = %+v, %v", res, err)
		}
		wantWhole(t, s, conv, 1, 0)
	}},
	{"ForeignBasisIsIgnored", func(t *testing.T, s Store) {
		// A basis of another conversation must not be written for this one.
		ts := turnsOf(t, s)
		conv, other := mustConversation(t, s), mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "hi"))
		o := mustAppend(t, s, visitorMsg(other, "hello"))
		tn := botTurn(conv, m.Seq, parley.ActionAnswer)
		basis := onBasis(t, ts, botTurn(other, o.Seq, parley.ActionAnswer))
		tn.Basis, tn.BasisVersion = basis.Basis, basis.BasisVersion
		res, err := ts.CommitTurn(ctx(t), tn)
		if err != nil || res.Reply == nil || res.Conversation.ID != conv || res.Reply.ConversationID != conv {
			t.Fatalf("CommitTurn with another conversation's basis = %+v, %v", res, err)
		}
		wantWhole(t, s, conv, 2, 1)
		wantWhole(t, s, other, 1, 0)
	}},
	{"HandoffEnqueues", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		conv := mustConversation(t, s)
		m := mustAppend(t, s, visitorMsg(conv, "a person please"))
		in := botTurn(conv, m.Seq, parley.ActionHandoff)
		res, err := ts.CommitTurn(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Conversation(ctx(t), conv)
		if err != nil {
			t.Fatal(err)
		}
		if c.Mode != parley.ModeQueued || c.Team != "billing" || c.Urgency != parley.UrgencyHigh || c.HandoffReason != "human_requested" ||
			!c.FirstResponseDue.Equal(in.Handoff.FirstResponseDue) || c.QueuedAt.IsZero() || c.LastSeq != res.Reply.Seq {
			t.Fatalf("after a handoff turn: %+v", c)
		}
		if res.Conversation.Mode != parley.ModeQueued || !res.Conversation.QueuedAt.Equal(c.QueuedAt) {
			t.Errorf("result conversation %+v, stored %+v", res.Conversation, c)
		}
		q, err := s.Queue(ctx(t), parley.QueueFilter{SiteID: c.SiteID, Team: "billing"})
		if err != nil || len(q) != 1 || q[0].ID != conv {
			t.Errorf("queue = %+v, %v", q, err)
		}
		acts, err := s.Activities(ctx(t), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range acts {
			if a.ConversationID == conv && a.Kind == parley.ActivityHandedOff && a.Team == "billing" && a.Reason == "human_requested" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d handed-off activities, want 1: %+v", n, acts)
		}
		wantWhole(t, s, conv, 2, 1)
	}},
	{"UnknownConversation", func(t *testing.T, s Store) {
		ts := turnsOf(t, s)
		_, err := ts.CommitTurn(ctx(t), botTurn("nope", 1, parley.ActionAnswer))
		wantNotFound(t, "CommitTurn", err)
		_, err = ts.TurnState(ctx(t), "nope", 1)
		wantNotFound(t, "TurnState", err)
	}},
}

// Package turn is the bot's turn on one visitor message in bot mode: the
// bot decides from the state the desk read in one call (parley.TurnState,
// the message as the event carries it), the store commits the reply, the
// decision, the language and a handoff's queued state in one transaction
// (CommitTurn), and only then is the reply published. A crash leaves the
// whole turn or none of it; a redelivered event finds its reply by client
// id and stores nothing twice.
//
// The desk (handoff) owns the conversation's worker, reads the state, and
// acts on what the turn returns (a handoff's routing, the offer to take an
// email); this package owns the decide-commit-publish order and what is
// undone when the reply is dropped (the streamed draft).
package turn

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/parley-chat/parley"
)

// Store commits a turn (a store's CommitTurn).
type Store interface {
	CommitTurn(ctx context.Context, t parley.Turn) (parley.TurnResult, error)
}

// Bot decides on one visitor event from the state read; it does no store
// I/O (bot.Service.Respond).
type Bot interface {
	Respond(ctx context.Context, ev parley.Event, st parley.TurnState) (parley.Decision, *parley.Message, error)
}

// Publisher fans an event out to every node's subscribers.
type Publisher interface {
	Publish(ctx context.Context, ev parley.Event) error
}

// Entry is how a handoff enters the queue (team, urgency, reason, SLA due
// times) for Conversation.Enqueue, as the desk plans it.
type Entry func(ctx context.Context, st parley.TurnState, dec parley.Decision) (parley.Conversation, error)

// Config configures a Taker.
type Config struct {
	Store     Store
	Bot       Bot
	Publisher Publisher // optional
	Log       *slog.Logger
	// Entry plans a handoff's queue entry; nil: the decision's team (else
	// DefaultTeam), urgency and reason, queued now, no due times.
	Entry       Entry
	DefaultTeam string
	// Decided observes how long the bot took to decide, by action ("error"
	// when it failed); optional.
	Decided func(action string, took time.Duration)
}

// Taker takes the bot's turns. Safe for concurrent use; the desk calls it
// for one conversation at a time.
type Taker struct{ cfg Config }

// New returns a Taker.
func New(cfg Config) *Taker {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Taker{cfg: cfg}
}

// Take runs the bot on ev given st (the conversation in bot mode) and
// commits what it decided. The result says what was stored: Dropped when
// people took over meanwhile (the reply's draft is withdrawn), Retried when
// an earlier commit of this turn stands.
func (t *Taker) Take(ctx context.Context, ev parley.Event, st parley.TurnState) (parley.TurnResult, error) {
	start := time.Now()
	dec, reply, err := t.cfg.Bot.Respond(ctx, ev, st)
	if t.cfg.Decided != nil {
		action := string(dec.Action)
		if err != nil {
			action = "error"
		}
		t.cfg.Decided(action, time.Since(start))
	}
	if err != nil {
		return parley.TurnResult{}, err
	}
	tn := parley.Turn{Decision: dec, Reply: reply, Basis: st.Conversation, BasisVersion: st.Version}
	if dec.Action == parley.ActionHandoff {
		e, err := t.entry(ctx, st, dec)
		if err != nil {
			t.withdrawDraft(ctx, st.Conversation, reply)
			return parley.TurnResult{}, err
		}
		tn.Handoff = &e
	}
	res, err := t.cfg.Store.CommitTurn(ctx, tn)
	if err != nil || res.Dropped {
		// The bot may have been slow: if people took over meanwhile, its
		// answer is dropped rather than interrupting them.
		t.withdrawDraft(ctx, st.Conversation, reply)
		return res, err
	}
	if res.Reply != nil {
		c := res.Conversation
		t.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Message: res.Reply})
	}
	return res, nil
}

func (t *Taker) entry(ctx context.Context, st parley.TurnState, dec parley.Decision) (parley.Conversation, error) {
	if t.cfg.Entry != nil {
		return t.cfg.Entry(ctx, st, dec)
	}
	return parley.Conversation{Team: cmp.Or(dec.Team, t.cfg.DefaultTeam), Urgency: dec.Urgency, HandoffReason: dec.HandoffReason}, nil
}

// withdrawDraft takes back the draft a dropped reply was streamed as, so
// the visitor is not left with half an answer that never ends.
func (t *Taker) withdrawDraft(ctx context.Context, conv parley.Conversation, reply *parley.Message) {
	if reply == nil {
		return
	}
	var meta struct {
		Draft string `json:"draft"`
	}
	if json.Unmarshal(reply.Meta, &meta) != nil || meta.Draft == "" {
		return
	}
	t.publish(ctx, parley.Event{Kind: parley.EventDraft, SiteID: conv.SiteID, ConversationID: conv.ID, ContactID: conv.ContactID,
		Draft: &parley.Draft{ID: meta.Draft}})
}

func (t *Taker) publish(ctx context.Context, ev parley.Event) {
	if t.cfg.Publisher == nil {
		return
	}
	if err := t.cfg.Publisher.Publish(ctx, ev); err != nil {
		t.cfg.Log.Warn("turn: publish", "conversation", ev.ConversationID, "err", err)
	}
}

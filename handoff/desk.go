package handoff

import (
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/turn"
)

// Store is what the desk reads and writes. A visitor message in bot mode
// costs two calls: TurnState, then the turn's CommitTurn (package turn);
// one stored while people have the conversation costs none (mayNeed).
type Store interface {
	Conversation(ctx context.Context, id string) (parley.Conversation, error)
	AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error)
	SetMode(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error)
	TurnState(ctx context.Context, conversationID string, seq int64) (parley.TurnState, error)
	turn.Store
}

// Publisher fans an event out to every node's subscribers.
type Publisher interface {
	Publish(ctx context.Context, ev parley.Event) error
}

// Config configures a Desk. Zero values take the defaults.
type Config struct {
	Store     Store
	Desk      DeskStore   // agents, teams, SLAs and the queue's transitions
	Router    RouterStore // with Presence: automatic assignment (optional)
	Presence  Presence
	Bot       turn.Bot // takes the turns in bot mode (package turn); nil: the bot says nothing
	Publisher Publisher
	Log       *slog.Logger
	Workers   int // default 64: most of a turn waits on the store, and the embedded store commits concurrent writes together
	Queue     int // conversations waiting per worker (their events merged), default 16384
	Timeout   time.Duration
	// Dropped counts events refused because a worker's inbox was full.
	Dropped func()
	// DefaultTeam receives handoffs whose intent names no team ("" = any).
	DefaultTeam string
	Now         func() time.Time
	// RouteEvery is how often the router looks again without a poke (5s);
	// HandlingTime is the chat length ETAs assume until Handling has
	// measured enough (6 min).
	RouteEvery   time.Duration
	HandlingTime time.Duration
	// Handling measures how long people take per conversation (optional).
	Handling HandlingStore
	// AskEmail is the bot's offer to take an email when a handoff finds
	// nobody to answer (bot.AskEmail); nil offers nothing.
	AskEmail func(lang, visitorText string) string
	// Waiting is what a queued visitor who writes again is told while
	// nobody can answer (bot.Waiting), at most once per waitingEvery;
	// nil says nothing.
	Waiting func(lang, visitorText, email string) string
	// Breached counts SLA breaches (metrics); they are also logged and
	// published to the agents' consoles.
	Breached func(kind string)
	// Decided observes how long the bot took to decide, by action
	// ("error" when it failed); Queued gets the queue's length by team
	// after each routing pass; Waited observes how long an assigned
	// conversation waited in the queue (metrics; all optional).
	Decided func(action string, took time.Duration)
	Queued  func(byTeam map[string]int)
	Waited  func(time.Duration)
	// LanguageWait is how long a queued conversation waits for an agent
	// who speaks its language before anyone on its team may take it
	// (zero: DefaultLanguageWait; negative: no wait).
	LanguageWait time.Duration
	// Pace is the least time between two automatic assignments to one
	// agent, so signing in does not bring the whole queue at once (zero:
	// no pacing).
	Pace time.Duration
	// AcceptTimeout, when not zero, makes automatic assignment an offer:
	// one at a time per agent, accepted (Accept) within this time or
	// declined (Decline), else it goes to the next agent.
	AcceptTimeout time.Duration
	// Replies hears of each public agent reply once it is stored (the
	// email to a visitor who has left); nil: nobody.
	Replies ReplyListener
}

// ReplyListener hears of agents' public replies; it must not block.
type ReplyListener interface {
	AgentReplied(ctx context.Context, c parley.Conversation, m parley.Message)
}

// Desk implements the gateway's Dispatcher.
type Desk struct {
	cfg     Config
	seed    maphash.Seed
	inboxes []*inbox
	poke    chan struct{}
	wg      sync.WaitGroup
	// handling is the measured median handling time in nanoseconds (0:
	// not measured); the route loop writes it, status readers load it.
	handling atomic.Int64
	rt       *routing
	turn     *turn.Taker // nil without a bot
	told     waitMemo    // conversations told "still waiting" this window
	// places is the last routing pass's place of each queued conversation
	// it saw; the route loop stores it, the welcome's Status loads it.
	places atomic.Pointer[placeSnapshot]
}

// New returns a desk; Run starts it.
func New(cfg Config) *Desk {
	if cfg.Workers == 0 {
		cfg.Workers = 64
	}
	if cfg.Queue == 0 {
		cfg.Queue = 16384
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.RouteEvery == 0 {
		cfg.RouteEvery = 5 * time.Second
	}
	d := &Desk{cfg: cfg, seed: maphash.MakeSeed(), poke: make(chan struct{}, 1), rt: newRouting()}
	for range cfg.Workers {
		d.inboxes = append(d.inboxes, newInbox(cfg.Queue))
	}
	if cfg.Bot != nil {
		d.turn = turn.New(turn.Config{Store: cfg.Store, Bot: cfg.Bot, Publisher: cfg.Publisher, Log: cfg.Log, Decided: cfg.Decided,
			Entry: func(ctx context.Context, st parley.TurnState, dec parley.Decision) (parley.Conversation, error) {
				return d.entry(ctx, st.Conversation, st.Contact, dec)
			}})
	}
	return d
}

// Dispatch hands ev to its conversation's worker without blocking. Only
// visitor messages and requests for a person make the desk act.
func (d *Desk) Dispatch(_ context.Context, ev parley.Event) {
	if !acts(ev) {
		return
	}
	b := d.inboxes[maphash.String(d.seed, ev.ConversationID)%uint64(len(d.inboxes))]
	if !b.put(ev) {
		d.cfg.Log.Error("desk: inbox full; event dropped", "conversation", ev.ConversationID, "kind", ev.Kind)
		if d.cfg.Dropped != nil {
			d.cfg.Dropped()
		}
	}
}

func acts(ev parley.Event) bool {
	return ev.Message != nil && (ev.Kind == parley.EventHuman || ev.Kind == parley.EventMessage && ev.Message.Author.Kind == parley.AuthorVisitor)
}

// Run works until ctx ends, then finishes the conversation in hand and
// returns.
func (d *Desk) Run(ctx context.Context) error {
	for _, b := range d.inboxes {
		d.wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-b.ready:
				}
				for ctx.Err() == nil {
					evs, ok := b.take()
					if !ok {
						break
					}
					for _, ev := range evs {
						d.handle(ctx, ev)
					}
				}
			}
		})
	}
	if d.cfg.Router != nil && d.cfg.Presence != nil && d.cfg.Desk != nil {
		d.wg.Go(func() { d.routeLoop(ctx) })
		w := &Watcher{Source: d.cfg.Router, OnBreach: func(b Breach) { d.breached(ctx, b) }}
		d.wg.Go(func() { w.Run(ctx) })
	}
	d.wg.Wait()
	return nil
}

func (d *Desk) handle(ctx context.Context, ev parley.Event) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.cfg.Timeout)
	defer cancel()
	if err := d.visitorSaid(ctx, ev); err != nil {
		d.cfg.Log.Error("desk: event", "conversation", ev.ConversationID, "kind", ev.Kind, "err", err)
	}
}

// visitorSaid reads the conversation once (with what the bot needs) and
// acts on a visitor event by mode: a resolved one reopens to the bot, a
// queued one may hear that nobody can answer yet, and in bot mode the bot
// takes its turn (package turn); a handoff it commits is then routed.
func (d *Desk) visitorSaid(ctx context.Context, ev parley.Event) error {
	var seq int64
	if ev.Message != nil {
		seq = ev.Message.Seq
		if !d.mayNeed(ev) {
			return nil
		}
	}
	st, err := d.cfg.Store.TurnState(ctx, ev.ConversationID, seq)
	if err != nil {
		return err
	}
	if st.Conversation.Mode == parley.ModeResolved && ev.Kind == parley.EventMessage {
		if st.Conversation, err = d.reopen(ctx, st.Conversation); err != nil {
			return err
		}
	}
	if st.Conversation.Mode == parley.ModeQueued && ev.Kind == parley.EventMessage {
		return d.stillWaiting(ctx, st, ev)
	}
	if st.Conversation.Mode != parley.ModeBot || d.turn == nil {
		return nil
	}
	res, err := d.turn.Take(ctx, ev, st)
	if err != nil || res.Dropped || res.Decision.Action != parley.ActionHandoff {
		return err
	}
	// Also on a retry: the first attempt may have stopped before this.
	d.handedOff(ctx, res.Conversation, res.Decision)
	return d.offerEmail(ctx, res.Conversation, st.Contact, res.Decision, ev)
}

// entry plans how conv enters the queue for dec: its team (else the
// default), urgency and reason, queued now, with the SLA due times of the
// policy for its urgency and the contact's segment.
func (d *Desk) entry(ctx context.Context, conv parley.Conversation, ct parley.Contact, dec parley.Decision) (parley.Conversation, error) {
	team := cmp.Or(dec.Team, d.cfg.DefaultTeam)
	now := d.now()
	e := parley.Conversation{Team: team, Urgency: dec.Urgency, HandoffReason: dec.HandoffReason, QueuedAt: now}
	if d.cfg.Desk == nil {
		return e, nil
	}
	policies, err := d.cfg.Desk.SLAPolicies(ctx)
	if err != nil {
		return e, err
	}
	if p, ok := Policy(policies, dec.Urgency, ct.Segment); ok {
		e.FirstResponseDue, e.ResolutionDue = Dues(p, d.hours(ctx, team), now)
	}
	return e, nil
}

// handedOff tells the router and the consoles of a conversation just queued.
func (d *Desk) handedOff(ctx context.Context, c parley.Conversation, dec parley.Decision) {
	d.rememberSkill(c.ID, skillOf(dec))
	d.status(ctx, c, "")
	d.Poke()
}

// offerEmail has the bot offer, in the visitor's language, to take an
// email when the conversation was queued but nobody can answer now and the
// contact left none yet; the contact frame then makes them a lead.
func (d *Desk) offerEmail(ctx context.Context, conv parley.Conversation, ct parley.Contact, dec parley.Decision, ev parley.Event) error {
	if d.cfg.AskEmail == nil || conv.Mode != parley.ModeQueued || ct.Email != "" || !d.offline(ctx, conv.Team) {
		return nil
	}
	var said string
	if ev.Message != nil {
		said = ev.Message.Text
	}
	m, _, err := d.cfg.Store.AppendMessage(ctx, parley.Message{ConversationID: conv.ID,
		Author: parley.Author{Kind: parley.AuthorBot, Name: "Parley"}, Text: d.cfg.AskEmail(dec.Language, said),
		Meta: eventMeta("ask_email"), ClientID: fmt.Sprintf("bot:ask_email:%d", dec.MessageSeq)})
	if err != nil {
		return err
	}
	d.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: conv.SiteID, ConversationID: conv.ID, ContactID: conv.ContactID, Message: &m})
	return nil
}

// mayNeed reports whether ev, whose message was just stored, may need the
// desk, judged by the conversation's mode at the append: people had it
// (assigned; or queued, and its visitor was told this window, or is never
// told) and the desk has nothing to do, which saves the read of most
// messages at load. An unknown mode (a store that does not say) may.
func (d *Desk) mayNeed(ev parley.Event) bool {
	switch ev.Message.ConversationMode {
	case parley.ModeAssigned:
		return false
	case parley.ModeQueued:
		return ev.Kind == parley.EventMessage && d.mayTellWaiting(ev.ConversationID)
	}
	return true
}

// mayTellWaiting reports whether a queued visitor's message in conversation
// id may be answered with the waiting notice: one is set up and this
// window's has not gone out.
func (d *Desk) mayTellWaiting(id string) bool {
	return d.cfg.Waiting != nil && d.cfg.Desk != nil && !d.told.done(id, d.waitWindow())
}

func (d *Desk) waitWindow() int64 { return d.now().UnixNano() / int64(waitingEvery) }

// waitingEvery bounds how often a waiting visitor is told that nobody can
// answer yet: each burst of messages gets an answer, a long monologue not
// one per line.
const waitingEvery = 10 * time.Minute

// stillWaiting answers a queued visitor's new message while nobody can
// answer it, so it never meets silence: the message is kept, and people
// reply here (and by email, or the visitor may leave one). The client id
// names the window, so nodes and retries post it once per window.
func (d *Desk) stillWaiting(ctx context.Context, st parley.TurnState, ev parley.Event) error {
	conv, ct := st.Conversation, st.Contact
	window := d.waitWindow()
	if ev.Message == nil || !d.mayTellWaiting(conv.ID) || !d.offline(ctx, conv.Team) {
		return nil
	}
	m, created, err := d.cfg.Store.AppendMessage(ctx, parley.Message{ConversationID: conv.ID,
		Author: parley.Author{Kind: parley.AuthorBot, Name: "Parley"}, Text: d.cfg.Waiting(conv.Language, ev.Message.Text, ct.Email),
		Meta: eventMeta("waiting"), ClientID: fmt.Sprintf("bot:waiting:%d", window)})
	if err != nil {
		return err
	}
	d.told.mark(conv.ID, window)
	if !created {
		return nil
	}
	d.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: conv.SiteID, ConversationID: conv.ID, ContactID: conv.ContactID, Message: &m})
	return nil
}

func (d *Desk) setMode(ctx context.Context, conv parley.Conversation, m parley.Mode) (parley.Conversation, error) {
	c, err := d.cfg.Store.SetMode(ctx, conv.ID, m)
	if err != nil {
		return conv, err
	}
	d.publish(ctx, parley.Event{Kind: parley.EventStatus, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID,
		Status: &parley.Status{Mode: m}})
	return c, nil
}

func (d *Desk) publish(ctx context.Context, ev parley.Event) {
	if d.cfg.Publisher == nil {
		return
	}
	if err := d.cfg.Publisher.Publish(ctx, ev); err != nil {
		d.cfg.Log.Warn("desk: publish", "conversation", ev.ConversationID, "err", err)
	}
}

func (d *Desk) breached(ctx context.Context, b Breach) {
	c := b.Conversation
	d.cfg.Log.Warn("desk: SLA breach", "conversation", c.ID, "target", b.Kind, "due", b.Due)
	if d.cfg.Breached != nil {
		d.cfg.Breached(b.Kind)
	}
	d.publish(ctx, parley.Event{Kind: parley.EventBreach, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Comment: b.Kind})
}

// reopen gives a resolved conversation that gets a new visitor message back
// to the bot, clearing its resolution and assignee.
func (d *Desk) reopen(ctx context.Context, conv parley.Conversation) (parley.Conversation, error) {
	if d.cfg.Desk == nil {
		return d.setMode(ctx, conv, parley.ModeBot)
	}
	c, err := d.cfg.Desk.Reopen(ctx, conv.ID, parley.ModeBot)
	if err != nil {
		return conv, err
	}
	d.status(ctx, c, "")
	return c, nil
}

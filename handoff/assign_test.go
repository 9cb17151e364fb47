package handoff

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/store/sqlite"
)

// routeDesk is a routing desk on the embedded store with a clock the test moves.
type routeDesk struct {
	*Desk
	db       *sqlite.DB
	site     parley.Site
	presence *inmem.Presence
	events   *events
	now      time.Time
	waits    []time.Duration
	queues   []map[string]int
}

func newRouteDesk(t *testing.T, cfg Config) *routeDesk {
	t.Helper()
	db, site, presence := offlineStore(t)
	rd := &routeDesk{db: db, site: site, presence: presence, events: &events{}, now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	cfg.Store, cfg.Desk, cfg.Router, cfg.Presence, cfg.Publisher = db, db, db, presence, rd.events
	cfg.Now = func() time.Time { return rd.now }
	cfg.Log = slog.New(slog.DiscardHandler)
	cfg.Waited = func(d time.Duration) { rd.waits = append(rd.waits, d) }
	cfg.Queued = func(by map[string]int) { rd.queues = append(rd.queues, by) }
	rd.Desk = New(cfg)
	return rd
}

func (rd *routeDesk) agent(t *testing.T, name string, capacity int, langs ...string) parley.Agent {
	t.Helper()
	a, err := rd.db.CreateAgent(context.Background(), parley.Agent{Email: strings.ToLower(name) + "@example.com", Name: name,
		Capacity: capacity, Teams: []string{"l1"}, Languages: langs}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	rd.presence.Set(context.Background(), a.ID, parley.PresenceOnline)
	return a
}

// queue puts a new conversation in lang in team l1's queue, queued now.
func (rd *routeDesk) queue(t *testing.T, lang string) string {
	t.Helper()
	ctx := context.Background()
	s, err := rd.db.CreateSession(ctx, rd.site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	if err := rd.db.SetLanguage(ctx, s.Conversation.ID, lang); err != nil {
		t.Fatal(err)
	}
	if _, err := rd.db.Enqueue(ctx, s.Conversation.ID, parley.Conversation{Team: "l1", QueuedAt: rd.now}); err != nil {
		t.Fatal(err)
	}
	return s.Conversation.ID
}

func (rd *routeDesk) pass(t *testing.T) {
	t.Helper()
	if err := rd.route(context.Background(), map[string]parley.Status{}); err != nil {
		t.Fatal(err)
	}
}

// assignee returns who has the conversation ("" nobody) and the reason the
// routing note gave.
func (rd *routeDesk) assignee(t *testing.T, id string) (string, string) {
	t.Helper()
	ctx := context.Background()
	c, err := rd.db.Conversation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	msgs, _ := rd.db.Messages(ctx, id, 0, 100, true)
	var why string
	for _, m := range msgs {
		var meta struct {
			Event, Reason string
			AgentID       string `json:"agent_id"`
		}
		if json.Unmarshal(m.Meta, &meta) == nil && meta.Event == "routed" {
			if !m.Private || meta.AgentID != c.AssigneeID {
				t.Errorf("routing note %+v for assignee %s", m, c.AssigneeID)
			}
			why = meta.Reason
		}
	}
	return c.AssigneeID, why
}

// TestRouterHonoursLanguageAndSaysWhy: a Persian conversation waits for
// the agent who speaks Persian rather than going to one who does not, and
// the assignment records why, in a note the console and API show.
func TestRouterHonoursLanguageAndSaysWhy(t *testing.T) {
	rd := newRouteDesk(t, Config{})
	rd.agent(t, "Ivan", 5, "en", "ru")
	fa := rd.queue(t, "fa")
	rd.pass(t)
	if who, _ := rd.assignee(t, fa); who != "" {
		t.Fatalf("a Persian conversation went to %s, who speaks en, ru", who)
	}
	if got := rd.queues[len(rd.queues)-1]; got["l1"] != 1 {
		t.Errorf("queue length reported %v", got)
	}
	dara := rd.agent(t, "Dara", 5, "fa")
	rd.now = rd.now.Add(40 * time.Second)
	rd.pass(t)
	who, why := rd.assignee(t, fa)
	if who != dara.ID || why != "speaks fa; team l1; least busy 0/5" {
		t.Fatalf("assigned to %q because %q; want Dara, speaks fa", who, why)
	}
	if len(rd.waits) != 1 || rd.waits[0] != 40*time.Second {
		t.Errorf("waits observed %v, want [40s]", rd.waits)
	}

	// With the speaker gone, after the wait anyone on the team takes it.
	rd.presence.Set(context.Background(), dara.ID, parley.PresenceOffline)
	late := rd.queue(t, "fa")
	rd.now = rd.now.Add(DefaultLanguageWait)
	rd.pass(t)
	if who, why := rd.assignee(t, late); who == "" || !strings.HasPrefix(why, "nobody speaking fa free within 2m0s") {
		t.Fatalf("after the wait: assigned to %q because %q", who, why)
	}
}

// TestRouterPacesAnAgentSigningIn: three queued conversations reach an
// agent one per Pace, not at once.
func TestRouterPacesAnAgentSigningIn(t *testing.T) {
	rd := newRouteDesk(t, Config{Pace: 10 * time.Second})
	ana := rd.agent(t, "Ana", 5, "en")
	ids := []string{rd.queue(t, "en"), rd.queue(t, "en"), rd.queue(t, "en")}
	count := func() int {
		n, err := rd.db.AssignedCount(context.Background(), ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, step := range []struct {
		after time.Duration
		want  int
	}{{0, 1}, {time.Second, 1}, {10 * time.Second, 2}, {5 * time.Second, 2}, {5 * time.Second, 3}} {
		rd.now = rd.now.Add(step.after)
		rd.pass(t)
		if got := count(); got != step.want {
			t.Fatalf("after +%s: %d assigned, want %d", step.after, got, step.want)
		}
	}
	for _, id := range ids {
		if who, _ := rd.assignee(t, id); who != ana.ID {
			t.Errorf("%s assigned to %q", id, who)
		}
	}
}

// Without a pace, one pass fills an agent's free seats.
func TestRouterWithoutPaceFillsSeats(t *testing.T) {
	rd := newRouteDesk(t, Config{})
	ana := rd.agent(t, "Ana", 2, "en")
	ids := []string{rd.queue(t, "en"), rd.queue(t, "en"), rd.queue(t, "en")}
	rd.pass(t)
	if n, err := rd.db.AssignedCount(context.Background(), ana.ID); err != nil || n != 2 {
		t.Fatalf("%d assigned (%v), want 2", n, err)
	}
	waiting := 0
	for _, id := range ids {
		if who, _ := rd.assignee(t, id); who == "" {
			waiting++
		}
	}
	if waiting != 1 {
		t.Errorf("%d conversations waiting, want 1 (Ana's capacity is 2)", waiting)
	}
}

// TestOffersAreAcceptedDeclinedOrExpire: with an accept step, the router
// offers one conversation at a time per agent; a decline or a timeout
// passes it to the next agent, and an accept assigns it.
func TestOffersAreAcceptedDeclinedOrExpire(t *testing.T) {
	ctx := context.Background()
	rd := newRouteDesk(t, Config{AcceptTimeout: 30 * time.Second})
	ana := rd.agent(t, "Ana", 5, "en")
	bo := rd.agent(t, "Bo", 5, "en")
	first := rd.queue(t, "en")
	rd.queue(t, "en")
	rd.queue(t, "en")
	rd.pass(t)
	offers := func(a parley.Agent) []string {
		var ids []string
		for _, o := range rd.Offers(a.ID) {
			ids = append(ids, o.Conversation.ID)
		}
		return ids
	}
	if a, b := offers(ana), offers(bo); len(a) != 1 || len(b) != 1 || a[0] == b[0] {
		t.Fatalf("offers: Ana %v, Bo %v; want one each", a, b)
	}
	if who, _ := rd.assignee(t, first); who != "" {
		t.Fatal("an offer assigned the conversation before it was accepted")
	}
	rd.pass(t) // nothing new while both offers are pending
	if a, b := offers(ana), offers(bo); len(a) != 1 || len(b) != 1 {
		t.Fatalf("second pass: Ana %v, Bo %v", a, b)
	}
	anas, bos := offers(ana)[0], offers(bo)[0]
	if _, err := rd.Accept(ctx, anas, bo); !errors.Is(err, parley.ErrConflict) {
		t.Errorf("Bo accepted Ana's offer: %v", err)
	}
	if err := rd.Decline(ctx, bos, ana); !errors.Is(err, parley.ErrConflict) {
		t.Errorf("Ana declined Bo's offer: %v", err)
	}

	// Bo declines: his conversation is offered to Ana once she is free of
	// her offer, never to him again.
	if err := rd.Decline(ctx, bos, bo); err != nil {
		t.Fatal(err)
	}
	rd.now = rd.now.Add(3 * time.Second)
	c, err := rd.Accept(ctx, anas, ana)
	if err != nil || c.AssigneeID != ana.ID {
		t.Fatalf("accept: %+v %v", c, err)
	}
	if _, why := rd.assignee(t, anas); why != "speaks en; team l1; least busy 0/5; accepted in 3s" {
		t.Errorf("accepted reason %q", why)
	}
	rd.pass(t)
	if a := offers(ana); len(a) != 1 || a[0] != bos {
		t.Fatalf("after Bo declined, Ana is offered %v, want %s", a, bos)
	}
	if b := offers(bo); len(b) != 1 || b[0] == bos {
		t.Fatalf("after declining, Bo is offered %v", b)
	}

	// Nobody answers: the offers expire and go to the other agent.
	rd.now = rd.now.Add(31 * time.Second)
	rd.pass(t)
	if a, b := offers(ana), offers(bo); len(b) != 0 || len(a) != 1 || a[0] == bos {
		t.Fatalf("after expiry: Ana %v, Bo %v", a, b)
	}
	// Offered to nobody (say, by another node's router): accepting takes it.
	if c, err := rd.Accept(ctx, bos, bo); err != nil || c.AssigneeID != bo.ID {
		t.Fatalf("accepting a conversation offered to nobody: %+v %v", c, err)
	}
	if who, why := rd.assignee(t, bos); who != bo.ID || why != "accepted" {
		t.Errorf("taken by accept: %q because %q", who, why)
	}
	var offered, withdrawn int
	for _, ev := range rd.events.evs {
		if ev.Kind == EventOffer && ev.On {
			offered++
		} else if ev.Kind == EventOffer {
			withdrawn++
		}
	}
	if offered != 5 || withdrawn != 4 {
		t.Errorf("offer events: %d offered, %d withdrawn; want 5, 4", offered, withdrawn)
	}
}

// queueIn puts a new conversation in team's queue ("" none), a second after
// the last one.
func (rd *routeDesk) queueIn(t *testing.T, team string) parley.Conversation {
	t.Helper()
	ctx := context.Background()
	s, err := rd.db.CreateSession(ctx, rd.site.ID, parley.HashToken(parley.NewToken()), parley.Contact{})
	if err != nil {
		t.Fatal(err)
	}
	rd.now = rd.now.Add(time.Second)
	c, err := rd.db.Enqueue(ctx, s.Conversation.ID, parley.Conversation{Team: team, QueuedAt: rd.now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

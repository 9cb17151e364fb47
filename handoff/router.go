package handoff

import (
	"context"
	"slices"
	"time"

	"github.com/parley-chat/parley"
)

// Presence tells which agents are online (inmem on one node, Redis on many).
type Presence interface {
	Set(ctx context.Context, agentID string, p parley.Presence) error
	All(ctx context.Context) (map[string]parley.Presence, error)
}

// RouterStore is what routing reads.
type RouterStore interface {
	Agents(ctx context.Context) ([]parley.Agent, error)
	Queue(ctx context.Context, f parley.QueueFilter) ([]parley.Conversation, error)
	// QueuePosition: a queued conversation's place in its team's queue,
	// from 1, without reading the queue (0: not queued).
	QueuePosition(ctx context.Context, conversationID string) (int, error)
	AssignedCount(ctx context.Context, agentID string) (int, error)
}

// Poke asks the router to run soon (a handoff, a freed seat, an agent
// coming online); pokes coalesce.
func (d *Desk) Poke() {
	select {
	case d.poke <- struct{}{}:
	default:
	}
}

// routeLoop is the router's goroutine: it owns lastStatus and runs Route
// on pokes and on a timer (to see other nodes' presence changes).
func (d *Desk) routeLoop(ctx context.Context) {
	t := time.NewTicker(d.cfg.RouteEvery)
	defer t.Stop()
	last := map[string]parley.Status{}
	var measured time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.poke:
		}
		if now := d.now(); now.Sub(measured) >= measureEvery {
			d.measureHandling(ctx, now)
			measured = now
		}
		if err := d.route(ctx, last); err != nil && ctx.Err() == nil {
			d.cfg.Log.Error("desk: route", "err", err)
		}
		// A pass reads the whole queue: under a burst of handoffs, pokes
		// arriving meanwhile coalesce into one pass after this pause
		// instead of a pass each.
		select {
		case <-ctx.Done():
			return
		case <-time.After(routeGap):
		}
	}
}

// routeGap is the least time between two routing passes.
const routeGap = 200 * time.Millisecond

// route assigns what it can, then tells every still-queued visitor their
// place, an honest ETA, or that nobody is available.
func (d *Desk) route(ctx context.Context, last map[string]parley.Status) error {
	rs, ds := d.cfg.Router, d.cfg.Desk
	d.rt.begin()
	queued, err := rs.Queue(ctx, parley.QueueFilter{Mode: parley.ModeQueued, Limit: 1000})
	if err != nil {
		return err
	}
	d.queued(queued)
	for _, o := range d.forget(queued) {
		d.withdrawn(ctx, o)
	}
	if len(queued) == 0 {
		d.places.Store(&placeSnapshot{at: d.now()})
		return nil
	}
	agents, err := rs.Agents(ctx)
	if err != nil {
		return err
	}
	online, err := d.cfg.Presence.All(ctx)
	if err != nil {
		return err
	}
	cands := make([]Candidate, 0, len(agents))
	for _, a := range agents {
		if online[a.ID] != parley.PresenceOnline || !a.Active() {
			continue // only online, active agents take conversations; skip their counts
		}
		n, err := rs.AssignedCount(ctx, a.ID)
		if err != nil {
			return err
		}
		cands = append(cands, Candidate{Agent: a, Presence: parley.PresenceOnline, Assigned: n})
	}
	now := d.now()
	d.expire(ctx, now)
	held := d.held(cands)
	var waiting []parley.Conversation
	var claims []claim
	for _, c := range queued {
		if d.offered(c.ID) {
			waiting = append(waiting, c) // its seat is held in cands
			continue
		}
		ch, ok := Pick(c, cands, Rules{Now: now, LanguageWait: d.cfg.LanguageWait, Skill: d.skill(ctx, c), Skip: d.skip(c.ID, now, held)})
		if !ok {
			waiting = append(waiting, c)
			continue
		}
		if d.cfg.AcceptTimeout > 0 {
			if !d.offer(ctx, c, ch) {
				continue // taken by a person meanwhile
			}
			held[ch.Agent.ID] = true // one offer at a time
			waiting = append(waiting, c)
		} else {
			d.autoAssigned(ch.Agent.ID, now) // paced for the rest of this pass too
			claims = append(claims, claim{c, ch})
		}
		for i := range cands {
			if cands[i].Agent.ID == ch.Agent.ID {
				cands[i].Assigned++
			}
		}
	}
	taken, err := d.claimAll(ctx, ds, claims)
	for _, id := range taken {
		delete(last, id)
	}
	if err != nil {
		return err
	}
	d.tellWaiting(ctx, waiting, cands, last)
	return nil
}

// queued reports the queue's length by team, before this pass assigns
// (metrics).
func (d *Desk) queued(queued []parley.Conversation) {
	if d.cfg.Queued == nil {
		return
	}
	by := map[string]int{}
	for _, c := range queued {
		by[c.Team]++
	}
	d.cfg.Queued(by)
}

// tellWaiting publishes position/ETA/offline to queued visitors whose
// status changed since the last run, and keeps every place for the
// welcome (placeOf). A place counts within the team's queue, and for a
// conversation with no team within the whole queue (any agent may take it,
// and everyone before it comes first), as the store's QueuePosition does.
func (d *Desk) tellWaiting(ctx context.Context, waiting []parley.Conversation, cands []Candidate, last map[string]parley.Status) {
	pos := map[string]int{} // per team
	places := make(map[string]int, len(waiting))
	defer func() { d.places.Store(&placeSnapshot{at: d.now(), places: places}) }()
	for i, c := range waiting {
		pos[c.Team]++
		place := pos[c.Team]
		if c.Team == "" {
			place = i + 1
		}
		places[c.ID] = place
		seats, busy := teamSeats(cands, c.Team)
		st := parley.Status{Mode: parley.ModeQueued, QueuePosition: place}
		eta, ok := ETA(place, seats, busy, d.handlingTime())
		if h := d.hours(ctx, c.Team); !ok || (h != nil && !h.OpenAt(d.now())) {
			st.Offline = true
			if h != nil && !h.OpenAt(d.now()) {
				st.OpensAt = h.Add(d.now(), 0)
			}
		} else {
			st.ETASeconds = int(eta.Seconds())
		}
		if last[c.ID] == st || !d.untaken(c.ID) {
			continue // unchanged, or a person took it after the pass read the queue
		}
		last[c.ID] = st
		d.publish(ctx, parley.Event{Kind: parley.EventStatus, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Status: &st})
	}
}

// teamSeats counts the capacity of a team's online agents and how much of
// it is in use ("" = every team).
func teamSeats(cands []Candidate, team string) (seats, busy int) {
	for _, cd := range cands {
		if cd.Presence == parley.PresenceOnline && (team == "" || slices.Contains(cd.Agent.Teams, team)) {
			seats += cd.Agent.Capacity
			busy += min(cd.Assigned, cd.Agent.Capacity)
		}
	}
	return seats, busy
}

package handoff

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Status is the visitor-visible status of a conversation right now, for
// the gateway's welcome: queue position (the one the last routing pass
// told, when recent; else counted in the store), an honest ETA, or
// offline; the agent's name when assigned. It reads; it never changes
// anything.
func (d *Desk) Status(ctx context.Context, c parley.Conversation) parley.Status {
	st := parley.Status{Mode: c.Mode}
	switch {
	case c.Mode == parley.ModeAssigned && d.cfg.Desk != nil && c.AssigneeID != "":
		if a, err := d.cfg.Desk.Agent(ctx, c.AssigneeID); err == nil {
			st.AgentName = a.Name
		}
	case c.Mode == parley.ModeQueued && d.cfg.Router != nil && d.cfg.Presence != nil:
		pos, ok := d.placeOf(c.ID)
		if !ok {
			var err error
			if pos, err = d.cfg.Router.QueuePosition(ctx, c.ID); err != nil {
				return st
			}
		}
		st.QueuePosition = pos
		seats, busy := d.seats(ctx, c.Team)
		if d.closed(ctx, c.Team, seats) {
			st.Offline = true
			st.OpensAt = d.opensAt(ctx, c.Team)
		} else {
			eta, _ := ETA(max(st.QueuePosition, 1), seats, busy, d.handlingTime())
			st.ETASeconds = int(eta.Seconds())
		}
	}
	return st
}

// opensAt is when team's business hours open next, if they are closed
// now (zero: always open, or open now).
func (d *Desk) opensAt(ctx context.Context, team string) time.Time {
	h, now := d.hours(ctx, team), d.now()
	if h == nil || h.OpenAt(now) {
		return time.Time{}
	}
	return h.Add(now, 0)
}

// offline reports whether nobody of team can answer now. Unlike Status it
// does not read the queue, which costs a scan of every queued conversation.
func (d *Desk) offline(ctx context.Context, team string) bool {
	if d.cfg.Router == nil || d.cfg.Presence == nil {
		return false
	}
	seats, _ := d.seats(ctx, team)
	return d.closed(ctx, team, seats)
}

// closed: no online seat for the team, or its business hours are closed.
func (d *Desk) closed(ctx context.Context, team string, seats int) bool {
	h := d.hours(ctx, team)
	return seats <= 0 || h != nil && !h.OpenAt(d.now())
}

func anyOnline(p map[string]parley.Presence) bool {
	for _, v := range p {
		if v == parley.PresenceOnline {
			return true
		}
	}
	return false
}

// seats counts the online agents' capacity for a team and how much of it
// is in use.
func (d *Desk) seats(ctx context.Context, team string) (seats, busy int) {
	online, err := d.cfg.Presence.All(ctx)
	if err != nil || !anyOnline(online) {
		return 0, 0 // nobody online: no need to read the agents
	}
	agents, err := d.cfg.Router.Agents(ctx)
	if err != nil {
		return 0, 0
	}
	var cands []Candidate
	for _, a := range agents {
		if online[a.ID] != parley.PresenceOnline || !a.Active() {
			continue
		}
		if n, err := d.cfg.Router.AssignedCount(ctx, a.ID); err == nil {
			cands = append(cands, Candidate{Agent: a, Presence: parley.PresenceOnline, Assigned: n})
		}
	}
	return teamSeats(cands, team)
}

// placeSnapshot is one routing pass's places (tellWaiting), at the time of
// the pass.
type placeSnapshot struct {
	at     time.Time
	places map[string]int
}

// placeOf is the place the last routing pass told conversation id, when
// that pass saw it and is recent (two RouteEvery): then the welcome gives
// what the visitor was last told, without counting the queue ahead in the
// store, which costs a scan of it for each reconnecting visitor.
func (d *Desk) placeOf(id string) (int, bool) {
	snap := d.places.Load()
	if snap == nil || d.now().Sub(snap.at) > 2*d.cfg.RouteEvery {
		return 0, false
	}
	p, ok := snap.places[id]
	return p, ok
}

package handoff

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/parley-chat/parley"
)

// EventOffer tells consoles that the router offers a conversation to an
// agent (On true, Author the agent, Comment why) or withdrew the offer (On
// false: accepted, declined or expired). Visitors never see it.
const EventOffer parley.EventKind = "offer"

// Offer is a conversation the router offered to an agent who has not
// accepted it yet.
type Offer struct {
	Conversation parley.Conversation
	AgentID      string
	Reason       string
	Offered      time.Time
	Expires      time.Time
}

// routing is what the router remembers between passes, in memory on this
// node: pending offers, who declined what, when each agent last got a
// conversation (pace), and the skill each queued conversation needs. It is
// shared by the route loop and agents' accept/decline calls.
type routing struct {
	mu       sync.Mutex
	offers   map[string]*Offer          // by conversation
	byAgent  map[string]string          // agent → conversation offered
	refused  map[string]map[string]bool // conversation → agents who declined or let it expire
	lastAuto map[string]time.Time       // agent → last automatic assignment
	skills   map[string]string          // conversation → skill needed ("" none)
	taking   map[string]int             // conversation → takes by a person in flight
	took     map[string]bool            // conversations a person took since this pass began
}

func newRouting() *routing {
	return &routing{offers: map[string]*Offer{}, byAgent: map[string]string{}, refused: map[string]map[string]bool{},
		lastAuto: map[string]time.Time{}, skills: map[string]string{}, taking: map[string]int{}, took: map[string]bool{}}
}

// begin starts a routing pass, before it reads the queue: takes that
// finished earlier are in what it reads.
func (rt *routing) begin() {
	rt.mu.Lock()
	clear(rt.took)
	rt.mu.Unlock()
}

// take marks a person's take of a conversation (an accept, an assignment)
// as in flight; rt.mu is held. The func it returns marks it done. A pass
// may have read the conversation as queued before the take committed, so
// it offers nothing taken in flight or since it began (mayOffer): it would
// offer a conversation someone already has.
func (rt *routing) take(conversationID string) (done func()) {
	rt.taking[conversationID]++
	return func() {
		rt.mu.Lock()
		defer rt.mu.Unlock()
		if rt.taking[conversationID]--; rt.taking[conversationID] <= 0 {
			delete(rt.taking, conversationID)
		}
		rt.took[conversationID] = true
	}
}

// mayOffer reports whether this pass may still offer the conversation;
// rt.mu is held.
func (rt *routing) mayOffer(conversationID string) bool {
	return rt.taking[conversationID] == 0 && !rt.took[conversationID]
}

// Offers lists the offers pending on this node for agentID ("" all).
func (d *Desk) Offers(agentID string) []Offer {
	rt := d.rt
	rt.mu.Lock()
	defer rt.mu.Unlock()
	var out []Offer
	for _, o := range rt.offers {
		if agentID == "" || o.AgentID == agentID {
			out = append(out, *o)
		}
	}
	return out
}

// Accept takes a conversation offered to by. It is a take like Assign:
// a conversation offered to nobody (or by another node's router) may be
// accepted while it is queued; one offered to someone else may not.
func (d *Desk) Accept(ctx context.Context, conversationID string, by parley.Agent) (parley.Conversation, error) {
	if d.cfg.Desk == nil {
		return parley.Conversation{}, parley.Errorf(parley.ECONFLICT, "this desk has no queue to accept from")
	}
	rt := d.rt
	rt.mu.Lock()
	o := rt.offers[conversationID]
	if o != nil && o.AgentID != by.ID {
		rt.mu.Unlock()
		return parley.Conversation{}, parley.Errorf(parley.ECONFLICT, "this conversation is offered to another agent")
	}
	rt.drop(conversationID)
	done := rt.take(conversationID)
	rt.mu.Unlock()
	c, err := d.cfg.Desk.Claim(ctx, conversationID, by.ID)
	done()
	if err != nil {
		return c, err
	}
	why := "accepted"
	if o != nil {
		why = fmt.Sprintf("%s; accepted in %s", o.Reason, d.now().Sub(o.Offered).Round(time.Second))
		d.withdrawn(ctx, *o)
	}
	d.assigned(ctx, c, by, why)
	return c, nil
}

// Decline refuses an offer: the conversation goes to the next agent and
// is not offered to by again while it waits.
func (d *Desk) Decline(ctx context.Context, conversationID string, by parley.Agent) error {
	rt := d.rt
	rt.mu.Lock()
	o := rt.offers[conversationID]
	if o == nil || o.AgentID != by.ID {
		rt.mu.Unlock()
		return parley.Errorf(parley.ECONFLICT, "this conversation is not offered to you")
	}
	rt.drop(conversationID)
	rt.refuse(conversationID, by.ID)
	rt.mu.Unlock()
	d.withdrawn(ctx, *o)
	d.Poke()
	return nil
}

// drop forgets a conversation's offer; rt.mu is held.
func (rt *routing) drop(conversationID string) {
	if o := rt.offers[conversationID]; o != nil {
		delete(rt.byAgent, o.AgentID)
		delete(rt.offers, conversationID)
	}
}

// refuse remembers that agentID is not to be offered the conversation
// again; rt.mu is held.
func (rt *routing) refuse(conversationID, agentID string) {
	if rt.refused[conversationID] == nil {
		rt.refused[conversationID] = map[string]bool{}
	}
	rt.refused[conversationID][agentID] = true
}

// expire withdraws offers past their time, as if declined.
func (d *Desk) expire(ctx context.Context, now time.Time) {
	rt := d.rt
	rt.mu.Lock()
	var gone []Offer
	for id, o := range rt.offers {
		if !now.Before(o.Expires) {
			gone = append(gone, *o)
			rt.drop(id)
			rt.refuse(id, o.AgentID)
		}
	}
	rt.mu.Unlock()
	for _, o := range gone {
		d.cfg.Log.Info("desk: offer expired", "conversation", o.Conversation.ID, "agent", o.AgentID)
		d.withdrawn(ctx, o)
	}
}

// offer makes a pending offer and tells the consoles, unless a person
// took the conversation since the pass read it (false).
func (d *Desk) offer(ctx context.Context, c parley.Conversation, ch Choice) bool {
	now := d.now()
	o := &Offer{Conversation: c, AgentID: ch.Agent.ID, Reason: ch.Reason, Offered: now, Expires: now.Add(d.cfg.AcceptTimeout)}
	rt := d.rt
	rt.mu.Lock()
	if !rt.mayOffer(c.ID) {
		rt.mu.Unlock()
		return false
	}
	rt.offers[c.ID] = o
	rt.byAgent[ch.Agent.ID] = c.ID
	rt.mu.Unlock()
	d.publish(ctx, parley.Event{Kind: EventOffer, SiteID: c.SiteID, ConversationID: c.ID, On: true, Comment: ch.Reason,
		Author: &parley.Author{Kind: parley.AuthorAgent, ID: ch.Agent.ID, Name: ch.Agent.Name}})
	return true
}

func (d *Desk) withdrawn(ctx context.Context, o Offer) {
	c := o.Conversation
	d.publish(ctx, parley.Event{Kind: EventOffer, SiteID: c.SiteID, ConversationID: c.ID,
		Author: &parley.Author{Kind: parley.AuthorAgent, ID: o.AgentID}})
}

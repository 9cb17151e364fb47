package handoff

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/parley-chat/parley"
)

// decisionReader is the store's record of the bot's decisions, read to
// learn what skill a conversation queued before this node started needs.
type decisionReader interface {
	Decisions(ctx context.Context, conversationID string) ([]parley.Decision, error)
}

// skillOf is the skill a handoff needs: the intent of an admin-defined
// route (bot.Route), which is what the team is told the conversation is
// about. Other handoffs (unsure, frustrated, asked for a person) carry a
// guess of an intent at best, so they need no skill.
func skillOf(dec parley.Decision) string {
	switch dec.HandoffReason {
	case "routed_intent", "human_only_intent": // bot.ReasonHumanOnly and a routed intent
		return dec.Intent
	}
	return ""
}

// skill returns what c needs, reading its decisions once per node.
func (d *Desk) skill(ctx context.Context, c parley.Conversation) string {
	rt := d.rt
	rt.mu.Lock()
	s, ok := rt.skills[c.ID]
	rt.mu.Unlock()
	if ok {
		return s
	}
	if dr, ok := d.cfg.Router.(decisionReader); ok {
		decs, err := dr.Decisions(ctx, c.ID)
		if err != nil {
			return "" // not remembered: read again next pass
		}
		for i := len(decs) - 1; i >= 0; i-- {
			if decs[i].Action == parley.ActionHandoff {
				s = skillOf(decs[i])
				break
			}
		}
	}
	d.rememberSkill(c.ID, s)
	return s
}

func (d *Desk) rememberSkill(conversationID, skill string) {
	d.rt.mu.Lock()
	d.rt.skills[conversationID] = skill
	d.rt.mu.Unlock()
}

// forget drops what routing remembers of conversations no longer queued
// (taken, resolved, transferred away) and paces that ran out. It returns
// the offers it dropped, for the consoles to be told.
func (d *Desk) forget(queued []parley.Conversation) (gone []Offer) {
	in := make(map[string]bool, len(queued))
	for _, c := range queued {
		in[c.ID] = true
	}
	rt := d.rt
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for id := range rt.skills {
		if !in[id] {
			delete(rt.skills, id)
		}
	}
	for id := range rt.refused {
		if !in[id] {
			delete(rt.refused, id)
		}
	}
	for id, o := range rt.offers {
		if !in[id] {
			gone = append(gone, *o) // taken on another node, say
			rt.drop(id)
		}
	}
	for a, t := range rt.lastAuto {
		if d.now().Sub(t) >= d.cfg.Pace {
			delete(rt.lastAuto, a)
		}
	}
	return gone
}

// held returns the agents with an offer pending, whose seat it holds in
// cands (one offer at a time per agent).
func (d *Desk) held(cands []Candidate) map[string]bool {
	rt := d.rt
	rt.mu.Lock()
	defer rt.mu.Unlock()
	held := map[string]bool{}
	for i := range cands {
		if _, ok := rt.byAgent[cands[i].Agent.ID]; ok {
			held[cands[i].Agent.ID] = true
			cands[i].Assigned++
		}
	}
	return held
}

// untaken reports whether no person took the conversation since this pass
// began (routing.take).
func (d *Desk) untaken(conversationID string) bool {
	d.rt.mu.Lock()
	defer d.rt.mu.Unlock()
	return d.rt.mayOffer(conversationID)
}

func (d *Desk) offered(conversationID string) bool {
	d.rt.mu.Lock()
	defer d.rt.mu.Unlock()
	return d.rt.offers[conversationID] != nil
}

// skip leaves out, for one conversation, agents with an offer pending,
// agents who declined it, and agents paced after their last assignment.
func (d *Desk) skip(conversationID string, now time.Time, held map[string]bool) func(string) bool {
	return func(agentID string) bool {
		if held[agentID] {
			return true
		}
		rt := d.rt
		rt.mu.Lock()
		defer rt.mu.Unlock()
		if rt.refused[conversationID][agentID] {
			return true
		}
		t, ok := rt.lastAuto[agentID]
		return ok && now.Sub(t) < d.cfg.Pace
	}
}

func (d *Desk) autoAssigned(agentID string, now time.Time) {
	if d.cfg.Pace <= 0 {
		return
	}
	d.rt.mu.Lock()
	d.rt.lastAuto[agentID] = now
	d.rt.mu.Unlock()
}

// assigned records why a conversation went to an agent, as a note the
// console shows in the transcript (meta.event "routed", meta.reason), and
// tells everyone where it is.
func (d *Desk) assigned(ctx context.Context, c parley.Conversation, a parley.Agent, why string) {
	meta, _ := json.Marshal(map[string]string{"event": "routed", "reason": why, "agent_id": a.ID})
	note := parley.Message{ConversationID: c.ID, Private: true, Author: parley.Author{Kind: parley.AuthorSystem}, Meta: meta,
		Text: fmt.Sprintf("Assigned to %s: %s.", a.Name, why), ClientID: fmt.Sprintf("routed:%s:%d", a.ID, c.QueuedAt.UnixNano())}
	if m, _, err := d.cfg.Store.AppendMessage(ctx, note); err != nil {
		d.cfg.Log.Warn("desk: routing note", "conversation", c.ID, "err", err)
	} else {
		d.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Message: &m})
	}
	d.waited(c)
	d.status(ctx, c, a.Name)
}

// claim is one assignment a routing pass chose.
type claim struct {
	c  parley.Conversation
	ch Choice
}

// claimConcurrency bounds a pass's claims in flight. One at a time, every
// claim and its routing note waited for a durable commit of its own; side
// by side, the embedded store commits them together and PostgreSQL spreads
// them over its pool.
const claimConcurrency = 16

// claimAll makes the pass's claims and, for each that holds, records and
// announces it. It returns the conversations taken and the first error
// other than losing a race (another node or agent was faster, or the seat
// filled: that seat stays unused until the next pass).
func (d *Desk) claimAll(ctx context.Context, ds DeskStore, claims []claim) ([]string, error) {
	var (
		mu    sync.Mutex
		taken []string
		first error
		wg    sync.WaitGroup
	)
	sem := make(chan struct{}, claimConcurrency)
	for _, cl := range claims {
		mu.Lock()
		failed := first != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			got, err := ds.Claim(ctx, cl.c.ID, cl.ch.Agent.ID)
			if errors.Is(err, parley.ErrConflict) || errors.Is(err, parley.ErrNotFound) {
				return
			}
			if err == nil {
				d.assigned(ctx, got, cl.ch.Agent, cl.ch.Reason)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				first = cmp.Or(first, err)
			} else {
				taken = append(taken, cl.c.ID)
			}
		})
	}
	wg.Wait()
	return taken, first
}

package handoff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
)

// DeskStore is what agents' actions need beyond Store.
type DeskStore interface {
	Contact(ctx context.Context, id string) (parley.Contact, error)
	Agent(ctx context.Context, id string) (parley.Agent, error)
	Team(ctx context.Context, key string) (parley.Team, error)
	SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error)
	Enqueue(ctx context.Context, conversationID string, e parley.Conversation) (parley.Conversation, error)
	Claim(ctx context.Context, conversationID, agentID string) (parley.Conversation, error)
	Assign(ctx context.Context, conversationID, agentID string) (parley.Conversation, error)
	Transfer(ctx context.Context, conversationID, team string) (parley.Conversation, error)
	Resolve(ctx context.Context, conversationID string, at time.Time) (parley.Conversation, error)
	Reopen(ctx context.Context, conversationID string, mode parley.Mode) (parley.Conversation, error)
	MarkResponse(ctx context.Context, conversationID string, at, nextDue time.Time) error
}

func (d *Desk) now() time.Time {
	if d.cfg.Now != nil {
		return d.cfg.Now()
	}
	return time.Now()
}

// enqueue moves a conversation the bot handed off to the queue, with its
// team, urgency and SLA due times.
func (d *Desk) enqueue(ctx context.Context, conv parley.Conversation, dec parley.Decision) (parley.Conversation, error) {
	ct, err := d.cfg.Desk.Contact(ctx, conv.ContactID)
	if err != nil {
		return conv, err
	}
	e, err := d.entry(ctx, conv, ct, dec)
	if err != nil {
		return conv, err
	}
	c, err := d.cfg.Desk.Enqueue(ctx, conv.ID, e)
	if err != nil {
		return conv, err
	}
	d.handedOff(ctx, c, dec)
	return c, nil
}

// hours returns a team's business hours (nil: always open, or unknown team).
func (d *Desk) hours(ctx context.Context, team string) *Hours {
	if team == "" {
		return nil
	}
	t, err := d.cfg.Desk.Team(ctx, team)
	if err != nil {
		return nil
	}
	h, err := NewHours(t.Hours)
	if err != nil {
		return nil
	}
	return h
}

// Assign gives a conversation to an agent because a person chose to (an
// agent taking it, an admin assigning it, a reply to a queued one): the
// agent's capacity does not limit it, as it limits the router's Claim.
// Exactly one of racing takes wins. Taking one the bot still has queues it
// first (the bot falls silent).
func (d *Desk) Assign(ctx context.Context, conversationID, agentID string) (parley.Conversation, error) {
	agent, err := d.cfg.Desk.Agent(ctx, agentID)
	if err != nil {
		return parley.Conversation{}, err
	}
	conv, err := d.cfg.Store.Conversation(ctx, conversationID)
	if err != nil {
		return conv, err
	}
	if conv.Mode == parley.ModeBot {
		if _, err := d.enqueue(ctx, conv, parley.Decision{HandoffReason: "agent_takeover", Urgency: conv.Urgency}); err != nil && !errors.Is(err, parley.ErrConflict) {
			return conv, err
		}
	}
	d.rt.mu.Lock()
	done := d.rt.take(conversationID)
	d.rt.mu.Unlock()
	c, err := d.cfg.Desk.Assign(ctx, conversationID, agentID)
	done()
	if err != nil {
		return c, err
	}
	d.waited(c)
	d.status(ctx, c, agent.Name)
	return c, nil
}

// Reply posts an agent's message or internal note. A public reply to a
// queued conversation takes it; on one assigned to someone else both are
// refused (parley.Conversation.ActBy).
func (d *Desk) Reply(ctx context.Context, conversationID string, by parley.Agent, text string, private bool) (parley.Message, error) {
	return d.ReplyMeta(ctx, conversationID, by, text, private, nil)
}

// ReplyMeta is Reply with the message's meta (e.g. its attachments).
func (d *Desk) ReplyMeta(ctx context.Context, conversationID string, by parley.Agent, text string, private bool, meta json.RawMessage) (parley.Message, error) {
	c, err := d.cfg.Store.Conversation(ctx, conversationID)
	if err != nil {
		return parley.Message{}, err
	}
	if err := c.ActBy(by); err != nil {
		return parley.Message{}, err
	}
	if !private {
		switch c.Mode {
		case parley.ModeQueued, parley.ModeBot:
			if c, err = d.Assign(ctx, conversationID, by.ID); err != nil {
				return parley.Message{}, err
			}
		case parley.ModeResolved:
			return parley.Message{}, parley.Errorf(parley.ECONFLICT, "the conversation is resolved; it reopens when the visitor writes")
		}
	}
	m, _, err := d.cfg.Store.AppendMessage(ctx, parley.Message{ConversationID: c.ID, ClientID: "agent:" + parley.NewID(),
		Author: parley.Author{Kind: parley.AuthorAgent, ID: by.ID, Name: by.Name}, Text: text, Private: private, Meta: meta})
	if err != nil {
		return m, err
	}
	d.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Message: &m})
	if !private {
		var next time.Time
		if ct, err := d.cfg.Desk.Contact(ctx, c.ContactID); err == nil {
			if ps, err := d.cfg.Desk.SLAPolicies(ctx); err == nil {
				if p, ok := Policy(ps, c.Urgency, ct.Segment); ok {
					next = NextDue(p, d.hours(ctx, c.Team), m.CreatedAt)
				}
			}
		}
		if err := d.cfg.Desk.MarkResponse(ctx, c.ID, m.CreatedAt, next); err != nil {
			return m, err
		}
		if d.cfg.Replies != nil {
			d.cfg.Replies.AgentReplied(ctx, c, m)
		}
	}
	return m, nil
}

// Transfer sends a conversation to another team's queue; the history and
// the bot's context stay with it, and a note records who moved it.
func (d *Desk) Transfer(ctx context.Context, conversationID, team string, by parley.Agent) (parley.Conversation, error) {
	if err := d.mayAct(ctx, conversationID, by); err != nil {
		return parley.Conversation{}, err
	}
	if _, err := d.cfg.Desk.Team(ctx, team); err != nil {
		return parley.Conversation{}, fmt.Errorf("transfer: team %q: %w", team, err)
	}
	c, err := d.cfg.Desk.Transfer(ctx, conversationID, team)
	if err != nil {
		return c, err
	}
	note := parley.Message{ConversationID: c.ID, Private: true, Author: parley.Author{Kind: parley.AuthorSystem},
		Text: fmt.Sprintf("Transferred to %s by %s.", team, by.Name), Meta: eventMeta("transferred")}
	if _, _, err := d.cfg.Store.AppendMessage(ctx, note); err != nil {
		return c, err
	}
	d.status(ctx, c, "")
	d.Poke()
	return c, nil
}

// Resolve closes a conversation a person handled and asks the visitor for
// a rating (CSAT is never asked for bot-only or abandoned conversations).
func (d *Desk) Resolve(ctx context.Context, conversationID string, by parley.Agent) (parley.Conversation, error) {
	if err := d.mayAct(ctx, conversationID, by); err != nil {
		return parley.Conversation{}, err
	}
	c, err := d.cfg.Desk.Resolve(ctx, conversationID, d.now())
	if err != nil {
		return c, err
	}
	if !c.FirstResponseAt.IsZero() {
		m, _, err := d.cfg.Store.AppendMessage(ctx, parley.Message{ConversationID: c.ID, ClientID: "csat:" + c.ResolvedAt.Format(time.RFC3339Nano),
			Author: parley.Author{Kind: parley.AuthorSystem}, Text: "How would you rate this conversation?", Meta: eventMeta("csat_requested")})
		if err != nil {
			return c, err
		}
		d.publish(ctx, parley.Event{Kind: parley.EventMessage, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Message: &m})
	}
	d.status(ctx, c, by.Name)
	d.Poke() // a seat is free
	return c, nil
}

// mayAct refuses an action by an agent on a conversation assigned to
// someone else (parley.Conversation.ActBy). The check and the action are
// two steps: a claim between them lets the action through, as if it had
// come a moment earlier.
func (d *Desk) mayAct(ctx context.Context, conversationID string, by parley.Agent) error {
	c, err := d.cfg.Store.Conversation(ctx, conversationID)
	if err != nil {
		return err
	}
	return c.ActBy(by)
}

// status tells the visitor's tabs (and consoles) where the conversation is.
func (d *Desk) status(ctx context.Context, c parley.Conversation, agentName string) {
	st := parley.Status{Mode: c.Mode, AgentName: agentName}
	d.publish(ctx, parley.Event{Kind: parley.EventStatus, SiteID: c.SiteID, ConversationID: c.ID, ContactID: c.ContactID, Status: &st})
}

// waited reports how long a conversation just assigned waited (metrics).
func (d *Desk) waited(c parley.Conversation) {
	if d.cfg.Waited != nil && !c.QueuedAt.IsZero() {
		d.cfg.Waited(max(d.now().Sub(c.QueuedAt), 0))
	}
}

func eventMeta(event string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"event": event})
	return b
}

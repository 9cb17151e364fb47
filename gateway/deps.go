package gateway

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Store is what the gateway needs from the database.
type Store interface {
	SiteByKey(ctx context.Context, key string) (parley.Site, error)
	CreateSession(ctx context.Context, siteID string, tokenHash []byte, c parley.Contact) (parley.Session, error)
	SessionByToken(ctx context.Context, siteID string, tokenHash []byte) (parley.Session, error)
	IdentifySession(ctx context.Context, siteID string, tokenHash []byte, id parley.Identity) (parley.Session, error)
	UpdateContact(ctx context.Context, contactID string, p parley.ContactPatch) (parley.Contact, error)
	Conversation(ctx context.Context, conversationID string) (parley.Conversation, error)
	AppendMessage(ctx context.Context, m parley.Message) (parley.Message, bool, error)
	MessageByClientID(ctx context.Context, conversationID, clientID string) (parley.Message, error)
	Messages(ctx context.Context, conversationID string, afterSeq int64, limit int, withPrivate bool) ([]parley.Message, error)
	SetRead(ctx context.Context, conversationID string, seq int64) error
	RecordFeedback(ctx context.Context, conversationID string, seq int64, helpful bool) error
	RecordCSAT(ctx context.Context, conversationID string, score int, comment string) error
	RecordNPS(ctx context.Context, conversationID string, score int, comment string) error
	Contact(ctx context.Context, contactID string) (parley.Contact, error)
	ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error)
	ClaimForContact(ctx context.Context, contactID, key string, every time.Duration) (bool, error)
	Ping(ctx context.Context) error
}

// Broker fans events out to every node, this one included, which hands each
// payload to its Hub (Hub.Receive). Publish must not wait for subscribers.
// Delivery is at most once: the gateway fills any gap from the store, so a
// lost publish delays a message, never loses it.
type Broker interface {
	Publish(ctx context.Context, topic string, payload []byte) error
}

// Limiter decides whether one more event under key fits the rate.
type Limiter interface {
	Allow(ctx context.Context, key string, r parley.Rate) (ok bool, retryAfter time.Duration, err error)
}

// GlobalLimiter decides an event's checks cluster-wide, all in one call so
// that they can share one round trip. A verdict with Err is "unknown".
type GlobalLimiter interface {
	AllowAll(ctx context.Context, checks []parley.RateCheck) []parley.RateVerdict
}

// Dispatcher receives every stored visitor event (message, human, contact,
// feedback, csat) for the desk and the bot. Dispatch is called on the
// connection's read loop and must return quickly: queue the work.
type Dispatcher interface {
	Dispatch(ctx context.Context, ev parley.Event)
}

// StatusSource tells the current visitor-visible status of a conversation
// (queue position, ETA, agent); without one, the status is the stored mode.
type StatusSource interface {
	Status(ctx context.Context, c parley.Conversation) parley.Status
}

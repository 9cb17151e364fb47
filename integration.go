package parley

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// APITokenPrefix starts every API token, so the server tells them from
// session tokens and secret scanners can find leaked ones.
const APITokenPrefix = "pat_"

// APIToken lets an integration call the REST API as a synthetic agent
// ("token:"+ID). Only a hash of the secret is stored.
type APIToken struct {
	ID         string
	Name       string
	Role       Role
	CreatedBy  string // agent id
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	ExpiresAt  time.Time // zero: never expires
	Revoked    bool
}

// Usable reports whether the token may authenticate at now.
func (t APIToken) Usable(now time.Time) bool {
	return !t.Revoked && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// webhookEvents are the activity kinds outgoing webhooks deliver.
var webhookEvents = []ActivityKind{ActivityCreated, ActivityHandedOff, ActivityAssigned,
	ActivityResolved, ActivityCSAT, ActivityPublished}

// Webhook is an endpoint that receives activities as signed POSTs.
type Webhook struct {
	ID          string
	URL         string
	Events      []ActivityKind // empty: every webhook event
	Description string
	Active      bool
	Secret      string // HMAC key, "whsec_…"; shown once, kept to sign
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Wants reports whether the endpoint subscribes to kind.
func (w Webhook) Wants(kind ActivityKind) bool {
	if !slices.Contains(webhookEvents, kind) {
		return false
	}
	return len(w.Events) == 0 || slices.Contains(w.Events, kind)
}

// Validate checks what an admin may set: an absolute http(s) URL without
// credentials and known event names.
func (w Webhook) Validate() error {
	u, err := url.Parse(w.URL)
	if err != nil || w.URL == "" {
		return Errorf(EINVALID, "url %q is not a valid URL", w.URL)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Errorf(EINVALID, "url must start with http:// or https://, got %q", w.URL)
	}
	if u.Host == "" || u.Hostname() == "" {
		return Errorf(EINVALID, "url %q has no host", w.URL)
	}
	if u.User != nil {
		return Errorf(EINVALID, "url must not contain a user name or password")
	}
	if len(w.URL) > 2048 {
		return Errorf(EINVALID, "url is longer than 2048 bytes")
	}
	for _, e := range w.Events {
		if !slices.Contains(webhookEvents, e) {
			names := make([]string, len(webhookEvents))
			for i, k := range webhookEvents {
				names[i] = string(k)
			}
			return Errorf(EINVALID, "unknown event %q; events are %s", e, strings.Join(names, ", "))
		}
	}
	if len(w.Description) > 500 {
		return Errorf(EINVALID, "description is longer than 500 bytes")
	}
	return nil
}

// DeliveryStatus is where an outgoing webhook delivery stands.
type DeliveryStatus string

const (
	DeliveryPending   DeliveryStatus = "pending"   // waiting for its first or next attempt
	DeliveryDelivered DeliveryStatus = "delivered" // the endpoint answered 2xx
	DeliveryFailed    DeliveryStatus = "failed"    // permanent error, or retries exhausted
)

// WebhookDelivery is one activity on its way to one endpoint (a row of the
// outbox), with the outcome of its latest attempt.
type WebhookDelivery struct {
	ID         string
	WebhookID  string
	ActivityID string // the payload's id: receivers' idempotency key
	Event      ActivityKind
	Payload    []byte // the JSON body, fixed when the delivery is created
	Status     DeliveryStatus
	Attempt    int       // attempts made (or under way)
	StatusCode int       // HTTP status of the latest attempt; 0 when none
	Error      string    // what went wrong with the latest attempt
	NextAt     time.Time // pending: the next attempt is due; claimed: the lease ends
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// WebhookClaim is a delivery claimed for sending, with its endpoint.
type WebhookClaim struct {
	Delivery WebhookDelivery
	URL      string
	Secret   string
}

// WebhookResult is the outcome of one attempt. Attempt fences the write: a
// result for an attempt whose lease ran out and was claimed again is refused.
type WebhookResult struct {
	DeliveryID string
	Attempt    int
	Status     DeliveryStatus // pending (retry at NextAt), delivered or failed
	StatusCode int
	Error      string
	NextAt     time.Time
}

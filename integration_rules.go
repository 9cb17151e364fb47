package parley

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// NewAPIToken checks a new API token (a name of 1–100 bytes, role agent or
// admin, hash a SHA-256 digest) and fills its ID (when empty) and creation
// time; it is not used and not revoked yet.
func NewAPIToken(t APIToken, hash []byte, now time.Time) (APIToken, error) {
	if err := ValidTokenHash(hash); err != nil {
		return t, err
	}
	if t.Name == "" || len(t.Name) > 100 {
		return t, Errorf(EINVALID, "token name must be 1–100 bytes")
	}
	if t.Role != RoleAgent && t.Role != RoleAdmin {
		return t, Errorf(EINVALID, "token role must be agent or admin, got %q", t.Role)
	}
	if err := validTexts("token name", t.Name, "created by", t.CreatedBy); err != nil {
		return t, err
	}
	if t.ID == "" {
		t.ID = NewID()
	}
	t.CreatedAt, t.LastUsedAt, t.Revoked = now, time.Time{}, false
	return t, nil
}

// ValidateStored is Validate plus what every store must refuse alike: a URL
// or description that is not text any store can keep.
func (w Webhook) ValidateStored() error {
	if err := w.Validate(); err != nil {
		return err
	}
	return validTexts("url", w.URL, "description", w.Description)
}

// NewDelivery checks an outbox row (a webhook, an activity, an event and a
// JSON payload) and fills its defaults: ID when empty, pending, no attempt
// yet, due now unless NextAt says otherwise.
func NewDelivery(d WebhookDelivery, now time.Time) (WebhookDelivery, error) {
	if d.WebhookID == "" || d.ActivityID == "" || d.Event == "" {
		return d, Errorf(EINVALID, "a delivery needs a webhook, an activity and an event")
	}
	if !json.Valid(d.Payload) {
		return d, Errorf(EINVALID, "delivery payload is not JSON")
	}
	if d.ID == "" {
		d.ID = NewID()
	}
	d.Status, d.Attempt, d.StatusCode, d.Error = DeliveryPending, 0, 0, ""
	if d.NextAt.IsZero() {
		d.NextAt = now
	}
	d.CreatedAt, d.UpdatedAt = now, now
	return d, nil
}

// MaxDeliveryError bounds the error text kept for an attempt.
const MaxDeliveryError = 1000

// Canonical checks an attempt's outcome: a known status (a retry, pending,
// needs its time), a positive attempt. The error is cut to MaxDeliveryError
// bytes on a rune boundary, and replaced when it is not text.
func (r WebhookResult) Canonical() (WebhookResult, error) {
	switch r.Status {
	case DeliveryPending:
		if r.NextAt.IsZero() {
			return r, Errorf(EINVALID, "a retry needs its time")
		}
	case DeliveryDelivered, DeliveryFailed:
	default:
		return r, Errorf(EINVALID, "unknown delivery status %q", r.Status)
	}
	if r.Attempt < 1 {
		return r, Errorf(EINVALID, "attempt must be positive")
	}
	r.Error = truncate(r.Error, MaxDeliveryError)
	if err := validText("delivery error", r.Error); err != nil {
		r.Error = "(unprintable error)"
	}
	return r, nil
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

package rules

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
)

// APIToken checks a new API token and fills its ID and creation time.
func APIToken(t parley.APIToken, hash []byte, now time.Time) (parley.APIToken, error) {
	if err := parley.ValidTokenHash(hash); err != nil {
		return t, err
	}
	if t.Name == "" || len(t.Name) > 100 {
		return t, parley.Errorf(parley.EINVALID, "token name must be 1–100 bytes")
	}
	if t.Role != parley.RoleAgent && t.Role != parley.RoleAdmin {
		return t, parley.Errorf(parley.EINVALID, "token role must be agent or admin, got %q", t.Role)
	}
	if err := Texts("token name", t.Name, "created by", t.CreatedBy); err != nil {
		return t, err
	}
	if t.ID == "" {
		t.ID = parley.NewID()
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.Revoked = now, time.Time{}, OptTime(t.ExpiresAt), false
	return t, nil
}

// Webhook checks an endpoint and returns its events' stored form.
func Webhook(w parley.Webhook) ([]byte, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if err := Texts("url", w.URL, "description", w.Description); err != nil {
		return nil, err
	}
	if w.Events == nil {
		w.Events = []parley.ActivityKind{}
	}
	return json.Marshal(w.Events)
}

// ParseEvents reads a webhook's stored events; none is nil.
func ParseEvents(b []byte) ([]parley.ActivityKind, error) {
	var out []parley.ActivityKind
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("webhook events: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// NewDelivery checks an outbox row and fills its defaults: pending, no
// attempt yet, due at now unless NextAt says otherwise.
func NewDelivery(d parley.WebhookDelivery, now time.Time) (parley.WebhookDelivery, error) {
	if d.WebhookID == "" || d.ActivityID == "" || d.Event == "" {
		return d, parley.Errorf(parley.EINVALID, "a delivery needs a webhook, an activity and an event")
	}
	if !json.Valid(d.Payload) {
		return d, parley.Errorf(parley.EINVALID, "delivery payload is not JSON")
	}
	if d.ID == "" {
		d.ID = parley.NewID()
	}
	d.Status, d.Attempt, d.StatusCode, d.Error = parley.DeliveryPending, 0, 0, ""
	if d.NextAt.IsZero() {
		d.NextAt = now
	}
	d.NextAt, d.CreatedAt, d.UpdatedAt = Time(d.NextAt), now, now
	return d, nil
}

// WebhookResult checks an attempt's outcome.
func WebhookResult(r parley.WebhookResult) (parley.WebhookResult, error) {
	switch r.Status {
	case parley.DeliveryPending:
		if r.NextAt.IsZero() {
			return r, parley.Errorf(parley.EINVALID, "a retry needs its time")
		}
	case parley.DeliveryDelivered, parley.DeliveryFailed:
	default:
		return r, parley.Errorf(parley.EINVALID, "unknown delivery status %q", r.Status)
	}
	if r.Attempt < 1 {
		return r, parley.Errorf(parley.EINVALID, "attempt must be positive")
	}
	r.Error = Truncate(r.Error, 1000)
	if err := Text("delivery error", r.Error); err != nil {
		r.Error = "(unprintable error)"
	}
	r.NextAt = OptTime(r.NextAt)
	return r, nil
}

// Truncate cuts s to at most n bytes on a rune boundary.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

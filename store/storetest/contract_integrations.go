package storetest

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
)

// Integrations is what API tokens and outgoing webhooks keep.
type Integrations interface {
	// CreateAPIToken stores t (ID generated when empty, CreatedAt now, never
	// used, not revoked) under secretHash, which must be a SHA-256 digest
	// (EINVALID otherwise). The name must be 1–100 bytes, the role agent or
	// admin (EINVALID); a taken hash or ID is ECONFLICT.
	CreateAPIToken(ctx context.Context, t parley.APIToken, secretHash []byte) (parley.APIToken, error)
	// APITokens returns every token, revoked ones too, newest first; none is
	// an empty slice.
	APITokens(ctx context.Context) ([]parley.APIToken, error)
	// APITokenByHash finds a token by its secret's hash, revoked and expired
	// ones too.
	APITokenByHash(ctx context.Context, secretHash []byte) (parley.APIToken, error)
	// TouchAPIToken sets LastUsedAt to at unless it is already later.
	TouchAPIToken(ctx context.Context, id string, at time.Time) error
	// RevokeAPIToken marks a token revoked (for good) and returns it.
	RevokeAPIToken(ctx context.Context, id string) (parley.APIToken, error)

	// CreateWebhook stores an endpoint (ID generated when empty); it must
	// pass Webhook.Validate and have a Secret, else EINVALID.
	CreateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
	// Webhooks returns every endpoint, oldest first; none is an empty slice.
	Webhooks(ctx context.Context) ([]parley.Webhook, error)
	// Webhook returns one endpoint.
	Webhook(ctx context.Context, id string) (parley.Webhook, error)
	// UpdateWebhook replaces URL, Events, Description and Active of the
	// endpoint w.ID; Secret and CreatedAt are kept, UpdatedAt is now.
	UpdateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error)
	// DeleteWebhook removes an endpoint with its deliveries.
	DeleteWebhook(ctx context.Context, id string) error
	// WebhookDeliveries returns up to limit (positive) of an endpoint's
	// deliveries, newest first; an unknown endpoint is ErrNotFound.
	WebhookDeliveries(ctx context.Context, webhookID string, limit int) ([]parley.WebhookDelivery, error)

	// WebhookCursor returns the Activity.N up to which activities have been
	// turned into deliveries (0 on a new database).
	WebhookCursor(ctx context.Context) (int64, error)
	// EnqueueWebhookDeliveries moves the cursor from from to to and inserts ds
	// as pending deliveries in one transaction (ID generated when empty; due
	// at NextAt, or now when zero). When the cursor is not at from, nothing
	// is written and the error is ECONFLICT, so of nodes racing over one
	// range exactly one writes it. A delivery whose (WebhookID, ActivityID)
	// exists is skipped.
	EnqueueWebhookDeliveries(ctx context.Context, from, to int64, ds []parley.WebhookDelivery) error
	// ClaimWebhookDeliveries returns up to limit pending deliveries of active
	// endpoints with NextAt <= now, earliest due first, each with its
	// endpoint's URL and secret; each claimed delivery's Attempt rises by one
	// and its NextAt becomes now+lease (due again if no result comes). No
	// delivery is returned by two claims whose leases overlap, also across
	// nodes.
	ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]parley.WebhookClaim, error)
	// FinishWebhookDelivery records the outcome of attempt r.Attempt: status,
	// status code, error (cut to 1000 bytes) and, when pending, the retry time.
	// A delivery no longer pending at that attempt is ECONFLICT.
	FinishWebhookDelivery(ctx context.Context, r parley.WebhookResult) error
	// PruneWebhookDeliveries deletes up to limit (positive, else EINVALID)
	// delivered or failed deliveries last updated before before, oldest
	// first, and returns how many; pending ones are never deleted.
	PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int, error)
}

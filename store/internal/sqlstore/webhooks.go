package sqlstore

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Webhook endpoints and their outbox (webhook_deliveries), with the cursor
// up to which activities have deliveries (webhook_cursor).

const webhookCols = `id, url, events, description, active, secret, created_at, updated_at`

func (c *Core) scanWebhook(row Row) (parley.Webhook, error) {
	var w parley.Webhook
	var events []byte
	if err := row.Scan(&w.ID, &w.URL, &events, &w.Description, &w.Active, &w.Secret,
		c.d.TimeDest(&w.CreatedAt), c.d.TimeDest(&w.UpdatedAt)); err != nil {
		return w, err
	}
	var err error
	w.Events, err = codec.ParseEvents(events)
	return w, err
}

// CreateWebhook stores a new endpoint (ID generated when empty).
func (c *Core) CreateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error) {
	err := w.ValidateStored()
	if err != nil {
		return w, err
	}
	events := codec.Events(w.Events)
	if w.Secret == "" {
		return w, parley.Errorf(parley.EINVALID, "a webhook needs a signing secret")
	}
	if w.ID == "" {
		w.ID = parley.NewID()
	}
	now := c.d.Time(c.now())
	var out parley.Webhook
	err = c.write(ctx, "create webhook", func(q Q) (err error) {
		out, err = c.scanWebhook(q.QueryRow(ctx, c.sql(`INSERT INTO webhooks (`+webhookCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING `+webhookCols),
			w.ID, w.URL, string(events), w.Description, w.Active, w.Secret, now))
		if err != nil && c.d.IsUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "webhook id is taken")
		}
		return err
	})
	return out, err
}

// Webhooks returns every endpoint, oldest first; none is empty.
func (c *Core) Webhooks(ctx context.Context) ([]parley.Webhook, error) {
	out, err := all(ctx, c, "webhooks", c.scanWebhook, `SELECT `+webhookCols+` FROM webhooks ORDER BY created_at, id`)
	if out == nil && err == nil {
		out = []parley.Webhook{}
	}
	return out, err
}

// Webhook returns one endpoint.
func (c *Core) Webhook(ctx context.Context, id string) (parley.Webhook, error) {
	return one(ctx, c, "webhook", "webhook", c.scanWebhook, `SELECT `+webhookCols+` FROM webhooks WHERE id = $1`, id)
}

// UpdateWebhook replaces an endpoint's URL, events, description and
// active flag; its secret and creation time are kept.
func (c *Core) UpdateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error) {
	err := w.ValidateStored()
	if err != nil {
		return w, err
	}
	events := codec.Events(w.Events)
	var out parley.Webhook
	err = c.write(ctx, "update webhook", func(q Q) (err error) {
		out, err = c.scanWebhook(q.QueryRow(ctx, c.sql(`UPDATE webhooks SET url = $2, events = $3, description = $4,
			active = $5, updated_at = $6 WHERE id = $1 RETURNING `+webhookCols),
			w.ID, w.URL, string(events), w.Description, w.Active, c.d.Time(c.now())))
		return c.noRows("webhook", err)
	})
	return out, err
}

// DeleteWebhook removes an endpoint and, by cascade, its deliveries.
func (c *Core) DeleteWebhook(ctx context.Context, id string) error {
	return c.write(ctx, "delete webhook", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`DELETE FROM webhooks WHERE id = $1`), id)
		if err == nil && n == 0 {
			return c.notFound("webhook")
		}
		return err
	})
}

// DeliveryCols are the webhook_deliveries columns Dialect.ClaimDeliveries returns first.
const DeliveryCols = `id, webhook_id, activity_id, event, payload, status, attempt, status_code, error, next_at, created_at, updated_at`

func (c *Core) scanDelivery(row Row, extra ...any) (parley.WebhookDelivery, error) {
	var d parley.WebhookDelivery
	err := row.Scan(append([]any{&d.ID, &d.WebhookID, &d.ActivityID, &d.Event, &d.Payload, &d.Status, &d.Attempt,
		&d.StatusCode, &d.Error, c.d.TimeDest(&d.NextAt), c.d.TimeDest(&d.CreatedAt), c.d.TimeDest(&d.UpdatedAt)}, extra...)...)
	return d, err
}

// WebhookDeliveries returns an endpoint's latest deliveries, newest first.
func (c *Core) WebhookDeliveries(ctx context.Context, webhookID string, limit int) ([]parley.WebhookDelivery, error) {
	if limit < 1 {
		return nil, parley.Errorf(parley.EINVALID, "limit must be positive")
	}
	if _, err := c.Webhook(ctx, webhookID); err != nil {
		return nil, err
	}
	var out []parley.WebhookDelivery
	err := c.read(ctx, "webhook deliveries", func(q Q) (err error) {
		rows, err := q.Query(ctx, c.sql(`SELECT `+DeliveryCols+` FROM webhook_deliveries WHERE webhook_id = $1
			ORDER BY created_at DESC, `+c.d.InsertOrder+` DESC LIMIT $2`), webhookID, limit)
		out, err = collect(rows, err, func(r Row) (parley.WebhookDelivery, error) { return c.scanDelivery(r) })
		return err
	})
	if out == nil && err == nil {
		out = []parley.WebhookDelivery{}
	}
	return out, err
}

// WebhookCursor returns the Activity.N up to which deliveries exist.
func (c *Core) WebhookCursor(ctx context.Context) (int64, error) {
	var n int64
	err := c.read(ctx, "webhook cursor", func(q Q) error {
		return c.noRows("webhook cursor", q.QueryRow(ctx, c.sql(`SELECT after_n FROM webhook_cursor WHERE id = 1`)).Scan(&n))
	})
	return n, err
}

// EnqueueWebhookDeliveries writes ds and moves the cursor from from to to,
// in one transaction. A cursor no longer at from (another node moved it) is
// ECONFLICT and nothing is written; a delivery already there for its
// webhook and activity is skipped.
func (c *Core) EnqueueWebhookDeliveries(ctx context.Context, from, to int64, ds []parley.WebhookDelivery) error {
	if to < from {
		return parley.Errorf(parley.EINVALID, "cursor cannot move back from %d to %d", from, to)
	}
	now := c.now()
	args := make([][]any, len(ds))
	for i := range ds {
		var err error
		if ds[i], err = parley.NewDelivery(ds[i], now); err != nil {
			return err
		}
		d := ds[i]
		d.NextAt = codec.Time(d.NextAt)
		ds[i] = d
		args[i] = []any{d.ID, d.WebhookID, d.ActivityID, d.Event, d.Payload, d.Status, d.Attempt, d.StatusCode, d.Error,
			c.d.Time(d.NextAt), c.d.Time(d.CreatedAt), c.d.Time(d.UpdatedAt)}
	}
	return c.write(ctx, "enqueue webhook deliveries", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE webhook_cursor SET after_n = $1 WHERE id = 1 AND after_n = $2`), to, from)
		if err != nil {
			return err
		}
		if n == 0 {
			return parley.Errorf(parley.ECONFLICT, "the webhook cursor moved past %d", from)
		}
		if len(args) == 0 {
			return nil
		}
		return q.ExecEach(ctx, c.sql(`INSERT INTO webhook_deliveries (`+DeliveryCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (webhook_id, activity_id) DO NOTHING`), args)
	})
}

// ClaimWebhookDeliveries takes up to limit pending deliveries of active
// endpoints due at now, oldest due first: each gets its next attempt number
// and a lease until now+lease, after which it is due again (a node that died
// mid-send). Dialect.ClaimDeliveries makes each claim exclusive.
func (c *Core) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]parley.WebhookClaim, error) {
	if limit < 1 || lease <= 0 {
		return nil, parley.Errorf(parley.EINVALID, "claim needs a positive limit and lease")
	}
	now = codec.Time(now)
	var out []parley.WebhookClaim
	err := c.write(ctx, "claim webhook deliveries", func(q Q) (err error) {
		rows, err := q.Query(ctx, c.sql(c.d.ClaimDeliveries), c.d.Time(now), c.d.Time(now.Add(lease)), limit)
		out, err = collect(rows, err, func(r Row) (parley.WebhookClaim, error) {
			var w parley.WebhookClaim
			d, err := c.scanDelivery(r, &w.URL, &w.Secret)
			w.Delivery = d
			return w, err
		})
		return err
	})
	return out, err
}

// FinishWebhookDelivery records an attempt's outcome, unless the delivery
// was claimed again since (its attempt moved on: ECONFLICT).
func (c *Core) FinishWebhookDelivery(ctx context.Context, r parley.WebhookResult) error {
	r, err := r.Canonical()
	if err != nil {
		return err
	}
	r.NextAt = codec.OptTime(r.NextAt)
	now := c.now()
	next := r.NextAt
	if next.IsZero() {
		next = now
	}
	return c.write(ctx, "finish webhook delivery", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE webhook_deliveries SET status = $1, status_code = $2, error = $3, next_at = $4,
			updated_at = $5 WHERE id = $6 AND attempt = $7 AND status = 'pending'`),
			r.Status, r.StatusCode, r.Error, c.d.Time(next), c.d.Time(now), r.DeliveryID, r.Attempt)
		if err == nil && n == 0 {
			return parley.Errorf(parley.ECONFLICT, "delivery %s is no longer at attempt %d", r.DeliveryID, r.Attempt)
		}
		return err
	})
}

// PruneWebhookDeliveries deletes up to limit finished deliveries (delivered
// or failed) last updated before before, and says how many.
func (c *Core) PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit < 1 {
		return 0, parley.Errorf(parley.EINVALID, "prune needs a positive limit")
	}
	var n int64
	err := c.write(ctx, "prune webhook deliveries", func(q Q) (err error) {
		n, err = q.Exec(ctx, c.sql(`DELETE FROM webhook_deliveries WHERE id IN (
			SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1 ORDER BY updated_at LIMIT $2)`),
			c.d.Time(codec.Time(before)), limit)
		return err
	})
	return int(n), err
}

package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const webhookCols = `id, url, events, description, active, secret, created_at, updated_at`

func scanWebhook(row pgx.Row) (parley.Webhook, error) {
	var w parley.Webhook
	var events []byte
	if err := row.Scan(&w.ID, &w.URL, &events, &w.Description, &w.Active, &w.Secret, &w.CreatedAt, &w.UpdatedAt); err != nil {
		return w, err
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	var err error
	w.Events, err = codec.ParseEvents(events)
	return w, err
}

// CreateWebhook stores a new endpoint (ID generated when empty).
func (db *DB) CreateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error) {
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
	now := db.now()
	var out parley.Webhook
	err = db.tx(ctx, "create webhook", func(tx pgx.Tx) (err error) {
		out, err = scanWebhook(tx.QueryRow(ctx, `INSERT INTO webhooks (`+webhookCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
			RETURNING `+webhookCols, w.ID, w.URL, events, w.Description, w.Active, w.Secret, now))
		return err
	})
	return out, err
}

// Webhooks returns every endpoint, oldest first.
func (db *DB) Webhooks(ctx context.Context) ([]parley.Webhook, error) {
	var out []parley.Webhook
	err := db.run(ctx, "webhooks", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+webhookCols+` FROM webhooks ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Webhook, error) { return scanWebhook(r) })
		return err
	})
	if out == nil && err == nil {
		out = []parley.Webhook{}
	}
	return out, err
}

// Webhook returns one endpoint.
func (db *DB) Webhook(ctx context.Context, id string) (parley.Webhook, error) {
	var out parley.Webhook
	err := db.run(ctx, "webhook", func(q querier) (err error) {
		out, err = scanWebhook(q.QueryRow(ctx, `SELECT `+webhookCols+` FROM webhooks WHERE id = $1`, id))
		return err
	})
	return out, err
}

// UpdateWebhook replaces an endpoint's URL, events, description and
// active flag; its secret and creation time are kept.
func (db *DB) UpdateWebhook(ctx context.Context, w parley.Webhook) (parley.Webhook, error) {
	err := w.ValidateStored()
	if err != nil {
		return w, err
	}
	events := codec.Events(w.Events)
	var out parley.Webhook
	err = db.run(ctx, "update webhook", func(q querier) (err error) {
		out, err = scanWebhook(q.QueryRow(ctx, `UPDATE webhooks SET url = $2, events = $3, description = $4, active = $5,
			updated_at = $6 WHERE id = $1 RETURNING `+webhookCols, w.ID, w.URL, events, w.Description, w.Active, db.now()))
		return err
	})
	return out, err
}

// DeleteWebhook removes an endpoint and its deliveries.
func (db *DB) DeleteWebhook(ctx context.Context, id string) error {
	return db.tx(ctx, "delete webhook", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return notFound("webhook")
		}
		return err
	})
}

const deliveryCols = `id, webhook_id, activity_id, event, payload, status, attempt, status_code, error, next_at, created_at, updated_at`

func scanDelivery(row pgx.Row, extra ...any) (parley.WebhookDelivery, error) {
	var d parley.WebhookDelivery
	err := row.Scan(append([]any{&d.ID, &d.WebhookID, &d.ActivityID, &d.Event, &d.Payload, &d.Status, &d.Attempt,
		&d.StatusCode, &d.Error, &d.NextAt, &d.CreatedAt, &d.UpdatedAt}, extra...)...)
	d.NextAt, d.CreatedAt, d.UpdatedAt = d.NextAt.UTC(), d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// WebhookDeliveries returns an endpoint's latest deliveries, newest first.
func (db *DB) WebhookDeliveries(ctx context.Context, webhookID string, limit int) ([]parley.WebhookDelivery, error) {
	if limit < 1 {
		return nil, parley.Errorf(parley.EINVALID, "limit must be positive")
	}
	if _, err := db.Webhook(ctx, webhookID); err != nil {
		return nil, err
	}
	var out []parley.WebhookDelivery
	err := db.run(ctx, "webhook deliveries", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE webhook_id = $1
			ORDER BY created_at DESC, id DESC LIMIT $2`, webhookID, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.WebhookDelivery, error) { return scanDelivery(r) })
		return err
	})
	if out == nil && err == nil {
		out = []parley.WebhookDelivery{}
	}
	return out, err
}

// WebhookCursor returns the Activity.N up to which deliveries exist.
func (db *DB) WebhookCursor(ctx context.Context) (int64, error) {
	var n int64
	err := db.run(ctx, "webhook cursor", func(q querier) error {
		return q.QueryRow(ctx, `SELECT after_n FROM webhook_cursor WHERE id = 1`).Scan(&n)
	})
	return n, err
}

// EnqueueWebhookDeliveries writes ds and moves the cursor from from to to,
// in one transaction. A cursor no longer at from (another node moved it) is
// ECONFLICT and nothing is written; a delivery already there for its
// webhook and activity is skipped.
func (db *DB) EnqueueWebhookDeliveries(ctx context.Context, from, to int64, ds []parley.WebhookDelivery) error {
	if to < from {
		return parley.Errorf(parley.EINVALID, "cursor cannot move back from %d to %d", from, to)
	}
	now := db.now()
	for i := range ds {
		var err error
		if ds[i], err = parley.NewDelivery(ds[i], now); err != nil {
			return err
		}
		ds[i].NextAt = codec.Time(ds[i].NextAt)
	}
	return db.tx(ctx, "enqueue webhook deliveries", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE webhook_cursor SET after_n = $1 WHERE id = 1 AND after_n = $2`, to, from)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return parley.Errorf(parley.ECONFLICT, "the webhook cursor moved past %d", from)
		}
		var b pgx.Batch
		for _, d := range ds {
			b.Queue(`INSERT INTO webhook_deliveries (`+deliveryCols+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (webhook_id, activity_id) DO NOTHING`,
				d.ID, d.WebhookID, d.ActivityID, d.Event, d.Payload, d.Status, d.Attempt, d.StatusCode, d.Error,
				d.NextAt, d.CreatedAt, d.UpdatedAt)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
}

// ClaimWebhookDeliveries takes up to limit pending deliveries of active
// endpoints due at now, oldest due first: each gets its next attempt number
// and a lease until now+lease, after which it is due again (a node that died
// mid-send). SKIP LOCKED lets nodes claim side by side, each row once.
func (db *DB) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]parley.WebhookClaim, error) {
	if limit < 1 || lease <= 0 {
		return nil, parley.Errorf(parley.EINVALID, "claim needs a positive limit and lease")
	}
	now = codec.Time(now)
	var out []parley.WebhookClaim
	err := db.tx(ctx, "claim webhook deliveries", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `WITH due AS (
				SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
				WHERE d.status = 'pending' AND d.next_at <= $1 AND w.active
				ORDER BY d.next_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
			UPDATE webhook_deliveries d SET attempt = d.attempt + 1, next_at = $2, updated_at = $1
			FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
			RETURNING d.id, d.webhook_id, d.activity_id, d.event, d.payload, d.status, d.attempt, d.status_code,
				d.error, d.next_at, d.created_at, d.updated_at, w.url, w.secret`, now, now.Add(lease), limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.WebhookClaim, error) {
			var c parley.WebhookClaim
			d, err := scanDelivery(r, &c.URL, &c.Secret)
			c.Delivery = d
			return c, err
		})
		return err
	})
	return out, err
}

// FinishWebhookDelivery records an attempt's outcome, unless the delivery
// was claimed again since (its attempt moved on: ECONFLICT).
func (db *DB) FinishWebhookDelivery(ctx context.Context, r parley.WebhookResult) error {
	r, err := r.Canonical()
	if err != nil {
		return err
	}
	r.NextAt = codec.OptTime(r.NextAt)
	now := db.now()
	next := r.NextAt
	if next.IsZero() {
		next = now
	}
	return db.tx(ctx, "finish webhook delivery", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE webhook_deliveries SET status = $1, status_code = $2, error = $3, next_at = $4,
			updated_at = $5 WHERE id = $6 AND attempt = $7 AND status = 'pending'`,
			r.Status, r.StatusCode, r.Error, next, now, r.DeliveryID, r.Attempt)
		if err == nil && tag.RowsAffected() == 0 {
			return parley.Errorf(parley.ECONFLICT, "delivery %s is no longer at attempt %d", r.DeliveryID, r.Attempt)
		}
		return err
	})
}

// PruneWebhookDeliveries deletes up to limit finished deliveries (delivered
// or failed) last updated before before, and says how many. Deleting twice
// is harmless, so a lost connection simply retries.
func (db *DB) PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit < 1 {
		return 0, parley.Errorf(parley.EINVALID, "prune needs a positive limit")
	}
	var n int
	err := db.tx(ctx, "prune webhook deliveries", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM webhook_deliveries WHERE id IN (
			SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1 ORDER BY updated_at LIMIT $2)`,
			codec.Time(before), limit)
		n = int(tag.RowsAffected())
		return err
	})
	return n, err
}

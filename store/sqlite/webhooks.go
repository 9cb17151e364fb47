package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const webhookCols = `id, url, events, description, active, secret, created_at, updated_at`

func scanWebhook(row scanner) (parley.Webhook, error) {
	var w parley.Webhook
	var events string
	var created, updated int64
	if err := row.Scan(&w.ID, &w.URL, &events, &w.Description, &w.Active, &w.Secret, &created, &updated); err != nil {
		return w, err
	}
	w.CreatedAt, w.UpdatedAt = fromMicros(created), fromMicros(updated)
	var err error
	w.Events, err = codec.ParseEvents([]byte(events))
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
	err = db.write(ctx, func(ctx context.Context, tx *wtx) (err error) {
		out, err = scanWebhook(tx.QueryRowContext(ctx, `INSERT INTO webhooks (`+webhookCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING `+webhookCols, w.ID, w.URL, string(events), w.Description, w.Active, w.Secret, micros(now), micros(now)))
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "webhook id is taken")
		}
		return err
	})
	return out, wrap("create webhook", err)
}

// Webhooks returns every endpoint, oldest first.
func (db *DB) Webhooks(ctx context.Context) ([]parley.Webhook, error) {
	rows, err := db.query(ctx, `SELECT `+webhookCols+` FROM webhooks ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: webhooks: %w", err)
	}
	defer rows.Close()
	out := []parley.Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: webhooks: scan: %w", err)
		}
		out = append(out, w)
	}
	return out, wrap("webhooks", rows.Err())
}

// Webhook returns one endpoint.
func (db *DB) Webhook(ctx context.Context, id string) (parley.Webhook, error) {
	w, err := scanWebhook(db.queryRow(ctx, `SELECT `+webhookCols+` FROM webhooks WHERE id = ?`, id))
	if err != nil {
		return w, scanErr("webhook", err)
	}
	return w, nil
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
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		out, err = scanWebhook(tx.QueryRowContext(ctx, `UPDATE webhooks SET url = ?, events = ?, description = ?, active = ?,
			updated_at = ? WHERE id = ? RETURNING `+webhookCols, w.URL, string(events), w.Description, w.Active, micros(db.now()), w.ID))
		if err != nil {
			return scanErr("webhook", err)
		}
		return nil
	})
	return out, wrap("update webhook", err)
}

// DeleteWebhook removes an endpoint and its deliveries.
func (db *DB) DeleteWebhook(ctx context.Context, id string) error {
	return wrap("delete webhook", db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
		return changedOne(res, err, "webhook")
	}))
}

const deliveryCols = `id, webhook_id, activity_id, event, payload, status, attempt, status_code, error, next_at, created_at, updated_at`

func scanDelivery(row scanner, extra ...any) (parley.WebhookDelivery, error) {
	var d parley.WebhookDelivery
	var next, created, updated int64
	err := row.Scan(append([]any{&d.ID, &d.WebhookID, &d.ActivityID, &d.Event, &d.Payload, &d.Status, &d.Attempt,
		&d.StatusCode, &d.Error, &next, &created, &updated}, extra...)...)
	d.NextAt, d.CreatedAt, d.UpdatedAt = fromMicros(next), fromMicros(created), fromMicros(updated)
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
	rows, err := db.query(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE webhook_id = ?
		ORDER BY created_at DESC, rowid DESC LIMIT ?`, webhookID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: webhook deliveries: %w", err)
	}
	defer rows.Close()
	out := []parley.WebhookDelivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: webhook deliveries: scan: %w", err)
		}
		out = append(out, d)
	}
	return out, wrap("webhook deliveries", rows.Err())
}

// WebhookCursor returns the Activity.N up to which deliveries exist.
func (db *DB) WebhookCursor(ctx context.Context) (int64, error) {
	var n int64
	if err := db.queryRow(ctx, `SELECT after_n FROM webhook_cursor WHERE id = 1`).Scan(&n); err != nil {
		return 0, scanErr("webhook cursor", err)
	}
	return n, nil
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
	return wrap("enqueue webhook deliveries", db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_cursor SET after_n = ? WHERE id = 1 AND after_n = ?`, to, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return parley.Errorf(parley.ECONFLICT, "the webhook cursor moved past %d", from)
		}
		for _, d := range ds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (`+deliveryCols+`)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (webhook_id, activity_id) DO NOTHING`,
				d.ID, d.WebhookID, d.ActivityID, d.Event, d.Payload, d.Status, d.Attempt, d.StatusCode, d.Error,
				micros(d.NextAt), micros(d.CreatedAt), micros(d.UpdatedAt)); err != nil {
				return err
			}
		}
		return nil
	}))
}

// ClaimWebhookDeliveries takes up to limit pending deliveries of active
// endpoints due at now, oldest due first: each gets its next attempt number
// and a lease until now+lease, after which it is due again (a node that died
// mid-send). The single writer makes every claim exclusive.
func (db *DB) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]parley.WebhookClaim, error) {
	if limit < 1 || lease <= 0 {
		return nil, parley.Errorf(parley.EINVALID, "claim needs a positive limit and lease")
	}
	now = codec.Time(now)
	var out []parley.WebhookClaim
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE webhook_deliveries SET attempt = attempt + 1, next_at = ?, updated_at = ?
			WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
				WHERE d.status = 'pending' AND d.next_at <= ? AND w.active ORDER BY d.next_at, d.id LIMIT ?)
			RETURNING `+deliveryCols, micros(now.Add(lease)), micros(now), micros(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, parley.WebhookClaim{Delivery: d})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for i := range out {
			if err := tx.QueryRowContext(ctx, `SELECT url, secret FROM webhooks WHERE id = ?`, out[i].Delivery.WebhookID).
				Scan(&out[i].URL, &out[i].Secret); err != nil {
				return fmt.Errorf("claimed delivery's webhook: %w", err)
			}
		}
		return nil
	})
	return out, wrap("claim webhook deliveries", err)
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
	return wrap("finish webhook delivery", db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = ?, status_code = ?, error = ?, next_at = ?,
			updated_at = ? WHERE id = ? AND attempt = ? AND status = 'pending'`,
			r.Status, r.StatusCode, r.Error, micros(next), micros(now), r.DeliveryID, r.Attempt)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return parley.Errorf(parley.ECONFLICT, "delivery %s is no longer at attempt %d", r.DeliveryID, r.Attempt)
		}
		return nil
	}))
}

// PruneWebhookDeliveries deletes up to limit finished deliveries (delivered
// or failed) last updated before before, and says how many.
func (db *DB) PruneWebhookDeliveries(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit < 1 {
		return 0, parley.Errorf(parley.EINVALID, "prune needs a positive limit")
	}
	var n int64
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE id IN (
			SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < ? ORDER BY updated_at LIMIT ?)`,
			micros(codec.Time(before)), limit)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	return int(n), wrap("prune webhook deliveries", err)
}

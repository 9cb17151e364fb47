package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// ProactiveRules returns a site's proactive message rules in the order put.
func (db *DB) ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error) {
	var raw string
	err := db.queryRow(ctx, `SELECT proactive_rules FROM sites WHERE id = ?`, siteID).Scan(&raw)
	if err != nil {
		return nil, scanErr("proactive rules", err)
	}
	return codec.ParseProactive([]byte(raw))
}

// PutProactiveRules replaces a site's proactive message rules.
func (db *DB) PutProactiveRules(ctx context.Context, siteID string, rs []parley.ProactiveRule) error {
	rs, err := parley.CanonicalProactive(rs)
	if err != nil {
		return err
	}
	b := codec.Proactive(rs)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sites SET proactive_rules = ? WHERE id = ?`, string(b), siteID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("site")
		}
		return nil
	})
	return wrap("put proactive rules", err)
}

// ClaimForContact records that key was done for the contact now, unless it
// was already done within the last every; it reports whether it claimed.
func (db *DB) ClaimForContact(ctx context.Context, contactID, key string, every time.Duration) (bool, error) {
	if err := parley.ValidContactClaim(contactID, key); err != nil {
		return false, err
	}
	var claimed bool
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM contacts WHERE id = ?`, contactID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("contact")
			}
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO contact_claims (contact_id, key, claimed_at) VALUES (?, ?, ?)
			ON CONFLICT (contact_id, key) DO UPDATE SET claimed_at = excluded.claimed_at
			WHERE contact_claims.claimed_at <= ?`, contactID, key, micros(now), micros(now.Add(-every)))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	return claimed, wrap("claim for contact", err)
}

package postgres

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// ProactiveRules returns a site's proactive message rules in the order put.
func (db *DB) ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error) {
	var raw []byte
	err := db.run(ctx, "proactive rules", func(q querier) error {
		return q.QueryRow(ctx, `SELECT proactive_rules FROM sites WHERE id = $1`, siteID).Scan(&raw)
	})
	if err != nil {
		return nil, err
	}
	return codec.ParseProactive(raw)
}

// PutProactiveRules replaces a site's proactive message rules.
func (db *DB) PutProactiveRules(ctx context.Context, siteID string, rs []parley.ProactiveRule) error {
	rs, err := parley.CanonicalProactive(rs)
	if err != nil {
		return err
	}
	b := codec.Proactive(rs)
	return db.run(ctx, "put proactive rules", func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE sites SET proactive_rules = $2 WHERE id = $1`, siteID, b)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return notFound("site")
		}
		return nil
	})
}

// ClaimForContact records that key was done for the contact now, unless it
// was already done within the last every; it reports whether it claimed.
// The upsert's row lock makes racing claims (other nodes) end with one winner.
func (db *DB) ClaimForContact(ctx context.Context, contactID, key string, every time.Duration) (bool, error) {
	if err := parley.ValidContactClaim(contactID, key); err != nil {
		return false, err
	}
	var claimed bool
	err := db.run(ctx, "claim for contact", func(q querier) error {
		now := db.now()
		tag, err := q.Exec(ctx, `INSERT INTO contact_claims (contact_id, key, claimed_at) VALUES ($1, $2, $3)
			ON CONFLICT (contact_id, key) DO UPDATE SET claimed_at = excluded.claimed_at
			WHERE contact_claims.claimed_at <= $4`, contactID, key, now, now.Add(-every))
		if err != nil {
			return err
		}
		claimed = tag.RowsAffected() == 1
		return nil
	})
	return claimed, err
}

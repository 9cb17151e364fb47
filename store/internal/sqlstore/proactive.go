package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Proactive messages: a site's rules, and which a contact was shown when.

// ProactiveRules returns a site's proactive message rules in the order put.
func (c *Core) ProactiveRules(ctx context.Context, siteID string) ([]parley.ProactiveRule, error) {
	var raw []byte
	err := c.read(ctx, "proactive rules", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`SELECT proactive_rules FROM sites WHERE id = $1`), siteID).Scan(&raw)
		return c.noRows("site", err)
	})
	if err != nil {
		return nil, err
	}
	return codec.ParseProactive(raw)
}

// PutProactiveRules replaces a site's proactive message rules.
func (c *Core) PutProactiveRules(ctx context.Context, siteID string, rs []parley.ProactiveRule) error {
	rs, err := parley.CanonicalProactive(rs)
	if err != nil {
		return err
	}
	b := codec.Proactive(rs)
	return c.auto(ctx, "put proactive rules", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE sites SET proactive_rules = $2 WHERE id = $1`), siteID, string(b))
		if err == nil && n == 0 {
			return c.notFound("site")
		}
		return err
	})
}

// ClaimForContact records that key was done for the contact now, unless it
// was already done within the last every; it reports whether it claimed.
// The upsert's row lock makes racing claims (other nodes) end with one
// winner; an unknown contact fails the foreign key (ErrNotFound).
func (c *Core) ClaimForContact(ctx context.Context, contactID, key string, every time.Duration) (bool, error) {
	if err := parley.ValidContactClaim(contactID, key); err != nil {
		return false, err
	}
	var claimed bool
	err := c.auto(ctx, "claim for contact", func(q Q) error {
		now := c.now()
		n, err := q.Exec(ctx, c.sql(`INSERT INTO contact_claims (contact_id, key, claimed_at) VALUES ($1, $2, $3)
			ON CONFLICT (contact_id, key) DO UPDATE SET claimed_at = excluded.claimed_at
			WHERE contact_claims.claimed_at <= $4`), contactID, key, c.d.Time(now), c.d.Time(now.Add(-every)))
		if err != nil && c.d.IsForeignKey(err) {
			return fmt.Errorf("%w: %w", c.notFound("contact"), err)
		}
		claimed = n == 1
		return err
	})
	return claimed, err
}

package sqlstore

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// API tokens: only a hash of each secret is stored.

const tokenCols = `id, name, role, created_by, created_at, last_used_at, expires_at, revoked`

func (c *Core) scanAPIToken(row Row) (parley.APIToken, error) {
	var t parley.APIToken
	err := row.Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, c.d.TimeDest(&t.CreatedAt), c.d.TimeDest(&t.LastUsedAt),
		c.d.TimeDest(&t.ExpiresAt), &t.Revoked)
	return t, err
}

// CreateAPIToken stores a new token under the hash of its secret.
func (c *Core) CreateAPIToken(ctx context.Context, t parley.APIToken, secretHash []byte) (parley.APIToken, error) {
	t, err := parley.NewAPIToken(t, secretHash, c.now())
	if err != nil {
		return t, err
	}
	t.ExpiresAt = codec.OptTime(t.ExpiresAt)
	err = c.write(ctx, "create api token", func(q Q) error {
		_, err := q.Exec(ctx, c.sql(`INSERT INTO api_tokens (id, name, role, token_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`),
			t.ID, t.Name, t.Role, secretHash, t.CreatedBy, c.d.Time(t.CreatedAt), c.d.NullTime(t.ExpiresAt))
		if err != nil && c.d.IsUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "token id or secret is taken")
		}
		return err
	})
	return t, err
}

// APITokens returns every token, revoked ones too, newest first; none is
// empty.
func (c *Core) APITokens(ctx context.Context) ([]parley.APIToken, error) {
	out, err := all(ctx, c, "api tokens", c.scanAPIToken, `SELECT `+tokenCols+` FROM api_tokens ORDER BY created_at DESC, id`)
	if out == nil && err == nil {
		out = []parley.APIToken{}
	}
	return out, err
}

// APITokenByHash finds the token whose secret hashes to secretHash, revoked
// or expired ones included (the caller decides).
func (c *Core) APITokenByHash(ctx context.Context, secretHash []byte) (parley.APIToken, error) {
	return one(ctx, c, "api token", "api token", c.scanAPIToken, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = $1`, secretHash)
}

// TouchAPIToken records a use at at; the time only rises.
func (c *Core) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	return c.write(ctx, "touch api token", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE api_tokens SET last_used_at = `+c.d.Greatest("last_used_at", "$2")+` WHERE id = $1`),
			id, c.d.Time(codec.Time(at)))
		if err == nil && n == 0 {
			return c.notFound("api token")
		}
		return err
	})
}

// RevokeAPIToken revokes a token for good and returns it.
func (c *Core) RevokeAPIToken(ctx context.Context, id string) (parley.APIToken, error) {
	var out parley.APIToken
	err := c.write(ctx, "revoke api token", func(q Q) (err error) {
		out, err = c.scanAPIToken(q.QueryRow(ctx, c.sql(`UPDATE api_tokens SET revoked = TRUE WHERE id = $1 RETURNING `+tokenCols), id))
		return c.noRows("api token", err)
	})
	return out, err
}

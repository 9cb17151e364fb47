package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const tokenCols = `id, name, role, created_by, created_at, last_used_at, expires_at, revoked`

func scanAPIToken(row pgx.Row) (parley.APIToken, error) {
	var t parley.APIToken
	var used, expires *time.Time
	err := row.Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, &t.CreatedAt, &used, &expires, &t.Revoked)
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt = t.CreatedAt.UTC(), optTime(used), optTime(expires)
	return t, err
}

// CreateAPIToken stores a new token under the hash of its secret.
func (db *DB) CreateAPIToken(ctx context.Context, t parley.APIToken, secretHash []byte) (parley.APIToken, error) {
	t, err := parley.NewAPIToken(t, secretHash, db.now())
	if err != nil {
		return t, err
	}
	t.ExpiresAt = codec.OptTime(t.ExpiresAt)
	err = db.tx(ctx, "create api token", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO api_tokens (id, name, role, token_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.Name, t.Role, secretHash, t.CreatedBy, t.CreatedAt, nullTime(t.ExpiresAt))
		return err
	})
	return t, err
}

// APITokens returns every token, revoked ones too, newest first.
func (db *DB) APITokens(ctx context.Context) ([]parley.APIToken, error) {
	var out []parley.APIToken
	err := db.run(ctx, "api tokens", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY created_at DESC, id`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.APIToken, error) { return scanAPIToken(r) })
		return err
	})
	if out == nil && err == nil {
		out = []parley.APIToken{}
	}
	return out, err
}

// APITokenByHash finds the token whose secret hashes to secretHash, revoked
// or expired ones included (the caller decides).
func (db *DB) APITokenByHash(ctx context.Context, secretHash []byte) (parley.APIToken, error) {
	var out parley.APIToken
	err := db.run(ctx, "api token", func(q querier) (err error) {
		out, err = scanAPIToken(q.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = $1`, secretHash))
		return err
	})
	return out, err
}

// TouchAPIToken records a use at at; the time only rises.
func (db *DB) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	return db.run(ctx, "touch api token", func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE api_tokens SET last_used_at = GREATEST(last_used_at, $2) WHERE id = $1`, id, codec.Time(at))
		if err == nil && tag.RowsAffected() == 0 {
			return notFound("api token")
		}
		return err
	})
}

// RevokeAPIToken revokes a token for good and returns it.
func (db *DB) RevokeAPIToken(ctx context.Context, id string) (parley.APIToken, error) {
	var out parley.APIToken
	err := db.run(ctx, "revoke api token", func(q querier) (err error) {
		out, err = scanAPIToken(q.QueryRow(ctx, `UPDATE api_tokens SET revoked = true WHERE id = $1 RETURNING `+tokenCols, id))
		return err
	})
	return out, err
}

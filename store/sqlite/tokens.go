package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const tokenCols = `id, name, role, created_by, created_at, last_used_at, expires_at, revoked`

func scanAPIToken(row scanner) (parley.APIToken, error) {
	var t parley.APIToken
	var created int64
	var used, expires sql.NullInt64
	err := row.Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, &created, &used, &expires, &t.Revoked)
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt = fromMicros(created), optMicros(used), optMicros(expires)
	return t, err
}

// CreateAPIToken stores a new token under the hash of its secret.
func (db *DB) CreateAPIToken(ctx context.Context, t parley.APIToken, secretHash []byte) (parley.APIToken, error) {
	t, err := parley.NewAPIToken(t, secretHash, db.now())
	if err != nil {
		return t, err
	}
	t.ExpiresAt = codec.OptTime(t.ExpiresAt)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, name, role, token_hash, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Name, t.Role, secretHash, t.CreatedBy, micros(t.CreatedAt), nullMicros(t.ExpiresAt))
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "token id or secret is taken")
		}
		return err
	})
	return t, wrap("create api token", err)
}

// APITokens returns every token, revoked ones too, newest first.
func (db *DB) APITokens(ctx context.Context) ([]parley.APIToken, error) {
	rows, err := db.query(ctx, `SELECT `+tokenCols+` FROM api_tokens ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: api tokens: %w", err)
	}
	defer rows.Close()
	out := []parley.APIToken{}
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: api tokens: scan: %w", err)
		}
		out = append(out, t)
	}
	return out, wrap("api tokens", rows.Err())
}

// APITokenByHash finds the token whose secret hashes to secretHash, revoked
// or expired ones included (the caller decides).
func (db *DB) APITokenByHash(ctx context.Context, secretHash []byte) (parley.APIToken, error) {
	t, err := scanAPIToken(db.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens WHERE token_hash = ?`, secretHash))
	if err != nil {
		return t, scanErr("api token", err)
	}
	return t, nil
}

// TouchAPIToken records a use at at; the time only rises.
func (db *DB) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	return wrap("touch api token", db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?`,
			micros(codec.Time(at)), id)
		return changedOne(res, err, "api token")
	}))
}

// RevokeAPIToken revokes a token for good and returns it.
func (db *DB) RevokeAPIToken(ctx context.Context, id string) (parley.APIToken, error) {
	var out parley.APIToken
	err := db.write(ctx, func(ctx context.Context, tx *wtx) (err error) {
		if out, err = scanAPIToken(tx.QueryRowContext(ctx, `UPDATE api_tokens SET revoked = 1 WHERE id = ? RETURNING `+tokenCols, id)); err != nil {
			return scanErr("api token", err)
		}
		return nil
	})
	if err != nil {
		return out, wrap("revoke api token", err)
	}
	return out, nil
}

// changedOne turns "no row changed" into ErrNotFound.
func changedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFound(what)
	}
	return nil
}

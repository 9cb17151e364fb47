package sqlite

import (
	"context"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const siteCols = `id, key, name, allowed_origins, identity_secret, identity_required, created_at,
	theme_color, theme_position, greetings, away, bot_name`

type scanner interface{ Scan(dest ...any) error }

func scanSite(row scanner) (parley.Site, error) {
	var s parley.Site
	var origins, greetings, away string
	var created int64
	if err := row.Scan(&s.ID, &s.Key, &s.Name, &origins, &s.IdentitySecret, &s.IdentityRequired, &created,
		&s.Theme.Color, &s.Theme.Position, &greetings, &away, &s.BotName); err != nil {
		return s, err
	}
	o, err := codec.ParseOrigins([]byte(origins))
	if err != nil {
		return s, fmt.Errorf("allowed origins: %w", err)
	}
	if s.Greetings, err = codec.ParseLocalized([]byte(greetings)); err != nil {
		return s, err
	}
	if s.Away, err = codec.ParseLocalized([]byte(away)); err != nil {
		return s, err
	}
	s.AllowedOrigins, s.CreatedAt = o, fromMicros(created)
	return s, nil
}

// EnsureSite creates the site when its key is new and returns the stored one.
func (db *DB) EnsureSite(ctx context.Context, s parley.Site) (parley.Site, error) {
	s, err := s.Canonical()
	if err != nil {
		return parley.Site{}, err
	}
	j := codec.Site(s)
	if s.ID == "" {
		s.ID = parley.NewID()
	}
	var out parley.Site
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sites (`+siteCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO NOTHING`,
			s.ID, s.Key, s.Name, string(j.Origins), s.IdentitySecret, s.IdentityRequired, micros(db.now()),
			s.Theme.Color, s.Theme.Position, string(j.Greetings), string(j.Away), s.BotName)
		if err != nil {
			return fmt.Errorf("insert site: %w", err)
		}
		out, err = scanSite(tx.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE key = ?`, s.Key))
		return err
	})
	return out, wrap("ensure site", err)
}

// SiteByKey finds a site by its public key.
func (db *DB) SiteByKey(ctx context.Context, key string) (parley.Site, error) {
	s, err := scanSite(db.queryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE key = ?`, key))
	if err != nil {
		return s, scanErr("site by key", err)
	}
	return s, nil
}

// UpdateSite replaces a site's settings.
func (db *DB) UpdateSite(ctx context.Context, s parley.Site) error {
	s, err := s.Canonical()
	if err != nil {
		return err
	}
	j := codec.Site(s)
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sites SET key = ?, name = ?, allowed_origins = ?, identity_secret = ?,
			identity_required = ?, theme_color = ?, theme_position = ?, greetings = ?, away = ?, bot_name = ? WHERE id = ?`,
			s.Key, s.Name, string(j.Origins), s.IdentitySecret, s.IdentityRequired,
			s.Theme.Color, s.Theme.Position, string(j.Greetings), string(j.Away), s.BotName, s.ID)
		if err != nil {
			if isUnique(err) {
				return parley.Errorf(parley.ECONFLICT, "site key %q is taken", s.Key)
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("site")
		}
		return nil
	})
	return wrap("update site", err)
}

// isUnique reports a UNIQUE or PRIMARY KEY constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// SiteByID finds a site by its id.
func (db *DB) SiteByID(ctx context.Context, id string) (parley.Site, error) {
	s, err := scanSite(db.queryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE id = ?`, id))
	if err != nil {
		return parley.Site{}, scanErr("site by id", err)
	}
	return s, nil
}

// Sites returns every site in key order (bytes).
func (db *DB) Sites(ctx context.Context) ([]parley.Site, error) {
	rows, err := db.query(ctx, `SELECT `+siteCols+` FROM sites ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sites: %w", err)
	}
	defer rows.Close()
	var out []parley.Site
	for rows.Next() {
		s, err := scanSite(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: sites: scan: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: sites: %w", err)
	}
	return out, nil
}

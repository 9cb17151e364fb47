package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const siteCols = `id, key, name, allowed_origins, identity_secret, identity_required, created_at,
	theme_color, theme_position, greetings, away, bot_name`

func scanSite(row pgx.Row) (parley.Site, error) {
	var s parley.Site
	var origins, greetings, away []byte
	var created time.Time
	if err := row.Scan(&s.ID, &s.Key, &s.Name, &origins, &s.IdentitySecret, &s.IdentityRequired, &created,
		&s.Theme.Color, &s.Theme.Position, &greetings, &away, &s.BotName); err != nil {
		return s, err
	}
	o, err := codec.ParseOrigins(origins)
	if err != nil {
		return s, fmt.Errorf("allowed origins: %w", err)
	}
	if s.Greetings, err = codec.ParseLocalized(greetings); err != nil {
		return s, err
	}
	if s.Away, err = codec.ParseLocalized(away); err != nil {
		return s, err
	}
	s.AllowedOrigins, s.CreatedAt = o, created.UTC()
	return s, nil
}

// EnsureSite creates the site when its key is new and returns the stored one.
// ON CONFLICT DO NOTHING waits for a racing insert, and the SELECT after it
// (a new snapshot under READ COMMITTED) sees the winner.
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
	err = db.tx(ctx, "ensure site", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sites (`+siteCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (key) DO NOTHING`,
			s.ID, s.Key, s.Name, j.Origins, s.IdentitySecret, s.IdentityRequired, db.now(),
			s.Theme.Color, s.Theme.Position, j.Greetings, j.Away, s.BotName)
		if err != nil {
			return err
		}
		out, err = scanSite(tx.QueryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE key = $1`, s.Key))
		return err
	})
	return out, err
}

// SiteByKey finds a site by its public key.
func (db *DB) SiteByKey(ctx context.Context, key string) (parley.Site, error) {
	var out parley.Site
	err := db.run(ctx, "site by key", func(q querier) (err error) {
		out, err = scanSite(q.QueryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE key = $1`, key))
		return err
	})
	return out, err
}

// UpdateSite replaces a site's settings.
func (db *DB) UpdateSite(ctx context.Context, s parley.Site) error {
	s, err := s.Canonical()
	if err != nil {
		return err
	}
	j := codec.Site(s)
	return db.run(ctx, "update site", func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE sites SET key = $2, name = $3, allowed_origins = $4, identity_secret = $5,
			identity_required = $6, theme_color = $7, theme_position = $8, greetings = $9, away = $10, bot_name = $11 WHERE id = $1`,
			s.ID, s.Key, s.Name, j.Origins, s.IdentitySecret, s.IdentityRequired,
			s.Theme.Color, s.Theme.Position, j.Greetings, j.Away, s.BotName)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return notFound("site")
		}
		return nil
	})
}

// SiteByID finds a site by its id.
func (db *DB) SiteByID(ctx context.Context, id string) (parley.Site, error) {
	var out parley.Site
	err := db.run(ctx, "site by id", func(q querier) (err error) {
		out, err = scanSite(q.QueryRow(ctx, `SELECT `+siteCols+` FROM sites WHERE id = $1`, id))
		return err
	})
	if err != nil {
		return parley.Site{}, err
	}
	return out, nil
}

// Sites returns every site in key order (bytes, COLLATE "C").
func (db *DB) Sites(ctx context.Context) ([]parley.Site, error) {
	var out []parley.Site
	err := db.run(ctx, "sites", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+siteCols+` FROM sites ORDER BY key COLLATE "C"`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Site, error) { return scanSite(r) })
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

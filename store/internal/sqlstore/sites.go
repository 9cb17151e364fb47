package sqlstore

import (
	"context"
	"fmt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Sites: each embedding of the widget, with its settings.

const siteCols = `id, key, name, allowed_origins, identity_secret, identity_required, created_at,
	theme_color, theme_position, greetings, away, bot_name`

func (c *Core) scanSite(row Row) (parley.Site, error) {
	var s parley.Site
	var origins, greetings, away []byte
	if err := row.Scan(&s.ID, &s.Key, &s.Name, &origins, &s.IdentitySecret, &s.IdentityRequired, c.d.TimeDest(&s.CreatedAt),
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
	s.AllowedOrigins = o
	return s, nil
}

// EnsureSite creates the site when its key is new and returns the stored one.
// ON CONFLICT DO NOTHING waits for a racing insert, and the SELECT after it
// (a new snapshot under READ COMMITTED) sees the winner.
func (c *Core) EnsureSite(ctx context.Context, s parley.Site) (parley.Site, error) {
	s, err := s.Canonical()
	if err != nil {
		return parley.Site{}, err
	}
	j := codec.Site(s)
	if s.ID == "" {
		s.ID = parley.NewID()
	}
	var out parley.Site
	err = c.write(ctx, "ensure site", func(q Q) error {
		_, err := q.Exec(ctx, c.sql(`INSERT INTO sites (`+siteCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (key) DO NOTHING`),
			s.ID, s.Key, s.Name, string(j.Origins), s.IdentitySecret, s.IdentityRequired, c.d.Time(c.now()),
			s.Theme.Color, s.Theme.Position, string(j.Greetings), string(j.Away), s.BotName)
		if err != nil {
			return fmt.Errorf("insert site: %w", err)
		}
		out, err = c.scanSite(q.QueryRow(ctx, c.sql(`SELECT `+siteCols+` FROM sites WHERE key = $1`), s.Key))
		return err
	})
	return out, err
}

// SiteByKey finds a site by its public key.
func (c *Core) SiteByKey(ctx context.Context, key string) (parley.Site, error) {
	return one(ctx, c, "site by key", "site by key", c.scanSite, `SELECT `+siteCols+` FROM sites WHERE key = $1`, key)
}

// SiteByID finds a site by its id.
func (c *Core) SiteByID(ctx context.Context, id string) (parley.Site, error) {
	return one(ctx, c, "site by id", "site by id", c.scanSite, `SELECT `+siteCols+` FROM sites WHERE id = $1`, id)
}

// UpdateSite replaces a site's settings.
func (c *Core) UpdateSite(ctx context.Context, s parley.Site) error {
	s, err := s.Canonical()
	if err != nil {
		return err
	}
	j := codec.Site(s)
	return c.auto(ctx, "update site", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE sites SET key = $2, name = $3, allowed_origins = $4, identity_secret = $5,
			identity_required = $6, theme_color = $7, theme_position = $8, greetings = $9, away = $10, bot_name = $11 WHERE id = $1`),
			s.ID, s.Key, s.Name, string(j.Origins), s.IdentitySecret, s.IdentityRequired,
			s.Theme.Color, s.Theme.Position, string(j.Greetings), string(j.Away), s.BotName)
		if err != nil && c.d.IsUnique(err) {
			return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "site key %q is taken", s.Key), err)
		}
		if err == nil && n == 0 {
			return c.notFound("site")
		}
		return err
	})
}

// Sites returns every site in key order (bytes).
func (c *Core) Sites(ctx context.Context) ([]parley.Site, error) {
	return all(ctx, c, "sites", c.scanSite, `SELECT `+siteCols+` FROM sites ORDER BY key`+c.d.ByteOrder)
}

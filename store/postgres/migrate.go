package postgres

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies pending migrations to the database at url (the `parley
// migrate` command). Open does the same on start.
func Migrate(ctx context.Context, url string) error {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("postgres: parse url: %w", err)
	}
	return migrate(ctx, cfg.ConnConfig)
}

// migrate runs goose under a session advisory lock, so nodes starting at
// once apply each migration exactly once; the others wait, then find
// nothing pending.
func migrate(ctx context.Context, cc *pgx.ConnConfig) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(lockID(cc)),
		lock.WithLockTimeout(1, 300), // poll each second, give up after 5 minutes
		lock.WithUnlockTimeout(1, 60),
	)
	if err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	sqldb := stdlib.OpenDB(*cc)
	defer sqldb.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, fsys, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// lockID is the advisory lock key: one per schema (search_path), so
// deployments sharing a database in separate schemas do not wait on each
// other. Advisory locks are per database already.
func lockID(cc *pgx.ConnConfig) int64 {
	h := fnv.New64a()
	h.Write([]byte("parley migrate\x00" + cc.RuntimeParams["search_path"]))
	return int64(h.Sum64())
}

package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the read pool's prepared statements by query text. The
// driver parses every query afresh otherwise, which was a sixth of the
// server's CPU at 1,000 messages a second (docs/performance.md). Queries
// here are constants or built from a few fixed fragments, so the cache
// stays small; maxStmts bounds it all the same.
type stmtCache struct {
	mu sync.RWMutex // every read looks here: lookups share the lock
	m  map[string]*sql.Stmt
}

const maxStmts = 512

// prepared returns the cached statement for q, preparing it on first use;
// nil when it cannot (the caller then queries directly and gets the error).
func (db *DB) prepared(ctx context.Context, q string) *sql.Stmt {
	c := &db.stmts
	c.mu.RLock()
	s, ok := c.m[q]
	c.mu.RUnlock()
	if ok {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[q]; ok {
		return s // prepared by another reader meanwhile
	}
	if len(c.m) >= maxStmts {
		return nil
	}
	s, err := db.rdb.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = s
	return s
}

// queryRow and query read through the cache.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s := db.prepared(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return db.rdb.QueryRowContext(ctx, q, args...)
}

func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := db.prepared(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return db.rdb.QueryContext(ctx, q, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m = nil
}

package sqlite

import (
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/sqlstore"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`WHERE id = $1 AND n < $12`, `WHERE id = ?1 AND n < ?12`},
		{`SET a = $2, b = $2`, `SET a = ?2, b = ?2`},
	} {
		for range 2 { // the second answer comes from the cache
			if got := rebind(c.in); got != c.want {
				t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
			}
		}
	}
}

// BenchmarkRebind compares a statement rebound from the cache with the
// regexp replacement it saves.
func BenchmarkRebind(b *testing.B) {
	q, _ := sqlstore.QueueQuery(sqlstore.Dialect{Rebind: func(s string) string { return s }, QueueOrder: " ORDER BY id"},
		parley.QueueFilter{Mode: parley.ModeQueued, SiteID: "s", Team: "t", Limit: 50})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			rebind(q)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			paramRe.ReplaceAllString(q, "?$1")
		}
	})
}

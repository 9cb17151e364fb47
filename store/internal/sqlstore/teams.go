package sqlstore

import (
	"context"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Teams and SLA policies.

const teamCols = `id, key, name, hours`

func scanTeam(row Row) (parley.Team, error) {
	var t parley.Team
	var hours []byte
	if err := row.Scan(&t.ID, &t.Key, &t.Name, &hours); err != nil {
		return t, err
	}
	h, err := codec.ParseHours(hours)
	t.Hours = h
	return t, err
}

// PutTeam inserts or updates the team with t.Key; racing puts of one key
// meet in ON CONFLICT, and the later one's fields win.
func (c *Core) PutTeam(ctx context.Context, t parley.Team) (parley.Team, error) {
	if err := t.Validate(); err != nil {
		return parley.Team{}, err
	}
	hours, err := codec.Hours(t.Hours)
	if err != nil {
		return parley.Team{}, err
	}
	var out parley.Team
	err = c.write(ctx, "put team", func(q Q) (err error) {
		out, err = scanTeam(q.QueryRow(ctx, c.sql(`INSERT INTO teams (`+teamCols+`) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name, hours = excluded.hours RETURNING `+teamCols),
			parley.NewID(), t.Key, t.Name, string(hours)))
		return err
	})
	if err != nil {
		return parley.Team{}, err
	}
	return out, nil
}

// Teams returns every team by key in byte order; none is nil.
func (c *Core) Teams(ctx context.Context) ([]parley.Team, error) {
	return all(ctx, c, "teams", scanTeam, `SELECT `+teamCols+` FROM teams ORDER BY key`+c.d.ByteOrder)
}

// Team returns the team with key.
func (c *Core) Team(ctx context.Context, key string) (parley.Team, error) {
	return one(ctx, c, "team", "team", scanTeam, `SELECT `+teamCols+` FROM teams WHERE key = $1`, key)
}

// PutSLAPolicies replaces every SLA policy in one transaction; racing
// replacements take turns (Dialect.LockTable).
func (c *Core) PutSLAPolicies(ctx context.Context, ps []parley.SLAPolicy) error {
	if err := parley.ValidSLAPolicies(ps); err != nil {
		return err
	}
	args := make([][]any, len(ps))
	for i, p := range ps {
		args[i] = []any{i, p.Urgency, p.Segment, int64(p.FirstResponse), int64(p.NextResponse), int64(p.Resolution), p.BusinessHours}
	}
	return c.write(ctx, "put sla policies", func(q Q) error {
		if lock := c.d.LockTable("sla_policies"); lock != "" {
			if _, err := q.Exec(ctx, lock); err != nil {
				return err
			}
		}
		if _, err := q.Exec(ctx, c.sql(`DELETE FROM sla_policies`)); err != nil {
			return err
		}
		if len(args) == 0 {
			return nil
		}
		return q.ExecEach(ctx, c.sql(`INSERT INTO sla_policies (position, urgency, segment, first_response_ns,
			next_response_ns, resolution_ns, business_hours) VALUES ($1, $2, $3, $4, $5, $6, $7)`), args)
	})
}

// SLAPolicies returns the policies in the order put; none is nil.
func (c *Core) SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error) {
	var out []parley.SLAPolicy
	err := c.read(ctx, "sla policies", func(q Q) (err error) {
		rows, err := q.Query(ctx, c.sql(`SELECT urgency, segment, first_response_ns, next_response_ns, resolution_ns,
			business_hours FROM sla_policies ORDER BY position`))
		out, err = collect(rows, err, func(r Row) (parley.SLAPolicy, error) {
			var p parley.SLAPolicy
			var first, next, res int64
			err := r.Scan(&p.Urgency, &p.Segment, &first, &next, &res, &p.BusinessHours)
			p.FirstResponse, p.NextResponse, p.Resolution = time.Duration(first), time.Duration(next), time.Duration(res)
			return p, err
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

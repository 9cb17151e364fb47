package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const teamCols = `id, key, name, hours`

func scanTeam(row pgx.Row) (parley.Team, error) {
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
func (db *DB) PutTeam(ctx context.Context, t parley.Team) (parley.Team, error) {
	if err := t.Validate(); err != nil {
		return parley.Team{}, err
	}
	hours, err := codec.Hours(t.Hours)
	if err != nil {
		return parley.Team{}, err
	}
	var out parley.Team
	err = db.run(ctx, "put team", func(q querier) (err error) {
		out, err = scanTeam(q.QueryRow(ctx, `INSERT INTO teams (`+teamCols+`) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, hours = EXCLUDED.hours RETURNING `+teamCols,
			parley.NewID(), t.Key, t.Name, hours))
		return err
	})
	if err != nil {
		return parley.Team{}, err
	}
	return out, nil
}

// Teams returns every team by key (bytes, COLLATE "C").
func (db *DB) Teams(ctx context.Context) ([]parley.Team, error) {
	var out []parley.Team
	err := db.run(ctx, "teams", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+teamCols+` FROM teams ORDER BY key COLLATE "C"`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Team, error) { return scanTeam(r) })
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// Team returns the team with key.
func (db *DB) Team(ctx context.Context, key string) (parley.Team, error) {
	var out parley.Team
	err := db.run(ctx, "team", func(q querier) (err error) {
		out, err = scanTeam(q.QueryRow(ctx, `SELECT `+teamCols+` FROM teams WHERE key = $1`, key))
		return err
	})
	if err != nil {
		return parley.Team{}, err
	}
	return out, nil
}

// PutSLAPolicies replaces every SLA policy in one transaction. The table
// lock makes racing replacements take turns instead of colliding on keys.
func (db *DB) PutSLAPolicies(ctx context.Context, ps []parley.SLAPolicy) error {
	if err := parley.ValidSLAPolicies(ps); err != nil {
		return err
	}
	return db.tx(ctx, "put sla policies", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE sla_policies IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sla_policies`); err != nil {
			return err
		}
		for i, p := range ps {
			if _, err := tx.Exec(ctx, `INSERT INTO sla_policies (position, urgency, segment, first_response_ns,
				next_response_ns, resolution_ns, business_hours) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				i, p.Urgency, p.Segment, int64(p.FirstResponse), int64(p.NextResponse), int64(p.Resolution), p.BusinessHours); err != nil {
				return err
			}
		}
		return nil
	})
}

// SLAPolicies returns the policies in the order put.
func (db *DB) SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error) {
	var out []parley.SLAPolicy
	err := db.run(ctx, "sla policies", func(q querier) error {
		out = nil
		rows, err := q.Query(ctx, `SELECT urgency, segment, first_response_ns, next_response_ns, resolution_ns,
			business_hours FROM sla_policies ORDER BY position`)
		if err != nil {
			return err
		}
		var p parley.SLAPolicy
		var first, next, res int64
		_, err = pgx.ForEachRow(rows, []any{&p.Urgency, &p.Segment, &first, &next, &res, &p.BusinessHours}, func() error {
			p.FirstResponse, p.NextResponse, p.Resolution = time.Duration(first), time.Duration(next), time.Duration(res)
			out = append(out, p)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

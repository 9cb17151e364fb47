package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const teamCols = `id, key, name, hours`

func scanTeam(row scanner) (parley.Team, error) {
	var t parley.Team
	var hours string
	if err := row.Scan(&t.ID, &t.Key, &t.Name, &hours); err != nil {
		return t, err
	}
	h, err := codec.ParseHours([]byte(hours))
	t.Hours = h
	return t, err
}

// PutTeam inserts or updates the team with t.Key.
func (db *DB) PutTeam(ctx context.Context, t parley.Team) (parley.Team, error) {
	if err := t.Validate(); err != nil {
		return parley.Team{}, err
	}
	hours, err := codec.Hours(t.Hours)
	if err != nil {
		return parley.Team{}, err
	}
	var out parley.Team
	err = db.write(ctx, func(ctx context.Context, tx *wtx) (err error) {
		out, err = scanTeam(tx.QueryRowContext(ctx, `INSERT INTO teams (`+teamCols+`) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name, hours = excluded.hours RETURNING `+teamCols,
			parley.NewID(), t.Key, t.Name, string(hours)))
		return err
	})
	return out, wrap("put team", err)
}

// Teams returns every team by key.
func (db *DB) Teams(ctx context.Context) ([]parley.Team, error) {
	rows, err := db.query(ctx, `SELECT `+teamCols+` FROM teams ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: teams: %w", err)
	}
	defer rows.Close()
	var out []parley.Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: teams: scan: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: teams: %w", err)
	}
	return out, nil
}

// Team returns the team with key.
func (db *DB) Team(ctx context.Context, key string) (parley.Team, error) {
	t, err := scanTeam(db.queryRow(ctx, `SELECT `+teamCols+` FROM teams WHERE key = ?`, key))
	if err != nil {
		return parley.Team{}, scanErr("team", err)
	}
	return t, nil
}

// PutSLAPolicies replaces every SLA policy.
func (db *DB) PutSLAPolicies(ctx context.Context, ps []parley.SLAPolicy) error {
	if err := parley.ValidSLAPolicies(ps); err != nil {
		return err
	}
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sla_policies`); err != nil {
			return err
		}
		for i, p := range ps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sla_policies (position, urgency, segment, first_response_ns,
				next_response_ns, resolution_ns, business_hours) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				i, p.Urgency, p.Segment, int64(p.FirstResponse), int64(p.NextResponse), int64(p.Resolution), p.BusinessHours); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("put sla policies", err)
}

// SLAPolicies returns the policies in the order put.
func (db *DB) SLAPolicies(ctx context.Context) ([]parley.SLAPolicy, error) {
	rows, err := db.query(ctx, `SELECT urgency, segment, first_response_ns, next_response_ns, resolution_ns,
		business_hours FROM sla_policies ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sla policies: %w", err)
	}
	defer rows.Close()
	var out []parley.SLAPolicy
	for rows.Next() {
		var p parley.SLAPolicy
		var first, next, res int64
		if err := rows.Scan(&p.Urgency, &p.Segment, &first, &next, &res, &p.BusinessHours); err != nil {
			return nil, fmt.Errorf("sqlite: sla policies: scan: %w", err)
		}
		p.FirstResponse, p.NextResponse, p.Resolution = time.Duration(first), time.Duration(next), time.Duration(res)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: sla policies: %w", err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const agentCols = `id, email, name, role, teams, languages, skills, capacity, created_at, state`

func scanAgent(row pgx.Row, more ...any) (parley.Agent, error) {
	var a parley.Agent
	var teams, langs, skills []byte
	dest := append([]any{&a.ID, &a.Email, &a.Name, &a.Role, &teams, &langs, &skills, &a.Capacity, &a.CreatedAt, &a.State}, more...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.CreatedAt = a.CreatedAt.UTC()
	return a, codec.ParseAgentLists(&a, teams, langs, skills)
}

// emailTaken names the conflict of an email held by another agent.
func emailTaken(err error) error {
	if uniqueOn(err, "agents_email_key") {
		return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "agent email is taken"), err)
	}
	return err
}

// CreateAgent stores a new agent with its password hash. It runs in a
// transaction so that a lost COMMIT is reported, not retried into a conflict.
func (db *DB) CreateAgent(ctx context.Context, a parley.Agent, passwordHash []byte) (parley.Agent, error) {
	a, err := a.Canonical()
	if err != nil {
		return parley.Agent{}, err
	}
	lists := codec.Lists(a)
	if err := parley.ValidPasswordHash(passwordHash); err != nil {
		return parley.Agent{}, err
	}
	if a.ID == "" {
		a.ID = parley.NewID()
	}
	a.CreatedAt, a.State = db.now(), parley.AgentActive
	err = db.tx(ctx, "create agent", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO agents (`+agentCols+`, email_key, password_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11)`,
			a.ID, a.Email, a.Name, a.Role, lists.Teams, lists.Languages, lists.Skills, a.Capacity, a.CreatedAt,
			parley.EmailKey(a.Email), passwordHash)
		return emailTaken(err)
	})
	if err != nil {
		return parley.Agent{}, err
	}
	return a, nil
}

// Agent returns one agent.
func (db *DB) Agent(ctx context.Context, id string) (parley.Agent, error) {
	var out parley.Agent
	err := db.run(ctx, "agent", func(q querier) (err error) {
		out, err = scanAgent(q.QueryRow(ctx, `SELECT `+agentCols+` FROM agents WHERE id = $1`, id))
		return err
	})
	return out, err
}

// AgentByEmail finds an agent by email, ignoring case, with its password hash.
func (db *DB) AgentByEmail(ctx context.Context, email string) (parley.Agent, []byte, error) {
	var out parley.Agent
	var hash []byte
	err := db.run(ctx, "agent by email", func(q querier) (err error) {
		out, err = scanAgent(q.QueryRow(ctx, `SELECT `+agentCols+`, password_hash FROM agents WHERE email_key = $1`,
			parley.EmailKey(email)), &hash)
		return err
	})
	if err != nil {
		return parley.Agent{}, nil, err
	}
	return out, hash, nil
}

// Agents returns every agent by name (bytes, COLLATE "C"), then id.
func (db *DB) Agents(ctx context.Context) ([]parley.Agent, error) {
	var out []parley.Agent
	err := db.run(ctx, "agents", func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+agentCols+` FROM agents WHERE state <> 'deleted' ORDER BY name COLLATE "C", id COLLATE "C"`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (parley.Agent, error) { return scanAgent(r) })
		return err
	})
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// UpdateAgent replaces an agent's fields but not its password.
func (db *DB) UpdateAgent(ctx context.Context, a parley.Agent) (parley.Agent, error) {
	a, err := a.Canonical()
	if err != nil {
		return parley.Agent{}, err
	}
	lists := codec.Lists(a)
	var out parley.Agent
	err = db.tx(ctx, "update agent", func(tx pgx.Tx) (err error) {
		var role parley.Role
		if err := tx.QueryRow(ctx, `SELECT role FROM agents WHERE id = $1 AND state <> 'deleted' FOR UPDATE`, a.ID).Scan(&role); err != nil {
			return err
		}
		if role != a.Role {
			if err := endAccess(ctx, tx, a.ID, true); err != nil {
				return err
			}
		}
		out, err = scanAgent(tx.QueryRow(ctx, `UPDATE agents SET email = $2, email_key = $3, name = $4, role = $5,
			teams = $6, languages = $7, skills = $8, capacity = $9 WHERE id = $1 RETURNING `+agentCols,
			a.ID, a.Email, parley.EmailKey(a.Email), a.Name, a.Role, lists.Teams, lists.Languages, lists.Skills, a.Capacity))
		return emailTaken(err)
	})
	if err != nil {
		return parley.Agent{}, err
	}
	return out, nil
}

// SetAgentPassword replaces an agent's password hash.
func (db *DB) SetAgentPassword(ctx context.Context, id string, hash []byte) error {
	if err := parley.ValidPasswordHash(hash); err != nil {
		return err
	}
	return db.tx(ctx, "set agent password", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE agents SET password_hash = $2 WHERE id = $1 AND state <> 'deleted'`, id, hash)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return notFound("agent")
		}
		return endAccess(ctx, tx, id, true)
	})
}

// CreateAuthSession stores a sign-in session and drops the agent's expired
// ones. An unknown agent fails the foreign key (ErrNotFound).
func (db *DB) CreateAuthSession(ctx context.Context, tokenHash []byte, agentID string, expires time.Time) error {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return err
	}
	if expires.IsZero() {
		return parley.Errorf(parley.EINVALID, "session without expiry")
	}
	return db.tx(ctx, "create auth session", func(tx pgx.Tx) error {
		now := db.now()
		// FOR SHARE: a concurrent disable waits for this session, then ends it.
		a, err := scanAgent(tx.QueryRow(ctx, `SELECT `+agentCols+` FROM agents WHERE id = $1 FOR SHARE`, agentID))
		if err != nil {
			return err
		}
		if err := a.CanSignIn(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM auth_sessions WHERE agent_id = $1 AND expires_at <= $2`, agentID, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO auth_sessions (token_hash, agent_id, expires_at, created_at)
			VALUES ($1, $2, $3, $4)`, tokenHash, agentID, codec.Time(expires), now)
		return err
	})
}

// AuthSession returns an unexpired session's agent and expiry.
func (db *DB) AuthSession(ctx context.Context, tokenHash []byte) (agentID string, expires time.Time, err error) {
	err = db.run(ctx, "auth session", func(q querier) error {
		return q.QueryRow(ctx, `SELECT agent_id, expires_at FROM auth_sessions WHERE token_hash = $1 AND expires_at > $2`,
			tokenHash, db.now()).Scan(&agentID, &expires)
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return agentID, expires.UTC(), nil
}

// DeleteAuthSession signs a session out.
func (db *DB) DeleteAuthSession(ctx context.Context, tokenHash []byte) error {
	return db.run(ctx, "delete auth session", func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM auth_sessions WHERE token_hash = $1`, tokenHash)
		return err
	})
}

// endAccess ends every session of the agent and, with tokens, revokes the
// API tokens it created: what follows any change of its credentials.
func endAccess(ctx context.Context, tx pgx.Tx, agentID string, tokens bool) error {
	if _, err := tx.Exec(ctx, `DELETE FROM auth_sessions WHERE agent_id = $1`, agentID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if tokens {
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked = true WHERE created_by = $1 AND NOT revoked`, agentID); err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
	}
	return nil
}

// SetAgentState enables, disables or deletes an agent, ending its access.
// The row lock orders it after a sign-in in flight (CreateAuthSession).
func (db *DB) SetAgentState(ctx context.Context, id string, state parley.AgentState) (parley.Agent, error) {
	if err := state.Validate(); err != nil {
		return parley.Agent{}, err
	}
	var out parley.Agent
	err := db.tx(ctx, "set agent state", func(tx pgx.Tx) error {
		a, err := scanAgent(tx.QueryRow(ctx, `SELECT `+agentCols+` FROM agents WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return err
		}
		if a, err = a.ChangeState(state); err != nil {
			return err
		}
		if state == parley.AgentDeleted {
			_, err = tx.Exec(ctx, `UPDATE agents SET state = $2, email_key = $3, password_hash = '' WHERE id = $1`,
				id, state, codec.DeletedEmailKey(id))
		} else {
			_, err = tx.Exec(ctx, `UPDATE agents SET state = $2 WHERE id = $1`, id, state)
		}
		if err != nil {
			return err
		}
		if err := endAccess(ctx, tx, id, true); err != nil {
			return err
		}
		out = a
		return nil
	})
	if err != nil {
		return parley.Agent{}, err
	}
	return out, nil
}

// DeleteAgentSessions signs the agent out everywhere.
func (db *DB) DeleteAgentSessions(ctx context.Context, agentID string) error {
	return db.tx(ctx, "delete agent sessions", func(tx pgx.Tx) error { return endAccess(ctx, tx, agentID, false) })
}

package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

const agentCols = `id, email, name, role, teams, languages, skills, capacity, created_at, state`

func scanAgent(row scanner, more ...any) (parley.Agent, error) {
	var a parley.Agent
	var teams, langs, skills string
	var created int64
	dest := append([]any{&a.ID, &a.Email, &a.Name, &a.Role, &teams, &langs, &skills, &a.Capacity, &created, &a.State}, more...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.CreatedAt = fromMicros(created)
	return a, codec.ParseAgentLists(&a, []byte(teams), []byte(langs), []byte(skills))
}

func getAgent(ctx context.Context, q queryer, id string) (parley.Agent, error) {
	a, err := scanAgent(q.QueryRowContext(ctx, `SELECT `+agentCols+` FROM agents WHERE id = ?`, id))
	if err != nil {
		return a, scanErr("agent", err)
	}
	return a, nil
}

// CreateAgent stores a new agent with its password hash.
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
	err = db.write(ctx, func(ctx context.Context, tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO agents (`+agentCols+`, email_key, password_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
			a.ID, a.Email, a.Name, a.Role, string(lists.Teams), string(lists.Languages), string(lists.Skills),
			a.Capacity, micros(a.CreatedAt), parley.EmailKey(a.Email), passwordHash)
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "agent email or id is taken")
		}
		return err
	})
	if err != nil {
		return parley.Agent{}, wrap("create agent", err)
	}
	return a, nil
}

// Agent returns one agent.
func (db *DB) Agent(ctx context.Context, id string) (parley.Agent, error) {
	return getAgent(ctx, db.rdb, id)
}

// AgentByEmail finds an agent by email, ignoring case, with its password hash.
func (db *DB) AgentByEmail(ctx context.Context, email string) (parley.Agent, []byte, error) {
	var hash []byte
	a, err := scanAgent(db.queryRow(ctx, `SELECT `+agentCols+`, password_hash FROM agents
		WHERE email_key = ?`, parley.EmailKey(email)), &hash)
	if err != nil {
		return parley.Agent{}, nil, scanErr("agent by email", err)
	}
	return a, hash, nil
}

// Agents returns every agent by name, then id.
func (db *DB) Agents(ctx context.Context) ([]parley.Agent, error) {
	rows, err := db.query(ctx, `SELECT `+agentCols+` FROM agents WHERE state != 'deleted' ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: agents: %w", err)
	}
	defer rows.Close()
	var out []parley.Agent
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: agents: scan: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: agents: %w", err)
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
	err = db.write(ctx, func(ctx context.Context, tx *wtx) (err error) {
		var role parley.Role
		if err := tx.QueryRowContext(ctx, `SELECT role FROM agents WHERE id = ? AND state != 'deleted'`, a.ID).Scan(&role); err != nil {
			return scanErr("agent", err)
		}
		if role != a.Role {
			if err := endAccess(ctx, tx, a.ID, true); err != nil {
				return err
			}
		}
		out, err = scanAgent(tx.QueryRowContext(ctx, `UPDATE agents SET email = ?, email_key = ?, name = ?, role = ?,
			teams = ?, languages = ?, skills = ?, capacity = ? WHERE id = ? RETURNING `+agentCols,
			a.Email, parley.EmailKey(a.Email), a.Name, a.Role, string(lists.Teams), string(lists.Languages),
			string(lists.Skills), a.Capacity, a.ID))
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "agent email is taken")
		}
		if err != nil {
			return scanErr("agent", err)
		}
		return nil
	})
	if err != nil {
		return parley.Agent{}, wrap("update agent", err)
	}
	return out, nil
}

// SetAgentPassword replaces an agent's password hash.
func (db *DB) SetAgentPassword(ctx context.Context, id string, hash []byte) error {
	if err := parley.ValidPasswordHash(hash); err != nil {
		return err
	}
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE agents SET password_hash = ? WHERE id = ? AND state != 'deleted'`, hash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("agent")
		}
		return endAccess(ctx, tx, id, true)
	})
	return wrap("set agent password", err)
}

// CreateAuthSession stores a sign-in session and drops the agent's expired ones.
func (db *DB) CreateAuthSession(ctx context.Context, tokenHash []byte, agentID string, expires time.Time) error {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return err
	}
	if expires.IsZero() {
		return parley.Errorf(parley.EINVALID, "session without expiry")
	}
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		now := micros(db.now())
		a, err := getAgent(ctx, tx, agentID)
		if err != nil {
			return err
		}
		if err := a.CanSignIn(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE agent_id = ? AND expires_at <= ?`, agentID, now); err != nil {
			return fmt.Errorf("expired sessions: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO auth_sessions (token_hash, agent_id, expires_at, created_at)
			VALUES (?, ?, ?, ?)`, tokenHash, agentID, micros(codec.Time(expires)), now)
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "session token is already bound")
		}
		return err
	})
	return wrap("create auth session", err)
}

// AuthSession returns an unexpired session's agent and expiry.
func (db *DB) AuthSession(ctx context.Context, tokenHash []byte) (string, time.Time, error) {
	var agentID string
	var expires int64
	err := db.queryRow(ctx, `SELECT agent_id, expires_at FROM auth_sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, micros(db.now())).Scan(&agentID, &expires)
	if err != nil {
		return "", time.Time{}, scanErr("auth session", err)
	}
	return agentID, fromMicros(expires), nil
}

// DeleteAuthSession signs a session out.
func (db *DB) DeleteAuthSession(ctx context.Context, tokenHash []byte) error {
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
	return wrap("delete auth session", err)
}

// endAccess ends every session of the agent and, with tokens, revokes the
// API tokens it created: what follows any change of its credentials.
func endAccess(ctx context.Context, tx *wtx, agentID string, tokens bool) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE agent_id = ?`, agentID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if tokens {
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked = 1 WHERE created_by = ? AND revoked = 0`, agentID); err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
	}
	return nil
}

// SetAgentState enables, disables or deletes an agent, ending its access.
func (db *DB) SetAgentState(ctx context.Context, id string, state parley.AgentState) (parley.Agent, error) {
	if err := state.Validate(); err != nil {
		return parley.Agent{}, err
	}
	var out parley.Agent
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error {
		a, err := getAgent(ctx, tx, id)
		if err != nil {
			return err
		}
		if a, err = a.ChangeState(state); err != nil {
			return err
		}
		if state == parley.AgentDeleted {
			_, err = tx.ExecContext(ctx, `UPDATE agents SET state = ?, email_key = ?, password_hash = X'' WHERE id = ?`,
				state, codec.DeletedEmailKey(id), id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE agents SET state = ? WHERE id = ?`, state, id)
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
		return parley.Agent{}, wrap("set agent state", err)
	}
	return out, nil
}

// DeleteAgentSessions signs the agent out everywhere.
func (db *DB) DeleteAgentSessions(ctx context.Context, agentID string) error {
	err := db.write(ctx, func(ctx context.Context, tx *wtx) error { return endAccess(ctx, tx, agentID, false) })
	return wrap("delete agent sessions", err)
}

package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/store/internal/codec"
)

// Agents, their sign-in sessions, and what ends their access.

const agentCols = `id, email, name, role, teams, languages, skills, capacity, created_at, state`

func (c *Core) scanAgent(row Row) (parley.Agent, error) { return c.scanAgentAnd(row) }

// scanAgentAnd scans an agent's columns and then more.
func (c *Core) scanAgentAnd(row Row, more ...any) (parley.Agent, error) {
	var a parley.Agent
	var teams, langs, skills []byte
	dest := append([]any{&a.ID, &a.Email, &a.Name, &a.Role, &teams, &langs, &skills, &a.Capacity,
		c.d.TimeDest(&a.CreatedAt), &a.State}, more...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	return a, codec.ParseAgentLists(&a, teams, langs, skills)
}

// agent reads one agent; lock is a row lock mode or "".
func (c *Core) agent(ctx context.Context, q Q, id, lock string) (parley.Agent, error) {
	sql := `SELECT ` + agentCols + ` FROM agents WHERE id = $1`
	if lock != "" {
		sql += c.lock(lock)
	}
	a, err := c.scanAgent(q.QueryRow(ctx, c.sql(sql), id))
	return a, c.noRows("agent", err)
}

// CreateAgent stores a new agent with its password hash. It runs in a
// transaction so that a lost COMMIT is reported, not retried into a conflict.
func (c *Core) CreateAgent(ctx context.Context, a parley.Agent, passwordHash []byte) (parley.Agent, error) {
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
	a.CreatedAt, a.State = c.now(), parley.AgentActive
	err = c.write(ctx, "create agent", func(q Q) error {
		_, err := q.Exec(ctx, c.sql(`INSERT INTO agents (`+agentCols+`, email_key, password_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11)`),
			a.ID, a.Email, a.Name, a.Role, string(lists.Teams), string(lists.Languages), string(lists.Skills),
			a.Capacity, c.d.Time(a.CreatedAt), parley.EmailKey(a.Email), passwordHash)
		if err != nil && c.d.IsUnique(err) {
			return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "agent email or id is taken"), err)
		}
		return err
	})
	if err != nil {
		return parley.Agent{}, err
	}
	return a, nil
}

// Agent returns one agent.
func (c *Core) Agent(ctx context.Context, id string) (parley.Agent, error) {
	return one(ctx, c, "agent", "agent", c.scanAgent, `SELECT `+agentCols+` FROM agents WHERE id = $1`, id)
}

// AgentByEmail finds an agent by email, ignoring case, with its password hash.
func (c *Core) AgentByEmail(ctx context.Context, email string) (parley.Agent, []byte, error) {
	var out parley.Agent
	var hash []byte
	err := c.read(ctx, "agent by email", func(q Q) (err error) {
		out, err = c.scanAgentAnd(q.QueryRow(ctx, c.sql(`SELECT `+agentCols+`, password_hash FROM agents WHERE email_key = $1`),
			parley.EmailKey(email)), &hash)
		return c.noRows("agent by email", err)
	})
	if err != nil {
		return parley.Agent{}, nil, err
	}
	return out, hash, nil
}

// Agents returns every agent by name, then id, in byte order.
func (c *Core) Agents(ctx context.Context) ([]parley.Agent, error) {
	return all(ctx, c, "agents", c.scanAgent, `SELECT `+agentCols+` FROM agents WHERE state <> 'deleted'
		ORDER BY name`+c.d.ByteOrder+`, id`+c.d.ByteOrder)
}

// UpdateAgent replaces an agent's fields but not its password.
func (c *Core) UpdateAgent(ctx context.Context, a parley.Agent) (parley.Agent, error) {
	a, err := a.Canonical()
	if err != nil {
		return parley.Agent{}, err
	}
	lists := codec.Lists(a)
	var out parley.Agent
	err = c.write(ctx, "update agent", func(q Q) (err error) {
		var role parley.Role
		if err := q.QueryRow(ctx, c.sql(`SELECT role FROM agents WHERE id = $1 AND state <> 'deleted'`+c.lock("UPDATE")),
			a.ID).Scan(&role); err != nil {
			return c.noRows("agent", err)
		}
		if role != a.Role {
			if err := c.endAccess(ctx, q, a.ID, true); err != nil {
				return err
			}
		}
		out, err = c.scanAgent(q.QueryRow(ctx, c.sql(`UPDATE agents SET email = $2, email_key = $3, name = $4, role = $5,
			teams = $6, languages = $7, skills = $8, capacity = $9 WHERE id = $1 RETURNING `+agentCols),
			a.ID, a.Email, parley.EmailKey(a.Email), a.Name, a.Role, string(lists.Teams), string(lists.Languages),
			string(lists.Skills), a.Capacity))
		if err != nil && c.d.IsUnique(err) {
			return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "agent email is taken"), err)
		}
		return c.noRows("agent", err)
	})
	if err != nil {
		return parley.Agent{}, err
	}
	return out, nil
}

// SetAgentPassword replaces an agent's password hash.
func (c *Core) SetAgentPassword(ctx context.Context, id string, hash []byte) error {
	if err := parley.ValidPasswordHash(hash); err != nil {
		return err
	}
	return c.write(ctx, "set agent password", func(q Q) error {
		n, err := q.Exec(ctx, c.sql(`UPDATE agents SET password_hash = $2 WHERE id = $1 AND state <> 'deleted'`), id, hash)
		if err != nil {
			return err
		}
		if n == 0 {
			return c.notFound("agent")
		}
		return c.endAccess(ctx, q, id, true)
	})
}

// CreateAuthSession stores a sign-in session and drops the agent's expired
// ones.
func (c *Core) CreateAuthSession(ctx context.Context, tokenHash []byte, agentID string, expires time.Time) error {
	if err := parley.ValidTokenHash(tokenHash); err != nil {
		return err
	}
	if expires.IsZero() {
		return parley.Errorf(parley.EINVALID, "session without expiry")
	}
	return c.write(ctx, "create auth session", func(q Q) error {
		now := c.d.Time(c.now())
		// A shared lock: a concurrent disable waits for this session, then ends it.
		a, err := c.agent(ctx, q, agentID, "SHARE")
		if err != nil {
			return err
		}
		if err := a.CanSignIn(); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, c.sql(`DELETE FROM auth_sessions WHERE agent_id = $1 AND expires_at <= $2`), agentID, now); err != nil {
			return fmt.Errorf("expired sessions: %w", err)
		}
		_, err = q.Exec(ctx, c.sql(`INSERT INTO auth_sessions (token_hash, agent_id, expires_at, created_at)
			VALUES ($1, $2, $3, $4)`), tokenHash, agentID, c.d.Time(codec.Time(expires)), now)
		if err != nil && c.d.IsUnique(err) {
			return fmt.Errorf("%w: %w", parley.Errorf(parley.ECONFLICT, "session token is already bound"), err)
		}
		return err
	})
}

// AuthSession returns an unexpired session's agent and expiry.
func (c *Core) AuthSession(ctx context.Context, tokenHash []byte) (agentID string, expires time.Time, err error) {
	err = c.read(ctx, "auth session", func(q Q) error {
		err := q.QueryRow(ctx, c.sql(`SELECT agent_id, expires_at FROM auth_sessions WHERE token_hash = $1 AND expires_at > $2`),
			tokenHash, c.d.Time(c.now())).Scan(&agentID, c.d.TimeDest(&expires))
		return c.noRows("auth session", err)
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return agentID, expires, nil
}

// DeleteAuthSession signs a session out.
func (c *Core) DeleteAuthSession(ctx context.Context, tokenHash []byte) error {
	return c.auto(ctx, "delete auth session", func(q Q) error {
		_, err := q.Exec(ctx, c.sql(`DELETE FROM auth_sessions WHERE token_hash = $1`), tokenHash)
		return err
	})
}

// endAccess ends every session of the agent and, with tokens, revokes the
// API tokens it created: what follows any change of its credentials.
func (c *Core) endAccess(ctx context.Context, q Q, agentID string, tokens bool) error {
	if _, err := q.Exec(ctx, c.sql(`DELETE FROM auth_sessions WHERE agent_id = $1`), agentID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if tokens {
		if _, err := q.Exec(ctx, c.sql(`UPDATE api_tokens SET revoked = TRUE WHERE created_by = $1 AND NOT revoked`), agentID); err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
	}
	return nil
}

// SetAgentState enables, disables or deletes an agent, ending its access.
// The row lock orders it after a sign-in in flight (CreateAuthSession).
func (c *Core) SetAgentState(ctx context.Context, id string, state parley.AgentState) (parley.Agent, error) {
	if err := state.Validate(); err != nil {
		return parley.Agent{}, err
	}
	var out parley.Agent
	err := c.write(ctx, "set agent state", func(q Q) error {
		a, err := c.agent(ctx, q, id, "UPDATE")
		if err != nil {
			return err
		}
		if a, err = a.ChangeState(state); err != nil {
			return err
		}
		if state == parley.AgentDeleted {
			_, err = q.Exec(ctx, c.sql(`UPDATE agents SET state = $2, email_key = $3, password_hash = $4 WHERE id = $1`),
				id, state, codec.DeletedEmailKey(id), []byte{})
		} else {
			_, err = q.Exec(ctx, c.sql(`UPDATE agents SET state = $2 WHERE id = $1`), id, state)
		}
		if err != nil {
			return err
		}
		if err := c.endAccess(ctx, q, id, true); err != nil {
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
func (c *Core) DeleteAgentSessions(ctx context.Context, agentID string) error {
	return c.write(ctx, "delete agent sessions", func(q Q) error { return c.endAccess(ctx, q, agentID, false) })
}

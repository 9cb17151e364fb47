package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/parley-chat/parley"
)

// TokenStore keeps API tokens.
type TokenStore interface {
	CreateAPIToken(ctx context.Context, t parley.APIToken, secretHash []byte) (parley.APIToken, error)
	APITokens(ctx context.Context) ([]parley.APIToken, error)
	APITokenByHash(ctx context.Context, secretHash []byte) (parley.APIToken, error)
	TouchAPIToken(ctx context.Context, id string, at time.Time) error
	RevokeAPIToken(ctx context.Context, id string) (parley.APIToken, error)
}

// tokenAgentPrefix starts the synthetic agent id of an API token.
const tokenAgentPrefix = "token:"

// touchEvery bounds how often a token's last use is written.
const touchEvery = time.Minute

// tokenAgent authenticates an API token as a synthetic agent.
func (s *Server) tokenAgent(ctx context.Context, secret string) (parley.Agent, error) {
	t, err := s.store.APITokenByHash(ctx, parley.HashToken(secret))
	if errors.Is(err, parley.ErrNotFound) {
		return parley.Agent{}, parley.Errorf(parley.EUNAUTHORIZED, "unknown API token")
	} else if err != nil {
		return parley.Agent{}, err
	}
	now := s.now()
	if !t.Usable(now) {
		return parley.Agent{}, parley.Errorf(parley.EUNAUTHORIZED, "API token is revoked or expired")
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		if err := s.store.TouchAPIToken(ctx, t.ID, now); err != nil {
			s.cfg.Log.Warn("api token last use", "token", t.ID, "err", err)
		}
	}
	return parley.Agent{ID: tokenAgentPrefix + t.ID, Name: t.Name, Role: t.Role}, nil
}

func isAPIToken(a parley.Agent) bool { return strings.HasPrefix(a.ID, tokenAgentPrefix) }

type tokenJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	Revoked    bool       `json:"revoked"`
}

func toTokenJSON(t parley.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Role: string(t.Role), CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt,
		LastUsedAt: opt(t.LastUsedAt), ExpiresAt: opt(t.ExpiresAt), Revoked: t.Revoked}
}

// personOnly refuses an API token the act of creating or changing a
// credential (a password, a role, a token, a site's identity secret): a
// leaked token must never mint a way in that outlives its revocation.
// what completes "API tokens cannot …".
func personOnly(r *http.Request, what string) error {
	if isAPIToken(agentFrom(r.Context())) {
		return parley.Errorf(parley.EFORBIDDEN, "API tokens cannot %s: sign in as a person to do it", what)
	}
	return nil
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	if err := personOnly(r, "manage tokens"); err != nil {
		s.fail(w, r, err)
		return
	}
	ts, err := s.store.APITokens(r.Context())
	s.respond(w, r, err, http.StatusOK, map[string]any{"tokens": each(ts, toTokenJSON)})
}

type createTokenRequest struct {
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	ExpiresAt *time.Time `json:"expires_at"`
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if err := personOnly(r, "manage tokens"); err != nil {
		s.fail(w, r, err)
		return
	}
	req, ok := decode[createTokenRequest](s, w, r)
	if !ok {
		return
	}
	req.Name = strings.TrimSpace(req.Name)
	if req.Name == "" {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "name is required: say what the token is for"))
		return
	}
	if req.Role != string(parley.RoleAgent) && req.Role != string(parley.RoleAdmin) {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "role must be agent or admin, got %q", req.Role))
		return
	}
	t := parley.APIToken{Name: req.Name, Role: parley.Role(req.Role), CreatedBy: agentFrom(r.Context()).ID}
	if req.ExpiresAt != nil {
		if !req.ExpiresAt.After(s.now()) {
			s.fail(w, r, parley.Errorf(parley.EINVALID, "expires_at must be in the future"))
			return
		}
		t.ExpiresAt = *req.ExpiresAt
	}
	secret := parley.APITokenPrefix + parley.NewToken()
	t, err := s.store.CreateAPIToken(r.Context(), t, parley.HashToken(secret))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "token.create", t.ID, map[string]any{"name": t.Name, "role": t.Role, "expires_at": opt(t.ExpiresAt)})
	writeJSON(w, http.StatusCreated, map[string]any{"token": toTokenJSON(t), "secret": secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := personOnly(r, "manage tokens"); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.store.RevokeAPIToken(r.Context(), r.PathValue("id"))
	if errors.Is(err, parley.ErrNotFound) {
		err = parley.Errorf(parley.ENOTFOUND, "no API token with id %q", r.PathValue("id"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "token.revoke", t.ID, map[string]any{"name": t.Name})
	w.WriteHeader(http.StatusNoContent)
}

package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
)

// SessionStore finds agents and keeps their sign-in sessions.
type SessionStore interface {
	AgentByEmail(ctx context.Context, email string) (parley.Agent, []byte, error)
	Agent(ctx context.Context, id string) (parley.Agent, error)
	CreateAuthSession(ctx context.Context, tokenHash []byte, agentID string, expires time.Time) error
	AuthSession(ctx context.Context, tokenHash []byte) (string, time.Time, error)
	DeleteAuthSession(ctx context.Context, tokenHash []byte) error
	// DeleteAgentSessions ends every session of an agent.
	DeleteAgentSessions(ctx context.Context, agentID string) error
}

const (
	cookieName = "parley_session"
	csrfHeader = "X-Parley-CSRF"
	sessionTTL = 12 * time.Hour

	// loginFreeFailures failed sign-ins in a row to one email cost
	// nothing; each one after waits loginBaseDelay, doubled per failure up
	// to loginMaxDelay.
	loginFreeFailures = 5
)

// dummyHash makes a login with an unknown email cost as much as one with a
// wrong password, so timing does not tell which emails exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("parley-dummy-password"), bcrypt.DefaultCost)

type ctxKey struct{}

// agentFrom returns the authenticated agent of a request.
func agentFrom(ctx context.Context) parley.Agent {
	a, _ := ctx.Value(ctxKey{}).(parley.Agent)
	return a
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	Agent     agentJSON `json:"agent"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	req, ok := decode[loginRequest](s, w, r)
	if !ok {
		return
	}
	req.Email = strings.TrimSpace(strings.ToLower(req.Email))
	if req.Email == "" || req.Password == "" {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "email and password are required"))
		return
	}
	if ok, retry := s.allow(r.Context(), "login:"+gateway.ClientIP(r, s.cfg.TrustForwardedFor)); !ok {
		w.Header().Set("Retry-After", retryAfter(retry))
		s.fail(w, r, parley.Errorf(parley.ERATELIMITED, "too many login attempts from your address; retry in %s s", retryAfter(retry)))
		return
	}
	if ok, retry := s.logins.begin(req.Email, s.now()); !ok {
		w.Header().Set("Retry-After", retryAfter(retry))
		s.fail(w, r, parley.Errorf(parley.ERATELIMITED, "too many failed sign-ins for this account; retry in %s s", retryAfter(retry)))
		return
	}
	agent, hash, err := s.store.AgentByEmail(r.Context(), req.Email)
	if errors.Is(err, parley.ErrNotFound) {
		hash = dummyHash
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(req.Password)) != nil || agent.ID == "" {
		s.fail(w, r, parley.Errorf(parley.EUNAUTHORIZED, "wrong email or password"))
		return
	}
	if !agent.Active() { // told only to whoever knows the password
		s.fail(w, r, parley.Errorf(parley.EFORBIDDEN, "this account is disabled; ask an admin"))
		return
	}
	s.logins.succeeded(req.Email)
	token, expires := parley.NewToken(), s.now().Add(sessionTTL)
	if err := s.store.CreateAuthSession(r.Context(), parley.HashToken(token), agent.ID, expires); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	writeJSON(w, http.StatusOK, loginResponse{Token: token, ExpiresAt: expires.UTC(), Agent: toAgentJSON(agent)})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := checkCSRF(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if token, _ := tokenOf(r); token != "" {
		if err := s.store.DeleteAuthSession(r.Context(), parley.HashToken(token)); err != nil && !errors.Is(err, parley.ErrNotFound) {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	w.WriteHeader(http.StatusNoContent)
}

// secure says whether the browser reached us over HTTPS, so the session
// cookie must never travel in clear: TLS here, an https --public-url, or
// X-Forwarded-Proto: https from a proxy trusted with --trust-forwarded-for.
func (s *Server) secure(r *http.Request) bool {
	if r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https://") {
		return true
	}
	if s.cfg.TrustForwardedFor {
		p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
		return strings.EqualFold(strings.TrimSpace(p), "https")
	}
	return false
}

// tokenOf returns the request's session token and whether it came from the
// cookie (then writes need the CSRF header).
func tokenOf(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t), false
		}
		return "", false
	}
	if c, err := r.Cookie(cookieName); err == nil {
		return c.Value, true
	}
	return "", false
}

// Authenticate returns the signed-in agent of a request (bearer token or
// session cookie, or an API token as a synthetic agent "token:ID"); the
// agents' websocket uses it too.
func (s *Server) Authenticate(r *http.Request) (parley.Agent, error) {
	token, fromCookie := tokenOf(r)
	if token == "" {
		return parley.Agent{}, parley.Errorf(parley.EUNAUTHORIZED, "sign in first (POST /api/v1/auth/login)")
	}
	if strings.HasPrefix(token, parley.APITokenPrefix) {
		if fromCookie { // a token in a cookie would ride along on other sites' requests
			return parley.Agent{}, parley.Errorf(parley.EUNAUTHORIZED, "API tokens are accepted only in the Authorization header")
		}
		return s.tokenAgent(r.Context(), token)
	}
	agentID, expires, err := s.store.AuthSession(r.Context(), parley.HashToken(token))
	if errors.Is(err, parley.ErrNotFound) || (err == nil && !expires.After(s.now())) {
		return parley.Agent{}, parley.Errorf(parley.EUNAUTHORIZED, "session expired or unknown; sign in again")
	} else if err != nil {
		return parley.Agent{}, err
	}
	a, err := s.store.Agent(r.Context(), agentID)
	if err != nil {
		return parley.Agent{}, err
	}
	if !a.Active() { // its sessions ended with the change; this is belt and braces
		return parley.Agent{}, parley.Errorf(parley.EUNAUTHORIZED, "this account is disabled; ask an admin")
	}
	return a, nil
}

// logoutEverywhere ends every session of the signed-in person, this one
// included (API tokens are revoked on their own page).
func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := personOnly(r, "sign out everywhere"); err != nil {
		s.fail(w, r, err)
		return
	}
	me := agentFrom(r.Context())
	if err := s.store.DeleteAgentSessions(r.Context(), me.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "auth.logout_everywhere", me.ID, nil)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	w.WriteHeader(http.StatusNoContent)
}

// checkCSRF refuses a cookie-authenticated write without the CSRF header,
// which a page on another site cannot add.
func checkCSRF(r *http.Request) error {
	if _, fromCookie := tokenOf(r); fromCookie && r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get(csrfHeader) == "" {
		return parley.Errorf(parley.EFORBIDDEN, "cookie-authenticated writes need the %s header", csrfHeader)
	}
	return nil
}

// authed wraps h: only signed-in agents with at least role get through.
func (s *Server) authed(role parley.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := checkCSRF(r); err != nil {
			s.fail(w, r, err)
			return
		}
		agent, err := s.Authenticate(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if role == parley.RoleAdmin && agent.Role != parley.RoleAdmin {
			s.fail(w, r, parley.Errorf(parley.EFORBIDDEN, "admins only"))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, agent)))
	}
}

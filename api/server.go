package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/parley-chat/parley"
)

// Store is everything the API reads and keeps, made of the interfaces
// declared next to the routes that use each part. Optional capabilities
// (ArticleVoteStore) are found by type assertion.
type Store interface {
	SessionStore
	ConversationStore
	ArticleStore
	AdminStore
	AuditStore
	ReportStore
	TokenStore
	WebhookStore
	SiteStore
}

// Desk carries out what agents do to conversations (handoff.Desk).
type Desk interface {
	Assign(ctx context.Context, conversationID, agentID string) (parley.Conversation, error)
	Reply(ctx context.Context, conversationID string, by parley.Agent, text string, private bool) (parley.Message, error)
	Transfer(ctx context.Context, conversationID, team string, by parley.Agent) (parley.Conversation, error)
	Resolve(ctx context.Context, conversationID string, by parley.Agent) (parley.Conversation, error)
}

// Limiter bounds login attempts (the gateway's limiters fit).
type Limiter interface {
	Allow(ctx context.Context, key string, r parley.Rate) (bool, time.Duration, error)
}

// Config configures a Server.
type Config struct {
	Store   Store
	Desk    Desk
	Curator Curator
	Limiter Limiter
	Log     *slog.Logger
	Now     func() time.Time
	// LoginRate bounds login attempts per client IP (default 10/1m:10).
	LoginRate parley.Rate
	// TrustForwardedFor takes the client IP from X-Forwarded-For (as the
	// gateway does, gateway.ClientIP) and the scheme from
	// X-Forwarded-Proto: only behind a proxy that sets both.
	TrustForwardedFor bool
	// PublicURL is the server's address as browsers reach it
	// (https://chat.example.com); https makes the session cookie Secure
	// whatever the request looked like, as behind a TLS-terminating proxy.
	PublicURL string
	// WebhookAllowPrivate accepts webhook endpoints on loopback, private
	// and link-local addresses (--webhook-allow-private); refused (400)
	// when false, as the deliverer refuses to dial them.
	WebhookAllowPrivate bool
	// AttachmentMaxBytes bounds an uploaded file (--attachment-max-bytes);
	// if zero, parley.DefaultAttachmentMaxBytes (10 MiB).
	AttachmentMaxBytes int64
	// Publisher tells the cluster what agents do outside the desk (their
	// read marker); nil publishes nothing.
	Publisher Publisher
}

// Server is the REST API.
type Server struct {
	store  Store
	desk   Desk
	cfg    Config
	logins loginGuard
}

// New returns the API; Handler serves it.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.LoginRate == (parley.Rate{}) {
		cfg.LoginRate = parley.Rate{Count: 10, Period: time.Minute, Burst: 10}
	}
	return &Server{store: cfg.Store, desk: cfg.Desk, cfg: cfg}
}

// Handler routes /api/v1/: every route in Routes, each behind its role.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		h := rt.handler
		if rt.Role != "" {
			h = s.authed(rt.Role, h)
		}
		mux.HandleFunc(rt.Method+" "+rt.Pattern, h)
	}
	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "no such API route: %s %s", r.Method, r.URL.Path))
	})
	return mux
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, s.cfg.Log, err)
}
func (s *Server) now() time.Time { return s.cfg.Now() }

func (s *Server) allow(ctx context.Context, key string) (bool, time.Duration) {
	if s.cfg.Limiter == nil {
		return true, 0
	}
	ok, retry, err := s.cfg.Limiter.Allow(ctx, key, s.cfg.LoginRate)
	return ok || err != nil, retry
}

func retryAfter(d time.Duration) string { return strconv.Itoa(int(d.Seconds()) + 1) }

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, toAgentJSON(agentFrom(r.Context())))
}

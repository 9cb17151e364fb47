package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/parley-chat/parley"
)

// Close codes the gateway uses (docs/protocol.md). Every one of them means
// "reconnect with hello{token, last_seq}": nothing acked is lost.
const (
	ClosePolicy         = websocket.ClosePolicyViolation // 1008: kept misbehaving, or identity required
	CloseTooBig         = websocket.CloseMessageTooBig   // 1009: frame beyond the hard limit
	CloseInternal       = websocket.CloseInternalServerErr
	CloseServiceRestart = websocket.CloseServiceRestart // 1012: node shutting down; reconnect
	CloseTryAgainLater  = websocket.CloseTryAgainLater  // 1013: stopped reading (outbound.go); resume
)

// Limits are the rate limits applied per contact and per client IP.
type Limits struct {
	ContactMessages parley.Rate // stored frames (send, human, contact, feedback, csat) per contact
	IPMessages      parley.Rate // the same, per client IP
	IPNewVisitors   parley.Rate // new visitors created per client IP
}

// DefaultLimits are documented in docs/config.md.
var DefaultLimits = Limits{
	ContactMessages: parley.Rate{Count: 30, Period: time.Minute, Burst: 15},
	IPMessages:      parley.Rate{Count: 300, Period: time.Minute, Burst: 100},
	IPNewVisitors:   parley.Rate{Count: 60, Period: time.Minute, Burst: 30},
}

// Default connection caps (docs/config.md): a browser opens one socket per
// tab, so 10 covers a visitor's tabs; 200 an office behind one address.
const (
	DefaultMaxConnsPerIP      = 200
	DefaultMaxConnsPerVisitor = 10
)

// Config configures a Server. Zero values take the documented defaults.
type Config struct {
	Store      Store
	Hub        *Hub
	Broker     Broker
	Local      Limiter       // always consulted
	Global     GlobalLimiter // optional (Redis): makes limits cluster-wide
	Dispatcher Dispatcher
	Status     StatusSource
	// Transcripts emails transcripts a visitor asks for (nil: email is
	// off and the transcript frame is refused).
	Transcripts Transcripts
	Log         *slog.Logger
	Metrics     *Metrics
	Limits      Limits

	MaxFrameBytes  int           // default 16 KiB: larger frames get too_large
	HardFrameBytes int64         // default 1 MiB: larger frames close the connection (1009)
	OutboundBytes  int           // default DefaultOutboundBytes (256 KiB) of queued frames per connection, allocated only while used
	StallTimeout   time.Duration // default DefaultStallTimeout (5s): a full queue with no write for this long closes 1013
	PingInterval   time.Duration // default 25s
	PongTimeout    time.Duration // default 20s
	HelloTimeout   time.Duration // default 10s
	WriteTimeout   time.Duration // default 10s
	MaxBadFrames   int           // default 20 refused frames a minute, then close 1008
	SiteCacheTTL   time.Duration // default 10s
	// MaxConnsPerIP caps the visitor websockets open from one client IP
	// (default DefaultMaxConnsPerIP); more are refused with HTTP 429 before
	// the upgrade. Offices and carrier NAT share addresses: keep it generous.
	MaxConnsPerIP int
	// MaxConnsPerVisitor caps the websockets of one visitor (the contact a
	// token resumes; default DefaultMaxConnsPerVisitor): one more is
	// answered error{rate_limited} after its hello and closed 1008.
	MaxConnsPerVisitor int
	// TrustForwardedFor takes the client IP from X-Forwarded-For's last hop
	// (set it only behind a proxy that overwrites the header).
	TrustForwardedFor bool
	Now               func() time.Time
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.MaxFrameBytes == 0 {
		c.MaxFrameBytes = 16 << 10
	}
	if c.HardFrameBytes == 0 {
		c.HardFrameBytes = 1 << 20
	}
	if c.OutboundBytes == 0 {
		c.OutboundBytes = DefaultOutboundBytes
	}
	def(&c.StallTimeout, DefaultStallTimeout)
	def(&c.PingInterval, 25*time.Second)
	def(&c.PongTimeout, 20*time.Second)
	def(&c.HelloTimeout, 10*time.Second)
	def(&c.WriteTimeout, 10*time.Second)
	def(&c.SiteCacheTTL, 10*time.Second)
	if c.MaxBadFrames == 0 {
		c.MaxBadFrames = 20
	}
	if c.MaxConnsPerIP == 0 {
		c.MaxConnsPerIP = DefaultMaxConnsPerIP
	}
	if c.MaxConnsPerVisitor == 0 {
		c.MaxConnsPerVisitor = DefaultMaxConnsPerVisitor
	}
	if c.Limits == (Limits{}) {
		c.Limits = DefaultLimits
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Metrics == nil {
		c.Metrics = NewMetrics(nil)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Dispatcher == nil {
		c.Dispatcher = nopDispatcher{}
	}
}

type nopDispatcher struct{}

func (nopDispatcher) Dispatch(context.Context, parley.Event) {}

// Server is the visitor websocket gateway.
type Server struct {
	cfg      Config
	upgrader websocket.Upgrader
	sites    *siteCache
	ctx      context.Context // cancelled by Shutdown's end; parent of every connection
	cancel   context.CancelFunc

	mu       sync.Mutex
	conns    map[*conn]struct{}
	agents   map[*agentConn]struct{}
	perIP    map[string]int // visitor sockets by client IP, taken before the upgrade
	perVisit map[string]int // visitor sockets by contact ID, taken after hello
	draining bool
	wg       sync.WaitGroup

	limiterWarnings
}

// New returns a gateway. Store, Hub, Broker and Local are required.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Hub == nil || cfg.Broker == nil || cfg.Local == nil {
		return nil, errors.New("gateway: Store, Hub, Broker and Local limiter are required")
	}
	cfg.setDefaults()
	s := &Server{cfg: cfg, conns: make(map[*conn]struct{}), agents: make(map[*agentConn]struct{}),
		perIP: make(map[string]int), perVisit: make(map[string]int)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.sites = newSiteCache(cfg.Store, cfg.SiteCacheTTL, cfg.Now)
	s.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// A small read buffer of our own instead of the HTTP server's 4 KiB
		// one (frames are bigger than a buffer anyway: it only batches
		// reads), and write buffers borrowed only while writing: an idle
		// connection then holds 1 KiB of buffers.
		ReadBufferSize:  1024,
		WriteBufferPool: &sync.Pool{},
		// The origin was checked against the site before Upgrade is called.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	return s, nil
}

// ServeHTTP handles GET /ws/visitor?site=KEY: the origin check happens
// before the upgrade, then the connection's goroutines take over and
// the handler returns (its stack is not kept for the connection's life).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("site")
	if key == "" {
		s.refuse(w, http.StatusBadRequest, "no_site", "missing ?site=SITE_KEY")
		return
	}
	site, err := s.sites.get(r.Context(), key)
	if errors.Is(err, parley.ErrNotFound) {
		s.refuse(w, http.StatusNotFound, "unknown_site", "unknown site key")
		return
	} else if err != nil {
		s.cfg.Log.Error("gateway: site lookup", "err", err)
		s.refuse(w, http.StatusServiceUnavailable, "store", "try again shortly")
		return
	}
	if !site.OriginAllowed(r.Header.Get("Origin")) {
		s.refuse(w, http.StatusForbidden, "origin", "origin not allowed for this site")
		return
	}
	s.mu.Lock()
	draining := s.draining
	s.mu.Unlock()
	if draining {
		s.refuse(w, http.StatusServiceUnavailable, "draining", "server is restarting; reconnect")
		return
	}
	ip := s.clientIP(r)
	if !s.takeSlot(s.perIP, ip, s.cfg.MaxConnsPerIP) {
		w.Header().Set("Retry-After", "60")
		s.refuse(w, http.StatusTooManyRequests, "ip_connections",
			fmt.Sprintf("too many connections from this address (at most %d); close some and retry", s.cfg.MaxConnsPerIP))
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.giveSlot(s.perIP, ip)
		s.cfg.Metrics.Refused.WithLabelValues("upgrade").Inc()
		return // Upgrade already answered with an HTTP error
	}
	c := newConn(s, ws, site, ip) // the connection owns the IP slot: untrack gives it back
	if !s.track(c) {
		c.stop(CloseServiceRestart, "server is restarting")
	}
	c.start()
}

func (s *Server) refuse(w http.ResponseWriter, status int, reason, msg string) {
	s.cfg.Metrics.Refused.WithLabelValues(reason).Inc()
	http.Error(w, msg, status)
}

func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Add(1) // the reader; each writer counts itself (conn.kick)
	if s.draining {
		return false
	}
	s.conns[c] = struct{}{}
	s.cfg.Metrics.Connections.Inc()
	return true
}

// goBackground runs f on a goroutine of its own that Shutdown waits for,
// unless the server is draining (then the work is skipped: a visitor's
// next hello, on any node, does it). f must end when its connection does.
func (s *Server) goBackground(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.draining {
		s.wg.Go(f) // never while Shutdown waits on an empty group: draining is set first
	}
}

// untrack runs once per connection (the reader's end, after its session's),
// tracked or not.
func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	if _, ok := s.conns[c]; ok {
		delete(s.conns, c)
		s.cfg.Metrics.Connections.Dec()
	}
	s.giveSlotLocked(s.perIP, c.ip)
	s.mu.Unlock()
}

// takeSlot counts one more connection under key unless max are open.
func (s *Server) takeSlot(m map[string]int, key string, max int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m[key] >= max {
		return false
	}
	m[key]++
	return true
}

func (s *Server) giveSlot(m map[string]int, key string) {
	s.mu.Lock()
	s.giveSlotLocked(m, key)
	s.mu.Unlock()
}

func (s *Server) giveSlotLocked(m map[string]int, key string) {
	if m[key] <= 1 {
		delete(m, key) // no entry per address ever seen
		return
	}
	m[key]--
}

// Shutdown tells every connection to reconnect elsewhere (close 1012), lets
// the writers flush what is queued, and waits for all connection goroutines
// (proactive and NPS work included) until ctx ends; then it cuts the rest.
// It is safe to call more than once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining = true
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	for a := range s.agents {
		a.stop() // consoles reconnect to another node
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.stop(CloseServiceRestart, "server restarting: reconnect")
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		for _, c := range conns {
			_ = c.ws.NetConn().Close()
		}
		<-done
		return ctx.Err()
	}
}

// Ready reports whether the store answers (for /readyz).
func (s *Server) Ready(ctx context.Context) error { return s.cfg.Store.Ping(ctx) }

func (s *Server) clientIP(r *http.Request) string { return ClientIP(r, s.cfg.TrustForwardedFor) }

// ClientIP is the address limits key on: with trustForwardedFor, the last
// hop of X-Forwarded-For (the one our proxy appended, which a client cannot
// forge), else the connection's peer. The REST API's login limit uses it too.
func ClientIP(r *http.Request, trustForwardedFor bool) string {
	if trustForwardedFor {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Publish fans an event out to every node's subscribers of its
// conversation (the desk's replies and status changes).
func (s *Server) Publish(ctx context.Context, ev parley.Event) error {
	return EventPublisher{Broker: s.cfg.Broker}.Publish(ctx, ev)
}

// EventPublisher publishes conversation events through a broker; the desk
// uses it without needing the gateway itself.
type EventPublisher struct{ Broker Broker }

// Publish encodes ev and publishes it on its conversation's topic.
func (p EventPublisher) Publish(ctx context.Context, ev parley.Event) error {
	return publishEvent(ctx, p.Broker, ConversationTopic(ev.ConversationID), ev)
}

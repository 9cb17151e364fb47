package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	goredis "github.com/redis/go-redis/v9"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/api"
	"github.com/parley-chat/parley/bot"
	"github.com/parley-chat/parley/bot/llm"
	"github.com/parley-chat/parley/gateway"
	"github.com/parley-chat/parley/handoff"
	"github.com/parley-chat/parley/inmem"
	"github.com/parley-chat/parley/librarian"
	"github.com/parley-chat/parley/mail"
	pmetrics "github.com/parley-chat/parley/metrics"
	"github.com/parley-chat/parley/redis"
	"github.com/parley-chat/parley/store/postgres"
	"github.com/parley-chat/parley/store/sqlite"
	"github.com/parley-chat/parley/webchat"
	"github.com/parley-chat/parley/webhook"
)

// Store is what the program needs of either store.
type Store interface {
	gateway.Store
	handoff.Store
	handoff.DeskStore
	handoff.RouterStore
	handoff.HandlingStore
	api.Store
	librarian.Store
	agentStore
	kbStore
	webhook.Store
	webchat.HelpStore
	mail.Store
	EnsureSite(ctx context.Context, s parley.Site) (parley.Site, error)
	Close() error
}

// Main is the running program: `parley serve` as a value, so tests can start
// it on 127.0.0.1:0 with a temporary database and drive it for real.
type Main struct {
	Config Config
	Log    *slog.Logger

	Store   Store
	Gateway *gateway.Server
	Addr    net.Addr // where it listens, once Open has returned

	Bot  *bot.Service
	Help *webchat.Help

	api       *api.Server
	agents    gateway.AgentConfig
	rdb       *goredis.Client
	http      *http.Server
	debug     *http.Server // --debug-addr: the profiler
	DebugAddr net.Addr     // where the profiler listens, once Open has returned
	ln        net.Listener
	cancel    context.CancelFunc
	bg        sync.WaitGroup // background goroutines, ended by cancel
	registry  *prometheus.Registry
	metrics   *pmetrics.Metrics // HTTP and desk series
	email     email             // --smtp-url: transcripts, replies by email, /c/{token}
}

// openStore opens PostgreSQL when a URL is configured, else the embedded
// database in the data directory.
func openStore(ctx context.Context, cfg Config) (Store, error) {
	if cfg.DatabaseURL != "" {
		db, err := postgres.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		return db, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "parley.db"))
	if err != nil {
		return nil, fmt.Errorf("open embedded database: %w", err)
	}
	return sqlite.FreshStack{DB: db}, nil // the driver grows stacks: see FreshStack
}

// Open starts everything and returns once the server listens.
func (m *Main) Open(ctx context.Context) (err error) {
	cfg := m.Config
	if err := cfg.Validate(); err != nil {
		return err
	}
	if m.Log == nil {
		m.Log = newLogger(os.Stderr, cfg.LogLevel, cfg.LogFormat)
	}
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	if m.Store, err = openStore(ctx, cfg); err != nil {
		return err
	}
	if cfg.Demo {
		site, err := m.Store.EnsureSite(ctx, parley.Site{Key: "demo", Name: "Demo"})
		if err != nil {
			return fmt.Errorf("seed demo site: %w", err)
		}
		if err := seedDemoKB(ctx, m.Store, site); err != nil {
			return fmt.Errorf("seed demo knowledge base: %w", err)
		}
	}
	// The help center comes first: the bot links articles to it, with the
	// site's key, which it looks up in the help center's site list.
	m.Help = webchat.NewHelp(webchat.HelpConfig{Store: m.Store, Limiter: inmem.NewLimiter(nil),
		TrustForwarded: cfg.TrustForwarded, PublicURL: cfg.PublicURL, Log: m.Log, Search: m.searcher})
	if err := m.Help.Refresh(ctx); err != nil {
		return err
	}
	m.Bot = bot.NewService(bot.Config{ArticleURL: m.Help.ArticleURL})
	lib := librarian.New(m.Store, m.Bot, m.Log)
	lib.Network = cfg.BotNetwork
	if err := lib.Refresh(ctx); err != nil {
		return err
	}
	m.registry = prometheus.NewRegistry()
	m.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := gateway.NewMetrics(m.registry)
	m.metrics = pmetrics.New(m.registry)
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "parley_bot_refining",
		Help: "Sites whose knowledge waits for or is in background retraining with the neural scorer."},
		func() float64 { return float64(lib.Refining()) }))
	if gc, ok := m.Store.(groupCommitter); ok {
		registerGroupCommits(m.registry, gc.GroupCommits())
	}

	bg, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.bg.Go(func() { lib.Run(bg, 10*time.Second) })
	m.bg.Go(func() { m.Help.Run(bg, 10*time.Second) })
	hub := gateway.NewHub(m.Log)
	gcfg := gateway.Config{
		Store: m.Store, Hub: hub, Local: inmem.NewLimiter(nil), Log: m.Log, Metrics: metrics,
		Limits: cfg.Limits, MaxFrameBytes: cfg.MaxFrameBytes, PingInterval: cfg.PingInterval,
		TrustForwardedFor: cfg.TrustForwarded, MaxConnsPerIP: cfg.MaxConnsPerIP, MaxConnsPerVisitor: cfg.MaxConnsPerVisitor,
	}
	if cfg.RedisURL != "" {
		if m.rdb, err = redis.Open(ctx, cfg.RedisURL); err != nil {
			return err
		}
		broker := redis.NewBroker(m.rdb, hub.Receive, m.Log)
		m.bg.Go(func() { _ = broker.Run(bg) })
		select {
		case <-broker.Ready():
		case <-ctx.Done():
			return ctx.Err()
		}
		global := redis.NewLimiter(m.rdb)
		m.bg.Go(func() { global.Run(bg) })
		pmetrics.RegisterLimiter(m.registry, func() pmetrics.LimiterStats { return pmetrics.LimiterStats(global.Stats()) })
		gcfg.Broker, gcfg.Global = broker, global
	} else {
		gcfg.Broker = inmem.NewBroker(hub.Receive)
	}
	if cfg.OpenAIBaseURL != "" {
		lc := llm.Config{BaseURL: cfg.OpenAIBaseURL, APIKey: cfg.OpenAIAPIKey, Model: cfg.OpenAIModel}
		if m.rdb != nil {
			lc.Counter = redis.NewCounter(m.rdb) // budgets for the whole cluster
		}
		c, err := llm.New(lc)
		if err != nil {
			return fmt.Errorf("openai: %w", err)
		}
		m.Bot.SetCompleter(c)
	}
	var presence handoff.Presence = inmem.NewPresence(0, nil)
	if m.rdb != nil {
		presence = redis.NewPresence(m.rdb, 0)
	}
	publisher := gateway.EventPublisher{Broker: gcfg.Broker}
	m.Bot.SetDrafts(publisher)
	if m.email, err = m.startEmail(bg, hub); err != nil {
		return err
	}
	desk := handoff.New(handoff.Config{Store: m.Store, Desk: m.Store, Router: m.Store, Handling: m.Store, AskEmail: bot.AskEmail, Waiting: bot.Waiting, Presence: presence,
		Bot: m.Bot, Publisher: publisher, Log: m.Log,
		Breached: func(kind string) { metrics.SLABreaches.WithLabelValues(kind).Inc() }, Dropped: metrics.DeskDropped.Inc,
		Decided: m.metrics.Decided, Queued: m.metrics.Queued, Waited: m.metrics.Waited,
		LanguageWait: cmp.Or(cfg.RouteLanguageWait, -1), Pace: cfg.RoutePace, AcceptTimeout: acceptTimeout(cfg), Replies: m.email.replies()})
	m.bg.Go(func() { _ = desk.Run(bg) })
	hooks := webhook.New(webhook.Config{Store: m.Store, AllowPrivate: cfg.WebhookAllowPrivate, Log: m.Log,
		Attempted: func(result string) { metrics.Webhooks.WithLabelValues(result).Inc() }})
	m.bg.Go(func() { hooks.Run(bg) })
	gcfg.Dispatcher, gcfg.Status = desk, desk
	if m.email.svc != nil {
		gcfg.Transcripts = m.email.svc
	}
	m.api = api.New(api.Config{Store: m.Store, Curator: lib, Desk: desk, Limiter: gcfg.Local, Log: m.Log,
		TrustForwardedFor: cfg.TrustForwarded, PublicURL: cfg.PublicURL, WebhookAllowPrivate: cfg.WebhookAllowPrivate,
		AttachmentMaxBytes: cfg.AttachmentMaxBytes, Publisher: publisher})
	m.agents = gateway.AgentConfig{Auth: m.api, Presence: presence, Publisher: publisher, Poke: desk.Poke}
	if m.Gateway, err = gateway.New(gcfg); err != nil {
		return err
	}
	if m.ln, err = net.Listen("tcp", cfg.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	m.Addr = m.ln.Addr()
	m.http = newHTTPServer(m.routes(), cfg, slog.NewLogLogger(m.Log.Handler(), slog.LevelWarn))
	go func() {
		if err := m.http.Serve(m.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Log.Error("http server stopped", "err", err)
		}
	}()
	if cfg.DebugAddr != "" {
		if err := m.serveDebug(cfg.DebugAddr); err != nil {
			return err
		}
	}
	backend := "embedded database in " + cfg.DataDir
	if cfg.DatabaseURL != "" {
		backend = "PostgreSQL"
	}
	m.Log.Info("parley listening", "addr", m.Addr.String(), "store", backend, "redis", cfg.RedisURL != "", "llm", cfg.OpenAIBaseURL != "")
	return nil
}

// acceptTimeout is the desk's offer timeout: zero assigns directly.
func acceptTimeout(cfg Config) time.Duration {
	if !cfg.RouteAcceptRequired {
		return 0
	}
	return cfg.RouteAcceptTimeout
}

// newHTTPServer bounds how long a client may hold a connection without
// finishing a request: headers in 10 s (or the read timeout, if shorter),
// the whole request in --read-timeout, an idle keep-alive for
// --idle-timeout. No WriteTimeout: exports stream for as long as they take.
// Websockets are hijacked: the server's deadlines stop applying to them
// once each read sets the gateway's own (hello, ping+pong, write timeouts).
func newHTTPServer(h http.Handler, cfg Config, errLog *log.Logger) *http.Server {
	return &http.Server{Handler: h, ErrorLog: errLog,
		ReadHeaderTimeout: min(10*time.Second, cfg.ReadTimeout), ReadTimeout: cfg.ReadTimeout, IdleTimeout: cfg.IdleTimeout}
}

func (m *Main) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /ws/visitor", m.Gateway)
	mux.Handle("GET /ws/agent", m.Gateway.ServeAgents(m.agents))
	mux.Handle("/api/v1/", m.api.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", m.ready)
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	web := webchat.Widget()
	mux.Handle("GET /widget.js", web)
	mux.Handle("GET /widget/", web)
	mux.Handle("GET /demo", web)
	console := webchat.Console()
	mux.Handle("GET /console", console)
	mux.Handle("GET /console/", console)
	admin := webchat.Admin()
	mux.Handle("GET /admin", admin)
	mux.Handle("GET /admin/", admin)
	mux.Handle("/help", m.Help) // GET pages, POST votes
	mux.Handle("/help/", m.Help)
	mux.Handle("GET /c/{token}", m.email.resumeHandler()) // links in emails
	return m.metrics.Handler(mux)
}

// searcher is a site's search index for the help center: the one the bot
// answers from, so /help finds what the bot would.
func (m *Main) searcher(siteID string) webchat.Searcher {
	if k := m.Bot.Knowledge(siteID); k != nil {
		return k
	}
	return nil
}

func (m *Main) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := m.Store.Ping(ctx); err != nil {
		http.Error(w, "database not ready", http.StatusServiceUnavailable)
		return
	}
	if m.rdb != nil {
		if err := m.rdb.Ping(ctx).Err(); err != nil {
			http.Error(w, "redis not ready", http.StatusServiceUnavailable)
			return
		}
	}
	io.WriteString(w, "ready\n")
}

// Shutdown drains: websocket clients are told to reconnect (1012), the HTTP
// server stops accepting, and both wait until ctx ends.
func (m *Main) Shutdown(ctx context.Context) error {
	var errs []error
	if m.Gateway != nil {
		errs = append(errs, m.Gateway.Shutdown(ctx))
	}
	if m.http != nil {
		errs = append(errs, m.http.Shutdown(ctx))
	}
	return errors.Join(errs...)
}

// Close releases everything; call after Shutdown (or instead, in tests).
func (m *Main) Close() error {
	if m.http != nil {
		m.http.Close()
	}
	if m.debug != nil {
		m.debug.Close()
	}
	if m.cancel != nil {
		m.cancel()
		m.bg.Wait()
	}
	if m.rdb != nil {
		m.rdb.Close()
	}
	if m.Store != nil {
		return m.Store.Close()
	}
	return nil
}

func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

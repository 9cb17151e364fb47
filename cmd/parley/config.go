package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
)

// Config is every setting of `parley serve`; docs/config.md lists them. Each
// flag --some-name is also read from PARLEY_SOME_NAME; a flag given on the
// command line wins over the environment.
type Config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string
	RedisURL        string
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	Demo            bool
	BotNetwork      bool
	Limits          gateway.Limits
	MaxFrameBytes   int
	// AttachmentMaxBytes bounds one uploaded file.
	AttachmentMaxBytes int64
	PingInterval       time.Duration
	// ReadTimeout bounds reading one request, body included; IdleTimeout
	// how long a keep-alive connection waits for its next request. Neither
	// touches websockets: they are hijacked and keep their own deadlines.
	ReadTimeout        time.Duration
	IdleTimeout        time.Duration
	MaxConnsPerIP      int // visitor websockets per client IP
	MaxConnsPerVisitor int // visitor websockets per visitor (contact)
	TrustForwarded     bool
	// PublicURL is the server's address as users reach it (validated and
	// normalised by Validate: scheme://host[:port][/path], no trailing /).
	PublicURL     string
	OpenAIBaseURL string
	OpenAIAPIKey  string
	OpenAIModel   string

	// WebhookAllowPrivate lets webhooks reach loopback, private and
	// link-local addresses (refused by default, at create and at dial).
	WebhookAllowPrivate bool
	// webhookDenyPrivate is the old option, the default now: kept so
	// existing deployments start; with WebhookAllowPrivate it is an error.
	webhookDenyPrivate bool
	// DebugAddr serves the Go profiler (net/http/pprof) when set.
	DebugAddr string

	// Routing (handoff.Config): how long a conversation waits for an agent
	// who speaks its language, the least time between two automatic
	// assignments to one agent, and the optional accept step.
	RouteLanguageWait   time.Duration
	RoutePace           time.Duration
	RouteAcceptRequired bool
	RouteAcceptTimeout  time.Duration

	Email EmailConfig // email.go
}

// register binds c's fields to flags on fs, with their defaults.
func (c *Config) register(fs *flag.FlagSet) {
	c.Limits = gateway.DefaultLimits
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on")
	fs.StringVar(&c.DataDir, "data-dir", "./parley-data", "directory of the embedded database (unused with --database-url)")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "postgres:// URL: use PostgreSQL instead of the embedded database")
	fs.StringVar(&c.RedisURL, "redis-url", "", "redis:// URL: global rate limits and cross-node fan-out")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "text or json")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 15*time.Second, "how long SIGTERM waits for connections to drain")
	fs.BoolVar(&c.Demo, "demo", true, "seed the demo site (key demo) and demo knowledge base on first start")
	fs.BoolVar(&c.BotNetwork, "bot-network", true, "after each knowledge rebuild, retrain the classifier with its neural scorer in the background")
	fs.Var((*rateFlag)(&c.Limits.ContactMessages), "limit-contact", "stored frames per contact, COUNT/PERIOD:BURST")
	fs.Var((*rateFlag)(&c.Limits.IPMessages), "limit-ip", "stored frames per client IP, COUNT/PERIOD:BURST")
	fs.Var((*rateFlag)(&c.Limits.IPNewVisitors), "limit-new-visitors", "new visitors per client IP, COUNT/PERIOD:BURST")
	fs.IntVar(&c.MaxFrameBytes, "max-frame-bytes", 16<<10, "largest accepted websocket frame; larger ones get too_large")
	fs.Int64Var(&c.AttachmentMaxBytes, "attachment-max-bytes", parley.DefaultAttachmentMaxBytes, "largest accepted attachment upload in bytes; larger ones get 413 too_large")
	fs.DurationVar(&c.PingInterval, "ping-interval", 25*time.Second, "websocket ping interval")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", 30*time.Second, "longest time to read one HTTP request, body included (not websockets)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", 120*time.Second, "how long an idle keep-alive HTTP connection is kept")
	fs.IntVar(&c.MaxConnsPerIP, "max-conns-per-ip", gateway.DefaultMaxConnsPerIP, "visitor websockets open at once per client IP; more get HTTP 429")
	fs.IntVar(&c.MaxConnsPerVisitor, "max-conns-per-visitor", gateway.DefaultMaxConnsPerVisitor, "visitor websockets open at once per visitor; more are closed 1008 after hello")
	fs.BoolVar(&c.TrustForwarded, "trust-forwarded-for", false, "take client IPs from X-Forwarded-For (only behind a proxy that sets it)")
	fs.StringVar(&c.PublicURL, "public-url", "", "https://HOST[:PORT][/PATH] as browsers reach this server: https makes session cookies Secure")
	fs.StringVar(&c.OpenAIBaseURL, "openai-base-url", "", "OpenAI-compatible endpoint (e.g. https://api.openai.com/v1): the bot writes answers from KB articles with it")
	fs.StringVar(&c.OpenAIAPIKey, "openai-api-key", "", "API key for --openai-base-url (prefer the environment variable)")
	fs.StringVar(&c.OpenAIModel, "openai-model", "", "model name for --openai-base-url")
	fs.BoolVar(&c.WebhookAllowPrivate, "webhook-allow-private", false, "let webhooks reach loopback, private and link-local addresses (refused by default)")
	fs.BoolVar(&c.webhookDenyPrivate, "webhook-deny-private", false, "deprecated: refusing private webhook addresses is the default")
	fs.StringVar(&c.DebugAddr, "debug-addr", "", "HOST:PORT for the Go profiler (/debug/pprof/); keep it off public interfaces")
	fs.DurationVar(&c.RouteLanguageWait, "route-language-wait", 2*time.Minute, "how long a queued conversation waits for an agent who speaks its language before anyone on its team may take it (0: no wait)")
	fs.DurationVar(&c.RoutePace, "route-pace", 10*time.Second, "least time between two automatic assignments to one agent (0: no pacing)")
	fs.BoolVar(&c.RouteAcceptRequired, "route-accept-required", false, "offer conversations one at a time per agent, to accept or decline, instead of assigning them")
	fs.DurationVar(&c.RouteAcceptTimeout, "route-accept-timeout", 30*time.Second, "with --route-accept-required: time to accept an offer before it goes to the next agent")
	c.Email.register(fs)
}

// Validate reports the first setting that cannot work, naming it.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: want HOST:PORT: %w", c.Addr, err)
	}
	if c.WebhookAllowPrivate && c.webhookDenyPrivate {
		return errors.New("--webhook-allow-private and --webhook-deny-private contradict each other (refusing is the default: drop --webhook-deny-private)")
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		return errors.New("--data-dir is empty: give a directory or --database-url")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return errors.New("--database-url must start with postgres:// or postgresql://")
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		return errors.New("--redis-url must start with redis:// or rediss://")
	}
	for name, d := range map[string]time.Duration{"--route-language-wait": c.RouteLanguageWait, "--route-pace": c.RoutePace} {
		if d < 0 {
			return fmt.Errorf("%s %s: want 0 or more", name, d)
		}
	}
	if c.RouteAcceptRequired && c.RouteAcceptTimeout < time.Second {
		return fmt.Errorf("--route-accept-timeout %s: want at least 1s with --route-accept-required", c.RouteAcceptTimeout)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	if c.AttachmentMaxBytes < 1 || c.AttachmentMaxBytes > 100<<20 {
		return fmt.Errorf("--attachment-max-bytes %d: want 1 to 104857600", c.AttachmentMaxBytes)
	}
	if c.MaxFrameBytes < 1024 || c.MaxFrameBytes > 1<<20 {
		return fmt.Errorf("--max-frame-bytes %d: want 1024 to 1048576", c.MaxFrameBytes)
	}
	if c.PingInterval < time.Second {
		return fmt.Errorf("--ping-interval %s: want at least 1s", c.PingInterval)
	}
	if c.ReadTimeout < time.Second {
		return fmt.Errorf("--read-timeout %s: want at least 1s", c.ReadTimeout)
	}
	if c.IdleTimeout < time.Second {
		return fmt.Errorf("--idle-timeout %s: want at least 1s", c.IdleTimeout)
	}
	if c.MaxConnsPerIP < 1 {
		return fmt.Errorf("--max-conns-per-ip %d: want at least 1", c.MaxConnsPerIP)
	}
	if c.MaxConnsPerVisitor < 1 {
		return fmt.Errorf("--max-conns-per-visitor %d: want at least 1", c.MaxConnsPerVisitor)
	}
	if c.OpenAIBaseURL != "" && c.OpenAIModel == "" {
		return errors.New("--openai-base-url needs --openai-model (PARLEY_OPENAI_MODEL)")
	}
	if c.OpenAIBaseURL != "" && !strings.HasPrefix(c.OpenAIBaseURL, "http://") && !strings.HasPrefix(c.OpenAIBaseURL, "https://") {
		return errors.New("--openai-base-url must start with http:// or https://")
	}
	if c.DebugAddr != "" {
		if _, _, err := net.SplitHostPort(c.DebugAddr); err != nil {
			return fmt.Errorf("--debug-addr %q: want HOST:PORT: %w", c.DebugAddr, err)
		}
	}
	if c.PublicURL != "" {
		u, err := publicURL(c.PublicURL)
		if err != nil {
			return fmt.Errorf("--public-url %q: %w", c.PublicURL, err)
		}
		c.PublicURL = u
	}
	if err := c.Email.validate(c.PublicURL); err != nil {
		return err
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("--shutdown-timeout %s: want a positive duration", c.ShutdownTimeout)
	}
	return nil
}

// publicURL checks and normalises --public-url: http(s), a host, an
// optional path, nothing else; no trailing slash, host in lower case.
func publicURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", fmt.Errorf("not a URL: %w", err)
	case u.Scheme != "https" && u.Scheme != "http":
		return "", errors.New("want an absolute https:// (or http://) URL such as https://chat.example.com")
	case u.Host == "" || u.Hostname() == "":
		return "", errors.New("the URL has no host")
	case u.User != nil:
		return "", errors.New("the URL must not carry a user or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(s, "?#"):
		return "", errors.New("the URL must not have a query or fragment")
	}
	return u.Scheme + "://" + strings.ToLower(u.Host) + strings.TrimRight(u.EscapedPath(), "/"), nil
}

type rateFlag parley.Rate

func (r *rateFlag) String() string { return parley.Rate(*r).String() }
func (r *rateFlag) Set(s string) error {
	v, err := parley.ParseRate(s)
	if err != nil {
		return errors.New(parley.ErrorMessage(err))
	}
	*r = rateFlag(v)
	return nil
}

// parseFlags parses args, then fills every flag not given on the command
// line from its PARLEY_* variable.
func parseFlags(fs *flag.FlagSet, args []string, lookupEnv func(string) (string, bool)) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v, ok := lookupEnv(EnvName(f.Name)); ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", EnvName(f.Name), v, err))
			}
		}
	})
	return errors.Join(errs...)
}

// EnvName is the environment variable of a flag: data-dir → PARLEY_DATA_DIR.
func EnvName(flagName string) string {
	return "PARLEY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func flagSetDiscard() *flag.FlagSet {
	fs := flag.NewFlagSet("parley", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

package llm

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley"
)

// The reasons an Answer fails; returned errors wrap exactly one of them.
var (
	ErrNoAnswer       = errors.New("llm: the sources do not answer the question")
	ErrBudget         = errors.New("llm: request budget exhausted")
	ErrCircuitOpen    = errors.New("llm: circuit open")
	ErrUnavailable    = errors.New("llm: endpoint unavailable")
	ErrInvalidRequest = errors.New("llm: invalid request")
)

// Config configures a Client. Zero values take the defaults noted.
type Config struct {
	BaseURL string // e.g. https://api.openai.com/v1; required
	APIKey  string // sent only as "Authorization: Bearer"; may be empty for local servers
	Model   string // required

	Timeout          time.Duration // whole answer, retries included; default 8s
	MaxRetries       int           // retries after the first attempt; default 2, -1 for none
	BreakerFailures  int           // consecutive failures that open the circuit; default 5
	BreakerCooldown  time.Duration // open time before one probe is let through; default 30s
	PerVisitorPerDay int           // Answer calls per visitor per UTC day; default 20
	PerDay           int           // Answer calls per UTC day, on all nodes with Counter; default 5000
	// Counter shares the budgets between nodes (redis.Counter); without
	// it, or while it fails, each node counts on its own.
	Counter Counter

	Now        func() time.Time // default time.Now; drives the breaker, budgets and Retry-After dates
	HTTPClient *http.Client     // default: a new client; copied, never modified
}

// Request is what the visitor asked and what the search found.
type Request struct {
	VisitorID string
	Question  string
	Language  string // BCP 47 base language of the answer, e.g. "fa"
	Sources   []parley.SearchHit
}

// Answer is a grounded answer.
type Answer struct {
	Text      string   // Markdown, citation markers stripped
	Citations []string // slugs of the cited sources, in order of first citation
}

// Client answers questions from sources. It is safe for concurrent use.
type Client struct {
	api        *openai.Client
	model      string
	timeout    time.Duration
	maxRetries int
	breaker    *breaker
	budget     *budget
}

// New validates cfg, applies the defaults and returns a Client.
func New(cfg Config) (*Client, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	hc := *cfg.HTTPClient
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &retryAfterTransport{base: base, now: cfg.Now}

	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = &hc
	return &Client{
		api:        openai.NewClientWithConfig(oc),
		model:      cfg.Model,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		breaker:    &breaker{now: cfg.Now, threshold: cfg.BreakerFailures, cooldown: cfg.BreakerCooldown},
		budget:     &budget{now: cfg.Now, perVisitor: cfg.PerVisitorPerDay, perDay: cfg.PerDay, shared: cfg.Counter},
	}, nil
}

func (c *Config) defaults() error {
	invalid := func(field, why string) error { return fmt.Errorf("llm: Config.%s: %s", field, why) }
	if c.BaseURL == "" {
		return invalid("BaseURL", "required")
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("BaseURL", "must be an absolute http or https URL")
	}
	if strings.TrimSpace(c.Model) == "" {
		return invalid("Model", "required")
	}
	if strings.ContainsAny(c.APIKey, "\r\n") {
		return invalid("APIKey", "must be one line")
	}
	durations := []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{{"Timeout", &c.Timeout, 8 * time.Second}, {"BreakerCooldown", &c.BreakerCooldown, 30 * time.Second}}
	for _, d := range durations {
		if *d.v < 0 {
			return invalid(d.name, "must not be negative")
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	counts := []struct {
		name string
		v    *int
		def  int
	}{{"BreakerFailures", &c.BreakerFailures, 5}, {"PerVisitorPerDay", &c.PerVisitorPerDay, 20}, {"PerDay", &c.PerDay, 5000}}
	for _, n := range counts {
		if *n.v < 0 {
			return invalid(n.name, "must not be negative")
		}
		if *n.v == 0 {
			*n.v = n.def
		}
	}
	switch {
	case c.MaxRetries < -1:
		return invalid("MaxRetries", "must be -1 (none), 0 (default) or more")
	case c.MaxRetries == -1:
		c.MaxRetries = 0
	case c.MaxRetries == 0:
		c.MaxRetries = 2
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	return nil
}

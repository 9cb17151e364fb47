package llm

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestConfigValidationNamesTheField(t *testing.T) {
	ok := Config{BaseURL: "https://api.example.com/v1", Model: "m"}
	for field, edit := range map[string]func(*Config){
		"BaseURL":          func(c *Config) { c.BaseURL = "" },
		"Model":            func(c *Config) { c.Model = " " },
		"APIKey":           func(c *Config) { c.APIKey = "k\nX-Injected: 1" },
		"Timeout":          func(c *Config) { c.Timeout = -time.Second },
		"MaxRetries":       func(c *Config) { c.MaxRetries = -2 },
		"BreakerFailures":  func(c *Config) { c.BreakerFailures = -1 },
		"BreakerCooldown":  func(c *Config) { c.BreakerCooldown = -time.Second },
		"PerVisitorPerDay": func(c *Config) { c.PerVisitorPerDay = -1 },
		"PerDay":           func(c *Config) { c.PerDay = -1 },
	} {
		cfg := ok
		edit(&cfg)
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "Config."+field) {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	for _, u := range []string{"api.example.com/v1", "ftp://x/v1", "http:///v1"} {
		cfg := ok
		cfg.BaseURL = u
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "Config.BaseURL") {
			t.Errorf("%q: err = %v", u, err)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	hc := &http.Client{}
	c, err := New(Config{BaseURL: "http://localhost:1/v1/", Model: "m", HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	if c.timeout != 8*time.Second || c.maxRetries != 2 || c.breaker.threshold != 5 ||
		c.breaker.cooldown != 30*time.Second || c.budget.perVisitor != 20 || c.budget.perDay != 5000 {
		t.Errorf("defaults: %+v %+v %+v", c, c.breaker, c.budget)
	}
	if hc.Transport != nil {
		t.Error("the caller's HTTP client was modified")
	}
	c, _ = New(Config{BaseURL: "http://localhost:1/v1", Model: "m", MaxRetries: -1})
	if c.maxRetries != 0 {
		t.Errorf("MaxRetries -1 gave %d retries", c.maxRetries)
	}
}

package main

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func parseTest(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var c Config
	c.register(fs)
	err := parseFlags(fs, args, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err == nil {
		err = c.Validate()
	}
	return c, err
}

func TestConfigFlagsAndEnvironment(t *testing.T) {
	c, err := parseTest(t, []string{"--addr", "127.0.0.1:9000"}, map[string]string{
		"PARLEY_ADDR": "0.0.0.0:1", "PARLEY_DATA_DIR": "/srv/parley", "PARLEY_LIMIT_CONTACT": "5/1s:2", "PARLEY_PING_INTERVAL": "5s",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" {
		t.Errorf("flag did not win over the environment: %s", c.Addr)
	}
	if c.DataDir != "/srv/parley" || c.PingInterval != 5*time.Second {
		t.Errorf("environment not applied: %+v", c)
	}
	if r := c.Limits.ContactMessages; r.Count != 5 || r.Period != time.Second || r.Burst != 2 {
		t.Errorf("limit = %+v", r)
	}
	if d, _ := parseTest(t, nil, nil); d.Addr != "127.0.0.1:8080" || d.DataDir != "./parley-data" || !d.Demo {
		t.Errorf("defaults = %+v", d)
	}
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"PARLEY_PING_INTERVAL": "soon"}, "PARLEY_PING_INTERVAL"},
		{nil, map[string]string{"PARLEY_LIMIT_IP": "lots"}, "PARLEY_LIMIT_IP"},
		{[]string{"--addr", "nowhere"}, nil, "--addr"},
		{[]string{"--database-url", "mysql://x"}, nil, "--database-url"},
		{[]string{"--redis-url", "http://x"}, nil, "--redis-url"},
		{[]string{"--log-level", "loud"}, nil, "--log-level"},
		{[]string{"--max-frame-bytes", "10"}, nil, "--max-frame-bytes"},
		{[]string{"--limit-contact", "0/1s"}, nil, "count"},
		{[]string{"--no-such-flag"}, nil, "no-such-flag"},
		{nil, map[string]string{"PARLEY_OPENAI_BASE_URL": "https://llm.example/v1"}, "--openai-model"},
		{[]string{"--openai-base-url", "llm.example", "--openai-model", "m"}, nil, "http"},
		{nil, map[string]string{"PARLEY_DEBUG_ADDR": "6060"}, "--debug-addr"},
	}
	for _, tt := range tests {
		_, err := parseTest(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("args %v env %v: err %v, want it to mention %q", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var out strings.Builder
	err := run(t.Context(), []string{"frobnicate"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "frobnicate") || !strings.Contains(out.String(), "usage") {
		t.Fatalf("err %v, output %q", err, out.String())
	}
}

func TestPublicURL(t *testing.T) {
	for _, bad := range []string{"chat.example.com", "ftp://chat.example.com", "https://", "https://chat.example.com/chat?x=1", "https://chat.example.com/#top", "https://user:pw@chat.example.com"} {
		_, err := parseTest(t, nil, map[string]string{"PARLEY_PUBLIC_URL": bad})
		if err == nil || !strings.Contains(err.Error(), "--public-url") {
			t.Errorf("PARLEY_PUBLIC_URL=%q: err %v, want one naming --public-url", bad, err)
		}
	}
	c, err := parseTest(t, []string{"--public-url", "https://Chat.Example.com/"}, nil)
	if err != nil || c.PublicURL != "https://chat.example.com" {
		t.Fatalf("public url %q, err %v: want https://chat.example.com", c.PublicURL, err)
	}
	if c, err := parseTest(t, nil, map[string]string{"PARLEY_PUBLIC_URL": "https://chat.example.com/support"}); err != nil || c.PublicURL != "https://chat.example.com/support" {
		t.Fatalf("public url with a path: %q %v", c.PublicURL, err)
	}
}

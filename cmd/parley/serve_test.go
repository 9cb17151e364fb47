package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/gateway"
)

// startMain runs the whole program on 127.0.0.1:0.
func startMain(t *testing.T, cfg Config) *Main {
	t.Helper()
	m := &Main{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if m.Config.Addr == "" {
		m.Config.Addr = "127.0.0.1:0"
	}
	if err := m.Open(context.Background()); err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		m.Shutdown(ctx)
		m.Close()
	})
	return m
}

func testConfig(t *testing.T) Config {
	var c Config
	c.register(flagSetDiscard())
	c.DataDir = t.TempDir()
	c.Addr = "127.0.0.1:0"
	c.BotNetwork = false // seconds of training per start, minutes under -race; librarian tests cover it
	high := parley.Rate{Count: 100000, Period: time.Second, Burst: 100000}
	c.Limits = gateway.Limits{ContactMessages: high, IPMessages: high, IPNewVisitors: high}
	return c
}

func TestServeEmbeddedDefault(t *testing.T) {
	m := startMain(t, testConfig(t))
	base := "http://" + m.Addr.String()
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/metrics": "parley_ws_connections",
		"/demo": "widget.js", "/widget.js": "Parley", "/console": "<"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, body)
		}
	}
	// parley bench waits for this gauge (no refinement without BotNetwork).
	if resp, err := http.Get(base + "/metrics"); err != nil {
		t.Fatal(err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), "\nparley_bot_refining 0\n") {
			t.Error("/metrics has no parley_bot_refining 0")
		}
		// Starting wrote (the demo KB, the site): the writer's group commits count.
		if !regexp.MustCompile(`\nparley_store_group_commit_wait_seconds_count [1-9]`).Match(body) {
			t.Error("/metrics has no parley_store_group_commit_wait_seconds_count above 0")
		}
	}
	c := dialVisitor(t, m.Addr.String())
	w := c.hello("", 0)
	if w["conversation_id"] == "" {
		t.Fatalf("welcome %v", w)
	}
	c.send(map[string]any{"type": "send", "client_id": "a", "text": "hi"})
	if a := c.expect("ack", "", nil); asInt(a["seq"]) != 1 {
		t.Fatalf("ack %v", a)
	}
}

// The profiler answers on --debug-addr only, never on the public address.
func TestProfilerOnlyOnTheDebugAddress(t *testing.T) {
	cfg := testConfig(t)
	cfg.DebugAddr = "127.0.0.1:0"
	m := startMain(t, cfg)
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("http://" + m.DebugAddr.String() + "/debug/pprof/"); code != 200 || !strings.Contains(body, "goroutine") {
		t.Fatalf("debug address: %d %.80q", code, body)
	}
	if code, _ := get("http://" + m.Addr.String() + "/debug/pprof/"); code == 200 {
		t.Fatal("the profiler answers on the public address")
	}
}

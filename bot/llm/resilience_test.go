package llm

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley/bot/openaitest"
)

func TestRetryAfter429IsHonoured(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(1, http.StatusTooManyRequests, "1")
	s.Reply(say("Done [1]."))
	start := time.Now()
	ans, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), nil)
	if err != nil || ans.Text != "Done." {
		t.Fatalf("ans %+v, err %v", ans, err)
	}
	if el := time.Since(start); el < time.Second {
		t.Errorf("retried after %v, before Retry-After: 1", el)
	}
	if n := len(s.Requests()); n != 2 {
		t.Errorf("%d requests", n)
	}
}

func TestRetryWithBackoffThenSucceed(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(2, http.StatusServiceUnavailable, "")
	s.Reply(say("Done [1]."))
	if _, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), nil); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("%d requests", n)
	}
}

func TestRetriesExhausted(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(5, http.StatusInternalServerError, "0")
	_, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), nil)
	if !errors.Is(err, ErrUnavailable) || len(s.Requests()) != 3 {
		t.Fatalf("err %v, %d requests (want 1 + MaxRetries 2)", err, len(s.Requests()))
	}
}

func TestRetryAfterBeyondDeadlineFailsAtOnce(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(1, http.StatusTooManyRequests, "120")
	start := time.Now()
	_, err := newClient(t, s, func(c *Config) { c.Timeout = 3 * time.Second }).
		Answer(t.Context(), ask("q", persianSources()), nil)
	if !errors.Is(err, ErrUnavailable) || time.Since(start) > time.Second || len(s.Requests()) != 1 {
		t.Fatalf("err %v after %v, %d requests", err, time.Since(start), len(s.Requests()))
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	s := openaitest.New(t)
	c := newClient(t, s, func(c *Config) { c.APIKey = "sk-wrong" })
	if _, err := c.Answer(t.Context(), ask("q", persianSources()), nil); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests", n)
	}
}

func TestNetworkErrorIsRetriedThenUnavailable(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c, err := New(Config{BaseURL: dead.URL + "/v1", Model: "m", MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Answer(t.Context(), ask("q", persianSources()), nil); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
}

func TestDeadlineCoversTheWholeAnswer(t *testing.T) {
	for name, resp := range map[string]openaitest.Response{
		"slow start":  {Delay: time.Hour},
		"slow stream": {Chunks: []string{"Open", " Settings", " [1]", "."}, ChunkDelay: 100 * time.Millisecond},
	} {
		s := openaitest.New(t)
		s.Reply(func(openai.ChatCompletionRequest) openaitest.Response { return resp })
		start := time.Now()
		_, err := newClient(t, s, func(c *Config) { c.Timeout = 250 * time.Millisecond }).
			Answer(t.Context(), ask("q", persianSources()), nil)
		if !errors.Is(err, ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v", name, err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s: returned after %v", name, el)
		}
	}
}

func TestBreakerOpensThenHalfOpensAfterCooldown(t *testing.T) {
	s := openaitest.New(t)
	clk := newClock()
	c := newClient(t, s, func(c *Config) {
		c.MaxRetries, c.BreakerFailures, c.BreakerCooldown, c.Now = -1, 3, 30*time.Second, clk.Now
	})
	answer := func() error {
		_, err := c.Answer(t.Context(), ask("q", persianSources()), nil)
		return err
	}
	s.Fail(3, http.StatusBadGateway, "")
	for i := range 3 {
		if err := answer(); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if err := answer(); !errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("open: %v", err)
	}
	clk.Add(29 * time.Second)
	if err := answer(); !errors.Is(err, ErrCircuitOpen) || len(s.Requests()) != 3 {
		t.Fatalf("still open: %v, %d requests", err, len(s.Requests()))
	}

	clk.Add(2 * time.Second) // half-open: one probe, which fails and reopens
	s.Fail(1, http.StatusBadGateway, "")
	if err := answer(); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("failed probe: %v", err)
	}
	if err := answer(); !errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("reopened: %v", err)
	}

	clk.Add(31 * time.Second) // a successful probe closes it
	s.Reply(say("Back [1]."))
	for i := range 2 {
		if err := answer(); err != nil {
			t.Fatalf("closed %d: %v", i, err)
		}
	}
	if n := len(s.Requests()); n != 6 {
		t.Errorf("%d requests reached the server, want 6", n)
	}
}

func TestBreakerLetsOneProbeAtATime(t *testing.T) {
	clk := newClock()
	b := &breaker{now: clk.Now, threshold: 1, cooldown: time.Minute}
	report, _ := b.allow()
	report(failure)
	if _, err := b.allow(); !errors.Is(err, ErrCircuitOpen) {
		t.Fatal("not open")
	}
	clk.Add(time.Minute + time.Second)
	probe, err := b.allow()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.allow(); !errors.Is(err, ErrCircuitOpen) {
		t.Fatal("second probe let through")
	}
	probe(ignored) // the probe's caller gave up: another may probe
	probe, err = b.allow()
	if err != nil {
		t.Fatal(err)
	}
	probe(success)
	for range 3 {
		if _, err := b.allow(); err != nil {
			t.Fatal("not closed after a good probe")
		}
	}
}

func TestCallerCancelDoesNotTripBreaker(t *testing.T) {
	s := openaitest.New(t)
	s.Enqueue(openaitest.Response{Delay: time.Hour})
	s.Reply(say("Fine [1]."))
	c := newClient(t, s, func(c *Config) { c.BreakerFailures = 1 })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Answer(ctx, ask("q", persianSources()), nil); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("cancelled: %v", err)
	}
	if _, err := c.Answer(t.Context(), ask("q", persianSources()), nil); err != nil {
		t.Fatalf("after cancel: %v", err)
	}
}

func TestBudgets(t *testing.T) {
	s := openaitest.New(t)
	s.Reply(say("Fine [1]."))
	clk := newClock()
	c := newClient(t, s, func(c *Config) { c.PerVisitorPerDay, c.PerDay, c.Now = 2, 3, clk.Now })
	answer := func(visitor string) error {
		req := ask("q", persianSources())
		req.VisitorID = visitor
		_, err := c.Answer(t.Context(), req, nil)
		return err
	}
	for _, step := range []struct {
		visitor string
		budget  bool
	}{{"a", false}, {"a", false}, {"a", true}, {"b", false}, {"c", true}} {
		if err := answer(step.visitor); errors.Is(err, ErrBudget) != step.budget || (!step.budget && err != nil) {
			t.Fatalf("visitor %s: err = %v", step.visitor, err)
		}
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("%d requests; refused calls must not reach the server", n)
	}
	clk.Add(12 * time.Hour) // next UTC day
	if err := answer("a"); err != nil {
		t.Fatalf("next day: %v", err)
	}
}

func TestOpenCircuitCostsNoBudget(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(1, http.StatusInternalServerError, "")
	c := newClient(t, s, func(c *Config) { c.MaxRetries, c.BreakerFailures, c.PerVisitorPerDay = -1, 1, 2 })
	for range 5 {
		_, _ = c.Answer(t.Context(), ask("q", persianSources()), nil)
	}
	if c.budget.visitors["v1"] != 1 {
		t.Errorf("charged %d calls, want 1", c.budget.visitors["v1"])
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              -1,
		"3":                             3 * time.Second,
		"0":                             0,
		"-1":                            -1,
		"soon":                          -1,
		"Sun, 01 Mar 2026 12:00:05 GMT": 5 * time.Second,
		"Sun, 01 Mar 2026 11:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(v, now); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}

package redis

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/llm"
	"github.com/parley-chat/parley/bot/openaitest"
)

func askAs(c *llm.Client, visitor string) error {
	src := []parley.SearchHit{{Article: parley.Article{Slug: "reset-password", Title: "Reset", Body: "Use the link."}, Passage: "Use the link."}}
	_, err := c.Answer(context.Background(), llm.Request{VisitorID: visitor, Question: "how?", Language: "en", Sources: src}, nil)
	return err
}

// Two nodes sharing Redis charge one budget: a visitor allowed 3 answers a
// day gets 3 in all, whichever node answers, and the day's total of 5
// holds across visitors and nodes.
func TestLLMBudgetIsSharedBetweenNodes(t *testing.T) {
	rdb := mustClient(t)
	s := openaitest.New(t)
	s.Reply(func(openai.ChatCompletionRequest) openaitest.Response {
		return openaitest.Response{Content: "Use the link [1]."}
	})
	// A day of its own, counted from zero: Redis outlives test runs.
	day := time.Date(1999, 1, 1, 12, 0, 0, 0, time.UTC)
	if err := rdb.Del(context.Background(), "parley:llm:day:1999-01-01").Err(); err != nil {
		t.Fatal(err)
	}
	nodes := []*llm.Client{llmClientAt(t, s, NewCounter(rdb), day), llmClientAt(t, s, NewCounter(rdb), day)}
	visitor := "v-" + parley.NewID()
	var got []bool
	for i := range 4 {
		err := askAs(nodes[i%2], visitor)
		if err != nil && !errors.Is(err, llm.ErrBudget) {
			t.Fatal(err)
		}
		got = append(got, err == nil)
	}
	if want := []bool{true, true, true, false}; !slices.Equal(got, want) {
		t.Fatalf("answers %v; want %v (3 a day for the visitor, on any node)", got, want)
	}
	for i, v := range []string{"w1-", "w2-", "w3-"} {
		err := askAs(nodes[i%2], v+visitor)
		if (i < 2) != (err == nil) {
			t.Fatalf("visitor %d: %v; want the day's 5 answers in all, then refusals", i, err)
		}
	}
}

func llmClientAt(t *testing.T, s *openaitest.Server, counter llm.Counter, now time.Time) *llm.Client {
	t.Helper()
	c, err := llm.New(llm.Config{BaseURL: s.URL, APIKey: s.APIKey, Model: "m", MaxRetries: -1,
		PerVisitorPerDay: 3, PerDay: 5, Counter: counter, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// With Redis unreachable, each node keeps the budgets on its own.
func TestLLMBudgetFallsBackToTheNode(t *testing.T) {
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer rdb.Close()
	s := openaitest.New(t)
	s.Reply(func(openai.ChatCompletionRequest) openaitest.Response {
		return openaitest.Response{Content: "Use the link [1]."}
	})
	c := llmClientAt(t, s, NewCounter(rdb), time.Now())
	for i := range 4 {
		if err := askAs(c, "v"); (i < 3) != (err == nil) {
			t.Fatalf("call %d: %v; want 3 answers, then the budget's refusal", i, err)
		}
	}
}

func TestCounterExpires(t *testing.T) {
	rdb := mustClient(t)
	c := NewCounter(rdb)
	key := "test:" + parley.NewID()
	for want := int64(1); want <= 3; want++ {
		n, err := c.Incr(context.Background(), key, time.Minute)
		if err != nil || n != want {
			t.Fatalf("Incr = %d, %v; want %d", n, err, want)
		}
	}
	if ttl := rdb.TTL(context.Background(), "parley:"+key).Val(); ttl <= 0 || ttl > time.Minute {
		t.Fatalf("ttl %v; want up to a minute", ttl)
	}
}

func TestCounterErrorsWhenRedisIsDown(t *testing.T) {
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", DialTimeout: 50 * time.Millisecond, MaxRetries: -1})
	defer rdb.Close()
	if _, err := NewCounter(rdb).Incr(context.Background(), "k", time.Minute); err == nil {
		t.Fatal("no error from an unreachable Redis: the budget could not fall back")
	}
}

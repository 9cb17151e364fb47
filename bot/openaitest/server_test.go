package openaitest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley/bot/openaitest"
)

func client(s *openaitest.Server, key string) *openai.Client {
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.URL
	return openai.NewClientWithConfig(cfg)
}

func chat(q string) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{Model: "test-model", Messages: []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleUser, Content: q},
	}}
}

func TestNonStreamingReplyAndRecord(t *testing.T) {
	s := openaitest.New(t)
	s.Reply(func(req openai.ChatCompletionRequest) openaitest.Response {
		return openaitest.Response{Content: "echo: " + req.Messages[0].Content}
	})
	resp, err := client(s, s.APIKey).CreateChatCompletion(t.Context(), chat("hi"))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Choices[0].Message.Content; got != "echo: hi" {
		t.Fatalf("content = %q", got)
	}
	if resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Fatalf("finish = %q", resp.Choices[0].FinishReason)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || reqs[0].Chat.Model != "test-model" || reqs[0].Header.Get("Authorization") != "Bearer "+s.APIKey {
		t.Fatalf("recorded %+v", reqs)
	}
}

func TestStreamingChunksInOrder(t *testing.T) {
	s := openaitest.New(t)
	s.Enqueue(openaitest.Response{Chunks: []string{"a", "b", "c"}})
	st, err := client(s, s.APIKey).CreateChatCompletionStream(t.Context(), chat("q"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got []string
	var finish openai.FinishReason
	for {
		r, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Choices {
			if c.Delta.Content != "" {
				got = append(got, c.Delta.Content)
			}
			if c.FinishReason != "" {
				finish = c.FinishReason
			}
		}
	}
	if strings.Join(got, "|") != "a|b|c" || finish != openai.FinishReasonStop {
		t.Fatalf("chunks %q finish %q", got, finish)
	}
	if !s.Requests()[0].Chat.Stream {
		t.Fatal("stream flag not recorded")
	}
}

func TestWrongKeyIsUnauthorised(t *testing.T) {
	s := openaitest.New(t)
	_, err := client(s, "sk-wrong").CreateChatCompletion(t.Context(), chat("hi"))
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusUnauthorized {
		t.Fatalf("err = %v", err)
	}
	if len(s.Requests()) != 1 {
		t.Fatal("unauthorised request not recorded")
	}
}

func TestFailThenSucceed(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(2, http.StatusTooManyRequests, "3")
	c := client(s, s.APIKey)
	for range 2 {
		_, err := c.CreateChatCompletion(t.Context(), chat("hi"))
		var apiErr *openai.APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusTooManyRequests {
			t.Fatalf("err = %v", err)
		}
	}
	if _, err := c.CreateChatCompletion(t.Context(), chat("hi")); err != nil {
		t.Fatalf("third request: %v", err)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	s := openaitest.New(t)
	s.Fail(1, http.StatusServiceUnavailable, "7")
	resp, err := http.Post(s.URL+"/chat/completions", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no key: status %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/chat/completions", strings.NewReader(`{"model":"m"}`))
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "7" {
		t.Fatalf("status %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestDelayRespectsClientContext(t *testing.T) {
	s := openaitest.New(t)
	s.Enqueue(openaitest.Response{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client(s, s.APIKey).CreateChatCompletion(ctx, chat("hi"))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestBrokenStream(t *testing.T) {
	for _, clean := range []bool{false, true} {
		s := openaitest.New(t)
		s.Enqueue(openaitest.Response{Chunks: []string{"a", "b", "c"}, BreakAfter: 1, BreakClean: clean})
		st, err := client(s, s.APIKey).CreateChatCompletionStream(t.Context(), chat("q"))
		if err != nil {
			t.Fatal(err)
		}
		var text string
		var finish openai.FinishReason
		for {
			r, err := st.Recv()
			if err != nil {
				if clean != errors.Is(err, io.EOF) {
					t.Errorf("clean=%v: err = %v", clean, err)
				}
				break
			}
			for _, c := range r.Choices {
				text += c.Delta.Content
				finish += c.FinishReason
			}
		}
		st.Close()
		if text != "a" || finish != "" {
			t.Errorf("clean=%v: text %q finish %q", clean, text, finish)
		}
	}
}

func TestUnknownPath(t *testing.T) {
	s := openaitest.New(t)
	resp, err := http.Get(s.URL + "/models")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

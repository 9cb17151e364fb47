package llm

import (
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/bot/openaitest"
)

// clock is an injectable Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClient returns a Client for s; edit adjusts the config first.
func newClient(t *testing.T, s *openaitest.Server, edit func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: s.URL, APIKey: s.APIKey, Model: "test-model"}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hit(slug, lang, title, passage string) parley.SearchHit {
	return parley.SearchHit{
		Article: parley.Article{Slug: slug, Language: lang, Title: title, Body: passage, Status: parley.ArticlePublished},
		Score:   1,
		Passage: passage,
	}
}

func persianSources() []parley.SearchHit {
	return []parley.SearchHit{
		hit("reset-password", "fa", "بازنشانی رمز عبور", "در صفحه ورود روی «فراموشی رمز» بزنید تا پیوند بازنشانی به ایمیل شما ارسال شود."),
		hit("email-not-arriving", "fa", "ایمیل نمی‌رسد", "اگر ایمیل نرسید، پوشه هرزنامه را بررسی کنید."),
	}
}

func russianSources() []parley.SearchHit {
	return []parley.SearchHit{
		hit("refunds", "ru", "Возврат средств", "Возврат оформляется в течение 14 дней в разделе «Заказы»."),
		hit("payment-methods", "ru", "Способы оплаты", "Мы принимаем карты и банковский перевод."),
		hit("refunds", "ru", "Возврат средств", "Деньги поступают на карту за 3–5 рабочих дней."),
	}
}

// say replies with text, streamed in the given chunks (or split after spaces).
func say(text string, chunks ...string) func(openai.ChatCompletionRequest) openaitest.Response {
	return func(openai.ChatCompletionRequest) openaitest.Response {
		return openaitest.Response{Content: text, Chunks: chunks}
	}
}

// deltas collects onDelta calls.
type deltas struct {
	mu  sync.Mutex
	got []string
}

func (d *deltas) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.got = append(d.got, s)
}

func (d *deltas) text() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.got, "")
}

func ask(question string, sources []parley.SearchHit) Request {
	return Request{VisitorID: "v1", Question: question, Language: sources[0].Article.Language, Sources: sources}
}

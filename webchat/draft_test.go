package webchat_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley/bot/llm"
	"github.com/parley-chat/parley/bot/openaitest"
)

// With an LLM configured, the widget shows the bot's answer while it is
// written (Markdown rendered, marked busy for screen readers), then swaps
// the draft for the finished message in place: one bot bubble, with the
// cited article and the helpful vote.
func TestWidgetShowsTheAnswerWhileItIsWritten(t *testing.T) {
	srv := startParley(t, highLimits)
	model := openaitest.New(t)
	gate := make(chan struct{})
	model.Enqueue(openaitest.Response{Chunks: []string{"Open the **sign-in page** ", "and choose *Forgot password* [1]."}, Gate: gate})
	c, err := llm.New(llm.Config{BaseURL: model.URL, APIKey: model.APIKey, Model: "test-model", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv.llm = c
	srv.restart()
	p := newPage(t)
	p.do(chromedp.Navigate(hostPage(t, srv.URL) + "/"))
	p.openWidget()
	p.say("How do I reset my password?")

	var draft struct {
		Text, Strong, Busy string
		Bots               int
	}
	p.wait("the draft", `const d=root.querySelector('.msg.bot.draft');return d&&{text:d.querySelector('.body').textContent,
strong:(d.querySelector('strong')||{}).textContent,busy:d.getAttribute('aria-busy'),bots:root.querySelectorAll('.msg.bot').length}`, &draft)
	if draft.Strong != "sign-in page" || draft.Busy != "true" || draft.Bots != 1 {
		t.Fatalf("draft shown as %+v", draft)
	}
	close(gate)
	var done struct {
		Text, Link          string
		Drafts, Bots, Votes int
	}
	p.wait("the finished answer", `const m=root.querySelector('.msg.bot[data-seq]');return m&&{text:m.querySelector('.body').textContent,
link:(m.querySelector('a[href*="reset-password"]')||{}).href||'',drafts:root.querySelectorAll('.draft').length,
bots:root.querySelectorAll('.msg.bot').length,votes:m.querySelectorAll('.fb button').length}`, &done)
	if done.Drafts != 0 || done.Bots != 1 || done.Votes != 2 || done.Link == "" {
		t.Fatalf("finished answer shown as %+v", done)
	}
	if want := "Open the sign-in page and choose Forgot password."; len(done.Text) < len(want) || done.Text[:len(want)] != want {
		t.Fatalf("answer text %q, want it to start with %q", done.Text, want)
	}
}

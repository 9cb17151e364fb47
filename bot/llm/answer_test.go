package llm

import (
	"errors"
	"slices"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/parley-chat/parley/bot/openaitest"
)

func TestGroundedPersianAnswer(t *testing.T) {
	s := openaitest.New(t)
	reply := "روی «فراموشی رمز» بزنید [1]. اگر ایمیل نرسید، پوشه هرزنامه را ببینید [2]."
	s.Reply(func(req openai.ChatCompletionRequest) openaitest.Response {
		user := req.Messages[1].Content
		for _, want := range []string{"BCP 47 code fa", "[1]", "[2]", "فراموشی رمز", "پوشه هرزنامه", "رمزم را فراموش کردم"} {
			if !strings.Contains(user, want) {
				t.Errorf("user message lacks %q", want)
			}
		}
		return openaitest.Response{Content: reply}
	})
	var d deltas
	ans, err := newClient(t, s, nil).Answer(t.Context(), ask("رمزم را فراموش کردم", persianSources()), d.add)
	if err != nil {
		t.Fatal(err)
	}
	want := "روی «فراموشی رمز» بزنید. اگر ایمیل نرسید، پوشه هرزنامه را ببینید."
	if ans.Text != want {
		t.Errorf("text = %q, want %q", ans.Text, want)
	}
	if !slices.Equal(ans.Citations, []string{"reset-password", "email-not-arriving"}) {
		t.Errorf("citations = %q", ans.Citations)
	}
	if d.text() != ans.Text || len(d.got) < 2 {
		t.Errorf("deltas %q do not stream the text %q", d.got, ans.Text)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || !reqs[0].Chat.Stream || reqs[0].Chat.Model != "test-model" {
		t.Fatalf("requests: %+v", reqs)
	}
}

func TestGroundedRussianCitationsDeduplicated(t *testing.T) {
	s := openaitest.New(t)
	s.Reply(say("Оформите возврат в разделе «Заказы» [3, 1]; мы принимаем карты[2]. Деньги придут за 3–5 дней [3]."))
	ans, err := newClient(t, s, nil).Answer(t.Context(), ask("Как вернуть деньги?", russianSources()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Оформите возврат в разделе «Заказы»; мы принимаем карты. Деньги придут за 3–5 дней."; ans.Text != want {
		t.Errorf("text = %q", ans.Text)
	}
	if !slices.Equal(ans.Citations, []string{"refunds", "payment-methods"}) {
		t.Errorf("citations = %q", ans.Citations)
	}
}

func TestNoAnswer(t *testing.T) {
	for _, chunks := range [][]string{{"NO_ANSWER"}, {"NO", "_ANS", "WER"}, {" NO_ANSWER\n"}, {"Sorry. ", "NO_ANSWER"}} {
		s := openaitest.New(t)
		s.Enqueue(openaitest.Response{Chunks: chunks})
		var d deltas
		_, err := newClient(t, s, nil).Answer(t.Context(), ask("what's the weather?", persianSources()), d.add)
		if !errors.Is(err, ErrNoAnswer) {
			t.Errorf("%q: err = %v", chunks, err)
		}
		if strings.Contains(d.text(), "NO") {
			t.Errorf("%q: streamed %q", chunks, d.text())
		}
	}
}

func TestUngroundedIsNoAnswer(t *testing.T) {
	for _, reply := range []string{
		"Just restart your router.",             // cites nothing
		"Restart it [3].",                       // no source 3
		"Restart it [0].",                       // numbering starts at 1
		"Restart it [1, 7].",                    // one of them missing
		"Restart it [99999999999999999999999].", // overflows
		"",
	} {
		s := openaitest.New(t)
		s.Reply(say(reply))
		_, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), nil)
		if !errors.Is(err, ErrNoAnswer) {
			t.Errorf("%q: err = %v", reply, err)
		}
	}
}

func TestNoSourcesOrInvalidRequest(t *testing.T) {
	s := openaitest.New(t)
	c := newClient(t, s, nil)
	if _, err := c.Answer(t.Context(), Request{VisitorID: "v", Question: "q"}, nil); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("no sources: %v", err)
	}
	if _, err := c.Answer(t.Context(), Request{Question: "q", Sources: persianSources()}, nil); !errors.Is(err, ErrInvalidRequest) {
		t.Errorf("no visitor: %v", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestDeltasArriveInOrderWhileStreaming(t *testing.T) {
	s := openaitest.New(t)
	gate := make(chan struct{})
	s.Enqueue(openaitest.Response{Chunks: []string{"Open ", "Settings [", "1] ", "and then", " Billing", " [2]."}, Gate: gate})
	var d deltas
	ans, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), func(text string) {
		if len(d.got) == 0 {
			close(gate) // the last chunk is sent only once a delta has arrived
		}
		d.add(text)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Open Settings and then Billing."; ans.Text != want || d.text() != want {
		t.Fatalf("text %q, deltas %q", ans.Text, d.got)
	}
	if !slices.Equal(d.got, []string{"Open", " Settings", " and then", " Billing", "."}) {
		t.Errorf("deltas = %q", d.got)
	}
}

func TestBrokenStreamIsUnavailable(t *testing.T) {
	for _, clean := range []bool{false, true} {
		s := openaitest.New(t)
		s.Enqueue(openaitest.Response{Chunks: []string{"Open Settings", " [1] and", " then"}, BreakAfter: 2, BreakClean: clean})
		s.Reply(say("must not be asked again [1]"))
		var d deltas
		_, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), d.add)
		if !errors.Is(err, ErrUnavailable) {
			t.Errorf("clean=%v: err = %v", clean, err)
		}
		if d.text() != "Open Settings and" || len(s.Requests()) != 1 {
			t.Errorf("clean=%v: deltas %q, %d requests", clean, d.text(), len(s.Requests()))
		}
	}
}

func TestStreamBrokenBeforeTextIsRetried(t *testing.T) {
	s := openaitest.New(t)
	s.Enqueue(openaitest.Response{Chunks: []string{"  ", "x"}, BreakAfter: 1})
	s.Reply(say("Fine [1]."))
	ans, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), func(string) {})
	if err != nil || ans.Text != "Fine." || len(s.Requests()) != 2 {
		t.Fatalf("ans %+v, err %v, %d requests", ans, err, len(s.Requests()))
	}
}

func TestTruncatedAnswerIsUnavailable(t *testing.T) {
	s := openaitest.New(t)
	s.Reply(func(openai.ChatCompletionRequest) openaitest.Response {
		return openaitest.Response{Content: "Open Settings [1] and", FinishReason: openai.FinishReasonLength}
	})
	_, err := newClient(t, s, nil).Answer(t.Context(), ask("q", persianSources()), nil)
	if !errors.Is(err, ErrUnavailable) || len(s.Requests()) != 1 {
		t.Fatalf("err %v, %d requests", err, len(s.Requests()))
	}
}

func TestFilterMatchesFinalText(t *testing.T) {
	raw := "  Step one [1].\nStep [x] two[2, 3] and 4 items [10 then [1]\n"
	want := "Step one.\nStep [x] two and 4 items [10 then"
	for size := 1; size <= 5; size++ {
		var f filter
		var out strings.Builder
		for i := 0; i < len(raw); i += size {
			out.WriteString(f.write(raw[i:min(i+size, len(raw))]))
		}
		text, rest := f.final()
		out.WriteString(rest)
		if text != want || out.String() != want {
			t.Errorf("size %d: text %q, streamed %q", size, text, out.String())
		}
	}
	if got := cited(raw); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("cited = %v", got)
	}
}

package webchat_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// A long bot answer (the reset-password steps, whole) is folded to its first
// lines with a "Show more" button (aria-expanded false, controlling the
// body); the button unfolds it ("Show less", every step visible) and folds
// it again. PARLEY_FOLD_SHOT=DIR also writes screenshots of the answer
// folded and unfolded there, to look at.
func TestLongAnswerFoldsAndUnfolds(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.EmulateViewport(1100, 900))
	p.do(chromedp.Navigate(host + "/pricing"))
	askPassword(p)
	type state struct {
		Expanded, Label, Controls, ID string
		Folded                        bool
		Clipped                       bool
		Steps                         int
	}
	get := func() state {
		var s state
		p.widget(`const li=[...root.querySelectorAll('.msg.bot')].pop(), b=li.querySelector('.body'), m=li.querySelector('.more');
return m&&{expanded:m.getAttribute('aria-expanded'),label:m.textContent,controls:m.getAttribute('aria-controls'),id:b.id,
folded:b.classList.contains('folded'),clipped:b.scrollHeight>b.clientHeight+1,steps:b.querySelectorAll('ol>li').length}`, &s)
		return s
	}
	shot := func(name string) {
		if dir := os.Getenv("PARLEY_FOLD_SHOT"); dir != "" {
			png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
			if err == nil {
				err = os.WriteFile(dir+"/"+name+".png", png, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	s := get()
	shot("answer-folded")
	if s.Expanded != "false" || s.Label != "Show more" || s.Controls == "" || s.Controls != s.ID || !s.Folded || !s.Clipped || s.Steps != 4 {
		t.Fatalf("a long answer is not folded: %+v", s)
	}
	p.click(".msg.bot .more")
	if s = get(); s.Expanded != "true" || s.Label != "Show less" || s.Folded || s.Clipped {
		t.Fatalf("after Show more: %+v", s)
	}
	shot("answer-unfolded-top")
	p.widget(`root.querySelector('.log').scrollTop=1e6;return true`, nil)
	shot("answer-unfolded-end")
	p.click(".msg.bot .more")
	if s = get(); s.Expanded != "false" || s.Label != "Show more" || !s.Folded || !s.Clipped {
		t.Fatalf("after Show less: %+v", s)
	}
}

// Ordered lists keep the numbers they were written with (a passage may
// start at step 2), loose lists stay one list, and an indented or lazy line
// belongs to its item.
func TestMarkdownKeepsListNumbers(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	cases := []struct{ in, want string }{
		{"2. two\n3. three", `<ol start="2"><li>two</li><li>three</li></ol>`},
		{"1. one\n3. three", `<ol><li>one</li><li value="3">three</li></ol>`},
		{"1. one\n\n   more about one\n\n2. two", `<ol><li>one<br><br>more about one</li><li>two</li></ol>`},
		{"- a\nlazy line\n- b\n\nAfter.", `<ul><li>a<br>lazy line</li><li>b</li></ul><p>After.</p>`},
		{"1. a\n\nPara.\n\n2. b", `<ol><li>a</li></ol><p>Para.</p><ol start="2"><li>b</li></ol>`},
	}
	var ins []string
	for _, c := range cases {
		ins = append(ins, c.in)
	}
	js, _ := json.Marshal(ins)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	var got []string
	p.eval(fmt.Sprintf(`import(%q).then((m) => %s.map((c) => { const d = document.createElement('div'); d.append(m.markdown(c, () => null)); return d.innerHTML; }))`,
		srv.URL+"/widget/markdown.js", js), &got)
	for i, c := range cases {
		if i >= len(got) || got[i] != c.want {
			t.Errorf("markdown(%q)\n got %v\nwant %s", c.in, got[i:min(i+1, len(got))], c.want)
		}
	}
}

package webchat_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The Markdown renderer (static/widget/markdown.js), run in the browser:
// what it builds, serialised, for bot and agent text.
func TestMarkdownRenderer(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	a := func(href, text string) string {
		return fmt.Sprintf(`<a href="%s" target="_blank" rel="noopener noreferrer">%s</a>`, href, text)
	}
	cases := []struct{ in, want string }{
		{"**Reset** your *password*", "<p><strong>Reset</strong> your <em>password</em></p>"},
		{"Line one\nline two\n\nPara two", "<p>Line one<br>line two</p><p>Para two</p>"},
		{"Steps:\n- one\n- __two__\n1. a\n2) b", "<p>Steps:</p><ul><li>one</li><li><strong>two</strong></li></ul><ol><li>a</li><li>b</li></ol>"},
		{"# Title\ntext", "<p><strong>Title</strong></p><p>text</p>"},
		{"[guide](/help/x?lang=en)", "<p>" + a(srv.URL+"/help/x?lang=en", "guide") + "</p>"},
		{"[page](" + host + "/pricing)", "<p>" + a(host+"/pricing", "page") + "</p>"},
		{"[docs](https://docs.example.com/a) [sub](https://a.flowdesk.test/) [no](https://evil.example/)",
			"<p>" + a("https://docs.example.com/a", "docs") + " " + a("https://a.flowdesk.test/", "sub") + " no</p>"},
		{"[x](javascript:alert(1)) [y](data:text/html,hi) [z](//evil.example/) [u](https://user:pw@docs.example.com/)",
			"<p>x y z u</p>"},
		{"![alt](https://evil.example/x.png?c=secret)", "<p>alt</p>"},
		{"<b>hi</b> & `code <i>`", "<p>&lt;b&gt;hi&lt;/b&gt; &amp; <code>code &lt;i&gt;</code></p>"},
		{"snake_case_word and 2 * 3 * 4", "<p>snake_case_word and 2 * 3 * 4</p>"},
		{`\*not italic\*`, "<p>*not italic*</p>"},
		{"[**bold link**](/help/a)", "<p>" + a(srv.URL+"/help/a", "<strong>bold link</strong>") + "</p>"},
		{"[a [nested](/x)](/y)", "<p>[a " + a(srv.URL+"/x", "nested") + "](/y)</p>"},
	}
	var ins []string
	for _, c := range cases {
		ins = append(ins, c.in)
	}
	js, _ := json.Marshal(ins)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	var got []string
	p.eval(fmt.Sprintf(`import(%q).then((m) => {
  const allow = m.linkPolicy(%q, ['docs.example.com', '*.flowdesk.test']);
  return %s.map((c) => { const d = document.createElement('div'); d.append(m.markdown(c, allow)); return d.innerHTML; });
})`, srv.URL+"/widget/markdown.js", srv.URL+"/widget.js", js), &got)
	for i, c := range cases {
		if i >= len(got) || got[i] != c.want {
			t.Errorf("markdown(%q)\n got %s\nwant %s", c.in, strings.Join(got[i:i+1], ""), c.want)
		}
	}
}

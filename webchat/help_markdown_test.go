package webchat_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley/webchat"
)

// The help center's Markdown (Go) and the widget's (markdown.js, run in
// Chromium) build the same HTML from the same text: every demo article and
// the renderer's edge cases. The differences are by design: the widget's
// links open a new tab, are absolute and need their host listed
// (data-link-hosts; here every host is listed), and its headings are bold
// paragraphs.
func TestHelpMarkdownMatchesWidget(t *testing.T) {
	srv := startParley(t, highLimits)
	arts, _ := demoKnowledge(t)
	ins := []string{
		"**Reset** your *password*", "Line one\nline two\n\nPara two", "Steps:\n- one\n- __two__\n1. a\n2) b",
		"# Title\ntext", "## Sub *it*\n- a\ntext after list", "[guide](/help/x?lang=en)",
		"[docs](https://docs.example.com/a) [no](https://evil.example/)",
		"[x](javascript:alert(1)) [y](data:text/html,hi) [z](//evil.example/) [u](https://user:pw@docs.example.com/)",
		"![alt](https://evil.example/x.png?c=secret)", "<b>hi</b> & `code <i>`", "snake_case_word and 2 * 3 * 4",
		`\*not italic\*`, "[**bold link**](/help/a)", "[a [nested](/x)](/y)", "*a **b** c* and _x_y_ z_",
		"[p](/help/a_(b)) ) [ ] ( **unclosed", "`a*b*c` *`code in em`*", "1. one\n   continued\n- bullet\n\n   \n3) three",
		"***both*** ****four****", "a * b * c _ d _ e", "[link ![img](/i.png)](/help/z)", "tab\tand\u00a0nbsp  \nend",
		"1. a\n\n   para in item\n\n2. b", "1. a\n\ntext\n2. b", "2. b\n3. c\n5. e\n- x\n\n- y", "- a\n# h\n- b",
		"p\n1. a\nlazy\n\n\n  indented\n\nout",
	}
	for _, a := range arts {
		ins = append(ins, a.Body)
	}
	js, _ := json.Marshal(ins)
	p := newPage(t)
	p.do(chromedp.Navigate(srv.URL + "/demo"))
	var got []string
	p.eval(fmt.Sprintf(`import(%q).then((m) => {
  const allow = m.linkPolicy(%q, ['docs.example.com', 'evil.example']);
  return %s.map((c) => { const d = document.createElement('div'); d.append(m.markdown(c, allow)); return d.innerHTML; });
})`, srv.URL+"/widget/markdown.js", srv.URL+"/widget.js", js), &got)
	heading := regexp.MustCompile(`<(/?)h[2-6]>`)
	for i, in := range ins {
		want := strings.NewReplacer(` target="_blank" rel="noopener noreferrer"`, "", `href="`+srv.URL, `href="`).Replace(got[i])
		goHTML := webchat.HelpMarkdown(in, srv.URL)
		goHTML = heading.ReplaceAllStringFunc(goHTML, func(s string) string {
			if s[1] == '/' {
				return "</strong></p>"
			}
			return "<p><strong>"
		})
		// The DOM serialises text with only &, < and > escaped.
		goHTML = strings.NewReplacer("&#34;", `"`, "&#39;", "'", "\u00a0", "&nbsp;").Replace(goHTML)
		if goHTML != want {
			t.Errorf("case %d %.60q\n Go %s\n JS %s", i, in, goHTML, want)
		}
	}
}

package webchat_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestConsoleScreenshots writes docs/console-light.png and
// docs/console-dark.png: the console at 1280×800 with a handed-off
// conversation (bot answers, the handoff summary) open beside the
// conversations view. Run with PARLEY_SCREENSHOTS=1.
func TestConsoleScreenshots(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS not set")
	}
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "billing")
	v := handoffWithArticles(t, srv)
	c := openConsole(t, srv, "ana@example.com")
	c.do(chromedp.EmulateViewport(1280, 800))
	c.click("#tab-all")
	row := fmt.Sprintf(`#results .item[data-id=%q]`, v.conv)
	c.click(row)
	c.waitJS("the conversation", `document.querySelector('#summary dd') && document.querySelector('#log .msg-bot a') &&
document.querySelector('#history p, #history ul')`)
	// The bot's first answer at the top of the transcript, as an agent reading it from the start sees it.
	c.js(`(() => { document.querySelector('#log').scrollTop = 0; document.activeElement.blur(); return true; })()`, nil)
	for _, scheme := range []string{"light", "dark"} {
		c.colorScheme(scheme)
		c.waitJS("fonts", `document.fonts.status === 'loaded'`)
		png, err := chromedp.Run(c.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../docs/console-"+scheme+".png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

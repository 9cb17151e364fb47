package webchat_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots writes docs/widget-en.png, docs/widget-fa.png (light)
// and docs/widget-dark.png (the system prefers dark): the /demo page with
// the widget open after a KB question. Run with PARLEY_SCREENSHOTS=1 (the
// bot then knows every language of the demo KB).
func TestScreenshots(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS not set")
	}
	srv := startParley(t, highLimits)
	for _, c := range []struct{ lang, question, file, scheme string }{
		{"en", "How do I reset my password?", "../docs/widget-en.png", "light"},
		{"fa", "چطور رمز عبورم را بازنشانی کنم؟", "../docs/widget-fa.png", "light"},
		{"en", "How do I reset my password?", "../docs/widget-dark.png", "dark"},
	} {
		p := newPage(t)
		p.colorScheme(c.scheme)
		p.do(chromedp.EmulateViewport(1100, 820))
		p.do(chromedp.Navigate(srv.URL + "/demo?lang=" + c.lang))
		p.openPanel()
		p.say(c.question)
		p.wait("the bot's answer", `return root.querySelector('.msg.bot a, .msg.bot .chip')`)
		p.wait("fonts", `return document.fonts.status==='loaded'`)
		png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(c.file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

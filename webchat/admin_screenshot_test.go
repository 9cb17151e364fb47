package webchat_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAdminScreenshot writes docs/admin-kb.png: the article editor with
// its live preview, and docs/admin-dark.png: the same in the dark theme.
// Run with PARLEY_SCREENSHOTS=1.
func TestAdminScreenshot(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS not set")
	}
	srv := startConsoleServer(t)
	srv.admin("root@example.com", "Root")
	c := openAdmin(t, srv, "root@example.com")
	c.do(chromedp.EmulateViewport(1280, 1000))
	c.js(`(location.hash = '#kb/demo-cancel-subscription-pl', true)`, nil)
	c.waitJS("the editor with its preview", `document.querySelector('#preview strong') && document.querySelector('#history table, #history .notice')`)
	c.waitJS("fonts", `document.fonts.status === 'loaded'`)
	for _, shot := range []struct{ scheme, file string }{{"light", "../docs/admin-kb.png"}, {"dark", "../docs/admin-dark.png"}} {
		c.colorScheme(shot.scheme)
		png, err := chromedp.Run(c.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(shot.file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

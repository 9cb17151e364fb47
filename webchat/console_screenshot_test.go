package webchat_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley"
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
	ctx := context.Background()
	// Mina's conversation from last week, resolved, on another device.
	old := srv.conversation(parley.Contact{Name: "Mina Rahimi", Email: "mina@example.com"}, "en", "My invoice shows the wrong VAT number")
	if _, err := srv.Store.Enqueue(ctx, old.ID, parley.Conversation{Team: "billing", QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.Resolve(ctx, old.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	other := srv.conversation(parley.Contact{Name: "Lucas Martin"}, "fr", "Je ne peux plus me connecter depuis hier")
	if _, err := srv.Store.Enqueue(ctx, other.ID, parley.Conversation{Team: "l1", Urgency: parley.UrgencyHigh, QueuedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	v := handoffWithArticles(t, srv)
	v.send(map[string]any{"type": "contact", "client_id": "ct", "email": "mina@example.com", "name": "Mina Rahimi"})
	c := openConsole(t, srv, "ana@example.com")
	c.do(chromedp.EmulateViewport(1280, 800))
	c.click("#tab-all")
	row := fmt.Sprintf(`#results .item[data-id=%q]`, v.conv)
	c.click(row)
	c.waitJS("the conversation", `document.querySelector('#summary dd') && document.querySelector('#log .msg-bot a') &&
document.querySelector('#history .hist') && document.querySelectorAll('#results .item').length === 3 &&
document.querySelector('#conv-title').textContent === 'Mina Rahimi'`)
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

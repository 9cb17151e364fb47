package webchat_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAttachmentsScreenshot writes docs/attachments.png: the demo page's
// widget with the visitor's screenshot as a thumbnail, read marks, and the
// agent's answer with a PDF. Run with PARLEY_SCREENSHOTS=1.
func TestAttachmentsScreenshot(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS not set")
	}
	srv := startConsoleServer(t)
	p, c, _ := openHandoffOn(t, srv, srv.URL+"/demo", "My card payment fails at checkout")
	p.do(chromedp.EmulateViewport(1100, 820))
	p.click(".composer textarea")
	p.say("This is what I see:")
	p.widgetAttach(checkoutPNG)
	p.wait("the thumbnail", `const i = root.querySelector('.msg.visitor .files img'); return i && i.complete && i.naturalWidth > 0`)
	c.click("#reply")
	c.typeText("Thanks! That 502 was on our side and is fixed now. Here is the invoice for the order.")
	c.pressEnter()
	c.consoleAttach(`new File(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n' + ' '.repeat(48000)], 'invoice-1042.pdf', {type: 'application/pdf'})`)
	p.wait("the PDF link", `const a = root.querySelector('.msg.agent .files a.file'); return a && a.href`)
	p.wait("read marks", `return root.querySelectorAll('.msg.visitor .mark.read').length >= 3`)
	p.wait("at the bottom, fonts loaded", `const l = root.querySelector('.log'); l.scrollTop = l.scrollHeight; return document.fonts.status === 'loaded'`)
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../docs/attachments.png", png, 0o644); err != nil {
		t.Fatal(err)
	}
}

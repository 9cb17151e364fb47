package webchat_test

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-chat/parley/webchat"
)

// /demo is framed by nobody and runs only this server's scripts and its own
// inline blocks (by hash): no 'unsafe-inline', no other origin.
func TestDemoHeaders(t *testing.T) {
	resp := get(t, webchat.Widget(), "/demo")
	page, _ := io.ReadAll(resp.Body)
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("/demo frame protection: X-Frame-Options %q, CSP %q", resp.Header.Get("X-Frame-Options"), csp)
	}
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'sha256-", "style-src 'self' 'sha256-", "connect-src 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("/demo CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "*") {
		t.Errorf("/demo CSP %q allows unsafe or any source", csp)
	}
	if regexp.MustCompile(`\son[a-z]+=`).Match(page) {
		t.Error("/demo has an on* attribute, which its CSP does not run")
	}
	for _, m := range regexp.MustCompile(`(?s)<(script|style)>(.*?)</(?:script|style)>`).FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[2])
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, h) {
			t.Errorf("/demo CSP lacks the hash of its inline %s %.40q", m[1], m[2])
		}
	}
	if w := get(t, webchat.Widget(), "/widget.js"); w.Header.Get("Content-Security-Policy") != "" || w.Header.Get("X-Frame-Options") != "" {
		t.Errorf("widget.js carries page headers: %v", w.Header)
	}
}

// Under its CSP, /demo's own scripts run (the snippet and the button's
// listener), the widget loads and answers, and an injected inline script
// does not run.
func TestDemoWidgetWorksUnderCSP(t *testing.T) {
	srv := startParley(t, highLimits)
	p := newPage(t)
	p.do(chromedp.Navigate(srv.URL + "/demo"))
	p.wait("launcher", `const b=root.querySelector('.launcher');return b&&b.getBoundingClientRect().width>0`)
	var csp string
	p.eval(`fetch('/demo').then((r) => r.headers.get('content-security-policy'))`, &csp)
	if !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("/demo served without its CSP: %q", csp)
	}
	var injected bool
	p.eval(`(() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true';
document.head.append(s); return window.__injected === true; })()`, &injected)
	if injected {
		t.Error("an injected inline script ran on /demo")
	}
	p.eval(`document.getElementById('ask').click(); true`, nil) // the page's listener: Parley('send'), Parley('open')
	p.wait("the bot's answer with an article link", `const a=root.querySelector('.msg.bot a[href*="/help/reset-password"]');return a&&a.href`)
	var styled bool
	p.wait("panel.css applied", `const s=getComputedStyle(root.querySelector('.panel'));return s.position==='fixed'||s.position==='absolute'`, &styled)
}

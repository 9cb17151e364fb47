package webchat_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// handoffWithArticles is a conversation the bot answered with articles
// and then handed off: its summary is as long as summaries get.
func handoffWithArticles(t *testing.T, srv *consoleServer) *wsVisitor {
	t.Helper()
	v := dialWSVisitor(t, srv.URL, nil)
	for i, q := range []string{"How do I reset my password?", "How do I change my email address?", "Can I get a refund?"} {
		v.say(fmt.Sprint("q", i), q)
		v.wait("the bot's answer", func(f map[string]any) bool {
			return f["type"] == "message" && authorKind(f) == "bot" && f["seq"].(float64) > float64(2*i)
		})
	}
	v.send(map[string]any{"type": "human", "client_id": "h1"})
	v.wait("queued", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "queued" })
	for i := range 8 {
		v.say(fmt.Sprint("w", i), strings.Repeat("Still waiting for someone to answer me. ", 3))
	}
	return v
}

// The handoff summary never hides the transcript: on a laptop screen and
// a small one, with the summary open, the transcript keeps most of the
// column and its last message shows.
func TestConsoleSummaryNeverHidesTranscript(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "billing")
	v := handoffWithArticles(t, srv)
	c := openConsole(t, srv, "ana@example.com")
	for _, size := range [][2]int64{{1280, 800}, {1024, 700}} {
		c.do(chromedp.EmulateViewport(size[0], size[1]))
		c.click(fmt.Sprintf(`#lists .item[data-id=%q]`, v.conv))
		c.waitJS("the summary, open, and the transcript", `document.querySelector('#summary details[open] dd') && document.querySelectorAll('#log .msg').length >= 14`)
		var got struct {
			Log, Summary, Body float64
			Overlap            bool
			LastShown          bool
			SummaryScrolls     bool
		}
		c.js(`(() => { const r = (s) => document.querySelector(s).getBoundingClientRect();
const log = document.querySelector('#log'); log.scrollTop = log.scrollHeight;
const L = r('#log'), S = r('#summary'), B = r('#conv-body'), last = [...log.querySelectorAll('.msg')].pop().getBoundingClientRect();
const inner = document.querySelector('#summary details');
return {log: L.height, summary: S.height, body: B.height, overlap: S.left < L.right - 1 && S.right > L.left + 1 && S.top < L.bottom - 1 && S.bottom > L.top + 1,
lastShown: last.bottom <= L.bottom + 1 && last.top >= L.top - 1 && L.bottom <= innerHeight + 1,
summaryScrolls: inner.scrollHeight <= S.height + 1 || getComputedStyle(document.querySelector('#summary')).overflowY === 'auto'}; })()`, &got)
		c.shot(fmt.Sprintf("layout-%dx%d", size[0], size[1]))
		if got.Overlap || !got.LastShown || got.Log < got.Body*0.5 || !got.SummaryScrolls {
			t.Errorf("%dx%d: transcript %.0fpx of %.0fpx, summary %.0fpx, overlap %v, last message shown %v, summary scrolls %v",
				size[0], size[1], got.Log, got.Body, got.Summary, got.Overlap, got.LastShown, got.SummaryScrolls)
		}
	}
}

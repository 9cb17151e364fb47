package webchat_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parley-chat/parley"
)

// botSays stores a bot message in the conversation and fans it out.
func (s *parleyServer) botSays(conversationID, text string) {
	s.t.Helper()
	m, _, err := s.Store.AppendMessage(context.Background(), parley.Message{ConversationID: conversationID,
		Author: parley.Author{Kind: parley.AuthorBot}, Text: text, ClientID: "bot:" + parley.NewID()})
	if err != nil {
		s.t.Fatal(err)
	}
	s.publish(parley.Event{Kind: parley.EventMessage, ConversationID: conversationID, Message: &m})
}

const atBottom = `const l=root.querySelector('.log');return l.scrollHeight>l.clientHeight&&l.scrollHeight-l.scrollTop-l.clientHeight<2`

// The log keeps the newest content in view while the visitor is at the
// bottom: after a handoff (note and banner), when the email form takes
// room, after a long answer. A visitor who scrolled up stays where they
// are and gets a "New messages" pill, which scrolls down.
func TestLogFollowsTheNewest(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.EmulateViewport(1100, 640))
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	conv := p.conversationID()
	for i := range 6 {
		srv.botSays(conv, fmt.Sprintf("Answer %d.\n\nIt has a second paragraph to take some room.", i))
	}
	p.wait("six answers, at the bottom", `return root.querySelectorAll('.msg.bot:not(.greeting)').length===6&&(()=>{`+atBottom+`})()`)

	p.click(".human")
	p.wait("the handoff note and banner", `return root.querySelector('.human').hidden&&root.querySelector('.banner').textContent&&
[...root.querySelectorAll('.note')].length>0`)
	p.wait("at the bottom after the handoff", atBottom)

	srv.publish(parley.Event{Kind: parley.EventStatus, ConversationID: conv, Status: &parley.Status{Mode: parley.ModeQueued, Offline: true}})
	p.wait("the email form", `return root.querySelector('.extra input[type=email]')`)
	p.wait("at the bottom with the email form", atBottom)

	srv.botSays(conv, strings.Repeat("A long answer, line after line of it.\n\n", 30))
	p.wait("the long answer", `const b=[...root.querySelectorAll('.msg.bot')].pop();return b&&b.textContent.startsWith('AssistantA long answer')`)
	p.wait("at the bottom after the long answer", atBottom)

	// Scrolled up to read: not moved, told by the pill.
	p.widget(`const l=root.querySelector('.log');l.scrollTop=0;await new Promise(r=>setTimeout(r,100));return true`, nil)
	srv.agentSays(conv, "Anna", "Are you still there?")
	var pill string
	p.wait("the new message and the pill", `const p=root.querySelector('.pill');return root.querySelector('.msg.agent')&&!p.hidden&&p.textContent`, &pill)
	var top float64
	p.widget(`return root.querySelector('.log').scrollTop`, &top)
	if top > 2 || pill != "New messages ↓" {
		t.Errorf("scrolled up, a new message moved the log to %v (want 0) and the pill says %q", top, pill)
	}
	p.click(".pill")
	p.wait("at the bottom, the pill gone", `return root.querySelector('.pill').hidden&&(()=>{`+atBottom+`})()`)
	p.noAlerts()
}

// The unread badge counts answers that arrived while the panel was closed,
// also after a reload (before and after the widget loads), and is cleared
// for good once they are seen.
func TestUnreadBadgeSurvivesReload(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	conv := p.conversationID()
	p.do(chromedp.KeyEvent(kb.Escape))
	srv.agentSays(conv, "Anna", "First")
	srv.agentSays(conv, "Anna", "Second")
	p.wait("badge 2", `return root.querySelector('.badge').textContent==='2'`)

	p.do(chromedp.Reload())
	p.wait("badge 2 after the reload", `return root.querySelector('.badge').textContent==='2'`)
	p.waitPage("the widget resumed", `window.__ready && window.__ready.conversation_id`)
	p.wait("badge 2 once resumed", `return root.querySelector('.badge').textContent==='2'`)
	p.openPanel()
	p.wait("badge cleared", `return root.querySelector('.badge').textContent===''`)

	p.do(chromedp.Reload())
	p.waitPage("the widget resumed", `window.__ready && window.__ready.conversation_id`)
	var badge string
	p.widget(`return root.querySelector('.badge').textContent`, &badge)
	if badge != "" {
		t.Errorf("after reading and a reload the badge says %q; want nothing", badge)
	}
	srv.agentSays(conv, "Anna", "Third")
	p.wait("badge 1 for the new answer", `return root.querySelector('.badge').textContent==='1'`)
}

// zoneAt is a fixed-offset time zone in which the local hour is now hour.
func zoneAt(hour int) string {
	off := ((hour-time.Now().UTC().Hour())%24 + 24) % 24
	if off > 14 {
		off -= 24
	}
	switch {
	case off == 0:
		return "Etc/GMT"
	case off > 0:
		return fmt.Sprintf("Etc/GMT-%d", off) // the Etc names have the sign reversed
	default:
		return fmt.Sprintf("Etc/GMT+%d", -off)
	}
}

// Message times are written the visitor's way: 12-hour without a leading
// zero in US English, 24-hour in Polish, Russian and Serbian, Persian
// digits in Persian.
func TestMessageTimesFollowTheLocale(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	for _, c := range []struct {
		locale string
		hour   int
		want   string
	}{
		{"en", 7, `^[78]:[0-5]\d\s[AP]M$`},
		{"pl", 19, `^(19|20):[0-5]\d$`},
		{"ru", 19, `^(19|20):[0-5]\d$`},
		{"sr", 19, `^(19|20):[0-5]\d$`},
		{"fa", 19, `^[۰-۹]{2}:[۰-۹]{2}$`},
	} {
		t.Run(c.locale, func(t *testing.T) {
			p := newPage(t)
			if _, err := chromedp.Call(p.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zoneAt(c.hour)}); err != nil {
				t.Fatal(err)
			}
			p.do(chromedp.Navigate(host + "/?locale=" + c.locale))
			p.openWidget()
			p.say("hello")
			var shown string
			p.wait("the message's time", `const m=root.querySelector('.msg.visitor[data-seq] .meta time');return m&&m.textContent`, &shown)
			if !regexp.MustCompile(c.want).MatchString(shown) {
				t.Errorf("%s at about %d:00 shows the time %q; want it to match %s", c.locale, c.hour, shown, c.want)
			}
		})
	}
}

// Outside the team's business hours the offline card says when it is back
// (status.opens_at), in the visitor's words for the weekday and time.
func TestOfflineCardSaysWhenHoursOpen(t *testing.T) {
	srv := startParley(t, highLimits)
	host := hostPage(t, srv.URL)
	p := newPage(t)
	if _, err := chromedp.Call(p.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Etc/GMT"}); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.Navigate(host + "/"))
	p.openWidget()
	d := time.Now().UTC().AddDate(0, 0, 3)
	opens := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, time.UTC)
	srv.publish(parley.Event{Kind: parley.EventStatus, ConversationID: p.conversationID(),
		Status: &parley.Status{Mode: parley.ModeQueued, QueuePosition: 1, Offline: true, OpensAt: opens}})
	var said string
	p.wait("when the team is back", `const o=root.querySelector('.extra .opens');return o&&o.textContent`, &said)
	if want := `^We are back ` + opens.Weekday().String() + `,? 9:00\sAM\.$`; !regexp.MustCompile(want).MatchString(said) {
		t.Errorf("the offline card says %q; want %s", said, want)
	}
}

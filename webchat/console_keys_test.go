package webchat_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// The queue is ordered by urgency, then by SLA deadline; the keyboard does
// everything: ? lists the shortcuts, j/k move, Enter opens, t takes, /
// focuses the reply box (letters typed there are text, not shortcuts), r
// resolves.
func TestConsoleKeyboardShortcuts(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("kim@example.com", "Kim", "l1") // not billing: routing leaves these to the queue
	now := time.Now()
	mk := func(text string, u parley.Urgency, due time.Duration) string {
		return srv.queued(text, parley.Conversation{Team: "billing", Urgency: u, HandoffReason: "human_requested",
			FirstResponseDue: now.Add(due)}).ID
	}
	normal := mk("normal, due later", parley.UrgencyNormal, 30*time.Minute)
	critical := mk("critical, due latest", parley.UrgencyCritical, 50*time.Minute)
	highLater := mk("high, due in five", parley.UrgencyHigh, 5*time.Minute)
	highSoon := mk("high, due in two", parley.UrgencyHigh, 2*time.Minute)

	c := openConsole(t, srv, "kim@example.com")
	var order []string
	c.waitJS("four queued", `(() => { const ids = [...document.querySelectorAll('#queue .item')].map((e) => e.dataset.id);
return ids.length === 4 && ids; })()`, &order)
	if want := []string{critical, highSoon, highLater, normal}; !slices.Equal(order, want) {
		t.Fatalf("queue order %v; want critical, then high by deadline, then normal: %v", order, want)
	}

	c.key("?")
	c.waitJS("the shortcut list", `document.querySelector('#help').open && document.querySelector('#help').textContent.includes('resolve')`)
	c.shot("help")
	c.key(kbEscape)
	c.waitJS("the shortcut list closed", `!document.querySelector('#help').open`)

	focused := func(id string) string {
		return fmt.Sprintf(`document.activeElement?.dataset?.id === %q && document.activeElement.classList.contains('sel')`, id)
	}
	c.key("j")
	c.waitJS("first selected", focused(critical))
	c.key("jj")
	c.waitJS("third selected", focused(highLater))
	c.key("k")
	c.waitJS("second selected", focused(highSoon))
	c.pressEnter()
	c.waitJS("it opens", `[...document.querySelectorAll('#log .msg-visitor .text')].some((e) => e.textContent === 'high, due in two')`)

	c.shot("keyboard-open")
	c.key("t")
	c.waitJS("taken", fmt.Sprintf(`document.querySelector(%q) && document.querySelector('#conv-state').textContent.includes('Assigned to you')`,
		listItem("mine", highSoon)))

	c.key("/")
	c.waitJS("the reply box focused, empty", `document.activeElement.id === 'reply' && document.querySelector('#reply').value === ''`)
	c.key("jk")
	c.waitJS("letters typed as text", `document.querySelector('#reply').value === 'jk' && document.querySelector('#lists .item.sel')?.dataset.id === `+jsString(highSoon))
	c.shiftEnter()
	c.typeText("on it")
	c.waitJS("Shift+Enter is a new line", `document.querySelector('#reply').value === 'jk\non it'`)
	c.pressEnter()
	c.waitJS("the reply shown", `[...document.querySelectorAll('#log .msg-agent .text')].some((e) => e.innerText === 'jk\non it')`)
	c.key(kbEscape)
	c.waitJS("out of the reply box", `document.activeElement.id !== 'reply'`)

	c.key("r")
	c.waitJS("resolved", fmt.Sprintf(`document.querySelector('#conv-state').textContent.includes('Resolved') && !document.querySelector(%q)`,
		listItem("mine", highSoon)))
	conv, err := srv.Store.Conversation(t.Context(), highSoon)
	if err != nil || conv.Mode != parley.ModeResolved {
		t.Fatalf("stored: %v %v", conv.Mode, err)
	}
}

const kbEscape = "\u001b"

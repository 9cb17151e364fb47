package webchat_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// The whole path through the console: a visitor asks the bot, then for a
// person; the agent (away, so routing leaves it to her) sees the handoff
// appear in the queue without a reload, reads what the bot did, takes it,
// replies (the visitor gets it), writes an internal note (the visitor never
// gets it), and resolves (the visitor gets the status and the CSAT request).
// Typing travels both ways.
func TestConsoleHandoffEndToEnd(t *testing.T) {
	srv := startConsoleServer(t)
	ana := srv.agent("ana@example.com", "Ana", "l1")
	c := openConsole(t, srv, "ana@example.com")
	waitFor(t, "Ana online once the console connects", func() bool { return srv.presence(ana.ID) == parley.PresenceOnline })
	c.js(`(() => { const s = document.querySelector('#presence'); s.value = 'away';
s.dispatchEvent(new Event('change', {bubbles: true})); window.__sameDocument = 1; return true; })()`, nil)
	waitFor(t, "Ana away", func() bool { return srv.presence(ana.ID) == parley.PresenceAway })

	v := dialWSVisitor(t, srv.URL, nil)
	v.say("q1", "How do I reset my password?")
	v.wait("the bot's answer", func(f map[string]any) bool { return f["type"] == "message" && authorKind(f) == "bot" })
	v.send(map[string]any{"type": "human", "client_id": "h1"})
	v.wait("queued", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "queued" })

	row := listItem("queue", v.conv)
	c.waitJS("the handoff in the queue, live", fmt.Sprintf(`document.querySelector(%q) && window.__sameDocument === 1`, row))
	c.waitJS("the title badge", `document.title === '(1) Parley'`)
	var beeps string
	c.js(`document.documentElement.dataset.beeps || ''`, &beeps)
	if beeps == "" || beeps == "0" {
		t.Errorf("no beep for a new handoff (data-beeps %q)", beeps)
	}
	if s := c.text(row); !strings.Contains(s, "Asked for a person") {
		t.Errorf("queue entry %q does not say why it was handed off", s)
	}

	c.click(row)
	c.waitJS("the transcript", `document.querySelectorAll('#log .msg').length >= 3`)
	var sum struct{ Reason, Question, Articles string }
	c.waitJS("the handoff summary", `(() => { const dd = [...document.querySelectorAll('#summary dd')].map((e) => e.textContent);
return dd.length === 4 && {reason: dd[0], question: dd[2], articles: dd[3]}; })()`, &sum)
	if sum.Reason != "Asked for a person" || sum.Question != "How do I reset my password?" || !strings.Contains(strings.ToLower(sum.Articles), "password") {
		t.Errorf("summary: %+v", sum)
	}
	var answer, handoff string
	c.js(`document.querySelector('#log .decision-answer')?.textContent ?? ''`, &answer)
	c.js(`document.querySelector('#log .decision-handoff')?.textContent ?? ''`, &handoff)
	for _, want := range []string{"intent", "confidence", "urgency", "language"} {
		if !strings.Contains(answer, want) {
			t.Errorf("the bot's answer turn shows %q; want its %s", answer, want)
		}
	}
	if !strings.Contains(handoff, "Asked for a person") {
		t.Errorf("the handoff turn shows %q; want why", handoff)
	}
	c.waitJS("the badge cleared once opened", `document.title === 'Parley'`)

	c.click("#take")
	st := v.wait("assigned to Ana", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "assigned" })
	if a, _ := st["agent"].(map[string]any); a["name"] != "Ana" {
		t.Errorf("assigned status: %v", st)
	}
	c.waitJS("the conversation in Mine", fmt.Sprintf(`document.querySelector(%q) && !document.querySelector(%q)`,
		listItem("mine", v.conv), row))
	c.shot("queue-open")
	c.waitJS("assigned to me", `document.querySelector('#conv-state').textContent.includes('Assigned to you') && document.querySelector('#take').hidden`)

	// Typing, both ways.
	v.send(map[string]any{"type": "typing", "on": true})
	c.waitJS("the visitor typing", `document.querySelector('#typing').textContent.includes('typing')`)
	v.send(map[string]any{"type": "typing", "on": false})
	c.waitJS("the visitor stopped typing", `document.querySelector('#typing').textContent === ''`)
	v.say("w1", "Thanks, I'll wait.")
	c.waitJS("the visitor's message, announced", `[...document.querySelectorAll('#log .msg-visitor .text')].some((e) => e.textContent === "Thanks, I'll wait.") &&
document.querySelector('#live').textContent.includes("Thanks, I'll wait.")`)
	c.click("#reply")
	c.typeText("Hi, I'm Ana. Let me look at your account.")
	v.wait("the agent typing", func(f map[string]any) bool {
		return f["type"] == "typing" && f["on"] == true && authorKind(f) == "agent"
	})
	c.pressEnter()
	m := v.wait("the reply", textFrame("Let me look at your account."))
	if authorKind(m) != "agent" || m["text"] != "Hi, I'm Ana. Let me look at your account." {
		t.Errorf("reply as the visitor got it: %v", m)
	}
	c.waitJS("the reply box emptied", `document.querySelector('#reply').value === ''`)

	// An internal note: shown to agents, styled apart, never sent to the visitor.
	c.click("#note-toggle")
	c.click("#reply")
	c.typeText("secret note: refund approved by finance")
	c.pressEnter()
	c.waitJS("the note in the transcript", `[...document.querySelectorAll('#log .msg.note .text')].some((e) => e.textContent === 'secret note: refund approved by finance')`)
	var noteBg, replyBg string
	c.js(`getComputedStyle(document.querySelector('#log .msg.note')).backgroundColor`, &noteBg)
	c.js(`getComputedStyle([...document.querySelectorAll('#log .msg-agent')].find((e) => !e.classList.contains('note'))).backgroundColor`, &replyBg)
	if noteBg == replyBg {
		t.Errorf("notes look like replies (%s)", noteBg)
	}
	c.click("#note-toggle")
	c.click("#reply")
	c.typeText("Anything else I can do?")
	c.pressEnter()
	v.wait("the reply after the note", textFrame("Anything else I can do?"))

	c.shot("note")
	c.click("#resolve")
	v.wait("resolved", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "resolved" })
	csat := v.wait("the CSAT request", func(f map[string]any) bool { return f["type"] == "message" && metaEvent(f) == "csat_requested" })
	if authorKind(csat) != "system" {
		t.Errorf("CSAT request: %v", csat)
	}
	c.waitJS("resolved in the console", fmt.Sprintf(`document.querySelector('#conv-state').textContent.includes('Resolved') && !document.querySelector(%q)`,
		listItem("mine", v.conv)))
	if f := visitorSaw(v, "secret note"); f != "" {
		t.Fatalf("the visitor received an internal note: %s", f)
	}
	if c.dialogs.Load() != 0 {
		t.Errorf("the console opened %d dialogs", c.dialogs.Load())
	}
}

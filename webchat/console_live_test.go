package webchat_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// An online agent gets conversations from routing: they appear in Mine
// live, with the title badge. When the agents' websocket drops, the console
// reconnects with backoff and refetches its lists, so a handoff made while
// it was away shows up too.
func TestConsoleRoutingAndReconnect(t *testing.T) {
	srv := startConsoleServer(t)
	bo := srv.agent("bo@example.com", "Bo", "l1")
	c := openConsole(t, srv, "bo@example.com")
	waitFor(t, "Bo online", func() bool { return srv.presence(bo.ID) == parley.PresenceOnline })
	c.js(`window.__sameDocument = 1`, nil)

	routed := srv.queued("my invoice is wrong", parley.Conversation{Team: "l1", Urgency: parley.UrgencyHigh, HandoffReason: "human_requested",
		FirstResponseDue: time.Now().Add(10 * time.Minute)})
	c.waitJS("routed to Bo, in Mine", fmt.Sprintf(`document.querySelector(%q) && document.title === '(1) Parley'`, listItem("mine", routed.ID)))
	if got, _ := srv.Store.Conversation(t.Context(), routed.ID); got.AssigneeID != bo.ID {
		t.Fatalf("routing assigned %q; want Bo", got.AssigneeID)
	}

	srv.dropAgents(true)
	c.waitJS("the console notices", `document.querySelector('#conn').dataset.state === 'reconnecting'`)
	missed := srv.queued("anyone there?", parley.Conversation{Team: "billing", Urgency: parley.UrgencyNormal, HandoffReason: "low_confidence"})
	srv.agentsDown.Store(false)
	c.waitJS("reconnected with the missed handoff", fmt.Sprintf(`document.querySelector('#conn').dataset.state === 'connected' &&
document.querySelector(%q) && document.title === '(2) Parley' && window.__sameDocument === 1`, listItem("queue", missed.ID)))
	waitFor(t, "Bo online again", func() bool { return srv.presence(bo.ID) == parley.PresenceOnline })
}

// "/" at the start of the reply box searches published KB article titles;
// Enter puts the article's text in the box (it is not sent). When the
// server refuses agents the articles (403/404), there is no picker and "/"
// is a plain character.
func TestConsoleCannedReplies(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "l1")
	conv := srv.queued("how do I change my password", parley.Conversation{Team: "billing", HandoffReason: "human_requested"})

	c := openConsole(t, srv, "ana@example.com")
	c.click(listItem("queue", conv.ID))
	c.click("#reply")
	c.typeText("/")
	c.waitJS("the picker", `!document.querySelector('#canned').hidden && document.querySelectorAll('#canned [role=option]').length > 1`)
	c.typeText("reset pass")
	var titles []string
	c.waitJS("filtered titles", `(() => { const t = [...document.querySelectorAll('#canned [role=option] .title')].map((e) => e.textContent);
return t.length === 1 && t; })()`, &titles)
	if titles[0] != "How to reset your password" {
		t.Fatalf("picker shows %q", titles)
	}
	c.pressEnter()
	var box string
	c.waitJS("the article's text in the box", `(() => { const v = document.querySelector('#reply').value;
return document.querySelector('#canned').hidden && v.startsWith('If you forgot your password') && v; })()`, &box)
	var sent int
	c.js(`document.querySelectorAll('#log .msg-agent').length`, &sent)
	if sent != 0 {
		t.Fatalf("picking a canned reply sent it")
	}
	c.pressEnter()
	c.waitJS("sent on the second Enter", `[...document.querySelectorAll('#log .msg-agent .text')].some((e) => e.textContent.startsWith('If you forgot your password'))`)

	srv.mux.HandleFunc("GET /api/v1/articles", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"error":{"code":"forbidden","message":"admins only"}}`)
	})
	d := openConsole(t, srv, "ana@example.com")
	d.waitJS("canned replies off", `document.documentElement.dataset.canned === 'off'`)
	d.click(listItem("mine", conv.ID)) // the reply above took it
	d.click("#reply")
	d.typeText("/shrug")
	d.waitJS("no picker, the text kept", `document.querySelector('#canned').hidden && document.querySelector('#reply').value === '/shrug'`)
}

// Transfer sends the conversation to another team's queue (an unknown team
// is refused with the server's reason); the history keeps a note of it.
// Signing out ends the session and the agent's presence.
func TestConsoleTransferAndSignOut(t *testing.T) {
	srv := startConsoleServer(t)
	cy := srv.agent("cy@example.com", "Cy", "tier2") // neither billing nor l1: routing stays out
	conv := srv.queued("please move me", parley.Conversation{Team: "billing", HandoffReason: "human_requested"})
	c := openConsole(t, srv, "cy@example.com")
	c.click(listItem("queue", conv.ID))
	c.click("#take")
	c.waitJS("taken", fmt.Sprintf(`document.querySelector(%q)`, listItem("mine", conv.ID)))

	// The picker lists the desk's teams by name, not the one it is in, nor
	// a team only named on an agent.
	var picker [][2]string
	c.waitJS("the team picker", `(() => { const o = [...document.querySelectorAll('#transfer-team option')].filter((o) => o.value);
return o.length && o.map((o) => [o.value, o.textContent]); })()`, &picker)
	if fmt.Sprint(picker) != "[[l1 General]]" {
		t.Errorf("transfer picker offers %q; want [[l1 General]]", picker)
	}
	// A team deleted since the picker loaded is refused with the server's
	// reason. The stale option is added and submitted in one step: the
	// console may render the picker again at any time (a list refresh),
	// which drops an option it does not know.
	c.js(`(() => { const s = document.querySelector('#transfer-team'); s.append(new Option('Gone', 'nope')); s.value = 'nope';
document.querySelector('#transfer').requestSubmit(document.querySelector('#transfer button[type=submit]')); return true; })()`, nil)
	c.waitJS("refused", `document.querySelector('#conv-error').textContent === 'No team named "nope".'`)
	c.js(`(() => { const s = document.querySelector('#transfer-team'); s.value = 'l1'; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`, nil)
	c.click("#transfer button[type=submit]")
	c.waitJS("transferred", fmt.Sprintf(`document.querySelector('#conv-state').textContent.includes('l1') &&
[...document.querySelectorAll('#log .msg.note .text')].some((e) => e.textContent.includes('Transferred to l1 by Cy')) &&
!document.querySelector(%q)`, listItem("mine", conv.ID)))
	if got, _ := srv.Store.Conversation(t.Context(), conv.ID); got.Team != "l1" {
		t.Fatalf("stored team %q", got.Team)
	}

	c.click("#logout")
	c.waitJS("the sign-in form again", `!document.querySelector('#login').hidden && document.querySelector('#app').hidden`)
	waitFor(t, "Cy offline", func() bool { return srv.presence(cy.ID) != parley.PresenceOnline })
	var st int
	c.js(`fetch('/api/v1/me').then((r) => r.status)`, &st)
	if st != http.StatusUnauthorized {
		t.Fatalf("after sign-out /api/v1/me answers %d", st)
	}
}

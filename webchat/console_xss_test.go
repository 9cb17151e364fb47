package webchat_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/parley-chat/parley"
)

// Hostile text from a visitor (messages, name, attributes) shows in the
// console as the text it is, everywhere it appears (list, heading,
// transcript, handoff summary, sidebar), and runs nothing.
func TestConsoleShowsHostileTextAsText(t *testing.T) {
	srv := startConsoleServer(t)
	srv.agent("ana@example.com", "Ana", "l1")
	const name = `<img src=x onerror="window.__pwned='name'">`
	attrs := map[string]any{"plan": `<script>window.__pwned='attr'</script>`, "note": `<svg onload=alert(1)>`}
	// A JWT's claims are stored (user_hash proves user_id only): a verified
	// profile can still hold hostile text.
	idToken, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u-evil", "exp": time.Now().Add(time.Hour).Unix(),
		"name": name, "email": "evil@example.com", "attributes": attrs}).SignedString([]byte(identitySecret))
	if err != nil {
		t.Fatal(err)
	}
	v := dialWSVisitor(t, srv.URL, map[string]any{"identity": map[string]any{"jwt": idToken}})
	hostile := []string{`<img src=x onerror=alert(1)>`, `<script>window.__pwned='msg'</script>`,
		`<b onmouseover=alert(1)>bold</b> <a href="javascript:alert(1)">x</a>`}
	for i, s := range hostile {
		v.say(fmt.Sprint("x", i), s)
		v.wait("the echo", textFrame(s))
	}
	v.send(map[string]any{"type": "human", "client_id": "h1"})
	v.wait("queued", func(f map[string]any) bool { return f["type"] == "status" && f["mode"] == "queued" })

	c := openConsole(t, srv, "ana@example.com") // online: routing assigns it to her
	row := listItem("mine", v.conv)
	c.waitJS("routed to her", fmt.Sprintf(`document.querySelector(%q)`, row))
	c.click(row)
	c.waitJS("the transcript", fmt.Sprintf(`document.querySelectorAll('#log .msg-visitor').length === %d && document.querySelector('#summary dd')`, len(hostile)))

	c.shot("hostile")
	var got struct {
		Elements          []string
		Texts             []string
		Item, Title, Last string
		Facts             []string
		Pwned             any
	}
	c.js(`(() => { const all = (s) => [...document.querySelectorAll(s)]; const ROW = `+jsString(row)+`;
return {elements: all('#app img, #app svg, #app script, #app iframe, #app object, #app embed, #app b, #app a[href^="javascript"]').map((e) => e.outerHTML),
texts: all('#log .msg-visitor .text').map((e) => e.textContent),
item: document.querySelector(ROW + ' .name')?.textContent, title: document.querySelector('#conv-title').textContent,
last: document.querySelector('#summary .question')?.textContent,
facts: all('#contact dd').map((e) => e.textContent), pwned: window.__pwned ?? null}; })()`, &got)
	if len(got.Elements) > 0 {
		t.Errorf("the console holds elements from untrusted text: %q", got.Elements)
	}
	if got.Pwned != nil || c.dialogs.Load() != 0 {
		t.Errorf("script ran: __pwned=%v, %d dialogs", got.Pwned, c.dialogs.Load())
	}
	for i, want := range hostile {
		if i >= len(got.Texts) || got.Texts[i] != want {
			t.Errorf("visitor message %d shows %q; want the text %q", i, got.Texts, want)
		}
	}
	if got.Item != name || got.Title != name {
		t.Errorf("name in the list %q, as the heading %q; want the text %q", got.Item, got.Title, name)
	}
	if got.Last != hostile[len(hostile)-1] {
		t.Errorf("summary's last question %q", got.Last)
	}
	facts := strings.Join(got.Facts, "\n")
	for _, want := range []string{name, attrs["plan"].(string), attrs["note"].(string), "evil@example.com", "user"} {
		if !strings.Contains(facts, want) {
			t.Errorf("sidebar lacks %q as text: %q", want, got.Facts)
		}
	}
}

// Markdown from the bot or an agent can link only to http(s) and relative
// addresses: javascript:, data: and the like stay plain text; raw HTML in
// the Markdown is text; images are never fetched.
func TestConsoleMarkdownLinksAreSafe(t *testing.T) {
	srv := startConsoleServer(t)
	ana := srv.agent("ana@example.com", "Ana", "l1")
	conv := srv.queued("hello", parley.Conversation{Team: "l1"})
	hostile := "[one](javascript:window.__pwned='js') [two](JaVaScRiPt:alert(1)) [three](data:text/html,<script>alert(1)</script>) " +
		"[four](vbscript:msgbox) [five](//evil.example/x) [six](https://user:pw@evil.example/) " +
		`<img src=x onerror="window.__pwned='img'"> ![pic](https://evil.example/track.png) <a href="javascript:alert(1)">raw</a>`
	srv.say(conv.ID, parley.Author{Kind: parley.AuthorBot}, hostile)
	srv.say(conv.ID, parley.Author{Kind: parley.AuthorAgent, ID: ana.ID, Name: "Ana"}, "[seven](javascript:alert(2)) **<b onmouseover=alert(1)>x</b>**")

	c := openConsole(t, srv, "ana@example.com")
	row := listItem("mine", conv.ID)
	c.waitJS("routed to her", fmt.Sprintf(`document.querySelector(%q)`, row))
	c.click(row)
	c.waitJS("the transcript", `document.querySelector("#log .msg-bot") && document.querySelector("#log .msg-agent")`)
	var got struct {
		Links    [][2]string
		Elements []string
		Text     string
		Pwned    any
		Fetched  []string
	}
	c.js(`(() => ({links: [...document.querySelectorAll('#log a')].map((a) => [a.getAttribute('href'), a.rel]),
elements: [...document.querySelectorAll('#log img, #log script, #log b, #log iframe')].map((e) => e.outerHTML),
text: document.querySelector('#log .msg-bot .text').textContent, pwned: window.__pwned ?? null,
fetched: performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('evil'))}))()`, &got)
	for _, l := range got.Links {
		if !strings.HasPrefix(l[0], "http") || !strings.HasSuffix(l[0], "//evil.example/x") || l[1] != "noopener noreferrer" {
			t.Errorf("link %q (rel %q): only http(s) and relative links, without credentials, with rel=noopener noreferrer", l[0], l[1])
		}
	}
	if len(got.Links) != 1 {
		t.Errorf("links %q; want only the protocol-relative https one", got.Links)
	}
	if len(got.Elements) > 0 || got.Pwned != nil || c.dialogs.Load() != 0 || len(got.Fetched) > 0 {
		t.Errorf("hostile Markdown became markup: %q, pwned %v, %d dialogs, fetched %q", got.Elements, got.Pwned, c.dialogs.Load(), got.Fetched)
	}
	for _, want := range []string{"one", "three", "<img src=x", `<a href="javascript:alert(1)">raw</a>`, "pic"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("bot text %q lacks %q as text", got.Text, want)
		}
	}
}

package webchat_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
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

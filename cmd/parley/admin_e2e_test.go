package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/testenv"
)

// The knowledge base round trip through the admin pages and the real
// server: an admin writes a Polish article as a draft, which the bot does
// not use; once it is published in the page, a visitor asking in Polish
// gets it (the librarian picks it up; we poll the visitor's answer).
func TestAdminPublishesAnArticleTheBotThenUses(t *testing.T) {
	m := startMain(t, testConfig(t))
	const pass = "a long admin secret"
	hash, _ := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.MinCost)
	if _, err := m.Store.CreateAgent(context.Background(), parley.Agent{Email: "root@example.com", Name: "Root", Role: parley.RoleAdmin}, hash); err != nil {
		t.Fatal(err)
	}
	const slug, question = "zwrot-pieniedzy", "Jak uzyskać zwrot pieniędzy za zwrócony towar?"
	if got := askedSlug(t, m, question); got == slug {
		t.Fatalf("the bot answered with %s before it was written", got)
	}

	b := newBrowser(t)
	b.navigate("http://" + m.Addr.String() + "/admin")
	b.wait("the sign-in form", `!document.querySelector('#login').hidden`)
	b.fill("#email", "root@example.com")
	b.fill("#password", pass)
	b.click("#login-form button[type=submit]")
	b.wait("the knowledge base", `document.querySelector('#kb-list table')`)
	b.click("#kb-new")
	b.wait("the editor", `document.querySelector('#editor-title')?.textContent === 'New article'`)
	b.fill("input[name=title]", "Jak uzyskać zwrot pieniędzy")
	b.fill("input[name=slug]", slug)
	b.fill("input[name=language]", "pl")
	b.fill("input[name=collection]", "billing")
	b.fill("textarea[name=questions]", strings.Join([]string{"jak uzyskać zwrot pieniędzy", "zwrot pieniędzy za zwrócony towar",
		"kiedy dostanę zwrot pieniędzy", "oddałem towar, gdzie moje pieniądze", "zwrot za zamówienie"}, "\n"))
	b.fill("textarea[name=body]", "Zwrot pieniędzy za zwrócony towar wysyłamy w ciągu **5 dni roboczych** od przyjęcia paczki.")
	b.wait("the live preview", `document.querySelector('#preview strong')?.textContent === '5 dni roboczych'`)
	b.click("#save")
	b.wait("saved as a draft", `/Draft/.test(document.querySelector('#editor-state')?.textContent ?? '')`)

	if got := askedSlug(t, m, question); got == slug {
		t.Fatalf("the bot answered from a draft")
	}

	b.click("#publish")
	b.wait("published", `/Published/.test(document.querySelector('#editor-state')?.textContent ?? '')`)
	testenv.Eventually(t, 45*time.Second, func() bool { return askedSlug(t, m, question) == slug },
		"the bot answering with ", slug, " after publishing")

	// Publishing kept version 1 (its content did not change), so an edit
	// makes version 2; the history compares version 1 with it line by line,
	// and restoring version 1 brings its text back as version 3.
	b.click("textarea[name=body]")
	b.wait("the body selected", `(document.querySelector('textarea[name=body]').select(), true)`)
	b.typeText("Zwrot wysyłamy w ciągu **7 dni**.\nPieniądze wracają na kartę użytą do zapłaty.")
	b.click("#save")
	b.wait("version 2", `/Version 2/.test(document.querySelector('#editor-state')?.textContent ?? '')`)
	b.click(`#history button.compare[data-version="1"]`)
	var diff struct{ Added, Removed []string }
	b.decode(b.wait("the diff", `document.querySelector('#diff-out .diff') && {
added: [...document.querySelectorAll('#diff-out .add')].map((e) => e.textContent),
removed: [...document.querySelectorAll('#diff-out .del')].map((e) => e.textContent)}`), &diff)
	if strings.Join(diff.Added, "|") != "added: Zwrot wysyłamy w ciągu **7 dni**.|added: Pieniądze wracają na kartę użytą do zapłaty." ||
		strings.Join(diff.Removed, "|") != "removed: Zwrot pieniędzy za zwrócony towar wysyłamy w ciągu **5 dni roboczych** od przyjęcia paczki." {
		t.Errorf("version 1 → current: added %q, removed %q", diff.Added, diff.Removed)
	}
	b.click(`#history button.restore[data-version="1"]`)
	b.wait("restored as version 3", `/Version 3/.test(document.querySelector('#editor-state')?.textContent ?? '') &&
!document.querySelector('textarea[name=body]').value.includes('kartę')`)

	// A question the knowledge base cannot answer shows among the gaps;
	// "write an article for this" opens the editor with it as a question.
	const gap = "Czy mogę zapłacić bitcoinem?"
	askedSlug(t, m, gap)
	// A help-center reader's vote shows in the reports too.
	res, err := http.PostForm("http://"+m.Addr.String()+"/help/reset-password/vote?site=demo", url.Values{"helpful": {"no"}, "lang": {"pl"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	b.navigate("http://" + m.Addr.String() + "/admin#reports")
	// Every section drawn first: the click must not land while one above still grows.
	b.wait("the report", `document.querySelectorAll('#report .metric').length === 9 &&
document.querySelectorAll('#report figure').length === 10 && document.querySelector('#report button.write') &&
/reset-password\s+pl\s+0\s+1\s+0\.0%/.test(document.querySelector('[aria-labelledby=r-votes]')?.innerText ?? '')`)
	b.click(`#report button.write`)
	b.wait("the editor with the question", `document.querySelector('#editor-title')?.textContent === 'New article' &&
document.querySelector('textarea[name=questions]').value === `+jsString(gap))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// askedSlug asks question as a new visitor and returns the slug of the
// article the bot answered with ("" when it did not answer).
func askedSlug(t *testing.T, m *Main, question string) string {
	t.Helper()
	c := dialVisitor(t, m.Addr.String())
	c.hello("", 0)
	c.send(map[string]any{"type": "send", "client_id": "q", "text": question})
	_, meta := botReply(t, c)
	c.ws.Close()
	arts, _ := meta["articles"].([]any)
	if meta["action"] != "answer" || len(arts) == 0 {
		return ""
	}
	a, _ := arts[0].(map[string]any)
	s, _ := a["slug"].(string)
	return s
}

// browser is one headless Chromium tab.
type browser struct {
	t   *testing.T
	ctx context.Context
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := testenv.Chromium(t)
	dir := t.TempDir()
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(dir), chromedp.WindowSize(1200, 900))
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA(); os.RemoveAll(dir) })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx}
}

func (b *browser) navigate(url string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(url)); err != nil {
		b.t.Fatal(err)
	}
}

// wait polls a JavaScript expression until it is truthy (20 s at most).
func (b *browser) wait(what, expr string) json.RawMessage {
	b.t.Helper()
	js := fmt.Sprintf(`(async () => { const end = Date.now() + 20000;
for (;;) { let v; try { v = (() => (%s))(); } catch (e) { v = undefined; }
if (v) return v; if (Date.now() > end) return null; await new Promise((r) => setTimeout(r, 25)); } })()`, expr)
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil || len(raw) == 0 || string(raw) == "null" {
		text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](`document.body.innerText`))
		b.t.Fatalf("timed out waiting for %s (%v); the page shows:\n%s", what, err, text)
	}
	return raw
}

func (b *browser) decode(raw json.RawMessage, out any) {
	b.t.Helper()
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatal(err)
	}
}

// click clicks the centre of a visible element with a real mouse event.
func (b *browser) click(sel string) {
	b.t.Helper()
	var r struct{ X, Y float64 }
	raw := b.wait("clickable "+sel, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return null;
e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();
return r.width > 0 && r.height > 0 && {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`, sel))
	if err := json.Unmarshal(raw, &r); err != nil {
		b.t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(r.X, r.Y)); err != nil {
		b.t.Fatal(err)
	}
}

// fill clicks a field and types text into it as a keyboard (IME) would.
// fill replaces what the field holds (the editor prefills the language:
// typing after it made "enpl", which the API now refuses) with text.
func (b *browser) fill(sel, text string) {
	b.t.Helper()
	b.click(sel)
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](`document.activeElement.select(), true`)); err != nil {
		b.t.Fatal(err)
	}
	b.typeText(text)
}

// typeText types into the focused element, replacing its selection.
func (b *browser) typeText(text string) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		b.t.Fatal(err)
	}
}

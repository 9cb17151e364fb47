package webchat_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

// Hostile text in an article (title, collection, body) and in the audit
// log shows as the text it is; the Markdown preview builds only safe
// elements and refuses javascript: links.
func TestAdminShowsHostileTextAsText(t *testing.T) {
	srv := startConsoleServer(t)
	admin := srv.admin("root@example.com", "Root")
	ctx := context.Background()
	const title = `<img src=x onerror="window.__pwned='title'">`
	body := "<img src=x onerror=\"window.__pwned='body'\">\n\n**bold** [x](javascript:window.__pwned='link') ![i](https://example.com/x.png)"
	art, err := srv.Store.PutArticle(ctx, parley.Article{SiteID: srv.Site.ID, Slug: "evil", Language: "en", Title: title,
		Body: body, Collection: `<b onmouseover=alert(1)>c</b>`, Status: parley.ArticleDraft, UpdatedBy: admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	const detail = `{"title":"<img src=x onerror=\"window.__pwned='audit'\">"}`
	if _, err := srv.Store.RecordAudit(ctx, parley.AuditEntry{ActorID: admin.ID, Actor: "root@example.com",
		Action: "article.update", Target: art.ID, Detail: detail}); err != nil {
		t.Fatal(err)
	}
	c := openAdmin(t, srv, "root@example.com")
	row := `#kb-list a.title[href="#kb/` + art.ID + `"]`
	c.waitJS("the article in the list", `document.querySelector('`+row+`')`)
	var list struct {
		Title, Group string
		Elements     []string
	}
	c.js(`({title: document.querySelector('`+row+`').textContent,
group: [...document.querySelectorAll('#kb-list h3')].map((e) => e.textContent).find((s) => s.includes('onmouseover')) ?? '',
elements: [...document.querySelectorAll('#panel img, #panel b, #panel script')].map((e) => e.outerHTML)})`, &list)
	if list.Title != title || list.Group != `<b onmouseover=alert(1)>c</b>` || len(list.Elements) > 0 {
		t.Errorf("list: %+v", list)
	}

	// The hostile title is long and may wrap: the middle of its box can be
	// the gap between its lines, where a mouse click lands on the cell.
	c.js(`document.querySelector('`+row+`').click(), true`, nil)
	c.waitJS("the preview", `document.querySelector('#preview strong')?.textContent === 'bold'`)
	var pv struct {
		Text     string
		Elements []string
		Title    string
	}
	c.js(`({text: document.querySelector('#preview').textContent, title: document.querySelector('#editor-title').textContent,
elements: [...document.querySelectorAll('#preview *')].map((e) => e.tagName)})`, &pv)
	if pv.Title != title || !strings.Contains(pv.Text, `<img src=x onerror="window.__pwned='body'">`) {
		t.Errorf("editor: title %q, preview %q", pv.Title, pv.Text)
	}
	for _, tag := range pv.Elements {
		if tag != "P" && tag != "STRONG" && tag != "BR" {
			t.Errorf("the preview holds a %s: %q", tag, pv.Elements)
		}
	}
	// Typed Markdown renders live, still as text.
	c.click("textarea.body")
	c.key("\n")
	c.typeText(`<script>window.__pwned='typed'</script> *live*`)
	c.waitJS("the live preview", `document.querySelector('#preview em')?.textContent === 'live'`)

	c.js(`(location.hash = '#audit', true)`, nil)
	c.waitJS("the audit log", `document.querySelector('#audit-list td code.detail')`)
	var audit struct {
		Detail   string
		Elements []string
		Pwned    any
	}
	c.js(`({detail: document.querySelector('#audit-list td code.detail').textContent,
elements: [...document.querySelectorAll('#app img, #app script, #app b, #app a[href^="javascript"]')].map((e) => e.outerHTML),
pwned: window.__pwned ?? null})`, &audit)
	if audit.Detail != detail || len(audit.Elements) > 0 || audit.Pwned != nil || c.dialogs.Load() != 0 {
		t.Errorf("audit: %+v, %d dialogs", audit, c.dialogs.Load())
	}
}

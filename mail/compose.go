package mail

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/parley-chat/parley"
)

// letter is the content of one email before it is rendered.
type letter struct {
	to, lang, subject, intro string
	messages                 []parley.Message
	link, linkText, you      string
	footer                   string
	rtl                      bool
}

// author names who wrote m, as the visitor saw it.
func (l letter) author(m parley.Message) string {
	if m.Author.Kind == parley.AuthorVisitor {
		return l.you
	}
	if m.Author.Name != "" {
		return m.Author.Name
	}
	return "—"
}

// render makes the plain text and the HTML alternative. The HTML is
// simple on purpose: inline styles, no images, readable with styles off.
func (l letter) render() Message {
	var t, h strings.Builder
	t.WriteString(l.intro + "\n\n")
	dir := "ltr"
	if l.rtl {
		dir = "rtl"
	}
	fmt.Fprintf(&h, `<!doctype html><html lang="%s" dir="%s"><head><meta charset="utf-8"><title>%s</title></head>`+
		`<body style="font-family:system-ui,sans-serif;color:#111827;line-height:1.5"><p>%s</p>`,
		html.EscapeString(l.lang), dir, html.EscapeString(l.subject), html.EscapeString(l.intro))
	for _, m := range l.messages {
		who := l.author(m)
		text, body := m.Text, strings.ReplaceAll(html.EscapeString(m.Text), "\n", "<br>")
		for _, f := range files(m) {
			text += "\n📎 " + f
			body += "<br>📎 " + html.EscapeString(f)
		}
		text, body = strings.TrimPrefix(text, "\n"), strings.TrimPrefix(body, "<br>")
		fmt.Fprintf(&t, "%s (%s):\n%s\n\n", who, m.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"), text)
		fmt.Fprintf(&h, `<p><b>%s</b> <small style="color:#6b7280">%s</small><br>%s</p>`,
			html.EscapeString(who), m.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"), body)
	}
	if l.link != "" {
		fmt.Fprintf(&t, "%s: %s\n\n", l.linkText, l.link)
		fmt.Fprintf(&h, `<p><a href="%s" style="display:inline-block;padding:8px 14px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">%s</a></p>`,
			html.EscapeString(l.link), html.EscapeString(l.linkText))
	}
	t.WriteString("-- \n" + l.footer + "\n")
	fmt.Fprintf(&h, `<hr><p style="color:#6b7280;font-size:12px">%s</p></body></html>`, html.EscapeString(l.footer))
	return Message{To: []string{l.to}, Subject: l.subject, Text: t.String(), HTML: h.String()}
}

// newLetter fills the words of a reply or transcript email in language tag.
func newLetter(to, tag, siteName string, transcript bool) letter {
	code, w := wordsFor(tag)
	l := letter{to: to, lang: code, linkText: w.open, you: w.you, footer: w.footer, rtl: w.rtl}
	if transcript {
		l.subject, l.intro = fmt.Sprintf(w.transcriptSubject, siteName), fmt.Sprintf(w.transcriptIntro, siteName)
	} else {
		l.subject, l.intro = fmt.Sprintf(w.replySubject, siteName), fmt.Sprintf(w.replyIntro, siteName)
	}
	return l
}

// files names the attachments a message carries (meta.attachments), so a
// transcript lists a file sent without words instead of leaving it out.
func files(m parley.Message) []string {
	if len(m.Meta) == 0 {
		return nil
	}
	var meta struct {
		Attachments []parley.AttachmentRef `json:"attachments"`
	}
	if json.Unmarshal(m.Meta, &meta) != nil {
		return nil
	}
	var names []string
	for _, a := range meta.Attachments {
		if a.Name != "" {
			names = append(names, a.Name)
		}
	}
	return names
}

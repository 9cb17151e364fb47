package webchat

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This is static/widget/markdown.js in Go, for the help center's article
// pages: the same syntax (paragraphs, line breaks, bullet and numbered
// lists, headings, **bold**, *italics*, `code`, [links](url), backslash
// escapes) with the same edge cases, so an article reads the same in the
// widget and on /help. It writes HTML instead of DOM nodes, so every piece
// of text goes through template.HTMLEscapeString: raw HTML in an article is
// shown as text, never parsed. Images show their alt text only, and a link
// whose URL allow refuses stays plain text.
//
// One difference in output, not in syntax: a heading is a real <h2>–<h6>
// (the page's <h1> is the title), where the widget's bubbles show bold
// text.

// allowFunc returns the href to use for a link's URL, or false to leave
// the link as text.
type allowFunc func(raw string) (string, bool)

var (
	mdItem    = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s+`)
	mdOrdered = regexp.MustCompile(`^\s*\d`)
	mdHeading = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+`)
	// mdHeadingMark is what the widget strips from a heading line.
	mdHeadingMark = regexp.MustCompile(`^\s*#+\s+`)
)

func refuseAll(string) (string, bool) { return "", false }

// markdownHTML renders Markdown text as safe HTML.
//
// As in the widget, a list goes on past blank lines (a loose list) and
// takes indented or lazy lines into its last item, so "2." after a
// paragraph inside item 1 is still item 2; an ordered list keeps its
// numbers as written (start, value).
func markdownHTML(text string, allow allowFunc) template.HTML {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	open := ""                // the open top-level element: "p", "ul", "ol" or ""
	item, gap := false, false // an <li> is open; a blank line since it
	next := 0                 // the number an ordered item needs no value for
	end := func() {
		if item {
			b.WriteString("</li>")
		}
		if open != "" {
			b.WriteString("</" + open + ">")
		}
		open, item = "", false
	}
	for _, raw := range lines {
		line := strings.TrimRightFunc(raw, unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			if open == "p" {
				end()
			}
			gap = true
			continue
		}
		if loc := mdItem.FindStringIndex(line); loc != nil {
			kind, n := "ul", 0
			if mdOrdered.MatchString(line) {
				kind = "ol"
				n, _ = strconv.Atoi(strings.TrimRight(strings.TrimSpace(line[:loc[1]]), ".)"))
			}
			if item {
				b.WriteString("</li>")
				item = false
			}
			li := "<li>"
			if open != kind {
				end()
				b.WriteString("<" + kind)
				if kind == "ol" && n != 1 {
					b.WriteString(` start="` + strconv.Itoa(n) + `"`)
				}
				b.WriteString(">")
				open = kind
			} else if kind == "ol" && n != next {
				li = `<li value="` + strconv.Itoa(n) + `">`
			}
			next = n + 1
			b.WriteString(li)
			item, gap = true, false
			inline(&b, line[loc[1]:], allow, 0)
			continue
		}
		heading := mdHeading.MatchString(line)
		if item && !heading && (!gap || startsWithSpace(raw)) {
			// A continuation of the item: the next line, or an indented paragraph.
			b.WriteString("<br>")
			if gap {
				b.WriteString("<br>")
			}
			inline(&b, strings.TrimSpace(line), allow, 0)
			gap = false
			continue
		}
		gap = false
		if heading {
			end()
			m := mdHeading.FindStringSubmatch(line)
			tag := "h" + string(rune('1'+min(len(m[1]), 5)))
			b.WriteString("<" + tag + ">")
			inline(&b, mdHeadingMark.ReplaceAllString(line, ""), allow, 1)
			b.WriteString("</" + tag + ">")
			continue
		}
		if open == "p" {
			b.WriteString("<br>")
		} else {
			end()
			b.WriteString("<p>")
			open = "p"
		}
		inline(&b, line, allow, 0)
	}
	end()
	return template.HTML(b.String())
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && unicode.IsSpace(r)
}

// mdLink parses [text](url "title") at s[i] == '['; the URL may hold
// balanced parentheses, the text no brackets (an inner link wins).
func mdLink(s string, i int) (text, url string, end int, ok bool) {
	rel := strings.Index(s[i:], "](")
	if rel < 0 || strings.IndexByte(s[i:], ']') != rel || strings.Contains(s[i+1:i+rel], "[") {
		return "", "", 0, false
	}
	mid := i + rel
	closeAt := mid + 2
	for depth := 0; closeAt < len(s); closeAt++ {
		if s[closeAt] == '(' {
			depth++
		} else if s[closeAt] == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
	}
	if closeAt >= len(s) {
		return "", "", 0, false
	}
	if f := strings.Fields(s[mid+2 : closeAt]); len(f) > 0 {
		url = f[0]
	}
	return s[i+1 : mid], url, closeAt + 1, true
}

func isWord(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// at returns s[i], or 0 outside s (where the JavaScript reads undefined).
func at(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

// indexFrom is String.prototype.indexOf(sub, from).
func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	if j := strings.Index(s[from:], sub); j >= 0 {
		return from + j
	}
	return -1
}

func inline(b *strings.Builder, s string, allow allowFunc, depth int) {
	var buf strings.Builder
	flush := func() {
		b.WriteString(template.HTMLEscapeString(buf.String()))
		buf.Reset()
	}
	wrap := func(tag, inner string) {
		flush()
		b.WriteString("<" + tag + ">")
		if depth < 4 {
			inline(b, inner, allow, depth+1)
		} else {
			b.WriteString(template.HTMLEscapeString(inner))
		}
		b.WriteString("</" + tag + ">")
	}
	for i := 0; i < len(s); {
		c, n := s[i], at(s, i+1)
		if c == '\\' && n != 0 && strings.IndexByte("\\`*_[]()!#+-.<>", n) >= 0 {
			buf.WriteByte(n)
			i += 2
			continue
		}
		if c == '`' {
			if j := indexFrom(s, "`", i+1); j > i+1 {
				flush()
				b.WriteString("<code>" + template.HTMLEscapeString(s[i+1:j]) + "</code>")
				i = j + 1
				continue
			}
		}
		if (c == '*' || c == '_') && n == c {
			if j := indexFrom(s, string([]byte{c, c}), i+2); j > i+2 {
				wrap("strong", s[i+2:j])
				i = j + 2
				continue
			}
		}
		if (c == '*' || c == '_') && n != 0 && n != ' ' && n != c && (c == '*' || !isWord(at(s, i-1))) {
			j := i + 1
			for {
				j = indexFrom(s, string(c), j+1)
				if j < 0 || (at(s, j-1) != ' ' && at(s, j+1) != c && !(c == '_' && isWord(at(s, j+1)))) {
					break
				}
				if at(s, j+1) == c {
					j++
				}
			}
			if j > i+1 {
				wrap("em", s[i+1:j])
				i = j + 1
				continue
			}
		}
		if c == '!' && n == '[' {
			if text, _, end, ok := mdLink(s, i+1); ok {
				buf.WriteString(text) // images: alt text only
				i = end
				continue
			}
		}
		if c == '[' {
			if text, url, end, ok := mdLink(s, i); ok {
				if href, ok := allow(url); ok {
					flush()
					b.WriteString(`<a href="` + template.HTMLEscapeString(href) + `">`)
					inline(b, text, refuseAll, depth+1)
					b.WriteString("</a>")
				} else {
					buf.WriteString(text)
				}
				i = end
				continue
			}
		}
		buf.WriteByte(c)
		i++
	}
	flush()
}

package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-chat/parley/kb/analysis"
)

// maxPassage is the longest passage, in characters of Markdown: a chat
// bubble.
const maxPassage = 400

func length(s string) int { return utf8.RuneCountInString(s) }

// A unit is one paragraph, list item or heading of a body. One longer than
// a passage is also kept as sentences, analysed once at build.
type unit struct {
	text    string
	words   []string // analysed, for choosing the passage
	terms   analysis.Terms
	sents   []sentence
	list    bool
	heading bool
}

type sentence struct {
	text  string
	words []string
}

// splitUnits cuts a Markdown body into paragraphs, list items (with their
// indented continuation lines) and headings.
func splitUnits(body, lang string) []unit {
	var units []unit
	var cur []string
	var list bool
	flush := func() {
		if len(cur) > 0 {
			u := unit{text: strings.Join(cur, "\n"), list: list}
			if length(u.text) <= maxPassage {
				u.terms = analysis.Analyze(u.text, lang)
			} else {
				for _, s := range sentences(u.text) {
					t := analysis.Analyze(s, lang)
					u.sents = append(u.sents, sentence{s, t.Words})
					u.terms.Words = append(u.terms.Words, t.Words...)
					u.terms.Grams = append(u.terms.Grams, t.Grams...)
				}
			}
			u.words = u.terms.Words
			units = append(units, u)
			cur = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		trim := strings.TrimSpace(line)
		indented := len(line) > 0 && (line[0] == ' ' || line[0] == '\t')
		switch {
		case trim == "":
			flush()
		case strings.HasPrefix(trim, "#"):
			flush()
			list = false
			cur = []string{trim}
			flush()
			units[len(units)-1].heading = true
		case listItem(trim) && !(list && indented && len(cur) > 0 && !listItem(strings.TrimLeft(line, " \t"))):
			flush()
			list = true
			cur = []string{trim}
		default:
			if len(cur) == 0 {
				list = false
			}
			cur = append(cur, trim)
		}
	}
	flush()
	return units
}

func listItem(s string) bool {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "+ ") {
		return true
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}

// passage picks the unit that covers most of the query (IDF-weighted, a
// shared prefix counting partly for inflections the stemmer missed), the
// first paragraph when none does (the query matched the title or the
// questions: the lead says what the article is for), extends a short list
// item with the next ones, and cuts a long one to its best sentences.
func passage(d *doc, q *partQuery) string {
	best, bestScore := -1, 0.0
	for i, u := range d.units {
		if u.heading {
			continue
		}
		s := 0.0
		for j, w := range q.words {
			s += q.wordIDF[j] * matchWord(w, u.words)
		}
		if best < 0 || s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return ""
	}
	u := &d.units[best]
	if u.sents != nil {
		return bestSentences(u.sents, q)
	}
	text := u.text
	for i := best + 1; d.units[best].list && i < len(d.units) && d.units[i].list; i++ {
		if length(text)+1+length(d.units[i].text) > maxPassage {
			break
		}
		text += "\n" + d.units[i].text
	}
	return text
}

// matchWord is 1 for the word itself, 0.6 for one sharing a long prefix.
func matchWord(w string, words []string) float64 {
	m := 0.0
	for _, v := range words {
		if v == w {
			return 1
		}
		if m == 0 && prefixMatch(w, v) {
			m = 0.6
		}
	}
	return m
}

func prefixMatch(a, b string) bool {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	if n < 4 {
		return false // fewer than 4 letters in common
	}
	short := min(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	common := utf8.RuneCountInString(a[:n])
	return common >= 4 && common*3 >= short*2
}

// bestSentences returns the window of whole sentences, at most maxPassage
// long, that covers most of the query; a single longer sentence is cut at
// a word boundary outside any link, code span or emphasis.
func bestSentences(sents []sentence, q *partQuery) string {
	scores := make([]float64, len(sents))
	for i, s := range sents {
		for j, w := range q.words {
			scores[i] += q.wordIDF[j] * matchWord(w, s.words)
		}
	}
	bi, bj, bs := 0, 0, -1.0
	for i := range sents {
		s, n := 0.0, 0
		for j := i; j < len(sents) && n+length(sents[j].text) <= maxPassage; j++ {
			s, n = s+scores[j], n+length(sents[j].text)
			if s > bs {
				bi, bj, bs = i, j+1, s
			}
		}
	}
	if bj == bi {
		return cut(sents[bi].text)
	}
	var b strings.Builder
	for _, s := range sents[bi:bj] {
		b.WriteString(s.text)
	}
	return strings.TrimSpace(b.String())
}

// sentences splits text after . ! ? ։ ؟ 。 followed by a space, never
// inside a Markdown link, code span or emphasis. Each keeps its trailing
// space, so joining them restores the text.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if !strings.ContainsRune(".!?։؟。", r) || !safe(text, i) {
			continue
		}
		j := i + utf8.RuneLen(r)
		if j < len(text) && text[j] != ' ' && text[j] != '\n' || listMarker(text[start:i]) {
			continue
		}
		for j < len(text) && (text[j] == ' ' || text[j] == '\n') {
			j++
		}
		out = append(out, text[start:j])
		start = j
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// listMarker reports "1" before "1. ": not a sentence end.
func listMarker(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.TrimLeftFunc(s, unicode.IsDigit) == ""
}

// safe reports whether position i of text is outside link syntax, code
// spans and ** emphasis, so cutting there keeps the Markdown whole.
func safe(text string, i int) bool {
	link, code, em := 0, false, false
	for k := 0; k < i; k++ {
		switch c := text[k]; {
		case c == '`':
			code = !code
		case code:
		case c == '*' && k+1 < len(text) && text[k+1] == '*':
			em = !em
			k++
		case c == '[':
			link++
		case c == ')' && link > 0:
			link--
		case c == ']' && link > 0 && (k+1 >= len(text) || text[k+1] != '('):
			link--
		}
	}
	return link == 0 && !code && !em
}

// cut shortens s to at most maxPassage characters at a safe space, with "…".
func cut(s string) string {
	if length(s) <= maxPassage {
		return strings.TrimSpace(s)
	}
	lim, n := 0, 0
	for lim = range s {
		if n++; n == maxPassage {
			break
		}
	}
	last := -1
	for i := lim; i > 0; i-- {
		if s[i] == ' ' {
			if last < 0 {
				last = i
			}
			if safe(s, i) {
				return strings.TrimSpace(s[:i]) + "…"
			}
		}
	}
	if last < 0 {
		return string([]rune(s)[:maxPassage-1]) + "…"
	}
	return strings.TrimSpace(s[:last]) + "…"
}

package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPassage bounds a passage, in characters of Markdown: about 180 words,
// what a visitor reads in a chat bubble in under a minute (the widget folds
// anything over a few lines). It fits every paragraph, lead and list of the
// demo KB in all seven languages (the longest, the Russian contact-support
// list with its lead, is 720), so the answer is the part of the article
// that answers, whole, and the link gives the rest; it leaves room for a
// follow-up paragraph after the opening (see passage).
const MaxPassage = 1200

// MaxList is the hard ceiling for a list, which is given whole past
// MaxPassage because a list cut short gives wrong steps; about 15 steps of
// a typical how-to. A longer list gives the window of whole items around
// the match, with "…" where items are left out, and the link the rest.
const MaxList = 2400

func length(s string) int { return utf8.RuneCountInString(s) }

// passage picks the block (a paragraph, or a list with its lead) that covers
// most of the query, each query word counted once at its best match in the
// block (IDF-weighted, a shared prefix counting partly for inflections the
// stemmer missed) and in the heading above it; a wider block wins only by
// covering more of the query, and ties go to the earlier one. It gives the
// block's section when the block is under a heading and the section fits
// MaxPassage, else the block whole (a list up to MaxList), a long paragraph
// cut to its best sentences. With no match at all (the query matched the
// title or the questions) it is the lead.
//
// When the block chosen is a follow-up after the article's opening (its
// lead through its first list), and the opening covers at least a quarter
// of what that block does, the opening comes first: "how do I export my
// data" shares more words with "To export a single project, …" than with
// the steps, but the classifier chose the article for what it is about,
// and the steps are that. A quarter keeps the product's name alone from
// pulling the opening in; both must fit MaxPassage together.
func passage(d *doc, q *partQuery) string {
	n := len(q.words)
	m := make([]float64, len(d.units)*n) // m[u*n+j]: unit u's match of word j
	for i := range d.units {
		for j, w := range q.words {
			m[i*n+j] = matchWord(w, d.units[i].words)
		}
	}
	cover := func(head, from, to int) float64 {
		s := 0.0
		for j := range q.words {
			top := 0.0
			if head >= 0 {
				top = m[head*n+j]
			}
			for u := from; u < to; u++ {
				top = max(top, m[u*n+j])
			}
			s += q.wordIDF[j] * top
		}
		return s
	}
	best, bestScore := -1, 0.0
	for bi, b := range d.blocks {
		if s := cover(b.heading, b.from, b.to); s > bestScore {
			best, bestScore = bi, s
		}
	}
	if best < 0 {
		return lead(d.lines, d.units, d.blocks)
	}
	t := blockPassage(d, q, m, d.blocks[best])
	if end := d.open; d.blocks[best].from >= end && 4*cover(-1, 0, end) >= bestScore {
		if o := text(d.lines, d.units, 0, end); length(o)+2+length(t) <= MaxPassage && !strings.HasPrefix(t, "…") {
			return o + "\n\n" + t
		}
	}
	return t
}

// blockPassage is block b's section, the block whole, or the part of it
// that fits: see passage.
func blockPassage(d *doc, q *partQuery, m []float64, b block) string {
	if b.heading >= 0 {
		if t := text(d.lines, d.units, b.heading, sectionEnd(d.units, b.heading)); length(t) <= MaxPassage {
			return t
		}
	}
	t := text(d.lines, d.units, b.from, b.to)
	if length(t) <= MaxPassage || b.list && length(t) <= MaxList {
		return t
	}
	if b.list {
		return listWindow(d.lines, d.units, b, bestUnit(m, len(q.words), q, b), q)
	}
	return bestSentences(d.units[b.from].sents, q)
}

// sectionEnd is the unit after heading h's section: the next heading of
// the same or a higher level.
func sectionEnd(units []unit, h int) int {
	for i := h + 1; i < len(units); i++ {
		if units[i].heading > 0 && units[i].heading <= units[h].heading {
			return i
		}
	}
	return len(units)
}

// bestUnit is the list unit of b that covers most of the query.
func bestUnit(m []float64, n int, q *partQuery, b block) int {
	best, bs := -1, -1.0
	for u := b.from; u < b.to; u++ {
		s := 0.0
		for j := range n {
			s += q.wordIDF[j] * m[u*n+j]
		}
		if s > bs {
			best, bs = u, s
		}
	}
	return best
}

// listWindow returns as much of an over-long list as fits MaxList, whole
// units only: from its start (with the lead when it fits) if that reaches
// unit at, else from the item at, then back while there is room; "…" marks
// the items left out.
func listWindow(lines []string, units []unit, b block, at int, q *partQuery) string {
	first := b.from
	if b.lead {
		first++
	}
	size := func(from, to int) int { return length(text(lines, units, from, to)) }
	at = max(at, first)
	from := first
	if b.lead && size(b.from, at+1) <= MaxList {
		from = b.from
	} else if size(first, at+1) > MaxList {
		from = at
		for from > first && !listItem(units[from].text) {
			from-- // start on an item, not its continuation
		}
	}
	if size(from, from+1) > MaxList {
		if units[from].sents != nil && q != nil {
			return bestSentences(units[from].sents, q)
		}
		return cut(units[from].text)
	}
	to := from + 1
	for to < b.to && size(from, to+1) <= MaxList-6 {
		to++
	}
	for from > first && size(from-1, to) <= MaxList-6 {
		from-- // the list's end is reached: room for the steps before
	}
	t := text(lines, units, from, to)
	if from > first {
		t = "…\n\n" + t
	}
	if to < b.to {
		t += "\n\n…"
	}
	return t
}

// matchWord is 1 for the word itself, 0.6 for one sharing a long prefix,
// 0.5 for one containing the other past a prefix (Slavic verbs take
// prefixes the stemmer keeps: wy|eksportować, вы|грузить, iz|vesti).
func matchWord(w string, words []string) float64 {
	m := 0.0
	for _, v := range words {
		if v == w {
			return 1
		}
		if m < 0.6 && prefixMatch(w, v) {
			m = 0.6
		} else if m == 0 && contained(w, v) {
			m = 0.5
		}
	}
	return m
}

// contained reports a word of at least 5 letters inside the other, which
// is at most 3 letters longer at its start.
func contained(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i := strings.Index(b, a)
	return i > 0 && utf8.RuneCountInString(a) >= 5 && utf8.RuneCountInString(b[:i]) <= 3
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

// bestSentences returns the window of whole sentences, at most MaxPassage
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
		for j := i; j < len(sents) && n+length(sents[j].text) <= MaxPassage; j++ {
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

// cut shortens s to at most MaxPassage characters at a safe space, with "…".
func cut(s string) string {
	if length(s) <= MaxPassage {
		return strings.TrimSpace(s)
	}
	lim, n := 0, 0
	for lim = range s {
		if n++; n == MaxPassage {
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
		return string([]rune(s)[:MaxPassage-1]) + "…"
	}
	return strings.TrimSpace(s[:last]) + "…"
}

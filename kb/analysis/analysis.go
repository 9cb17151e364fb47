// Package analysis turns knowledge-base text and visitor questions into
// search terms, per language: English, Russian, Polish, Serbian, Armenian,
// Persian and Kazakh get folding, stop words and a light suffix stemmer;
// any other language gets the language-neutral part (folding, segmentation
// and character trigrams), which is what carries it.
//
// Folding is shared by every language so that a query and an article meet
// whatever the visitor's keyboard: lower case, Latin diacritics removed
// (ł→l, đ→dj), ё→е, the Kazakh letters ә ғ қ ң ө ұ ү һ і written as their
// Russian look-alikes, Arabic letter variants as Persian (ي→ی, ك→ک, ة→ه,
// أ→ا), ZWNJ, tatweel and Arabic diacritics dropped, Persian and Arabic
// digits as ASCII. Serbian is indexed in Latin without diacritics, so
// Cyrillic and Latin are one language. A case suffix hyphenated to a word in
// another script ("CSV-ге", "Slack-ին") is dropped, and the Persian verb
// prefixes می/نمی written apart are joined to their verb.
//
// Words are runs of letters, marks and digits (apostrophes inside a word are
// dropped: "can't" = "cant"); scripts written without spaces (Han, kana,
// Thai…) are split into character bigrams. Grams are the character
// trigrams of each unstemmed word with its boundaries, packed in a uint64:
// they match inflections no stemmer knows, typos and unknown languages.
package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terms is the analysis of one text.
type Terms struct {
	Words []string // stemmed words without stop words, in text order
	Grams []uint64 // boundary-padded trigrams of those words, unstemmed
}

// Base returns the base language of a BCP 47 tag: "sr-Latn" → "sr".
func Base(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// Analyze returns the terms of text in language lang (a base code; "" or an
// unknown language gets the language-neutral analysis).
func Analyze(text, lang string) Terms {
	var t Terms
	AppendTerms(&t, text, lang)
	return t
}

// AppendTerms appends the terms of text to t, reusing its capacity.
func AppendTerms(t *Terms, text, lang string) {
	if strings.ContainsAny(text, "/@") {
		text = stripLinks(text)
	}
	var buf [64]byte
	var rs [32]rune
	a := analyzer{sr: lang == "sr", stop: stops[lang], stem: stemmers[lang], out: t, cur: buf[:0], runes: rs[:0]}
	a.run(text)
}

type analyzer struct {
	sr     bool // Serbian: Cyrillic is read as Latin
	stop   map[string]bool
	stem   func(string) string
	out    *Terms
	cur    []byte // the word being read, folded, UTF-8
	dense  []byte // a run of a script without spaces
	runes  []rune // scratch for trigrams
	prev   int    // script of the last word, for hyphenated suffixes
	hyphen bool   // the current word follows a hyphen
	glue   bool   // the current word starts with a Persian prefix
}

func (a *analyzer) run(text string) {
	for _, r := range text {
		switch {
		case wordRune(r) && !dense(r):
			a.flushDense()
			a.cur = appendFolded(a.cur, r, a.sr)
			continue
		case dense(r):
			a.flush()
			a.dense = appendFolded(a.dense, r, a.sr)
			continue
		case joiner(r):
			continue // inside words: joined
		}
		a.flush()
		a.flushDense()
		if r == '-' || r == '‐' {
			a.hyphen = true
		} else if r != ' ' && !unicode.IsSpace(r) {
			a.prev = -1
		}
	}
	a.glue = false
	a.flush()
	a.flushDense()
}

func (a *analyzer) flush() {
	w := a.cur
	if len(w) == 0 {
		return
	}
	hyphen := a.hyphen
	a.hyphen = false
	if !a.glue && (string(w) == "می" || string(w) == "نمی") {
		a.glue = true // keep reading into the same word
		return
	}
	a.glue = false
	a.cur = a.cur[:0]
	first, _ := utf8.DecodeRune(w)
	last, _ := utf8.DecodeLastRune(w)
	sc, prev := script(first), a.prev
	a.prev = script(last)
	if hyphen && prev >= 0 && prev != sc && sc > 1 && utf8.RuneCount(w) <= 5 {
		return // "CSV-ге": a case suffix, not a word
	}
	if a.stop[string(w)] {
		return
	}
	a.grams(w)
	word := string(w)
	if a.stem != nil {
		word = a.stem(word)
	}
	a.out.Words = append(a.out.Words, word)
}

func (a *analyzer) flushDense() {
	d := a.dense
	if len(d) == 0 {
		return
	}
	a.dense = a.dense[:0]
	a.grams(d)
	rs := a.runes
	if len(rs) == 1 {
		a.out.Words = append(a.out.Words, string(rs))
	}
	for i := 0; i+1 < len(rs); i++ {
		a.out.Words = append(a.out.Words, string(rs[i:i+2]))
	}
}

// grams appends the trigrams of ^w$ (a one-letter word is one gram) and
// leaves w's runes in a.runes.
func (a *analyzer) grams(w []byte) {
	rs := a.runes[:0]
	for len(w) > 0 {
		r, n := utf8.DecodeRune(w)
		rs, w = append(rs, r), w[n:]
	}
	a.runes = rs
	g := a.out.Grams
	if len(rs) == 1 {
		a.out.Grams = append(g, pack(begin, rs[0], end))
		return
	}
	g = append(g, pack(begin, rs[0], rs[1]))
	for i := 0; i+2 < len(rs); i++ {
		g = append(g, pack(rs[i], rs[i+1], rs[i+2]))
	}
	a.out.Grams = append(g, pack(rs[len(rs)-2], rs[len(rs)-1], end))
}

// stripLinks blanks link targets, URLs, paths and e-mail addresses: a body's
// "see /help/contact-support" is not about contacting support, and makes
// the words of every slug common.
func stripLinks(text string) string {
	b := []byte(text)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == ']' && b[i+1] == '(' {
			for i++; i < len(b) && b[i] != ')'; i++ {
				b[i] = ' '
			}
		}
	}
	for i := 0; i < len(b); i++ {
		if b[i] == ' ' || b[i] == '\n' || b[i] == '\t' {
			continue
		}
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\n' && b[j] != '\t' {
			j++
		}
		f := string(b[i:j])
		f = strings.TrimLeft(f, "([`*\"'«„")
		if strings.HasPrefix(f, "/") || strings.Contains(f, "://") || strings.HasPrefix(f, "www.") ||
			strings.Contains(f, "@") && strings.Contains(f, ".") {
			for k := i; k < j; k++ {
				b[k] = ' '
			}
		}
		i = j
	}
	return string(b)
}

// joiner reports characters that sit inside words: apostrophes, ZWNJ, soft
// hyphens, tatweel and the Armenian stress and question marks ("ինչպե՞ս").
func joiner(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '\u200c', '\u200d', '\u00ad', 'ـ', '՛', '՜', '՞':
		return true
	}
	return false
}

// Boundary marks for trigrams: outside any script.
const (
	begin = 0x10FFFE
	end   = 0x10FFFF
)

func pack(a, b, c rune) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

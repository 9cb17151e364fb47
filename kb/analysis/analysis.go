// Package analysis turns knowledge-base text and visitor questions into
// search terms, per language: English, Russian, Polish, Serbian, Armenian,
// Persian and Kazakh get stop words and a light suffix stemmer; any other
// language gets the language-neutral part (folding, segmentation and
// character trigrams), which is what carries it.
//
// Folding and words are package textfold's, under the language's policy
// (textfold.For), so that a query and an article meet whatever the
// visitor's keyboard: lower case, Latin diacritics removed (ł→l, đ→dj),
// ё→е, the Kazakh letters ә ғ қ ң ө ұ ү һ і written as their Russian
// look-alikes, Arabic letter variants as Persian (ي→ی, ك→ک, ة→ه, أ→ا),
// ZWNJ, tatweel and Arabic diacritics dropped, all digits as ASCII, and a
// detached Persian verb prefix می/نمی joined to its verb. Serbian is
// indexed in Latin without diacritics, so Cyrillic and Latin are one
// language. Here, a case suffix hyphenated to a word in another script
// ("CSV-ге", "Slack-ին") is dropped.
//
// Words are textfold's tokens (apostrophes inside a word are dropped:
// "can't" = "cant"); scripts written without spaces (Han, kana, Thai…)
// are split into character bigrams. Grams are the character trigrams of
// each unstemmed word with its boundaries, packed in a uint64: they match
// inflections no stemmer knows, typos and unknown languages.
package analysis

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/parley-chat/parley/internal/textfold"
)

// Terms is the analysis of one text.
type Terms struct {
	Words []string // stemmed words without stop words, in text order
	Grams []uint64 // boundary-padded trigrams of those words, unstemmed
}

// Base returns the base language of a BCP 47 tag: "sr-Latn" → "sr".
func Base(tag string) string { return textfold.Base(tag) }

// Analyze returns the terms of text in language lang (a base code; "" or an
// unknown language gets the language-neutral analysis).
func Analyze(text, lang string) Terms {
	var t Terms
	AppendTerms(&t, text, lang)
	return t
}

// scratch is the working memory of AppendTerms, pooled.
type scratch struct {
	buf   []byte
	toks  []textfold.Token
	runes []rune
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// AppendTerms appends the terms of text to t, reusing its capacity.
func AppendTerms(t *Terms, text, lang string) {
	if strings.ContainsAny(text, "/@") {
		text = stripLinks(text)
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.buf, s.toks = textfold.For(lang).AppendTokens(s.buf[:0], s.toks[:0], text)
	stop, stem := stops[lang], stemmers[lang]
	for i, tk := range s.toks {
		w := s.buf[tk.Start:tk.End]
		if tk.Dense {
			s.grams(t, w)
			rs := s.runes
			if len(rs) == 1 {
				t.Words = append(t.Words, string(rs))
			}
			for i := 0; i+1 < len(rs); i++ {
				t.Words = append(t.Words, string(rs[i:i+2]))
			}
			continue
		}
		if tk.Hyphen && !s.toks[i-1].Dense && suffix(s.buf[s.toks[i-1].Start:s.toks[i-1].End], w) {
			continue // "CSV-ге": a case suffix, not a word
		}
		if stop[string(w)] {
			continue
		}
		s.grams(t, w)
		word := string(w)
		if stem != nil {
			word = stem(word)
		}
		t.Words = append(t.Words, word)
	}
}

// suffix reports a short word in another script than the word it is
// hyphenated to: "CSV-ге", "Slack-ին".
func suffix(prev, w []byte) bool {
	last, _ := utf8.DecodeLastRune(prev)
	first, _ := utf8.DecodeRune(w)
	sc := script(first)
	return script(last) != sc && sc > 1 && utf8.RuneCount(w) <= 5
}

// grams appends the trigrams of ^w$ (a one-letter word is one gram) to t
// and leaves w's runes in s.runes.
func (s *scratch) grams(t *Terms, w []byte) {
	rs := s.runes[:0]
	for len(w) > 0 {
		r, n := utf8.DecodeRune(w)
		rs, w = append(rs, r), w[n:]
	}
	s.runes = rs
	g := t.Grams
	if len(rs) == 1 {
		t.Grams = append(g, pack(begin, rs[0], end))
		return
	}
	g = append(g, pack(begin, rs[0], rs[1]))
	for i := 0; i+2 < len(rs); i++ {
		g = append(g, pack(rs[i], rs[i+1], rs[i+2]))
	}
	t.Grams = append(g, pack(rs[len(rs)-2], rs[len(rs)-1], end))
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

// script is a coarse script class, used to drop a case suffix hyphenated to
// a word in another script ("CSV-ге", "Slack-ին"): the suffix means nothing.
func script(r rune) int {
	switch {
	case r < 0x250:
		if r >= '0' && r <= '9' {
			return 0
		}
		return 1
	case r >= 0x400 && r < 0x530:
		return 2
	case r >= 0x530 && r < 0x590:
		return 3
	case r >= 0x600 && r < 0x700:
		return 4
	}
	return 5
}

// Boundary marks for trigrams: outside any script.
const (
	begin = 0x10FFFE
	end   = 0x10FFFF
)

func pack(a, b, c rune) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

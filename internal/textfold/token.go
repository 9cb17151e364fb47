package textfold

import (
	"unicode"
	"unicode/utf8"
)

// A Token is one word of folded text: buf[Start:End] of the buffer
// AppendTokens filled.
type Token struct {
	Start, End int32
	// Dense: a run of a script written without spaces (Han, kana, Thai…),
	// which callers may split further.
	Dense bool
	// Hyphen: only hyphens and spaces, at least one hyphen, stand between
	// this token and the one before.
	Hyphen bool
}

// Character classes of folded runes.
const (
	clSep    = iota // punctuation, symbols
	clSpace         // white space
	clHyphen        // - ‐ ‑
	clWord          // letters and digits
	clDense         // letters of scripts written without spaces
	clMark          // marks: continue the token they follow
)

var asciiClass = func() (t [0x80]uint8) {
	for r := range rune(0x80) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			t[r] = clWord
		case r == '-':
			t[r] = clHyphen
		case r == ' ', r >= '\t' && r <= '\r':
			t[r] = clSpace
		}
	}
	return t
}()

func isMn(r rune) bool { return r >= 0x300 && unicode.Is(unicode.Mn, r) }

// classOf classifies a folded rune.
func classOf(r rune) uint8 {
	switch {
	case r < 0x80:
		return asciiClass[r]
	case r >= 0x400 && r <= 0x52F:
		switch {
		case r == 0x482: // ҂, the Cyrillic thousands sign
			return clSep
		case r >= 0x483 && r <= 0x489:
			return clMark
		}
		return clWord
	case r >= 0x531 && r <= 0x556, r >= 0x561 && r <= 0x587, r >= 0x620 && r <= 0x64A:
		return clWord
	case r == 'ー':
		return clDense
	case r == '‐', r == '‑':
		return clHyphen
	}
	if unicode.IsMark(r) {
		return clMark
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		if r >= 0xE00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai,
			unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan) {
			return clDense
		}
		return clWord
	}
	if unicode.IsSpace(r) {
		return clSpace
	}
	return clSep
}

// tokenizer is the state of AppendTokens.
type tokenizer struct {
	f      folder
	buf    []byte
	toks   []Token
	first  int  // where this call's text starts in buf
	nToks  int  // tokens before this call
	open   bool // a token is being read
	dense  bool // it is Dense
	start  int
	linked bool // its Hyphen
	glue   bool // the open token is a Persian verb prefix waiting for its verb
	hyphen bool // a hyphen since the last token
	other  bool // another separator since the last token
}

// AppendTokens folds text by p and appends its tokens to toks and their
// text to buf, one space before each token but the first of the call.
func (p *Policy) AppendTokens(buf []byte, toks []Token, text string) ([]byte, []Token) {
	t := tokenizer{f: folder{p: p}, buf: buf, toks: toks, first: len(buf), nToks: len(toks)}
	glue := p.folds&Glue != 0
	for _, r := range text {
		if r < 0x80 {
			// ASCII: no fold but case and apostrophes.
			if r == '\'' {
				continue
			}
			c := asciiClass[r]
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			t.f.last = r
			if c == clWord && t.open && !t.dense && !t.glue || t.step(r, c, glue) {
				t.buf = append(t.buf, byte(r))
			}
			continue
		}
		if r < tabLen {
			if e := &p.tab[r]; !e.mark && e.single {
				t.f.last = e.last
				if e.class == clWord && t.open && !t.dense && !t.glue || t.step(e.last, e.class, glue) {
					t.buf = append(t.buf, e.out...)
				}
				continue
			}
		}
		// Fold into buf (no copy of the folder escapes), then take the
		// folded runes back out one by one.
		n := len(t.buf)
		t.buf = t.f.fold(t.buf, r)
		var tmp [64]byte
		out := tmp[:copy(tmp[:], t.buf[n:])]
		if len(out) < len(t.buf)-n {
			out = append([]byte(nil), t.buf[n:]...)
		}
		t.buf = t.buf[:n]
		for len(out) > 0 {
			q, size := utf8.DecodeRune(out)
			if t.step(q, classOf(q), glue) {
				t.buf = append(t.buf, out[:size]...)
			}
			out = out[size:]
		}
	}
	t.end(false)
	return t.buf, t.toks
}

// step takes one folded rune of class c and reports whether it belongs to
// a token (then the caller appends it to buf).
func (t *tokenizer) step(q rune, c uint8, glue bool) bool {
	switch c {
	case clMark:
		if !t.open {
			t.begin(false)
		}
		return true
	case clWord, clDense:
		d := c == clDense
		if t.glue {
			if !d && q >= 0x620 && q <= 0x6FF {
				t.glue = false // the verb: read on into the same token
				return true
			}
			t.end(false)
		}
		if t.open && t.dense != d {
			t.end(false)
		}
		if !t.open {
			t.begin(d)
		}
		return true
	}
	if t.open && !t.glue {
		t.end(glue)
	}
	switch c {
	case clHyphen:
		t.hyphen = true
	case clSep:
		t.other = true
	}
	return false
}

func (t *tokenizer) begin(dense bool) {
	if len(t.buf) > t.first {
		t.buf = append(t.buf, ' ')
	}
	t.open, t.dense, t.start = true, dense, len(t.buf)
	t.linked = len(t.toks) > t.nToks && t.hyphen && !t.other
	t.hyphen, t.other = false, false
}

// end closes the open token; with glue, a Persian verb prefix stays open
// for its verb.
func (t *tokenizer) end(glue bool) {
	if !t.open {
		return
	}
	w := t.buf[t.start:]
	if glue && !t.dense && (string(w) == "می" || string(w) == "نمی") {
		t.glue = true
		return
	}
	t.toks = append(t.toks, Token{Start: int32(t.start), End: int32(len(t.buf)), Dense: t.dense, Hyphen: t.linked})
	t.open, t.glue = false, false
}

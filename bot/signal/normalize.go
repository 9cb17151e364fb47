package signal

import (
	"unicode"
	"unicode/utf8"
)

// A stream is a message reduced to comparable tokens: lower case, Latin
// diacritics folded (visitors skip them), Russian ё and the Kazakh letters
// folded to their Russian look-alikes (Kazakh is often typed without them),
// Persian/Arabic letter variants unified, ZWNJ and diacritics dropped, and
// the Persian verb prefixes می/نمی glued to their verb.
type stream struct {
	buf  []byte
	toks []span
}

type span struct{ start, end int32 }

func (s *stream) tok(i int) []byte { return s.buf[s.toks[i].start:s.toks[i].end] }

func (s *stream) reset() { s.buf, s.toks = s.buf[:0], s.toks[:0] }

// fold maps single runes; a zero rune drops the character.
var fold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ą': 'a', 'ă': 'a',
	'ć': 'c', 'č': 'c', 'ç': 'c', 'ď': 'd', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'ę': 'e', 'ě': 'e', 'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ı': 'i', 'ł': 'l',
	'ń': 'n', 'ň': 'n', 'ñ': 'n', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ő': 'o', 'ř': 'r', 'ś': 's', 'š': 's', 'ş': 's', 'ș': 's', 'ť': 't', 'ț': 't',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ů': 'u', 'ű': 'u', 'ý': 'y', 'ÿ': 'y',
	'ź': 'z', 'ż': 'z', 'ž': 'z',
	'ё': 'е', 'ә': 'а', 'ғ': 'г', 'қ': 'к', 'ң': 'н', 'ө': 'о', 'ұ': 'у', 'ү': 'у',
	'һ': 'х', 'і': 'и',
	'ي': 'ی', 'ى': 'ی', 'ئ': 'ی', 'ك': 'ک', 'ة': 'ه', 'ۀ': 'ه', 'أ': 'ا', 'إ': 'ا',
	'آ': 'ا', 'ٱ': 'ا', 'ؤ': 'و', 'ـ': 0, '\u200c': 0, '\u200d': 0,
	'՛': 0, '՜': 0, '՞': 0, // Armenian stress and question marks sit inside words
	'’': '\'', 'ʼ': '\'',
}

// foldTab is fold as an array over the ranges that need speed (Latin,
// Cyrillic, Armenian, Arabic): 0 keeps the rune, -1 drops it.
var foldTab = func() (t [0x700]rune) {
	for r, f := range fold {
		if r < 0x700 {
			t[r] = f
			if f == 0 {
				t[r] = -1
			}
		}
	}
	return t
}()

// lower is unicode.ToLower with fast paths for Cyrillic and Armenian.
func lower(r rune) rune {
	switch {
	case r >= 0x410 && r <= 0x42F:
		return r + 0x20
	case r >= 0x400 && r <= 0x40F:
		return r + 0x50
	case r >= 0x531 && r <= 0x556:
		return r + 0x30
	case r >= 0x430 && r <= 0x45F, r >= 0x561 && r <= 0x587, r >= 0x600 && r <= 0x6FF:
		return r
	}
	return unicode.ToLower(r)
}

// multi maps runes that expand to two.
var multi = map[rune]string{'đ': "dj", 'ß': "ss", 'և': "եվ"}

// serbian transliterates (already folded) Serbian Cyrillic to folded Latin,
// so one cue list serves both scripts.
var serbian = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "dj", 'е': "e", 'ж': "z",
	'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n",
	'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'ћ': "c", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "c", 'ч': "c", 'џ': "dz", 'ш': "s",
}

func wordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\''
	}
	if r >= 0x430 && r <= 0x4FF || r >= 0x561 && r <= 0x587 || r >= 0x620 && r <= 0x64A || r >= 0x671 && r <= 0x6D3 {
		return true // lower-case Cyrillic, Armenian, Arabic letters
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// normalize appends the tokens of text to s and reports whether it saw
// Cyrillic (then a Serbian-Latin stream is worth building).
func (s *stream) normalize(text string) (cyrillic bool) {
	in, glue := false, false
	start := len(s.buf)
	end := func(final bool) {
		if !in {
			return
		}
		if b := s.buf[start:]; !final && (string(b) == "می" || string(b) == "نمی") {
			glue = true // Persian verb prefix written apart: join it to the verb
			in = false
			return
		}
		in = false
		for len(s.buf) > start && s.buf[len(s.buf)-1] == '\'' {
			s.buf = s.buf[:len(s.buf)-1]
		}
		if len(s.buf) > start {
			s.toks = append(s.toks, span{int32(start), int32(len(s.buf))})
		}
		s.buf = append(s.buf, ' ')
	}
	for _, r := range text {
		if r >= 0x80 {
			r = lower(r)
			f, ok := foldTab[min(r, 0x6FF)], false
			if r >= 0x700 {
				f, ok = fold[r]
				if ok && f == 0 {
					f = -1
				}
			}
			if f == -1 {
				continue
			}
			if f != 0 {
				r = f
			} else if r >= 0x6F0 && r <= 0x6F9 || r >= 0x660 && r <= 0x669 { // Persian/Arabic digits
				r = '0' + (r & 0xF)
			} else if r >= 0x64B && r <= 0x65F || r == 0x670 { // harakat
				continue
			}
		} else if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if !wordRune(r) || (r == '\'' && !in) {
			end(false)
			continue
		}
		if !in {
			in = true
			if !glue {
				start = len(s.buf)
			}
			glue = false
		}
		if r >= 0x400 && r <= 0x4FF {
			cyrillic = true
		}
		if r < 0x80 {
			s.buf = append(s.buf, byte(r))
		} else if r == 'đ' || r == 'ß' || r == 'և' {
			s.buf = append(s.buf, multi[r]...)
		} else {
			s.buf = utf8.AppendRune(s.buf, r)
		}
	}
	if glue {
		in = true
	}
	end(true)
	return cyrillic
}

// transliterate fills s with src in Serbian Latin; tokens keep their index.
func (s *stream) transliterate(src *stream) {
	s.reset()
	for _, t := range src.toks {
		start := len(s.buf)
		for _, r := range string(src.buf[t.start:t.end]) { // no allocation: range over a conversion
			if l, ok := serbian[r]; ok {
				s.buf = append(s.buf, l...)
			} else {
				s.buf = utf8.AppendRune(s.buf, r)
			}
		}
		s.toks = append(s.toks, span{int32(start), int32(len(s.buf))})
		s.buf = append(s.buf, ' ')
	}
}

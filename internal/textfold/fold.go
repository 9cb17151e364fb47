package textfold

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold is a set of folds (see the package doc).
type Fold uint16

const (
	Compat Fold = 1 << iota
	Marks
	Letters
	Yo
	Kazakh
	Persian
	Armenian
	Digits
	Glue
	SerbianLatin
	CyrillicLatin
)

// Replacement tables, applied to lower-case runes. A replacement is folded
// again, so folds chain (қ → к → k under CyrillicLatin).
var (
	letters = map[rune]string{
		'ł': "l", 'đ': "dj", 'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ı': "i",
		'þ': "th", 'ð': "d",
	}
	kazakh = map[rune]string{
		'ә': "а", 'ғ': "г", 'қ': "к", 'ң': "н", 'ө': "о", 'ұ': "у", 'ү': "у", 'һ': "х", 'і': "и",
	}
	persian = map[rune]string{
		'ي': "ی", 'ى': "ی", 'ئ': "ی", 'ك': "ک", 'ة': "ه", 'ۀ': "ه", 'أ': "ا", 'إ': "ا",
		'آ': "ا", 'ٱ': "ا", 'ؤ': "و",
	}
	// serbian is Serbian's official Cyrillic-Latin table with the Latin
	// diacritics folded (Marks would fold them anyway).
	serbian = map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "dj", 'е': "e", 'ж': "z",
		'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n",
		'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'ћ': "c", 'у': "u",
		'ф': "f", 'х': "h", 'ц': "c", 'ч': "c", 'џ': "dz", 'ш': "s",
	}
	// cyrillic adds the letters of Russian, Ukrainian and Kazakh that
	// Serbian lacks (Kazakh's are only reached without the Kazakh fold).
	cyrillic = map[rune]string{
		'щ': "sc", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju", 'я': "ja", 'ё': "e",
		'й': "j", 'є': "je", 'і': "i", 'ї': "ji", 'ґ': "g", 'ў': "u",
		'ә': "ae", 'ғ': "g", 'қ': "q", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h",
	}
)

// joiner reports the characters that sit inside words and are dropped:
// apostrophes, ZWNJ, ZWJ, soft hyphen, tatweel and the Armenian stress and
// question marks.
func joiner(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '\u200c', '\u200d', '\u00ad', 'ـ', '՛', '՜', '՞':
		return true
	}
	return false
}

// Lower is unicode.ToLower with fast paths for ASCII, Cyrillic and
// Armenian, and for scripts without case.
func Lower(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + 'a' - 'A'
	case r < 0x80, r >= 0x430 && r <= 0x45F, r >= 0x561 && r <= 0x587, r >= 0x5D0 && r <= 0x6FF:
		return r
	case r >= 0x410 && r <= 0x42F:
		return r + 0x20
	case r >= 0x400 && r <= 0x40F:
		return r + 0x50
	case r >= 0x531 && r <= 0x556:
		return r + 0x30
	}
	return unicode.ToLower(r)
}

// tabLen covers the scripts most text is in (Latin, Greek, Cyrillic,
// Armenian, Hebrew, Arabic): their runes are folded by table lookup.
const tabLen = 0x700

// entry is the fold of one rune below tabLen: out (empty: dropped), the
// last rune of out, and whether the rune is a combining mark, whose fate
// depends on what precedes it.
type entry struct {
	out    string
	last   rune
	mark   bool
	single bool  // out is one rune, last
	class  uint8 // its class
}

// folder folds runes one at a time; last is the last rune it emitted
// (combining marks aside), 0 at the start.
type folder struct {
	p    *Policy
	last rune
}

// fold appends the folded form of r to dst.
func (f *folder) fold(dst []byte, r rune) []byte {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		} else if r == '\'' {
			return dst
		}
		f.last = r
		return append(dst, byte(r))
	}
	if r < tabLen && f.p.tab != nil {
		e := &f.p.tab[r]
		if e.mark {
			return f.mark(dst, r)
		}
		if e.out != "" {
			f.last = e.last
		}
		return append(dst, e.out...)
	}
	return f.slow(dst, r)
}

// slow is fold without the table; the table is made with it.
func (f *folder) slow(dst []byte, r rune) []byte {
	if joiner(r) {
		return dst
	}
	if unicode.Is(unicode.Mn, r) {
		return f.mark(dst, r)
	}
	r = Lower(r)
	if s, ok := f.p.replace(r); ok {
		for _, q := range s {
			dst = f.fold(dst, q)
		}
		return dst
	}
	fs := f.p.folds
	isCyr := r >= 0x400 && r < 0x530
	if fs&(Compat|Marks) != 0 && (!isCyr || fs&CyrillicLatin != 0) {
		var b [utf8.UTFMax]byte
		n := utf8.EncodeRune(b[:], r)
		if norm.NFKD.Properties(b[:n]).Decomposition() != nil {
			// Compatibility forms become what they stand for, composed
			// (パ stays パ); then diacritics of Latin and Greek letters go.
			if fs&Compat != 0 {
				if c, ok := compatForm(r); ok {
					for _, q := range c {
						dst = f.fold(dst, q)
					}
					return dst
				}
			}
			if d := norm.NFD.Properties(b[:n]).Decomposition(); fs&Marks != 0 && d != nil {
				if base, _ := utf8.DecodeRune(d); base < 0x530 || base >= 0x1E00 && base < 0x2000 {
					for _, q := range string(d) {
						dst = f.fold(dst, q)
					}
					return dst
				}
			}
		}
	}
	if fs&Digits != 0 && unicode.IsDigit(r) {
		if v := digitValue(r); v >= 0 {
			f.last = '0' + rune(v)
			return append(dst, byte('0'+v))
		}
	}
	f.last = r
	return utf8.AppendRune(dst, r)
}

// mark folds a nonspacing mark: Arabic harakat go with Persian; with Marks
// every mark of the Combining Diacritical Marks block goes, and any mark
// after a Latin, Greek or Cyrillic letter or not after a letter at all
// (Indic vowel signs and the like are letters, not accents: kept).
func (f *folder) mark(dst []byte, r rune) []byte {
	fs := f.p.folds
	if fs&Persian != 0 && (r >= 0x64B && r <= 0x65F || r == 0x670) {
		return dst
	}
	if fs&Marks != 0 && (r >= 0x300 && r <= 0x36F || f.last < 0x530 || classOf(f.last) <= clHyphen) {
		return dst
	}
	return utf8.AppendRune(dst, r)
}

// replace looks r up in the replacement tables of p's folds.
func (p *Policy) replace(r rune) (string, bool) {
	fs := p.folds
	if r < 0x250 {
		if fs&Letters != 0 {
			if s, ok := letters[r]; ok {
				return s, true
			}
		}
		return "", false
	}
	if r >= 0x400 && r < 0x530 {
		if fs&Yo != 0 && r == 'ё' {
			return "е", true
		}
		if fs&Kazakh != 0 {
			if s, ok := kazakh[r]; ok {
				return s, true
			}
		}
		if fs&(SerbianLatin|CyrillicLatin) != 0 {
			if s, ok := serbian[r]; ok {
				return s, true
			}
		}
		if fs&CyrillicLatin != 0 {
			if s, ok := cyrillic[r]; ok {
				return s, true
			}
		}
		return "", false
	}
	if r == 'և' && fs&Armenian != 0 {
		return "եվ", true
	}
	if fs&Persian != 0 {
		if s, ok := persian[r]; ok {
			return s, true
		}
	}
	return "", false
}

// compat holds NFKC(r) for the runes from tabLen on that it changes,
// made on first need (about 5,000 runes; the table's are made by newPolicy).
var compat struct {
	once sync.Once
	m    map[rune]string
}

// compatForm returns NFKC(r) if it is not r.
func compatForm(r rune) (string, bool) {
	if r < tabLen {
		c := norm.NFKC.String(string(r))
		return c, c != string(r)
	}
	compat.once.Do(func() {
		compat.m = map[rune]string{}
		var b [utf8.UTFMax]byte
		for q := rune(tabLen); q < 0x2FA20; q++ {
			if q >= 0xD800 && q < 0xE000 || q >= 0x20000 && q < 0x2F800 {
				continue // surrogates; CJK extensions, which decompose nowhere
			}
			n := utf8.EncodeRune(b[:], q)
			if norm.NFKD.Properties(b[:n]).Decomposition() == nil {
				continue
			}
			if c := norm.NFKC.String(string(b[:n])); c != string(b[:n]) {
				compat.m[q] = c
			}
		}
	})
	c, ok := compat.m[r]
	return c, ok
}

// digitValue maps a decimal digit of any script to its value: Unicode
// lays each script's digits out contiguously from 0.
func digitValue(r rune) int {
	for z := r; z >= r-10; z-- {
		if !unicode.IsDigit(z) {
			return int(r - z - 1)
		}
	}
	return -1
}

// Fold returns s folded by p: every rune lowered and folded, separators
// kept (Glue, a matter of words, is AppendTokens').
func (p *Policy) Fold(s string) string {
	return string(p.AppendFold(nil, s))
}

// AppendFold appends s folded by p to dst.
func (p *Policy) AppendFold(dst []byte, s string) []byte {
	f := folder{p: p}
	for _, r := range s {
		dst = f.fold(dst, r)
	}
	return dst
}

package analysis

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold maps one rune to what both the index and the query keep: visitors
// skip Latin diacritics, type Kazakh with Russian letters and Persian with
// Arabic variants, so each of those pairs must meet in one form. "" drops the
// rune (ZWNJ, tatweel, Arabic diacritics, Armenian stress marks).
var fold = map[rune]string{
	'ł': "l", 'đ': "dj", 'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ı': "i",
	'ё': "е", 'ә': "а", 'ғ': "г", 'қ': "к", 'ң': "н", 'ө': "о", 'ұ': "у", 'ү': "у",
	'һ': "х", 'і': "и",
	'ي': "ی", 'ى': "ی", 'ئ': "ی", 'ك': "ک", 'ة': "ه", 'ۀ': "ه", 'أ': "ا", 'إ': "ا",
	'آ': "ا", 'ٱ': "ا", 'ؤ': "و", 'ـ': "", '\u200c': "", '\u200d': "", '\u00ad': "",
	'՛': "", '՜': "", '՞': "", 'և': "եվ",
	'’': "'", 'ʼ': "'", '`': "'",
}

// serbian transliterates folded Serbian Cyrillic to Latin without
// diacritics, the form Serbian is indexed in: Latin queries then find
// Cyrillic articles and the reverse. (ћ and ч both become c, like č and ć.)
var serbian = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "dj", 'е': "e", 'ж': "z",
	'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n",
	'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'ћ': "c", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "c", 'ч': "c", 'џ': "dz", 'ш': "s",
}

// foldTab is fold and serbian (index 1) as arrays over the ranges where
// text lives (Latin, Cyrillic, Armenian, Arabic), so folding allocates
// nothing: "" keeps the rune, "\x00" drops it.
var foldTab = func() (t [2][0x700]string) {
	for l, m := range []map[rune]string{fold, serbian} {
		for r := range rune(0x700) {
			f, ok := fold[r]
			if l == 1 && !ok {
				f, ok = m[r]
			}
			switch {
			case ok && f == "":
				t[l][r] = "\x00"
			case ok:
				t[l][r] = f
			case r >= 0xC0 && r < 0x250: // Latin with diacritics: the base letter
				if d := norm.NFD.String(string(r)); d[0] < 0x80 {
					t[l][r] = d[:1]
				}
			}
		}
	}
	return t
}()

// appendFolded appends the folded, lower-case form of r to dst (UTF-8).
func appendFolded(dst []byte, r rune, sr bool) []byte {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	r = lower(r)
	switch {
	case r >= 0x64B && r <= 0x65F, r == 0x670: // Arabic harakat
		return dst
	case r >= 0x660 && r <= 0x669, r >= 0x6F0 && r <= 0x6F9: // Arabic and Persian digits
		return append(dst, byte('0'+r&0xF))
	case r >= 0x300 && r <= 0x36F: // combining accents, typed decomposed
		return dst
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return append(dst, byte(unicode.ToLower(r-0xFEE0)))
	case r < 0x700:
		l := 0
		if sr {
			l = 1
		}
		switch f := foldTab[l][r]; f {
		case "":
		case "\x00":
			return dst
		default:
			return append(dst, f...)
		}
	default:
		if f, ok := fold[r]; ok {
			return append(dst, f...)
		}
	}
	return utf8.AppendRune(dst, r)
}

// lower is unicode.ToLower with fast paths for Cyrillic, Armenian and
// Arabic script, most of what is indexed.
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

// wordRune reports letters, digits and marks, fast for Cyrillic and Armenian.
func wordRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
	case r >= 0x400 && r <= 0x52F:
		return r != 0x482 // ҂, the Cyrillic thousands sign
	case r >= 0x531 && r <= 0x556, r >= 0x561 && r <= 0x587:
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// dense reports scripts written without spaces between words, which are
// split into single characters (as Unicode word segmentation does for
// ideographs) and matched by character bigrams.
func dense(r rune) bool {
	return r == 'ー' || r >= 0xE00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai,
		unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
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

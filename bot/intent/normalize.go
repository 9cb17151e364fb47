package intent

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cyrLat folds Cyrillic to Latin with Serbian's official table (so a
// Serbian KB answers visitors in either script) plus the Russian and
// Kazakh letters Serbian lacks. Applied to every text alike, it only
// renames features for other Cyrillic languages; diacritics are folded
// afterwards, so "ч" and "č" and "c" all meet.
var cyrLat = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "dj", 'е': "e",
	'ж': "z", 'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj",
	'м': "m", 'н': "n", 'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s",
	'т': "t", 'ћ': "c", 'у': "u", 'ф': "f", 'х': "h", 'ц': "c", 'ч': "c",
	'џ': "dz", 'ш': "s", 'щ': "sc", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e",
	'ю': "ju", 'я': "ja", 'ё': "e", 'й': "j", 'є': "je", 'і': "i", 'ї': "ji",
	'ґ': "g", 'ә': "ae", 'ғ': "g", 'қ': "q", 'ң': "n", 'ө': "o", 'ұ': "u",
	'ү': "u", 'һ': "h",
}

// latFold covers Latin letters that NFKD does not decompose.
var latFold = map[rune]string{
	'đ': "dj", 'ł': "l", 'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ı': "i",
	'þ': "th", 'ð': "d",
}

// arabicFold unifies Arabic-script variants that Persian writers mix
// (Arabic yeh/kaf vs Persian ones, teh marbuta, hamza carriers).
var arabicFold = map[rune]string{
	'ي': "ی", 'ى': "ی", 'ك': "ک", 'ة': "ه", 'ۀ': "ه", 'أ': "ا", 'إ': "ا",
	'آ': "ا", 'ٱ': "ا", 'ؤ': "و", 'ئ': "ی",
	'\u200c': "", '\u200d': "", '\u0640': "", // ZWNJ, ZWJ, tatweel
	'\'': "", '’': "", 'ʼ': "", // so "don't" and "dont" agree
}

// Normalize lower-cases text and folds away differences that visitors
// type inconsistently: compatibility forms, Latin/Cyrillic/Greek
// diacritics, Arabic harakat, Serbian script, Persian letter variants,
// and non-ASCII digits. Marks of other scripts (Indic vowel signs) are
// kept: there they are letters, not accents.
func Normalize(s string) string {
	var tmp []byte
	return string(appendNormalized(nil, &tmp, s))
}

// appendNormalized appends Normalize(s) to dst, using tmp for the
// decomposition, so scoring can reuse both buffers.
func appendNormalized(dst []byte, buf *[]byte, s string) []byte {
	*buf = norm.NFKD.AppendString((*buf)[:0], s)
	tmp := *buf
	var prev rune
	for len(tmp) > 0 {
		r, n := utf8.DecodeRune(tmp)
		tmp = tmp[n:]
		if unicode.Is(unicode.Mn, r) {
			if foldableBase(prev) || (r >= 0x064B && r <= 0x065F) || r == 0x0670 {
				continue
			}
			dst = utf8.AppendRune(dst, r)
			continue
		}
		prev = r
		r = unicode.ToLower(r)
		if r > utf8.RuneSelf && unicode.IsDigit(r) {
			if d := digitValue(r); d >= 0 {
				dst = append(dst, byte('0'+d))
				continue
			}
		}
		if t, ok := cyrLat[r]; ok {
			dst = append(dst, t...)
		} else if t, ok := latFold[r]; ok {
			dst = append(dst, t...)
		} else if t, ok := arabicFold[r]; ok {
			dst = append(dst, t...)
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

func foldableBase(r rune) bool {
	return r < 0x0530 // Latin, Greek, Cyrillic and their supplements
}

// digitValue maps a decimal digit of any script (Persian ۴, Arabic ٤, ...)
// to its value; Unicode lays each script's digits out contiguously.
func digitValue(r rune) int {
	for z := r; z >= r-10; z-- {
		if !unicode.IsDigit(z) {
			return int(r - z - 1)
		}
	}
	return -1
}

// tokens splits normalized text into words: maximal runs of letters,
// digits and (kept) marks.
func tokens(s string, dst []string) []string {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = append(dst, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

package lang

import "unicode"

// ISO 15924 script codes, as used in BCP 47 script subtags.
const (
	Latin      = "Latn"
	Cyrillic   = "Cyrl"
	Armenian   = "Armn"
	Arabic     = "Arab"
	Greek      = "Grek"
	Hebrew     = "Hebr"
	Georgian   = "Geor"
	Thai       = "Thai"
	Devanagari = "Deva"
	Bengali    = "Beng"
	Han        = "Hani"
	Japanese   = "Jpan" // kana, possibly mixed with Han
	Hangul     = "Hang"
	Other      = "Zzzz" // letters of a script we do not model
)

// scriptIDs index the per-script letter counters.
const (
	sLatn = iota
	sCyrl
	sArmn
	sArab
	sGrek
	sHebr
	sGeor
	sThai
	sDeva
	sBeng
	sHani
	sKana
	sHang
	sOther
	numScripts
)

var scriptCodes = [numScripts]string{Latin, Cyrillic, Armenian, Arabic, Greek, Hebrew,
	Georgian, Thai, Devanagari, Bengali, Han, Japanese, Hangul, Other}

// uniqueLang maps scripts that (for our purposes) belong to one language.
// The confidence is lower where the script is shared by several languages
// (Devanagari: hi/mr/ne; Han alone may be Japanese kanji).
var uniqueLang = [numScripts]struct {
	lang string
	conf float64
}{
	sArmn: {"hy", 1}, sGrek: {"el", 1}, sHebr: {"he", 0.9}, sGeor: {"ka", 1},
	sThai: {"th", 1}, sDeva: {"hi", 0.7}, sBeng: {"bn", 0.8}, sHani: {"zh", 0.8},
	sKana: {"ja", 1}, sHang: {"ko", 1},
}

// scriptOf classifies a letter; ok is false for non-letters (digits, marks,
// punctuation, emoji). Fast paths cover the ranges that dominate chat text.
func scriptOf(r rune) (int, bool) {
	switch {
	case r < 0x80:
		if r|0x20 >= 'a' && r|0x20 <= 'z' {
			return sLatn, true
		}
		return 0, false
	case r >= 0x400 && r <= 0x52F:
		return sCyrl, r < 0x482 || r > 0x489
	case r >= 0x531 && r <= 0x556, r >= 0x561 && r <= 0x587:
		return sArmn, true
	case r >= 0x620 && r <= 0x64A, r >= 0x671 && r <= 0x6D3:
		return sArab, true
	case r >= 0x600 && r <= 0x6FF, r >= 0x750 && r <= 0x77F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return sArab, unicode.IsLetter(r)
	case !unicode.IsLetter(r):
		return 0, false
	case unicode.Is(unicode.Latin, r):
		return sLatn, true
	case unicode.Is(unicode.Greek, r):
		return sGrek, true
	case unicode.Is(unicode.Hebrew, r):
		return sHebr, true
	case unicode.Is(unicode.Georgian, r):
		return sGeor, true
	case unicode.Is(unicode.Thai, r):
		return sThai, true
	case unicode.Is(unicode.Devanagari, r):
		return sDeva, true
	case unicode.Is(unicode.Bengali, r):
		return sBeng, true
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return sKana, true
	case unicode.Is(unicode.Han, r):
		return sHani, true
	case unicode.Is(unicode.Hangul, r):
		return sHang, true
	case unicode.Is(unicode.Armenian, r):
		return sArmn, true
	}
	return sOther, true
}

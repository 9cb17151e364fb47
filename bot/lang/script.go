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

// scriptTables are the scripts scriptOf tells apart past its fast paths,
// in the order it tries them.
var scriptTables = []struct {
	tab *unicode.RangeTable
	id  int
}{
	{unicode.Latin, sLatn}, {unicode.Greek, sGrek}, {unicode.Hebrew, sHebr}, {unicode.Georgian, sGeor},
	{unicode.Thai, sThai}, {unicode.Devanagari, sDeva}, {unicode.Bengali, sBeng},
	{unicode.Hiragana, sKana}, {unicode.Katakana, sKana}, {unicode.Han, sHani}, {unicode.Hangul, sHang},
	{unicode.Armenian, sArmn},
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
	}
	for _, t := range scriptTables {
		if unicode.Is(t.tab, r) {
			return t.id, true
		}
	}
	return sOther, true
}

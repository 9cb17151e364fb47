package textfold

import (
	"strings"
	"unicode/utf8"
)

// A Policy is a set of folds with its lookup table; the policies are
// Default, Serbian and Pooled, chosen per language by For.
type Policy struct {
	name  string
	folds Fold
	tab   *[tabLen]entry
}

// everywhere are the folds every policy applies: each touches one script
// (or compatibility forms), so it changes nothing in text of another.
const everywhere = Compat | Marks | Letters | Yo | Kazakh | Persian | Armenian | Digits | Glue

var (
	// Default is the policy of every language but Serbian, and of text
	// whose language is not known.
	Default = newPolicy("default", everywhere)
	// Serbian also reads Serbian Cyrillic as Latin: one form for both of
	// Serbian's scripts.
	Serbian = newPolicy("sr", everywhere|SerbianLatin)
	// Pooled is for text in any language mixed in one model, with no
	// language given (the intent classifier): every Cyrillic letter is
	// read as Latin, so Serbian meets itself in either script (other
	// Cyrillic languages only get their features renamed).
	Pooled = newPolicy("pooled", everywhere|CyrillicLatin)
)

// policies is the one table of which folds apply to which language (base
// codes; see the package doc for why most rows are alike). What each fold
// does in the language is noted.
var policies = map[string]*Policy{
	"en": Default, // case, compatibility forms, stray diacritics (café), apostrophes
	"pl": Default, // Marks and Letters: ą ć ę ł ń ó ś ź ż → a c e l n o s z z
	"ru": Default, // Yo: ё → е; й kept
	"kk": Default, // Kazakh: ә ғ қ ң ө ұ ү һ і → а г к н о у у х и, and Yo
	"sr": Serbian, // SerbianLatin; Marks and Letters fold the Latin script's č ć š ž đ
	"hy": Default, // Armenian: և → եվ; stress and question marks dropped (always)
	"fa": Default, // Persian: Arabic letter variants, harakat; Digits; Glue; ZWNJ (always)
}

// For returns the policy of a language given as a BCP 47 tag ("sr-Latn"
// is Serbian): Default for a language not in the table or "".
func For(tag string) *Policy {
	if p, ok := policies[Base(tag)]; ok {
		return p
	}
	return Default
}

// Base returns the base language of a BCP 47 tag, lower case: "sr-Latn" →
// "sr", "EN_us" → "en".
func Base(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// Folds reports the folds p applies.
func (p *Policy) Folds() Fold { return p.folds }

func (p *Policy) String() string { return p.name }

func newPolicy(name string, folds Fold) *Policy {
	p := &Policy{name: name, folds: folds}
	var t [tabLen]entry
	f := folder{p: p}
	for r := range rune(tabLen) {
		if r < 0x80 {
			continue // fold's own fast path
		}
		if !joiner(r) && isMn(r) {
			t[r].mark = true
			continue
		}
		f.last = 0
		out := string(f.slow(nil, r))
		t[r].out = out
		if out != "" {
			t[r].last = f.last
			if utf8.RuneCountInString(out) == 1 {
				t[r].single, t[r].class = true, classOf(f.last)
			}
		}
	}
	p.tab = &t
	return p
}

package lang

import (
	"embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed corpus/*.txt
var corpusFS embed.FS

// model holds the lookup tables built once from specs and the corpora.
// Language sets are bit masks over indices into specs.
type model struct {
	cand     [numScripts]uint64 // candidate languages per script
	marks    map[rune]uint64
	hints    map[rune]uint64
	ar       uint64 // Arabic, which also scores its article al-
	profiled uint64 // languages with a trigram corpus
	endings  []ending
	letters  map[rune]uint64
	words    map[string]uint64
	tri      map[uint64]uint64
}

var m = build()

func build() *model {
	if len(specs) > 64 {
		panic("lang: more than 64 language specs")
	}
	md := &model{marks: map[rune]uint64{}, hints: map[rune]uint64{}, letters: map[rune]uint64{},
		words: map[string]uint64{}, tri: map[uint64]uint64{}}
	latinWords := map[string]string{}
	for i, sp := range specs {
		bit := uint64(1) << i
		switch sp.script {
		case Latin:
			md.cand[sLatn] |= bit
		case Cyrillic:
			md.cand[sCyrl] |= bit
		case Arabic:
			md.cand[sArab] |= bit
		}
		for _, r := range sp.letters {
			md.letters[r] |= bit
		}
		for _, r := range sp.marks {
			md.marks[r] |= bit
		}
		for _, r := range sp.hints {
			md.hints[r] |= bit
		}
		if sp.code == "ar" {
			md.ar = bit
		}
		words := sp.words
		if sp.script == Latin {
			latinWords[sp.code] = words
		} else if sp.code == "sr" {
			words = toSerbianCyrillic(latinWords["sr"])
		}
		for _, w := range strings.Fields(words) {
			md.addWord(w, bit, sp.script)
		}
		for _, e := range strings.Fields(sp.endings) {
			md.endings = append(md.endings, ending{e, bit})
		}
		if sp.corpus != "" {
			md.profiled |= bit
			md.addCorpus(sp, bit)
		}
	}
	return md
}

func (md *model) addWord(w string, bit uint64, script string) {
	md.words[w] |= bit
	switch script {
	case Latin: // visitors often type without diacritics
		md.words[stripLatin(w)] |= bit
	case Arabic: // Persian typed on an Arabic keyboard, and vice versa
		md.words[strings.NewReplacer("ی", "ي", "ک", "ك").Replace(w)] |= bit
		md.words[strings.NewReplacer("ي", "ی", "ك", "ک").Replace(w)] |= bit
	}
}

func (md *model) addCorpus(sp spec, bit uint64) {
	b, err := corpusFS.ReadFile("corpus/" + sp.corpus + ".txt")
	if err != nil {
		panic(err)
	}
	text := strings.ToLower(string(b))
	texts := []string{text}
	switch {
	case sp.code == "sr" && sp.script == Cyrillic:
		texts = []string{toSerbianCyrillic(text)}
	case sp.script == Latin:
		texts = append(texts, stripLatin(text))
	}
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
			eachTrigram([]byte(w), func(k uint64) { md.tri[k] |= bit })
		}
	}
}

type ending struct {
	suffix string
	lang   uint64
}

// eachTrigram calls fn with the packed trigrams of " w ".
func eachTrigram(w []byte, fn func(uint64)) {
	a, b := rune(' '), rune(' ')
	for len(w) > 0 {
		c, n := utf8.DecodeRune(w)
		w = w[n:]
		if a != ' ' || b != ' ' {
			fn(pack(a, b, c))
		}
		a, b = b, c
	}
	if b != ' ' {
		fn(pack(a, b, ' '))
	}
}

func pack(a, b, c rune) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

var latinFold = map[rune]string{
	'ą': "a", 'ć': "c", 'č': "c", 'đ': "dj", 'ę': "e", 'ł': "l", 'ń': "n", 'ó': "o",
	'ś': "s", 'š': "s", 'ź': "z", 'ż': "z", 'ž': "z",
}

// stripLatin removes the Polish and Serbian diacritics that visitors skip.
func stripLatin(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := latinFold[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var srLatToCyr = map[string]string{
	"lj": "љ", "nj": "њ", "dž": "џ", "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ",
	"d": "д", "đ": "ђ", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ј",
	"k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с",
	"š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж",
}

// toSerbianCyrillic transliterates lower-case Serbian Latin text, so one
// hand-written list serves both scripts.
func toSerbianCyrillic(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+2 <= len(s) {
			if c, ok := srLatToCyr[s[i:i+2]]; ok && (s[i:i+2] == "lj" || s[i:i+2] == "nj") {
				b.WriteString(c)
				i += 2
				continue
			}
		}
		if strings.HasPrefix(s[i:], "dž") {
			b.WriteString("џ")
			i += len("dž")
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if c, ok := srLatToCyr[string(r)]; ok {
			b.WriteString(c)
		} else {
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

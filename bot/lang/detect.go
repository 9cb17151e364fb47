package lang

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Result is the outcome of Detect.
type Result struct {
	Lang       string  // BCP 47 base code; "" when unknown or too short to tell
	Confidence float64 // 0..1
	Script     string  // ISO 15924 code of the dominant script; "" when there are no letters
}

// Evidence weights, in points. A distinctive letter beats a shared word; a
// letter the language does not write counts against it.
const (
	wMark    = 3.0
	wForeign = 4.0
	wWord    = 2.0
	wHint    = 1.0
	wTri     = 0.5
	// minLetters is the fewest letters of a shared script we guess from.
	minLetters = 3
	// minConfidence is what DetectWithFallback needs to trust a guess.
	minConfidence = 0.5
)

type scores struct {
	pts                      [64]float64
	words, marks, tri        [64]int
	cand                     uint64
	ntri, letters, best, snd int
}

// Detect guesses the language of text. It looks at the dominant script
// first and only then at letters, words and trigrams within it.
func Detect(text string) Result {
	var sc scores
	return detect(text, &sc)
}

// DetectWithFallback returns the detected language, or fallback when the
// text is too short or ambiguous ("ok", "2fa?", "👍") or when fallback
// explains it about as well as the best guess (same script, close score).
func DetectWithFallback(text, fallback string) string {
	var sc scores
	r := detect(text, &sc)
	if r.Lang == "" || r.Confidence < minConfidence {
		return fallback
	}
	fb := base(fallback)
	if fb == "" || fb == r.Lang || sc.cand == 0 {
		return r.Lang
	}
	for i, sp := range specs {
		if sp.code == fb && sc.cand&(1<<i) != 0 && sc.pts[i] >= sc.pts[sc.best]-wWord {
			return fallback
		}
	}
	return r.Lang
}

func base(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(tag)
}

// skipField drops URLs, e-mail addresses and handles: their letters say
// nothing about the visitor's language.
func skipField(f string) bool {
	return strings.Contains(f, "://") || strings.HasPrefix(f, "www.") || strings.ContainsRune(f, '@')
}

func eachField(text string, fn func(string)) {
	for text != "" {
		i := strings.IndexFunc(text, isSpace)
		if i < 0 {
			i = len(text)
		}
		if f := text[:i]; f != "" && !skipField(f) {
			fn(f)
		}
		if i == len(text) {
			return
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		text = text[i+n:]
	}
}

func isSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || r >= '\t' && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// maxText is how much of a message Detect reads: plenty to decide, and it
// bounds the time spent on a pasted log.
const maxText = 2 << 10

func detect(text string, sc *scores) Result {
	if len(text) > maxText {
		n := maxText
		for n > 0 && !utf8.RuneStart(text[n]) {
			n--
		}
		text = text[:n]
	}
	var counts [numScripts]int
	total := 0
	eachField(text, func(f string) {
		for _, r := range f {
			if s, ok := scriptOf(r); ok {
				counts[s]++
				total++
			}
		}
	})
	if total == 0 {
		return Result{}
	}
	dom := 0
	for s := range counts {
		if counts[s] > counts[dom] {
			dom = s
		}
	}
	n := counts[dom]
	if counts[sKana] > 0 && (dom == sHani || dom == sKana) {
		dom, n = sKana, counts[sKana]+counts[sHani]
	}
	share := float64(n) / float64(total)
	res := Result{Script: scriptCodes[dom]}
	if u := uniqueLang[dom]; u.lang != "" {
		res.Lang = u.lang
		res.Confidence = u.conf * share * math.Min(1, 0.4+0.15*float64(n))
		return res
	}
	sc.cand = m.cand[dom]
	if sc.cand == 0 || n < minLetters {
		return res
	}
	sc.letters = n
	score(text, dom, sc)
	b, s := sc.pts[sc.best], sc.pts[sc.snd]
	if b <= 0 || (sc.words[sc.best] == 0 && sc.marks[sc.best] == 0 &&
		float64(sc.tri[sc.best]) < 0.6*float64(sc.ntri)) {
		return res
	}
	conf := 1 - 0.5*math.Exp(-(b-s)/3)
	conf *= 0.35 + 0.65*math.Min(1, float64(n)/16)
	res.Lang = specs[sc.best].code
	res.Confidence = conf * share
	return res
}

package lang

import (
	"math/bits"
	"unicode/utf8"

	"github.com/parley-chat/parley/internal/textfold"
)

// ruOnly are frequent letters of Russian, Ukrainian and Bulgarian that
// Serbian and Macedonian lack: a long Cyrillic text without any of them is
// most likely Serbian.
const ruOnly = "йщьяюъыэё"

// wordState collects one word and which languages its letters argue for or
// against. Letters count once per word, so a foreign name ("Żółkiewski")
// weighs like one word, not like five letters.
type wordState struct {
	buf                   [64]byte // lower-case UTF-8; longer words are cut
	n                     int
	marks, hints, foreign uint64
}

// score fills sc with the points of every candidate language of script dom.
func score(text string, dom int, sc *scores) {
	var w wordState
	noRu := true
	eachField(text, func(f string) {
		for _, r := range f {
			s, ok := scriptOf(r)
			if (r == '\'' || r == '’') && w.n > 0 && dom == sLatn {
				r, s, ok = '\'', sLatn, true
			}
			if !ok || s != dom {
				flush(&w, dom, sc)
				continue
			}
			r = textfold.Lower(r)
			if w.n+utf8.UTFMax <= len(w.buf) {
				w.n += utf8.EncodeRune(w.buf[w.n:], r)
			}
			if r >= 0x80 {
				w.marks |= m.marks[r]
				w.hints |= m.hints[r]
				if dom != sArab { // Arabic-script alphabets overlap too much to penalise
					w.foreign |= sc.cand &^ m.letters[r]
				}
				if noRu && dom == sCyrl && containsRune(ruOnly, r) {
					noRu = false
				}
			}
		}
		flush(&w, dom, sc)
	})
	if dom == sCyrl && noRu && sc.letters >= 12 {
		for i, sp := range specs {
			if sp.script == Cyrillic && (sp.code == "sr" || sp.code == "mk") {
				sc.pts[i] += 2 + float64(sc.letters)/8
			}
		}
	}
	neutralTrigrams(sc)
	sc.best, sc.snd = -1, -1
	for x := sc.cand; x != 0; x &= x - 1 {
		i := bits.TrailingZeros64(x)
		sc.pts[i] += specs[i].prior
		switch {
		case sc.best < 0 || sc.pts[i] > sc.pts[sc.best]:
			sc.best, sc.snd = i, sc.best
		case sc.snd < 0 || sc.pts[i] > sc.pts[sc.snd]:
			sc.snd = i
		}
	}
	if sc.snd < 0 {
		sc.snd = sc.best
	}
}

func flush(w *wordState, dom int, sc *scores) {
	if w.n == 0 {
		return
	}
	word := w.buf[:w.n]
	if lm := m.words[string(word)] & sc.cand; lm != 0 {
		pts := wWord / float64(bits.OnesCount64(lm))
		for x := lm; x != 0; x &= x - 1 {
			i := bits.TrailingZeros64(x)
			sc.pts[i] += pts
			sc.words[i]++
		}
	}
	for _, e := range m.endings {
		if e.lang&sc.cand != 0 && len(word) > len(e.suffix) && string(word[len(word)-len(e.suffix):]) == e.suffix {
			addMask(sc, e.lang, wWord)
			break
		}
	}
	if dom == sArab && w.n > 4 && string(word[:4]) == "ال" {
		w.hints |= m.ar
	}
	for x := w.marks & sc.cand; x != 0; x &= x - 1 {
		i := bits.TrailingZeros64(x)
		sc.pts[i] += wMark
		sc.marks[i]++
	}
	addMask(sc, w.hints&sc.cand, wHint)
	addMask(sc, w.foreign, -wForeign)
	eachTrigram(word, func(k uint64) {
		sc.ntri++
		for x := m.tri[k] & sc.cand; x != 0; x &= x - 1 {
			i := bits.TrailingZeros64(x)
			sc.pts[i] += wTri
			sc.tri[i]++
		}
	})
	*w = wordState{}
}

// neutralTrigrams gives languages without a corpus the mean trigram points
// of those with one, so that having a profile is not itself an advantage.
func neutralTrigrams(sc *scores) {
	sum, n := 0, 0
	for x := sc.cand & m.profiled; x != 0; x &= x - 1 {
		sum += sc.tri[bits.TrailingZeros64(x)]
		n++
	}
	if n == 0 {
		return
	}
	addMask(sc, sc.cand&^m.profiled, wTri*float64(sum)/float64(n))
}

func addMask(sc *scores, mask uint64, pts float64) {
	for x := mask; x != 0; x &= x - 1 {
		sc.pts[bits.TrailingZeros64(x)] += pts
	}
}

func containsRune(s string, r rune) bool {
	for _, q := range s {
		if q == r {
			return true
		}
	}
	return false
}

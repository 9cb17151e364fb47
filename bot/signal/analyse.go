package signal

import (
	"sync"
	"unicode/utf8"

	"github.com/parley-chat/parley/internal/textfold"
)

var (
	mainIndex = newIndex(textfold.Default, cuesEN, cuesRU, cuesPL, cuesHY, cuesFA, cuesKK)
	srIndex   = newIndex(textfold.Serbian, cuesSR) // matched against the Serbian-Latin stream
)

// analysis is per-call scratch space, pooled so that Assess does not
// allocate in the steady state.
type analysis struct {
	a, b, c stream
	cyr     bool // a has Cyrillic, so b holds its Serbian-Latin form
	matches []match
	tri     []uint64
	other   []uint64
}

// maxText bounds the work per message (and the pooled buffers); cues
// beyond it are not looked for.
const maxText = 8 << 10

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

var pool = sync.Pool{New: func() any { return new(analysis) }}

// run normalises text and finds every cue in it. Every language's list is
// checked whatever the detected language: visitors mix languages, and short
// messages are easily misdetected.
func (an *analysis) run(text string) {
	text = truncate(text, maxText)
	an.a.reset()
	an.matches = an.matches[:0]
	an.cyr = an.a.normalize(text, textfold.Default)
	an.matches = mainIndex.scan(&an.a, an.matches)
	src := &an.a
	if an.cyr {
		an.b.serbian(text)
		src = &an.b
	}
	an.matches = srIndex.scan(src, an.matches)
}

func (an *analysis) families() (f uint32) {
	for _, m := range an.matches {
		f |= 1 << m.fam
	}
	return f
}

// humanRequest: a request phrase, or a bare person word in a message of at
// most two tokens ("operator", "a human"), unless the same words are about
// managing people ("add an agent to my plan").
func (an *analysis) humanRequest() bool {
	for _, h := range an.matches {
		if h.fam != famHuman && (h.fam != famHumanShort || len(an.a.toks) > 2) {
			continue
		}
		vetoed := false
		for _, v := range an.matches {
			if v.fam == famVeto && v.first <= h.last && h.first <= v.last {
				vetoed = true
				break
			}
		}
		if !vetoed {
			return true
		}
	}
	return false
}

// HumanRequest reports whether the visitor asks for a person (agent,
// operator, "real human", "живой человек", "konsultant", "operater",
// "اپراتور"…). lang is accepted for symmetry with Assess; cues of all
// supported languages are checked.
func HumanRequest(text, lang string) bool {
	an := pool.Get().(*analysis)
	defer pool.Put(an)
	an.run(text)
	return an.humanRequest()
}

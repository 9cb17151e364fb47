package signal

import (
	"slices"
	"unicode/utf8"

	"github.com/parley-chat/parley/internal/textfold"
)

// Repetition: the message is (nearly) the same as one of the visitor's
// recent messages when the Jaccard similarity of their normalised character
// trigram sets is at least repeatJaccard. Very short messages ("yes",
// "ok") are legitimately repeated and never count.
const (
	repeatJaccard = 0.7
	repeatMinLen  = 10 // runes of normalised text
)

func (an *analysis) repeated(recent []string) bool {
	if len(recent) == 0 {
		return false
	}
	// Compare Serbian-Latin forms, so a message retyped in the other
	// script still counts (other Cyrillic passes through unchanged).
	cur := &an.a
	if an.cyr {
		cur = &an.b
	}
	an.tri = trigrams(an.tri[:0], cur)
	if len(an.tri) == 0 {
		return false
	}
	if len(recent) > maxRecent {
		recent = recent[len(recent)-maxRecent:]
	}
	for _, r := range recent {
		an.c.reset()
		s, r := &an.c, truncate(r, maxText)
		if an.c.normalize(r, textfold.Default) {
			an.b.serbian(r)
			s = &an.b
		}
		an.other = trigrams(an.other[:0], s)
		if jaccard(an.tri, an.other) >= repeatJaccard {
			return true
		}
	}
	return false
}

// trigrams returns the sorted, distinct trigrams of the tokens of s joined
// by single spaces, or nothing when the text is too short.
func trigrams(dst []uint64, s *stream) []uint64 {
	if len(s.toks) == 0 {
		return dst
	}
	text := s.buf[s.toks[0].Start:s.toks[len(s.toks)-1].End]
	if utf8.RuneCount(text) < repeatMinLen {
		return dst
	}
	var a, b rune
	for i := 0; len(text) > 0; i++ {
		c, n := utf8.DecodeRune(text)
		text = text[n:]
		if i >= 2 {
			dst = append(dst, uint64(a)<<42|uint64(b)<<21|uint64(c))
		}
		a, b = b, c
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

func jaccard(x, y []uint64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	inter, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			inter++
			i++
			j++
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}

package signal

import (
	"strings"
	"unicode/utf8"

	"github.com/parley-chat/parley/internal/textfold"
)

// family is one kind of cue.
type family uint8

const (
	famOutage family = iota
	famLogin
	famPayment
	famDataLoss
	famSecurity
	famLegal
	famChurn
	famAnger
	famProfanity
	famHuman      // asks for a person
	famHumanShort // a person word that is a request only in a short message
	famVeto       // "add a person to my team": not a request for one
	famAck        // thanks / ok / greetings: nothing to do
	famUnhelped   // "that didn't help": the last answer failed
	numFamilies
)

// Cue syntax: elements separated by spaces must appear in this order with
// at most maxGap other tokens between them, or none for an element written
// with a leading "+" (an idiom: "сколько +можно" is exasperation, "сколько
// проектов можно" a question); alternatives are separated by
// "|"; an alternative matches a token it prefixes (a stem: "заблокир"
// matches заблокирован and заблокировали) unless it ends in "=", which
// demands the whole token. Alternatives of one or two letters are always
// whole tokens. Cues are normalised like the text, so they may be written
// with diacritics, ZWNJ, ё or Kazakh letters.
type cues map[family][]string

const maxGap = 3

type alt struct {
	stem  string
	exact bool
}

type pattern struct {
	fam   family
	elems []element
}

// element is one position of a pattern: any of its alternatives, next to
// the previous element when adjacent, else at most maxGap tokens after it.
type element struct {
	alts     []alt
	adjacent bool
}

// index finds the patterns whose first element may match a token, keyed by
// the token's first one or two runes.
type index struct {
	pats []pattern
	by   map[string][]entry
}

// entry is one alternative of a pattern's first element.
type entry struct {
	pat int32
	alt alt
}

// newIndex normalises the cues by pol, the policy of the stream they are
// matched against.
func newIndex(pol *textfold.Policy, sets ...cues) *index {
	ix := &index{by: map[string][]entry{}}
	var s stream
	for _, set := range sets {
		for fam, list := range set {
			for _, src := range list {
				p := pattern{fam: fam}
				for _, el := range strings.Fields(src) {
					e := element{adjacent: strings.HasPrefix(el, "+")}
					el = strings.TrimPrefix(el, "+")
					for _, a := range strings.Split(el, "|") {
						exact := strings.HasSuffix(a, "=")
						s.reset()
						s.normalize(strings.TrimSuffix(a, "="), pol)
						if len(s.toks) != 1 {
							panic("signal: cue alternative is not one token: " + src)
						}
						stem := string(s.tok(0))
						e.alts = append(e.alts, alt{stem, exact || utf8.RuneCountInString(stem) <= 2})
					}
					p.elems = append(p.elems, e)
				}
				id := int32(len(ix.pats))
				ix.pats = append(ix.pats, p)
				for _, a := range p.elems[0].alts {
					k := string(key([]byte(a.stem)))
					ix.by[k] = append(ix.by[k], entry{id, a})
				}
			}
		}
	}
	return ix
}

// key is the first two runes of s (or all of a shorter s).
func key(s []byte) []byte {
	i := 0
	for n := 0; n < 2 && i < len(s); n++ {
		_, w := utf8.DecodeRune(s[i:])
		i += w
	}
	return s[:i]
}

func (a alt) matches(tok []byte) bool {
	if a.exact {
		return string(tok) == a.stem
	}
	return len(tok) >= len(a.stem) && string(tok[:len(a.stem)]) == a.stem
}

// match is a pattern found at tokens [first, last].
type match struct {
	fam         family
	first, last int32
}

// scan appends every pattern occurrence in s to out (one per pattern and
// starting token).
func (ix *index) scan(s *stream, out []match) []match {
	for i := range s.toks {
		// Stems of one or two runes are exact, so the key of a token's
		// first two runes finds every pattern that can start there.
		out = ix.scanKey(s, i, key(s.tok(i)), out)
	}
	return out
}

func (ix *index) scanKey(s *stream, i int, k []byte, out []match) []match {
	tok, done := s.tok(i), int32(-1)
	for _, e := range ix.by[string(k)] {
		if e.pat == done || !e.alt.matches(tok) {
			continue
		}
		p := &ix.pats[e.pat]
		if last, ok := rest(p.elems[1:], s, i); ok {
			out = append(out, match{p.fam, int32(i), int32(last)})
			done = e.pat // entries of one pattern are adjacent
		}
	}
	return out
}

// rest matches the remaining elements after token i, backtracking over the
// allowed gaps; it returns the index of the last token used.
func rest(elems []element, s *stream, i int) (int, bool) {
	if len(elems) == 0 {
		return i, true
	}
	gap := maxGap
	if elems[0].adjacent {
		gap = 0
	}
	for j := i + 1; j <= i+1+gap && j < len(s.toks); j++ {
		if anyMatch(elems[0].alts, s.tok(j)) {
			if last, ok := rest(elems[1:], s, j); ok {
				return last, true
			}
		}
	}
	return 0, false
}

func anyMatch(alts []alt, tok []byte) bool {
	for _, a := range alts {
		if a.matches(tok) {
			return true
		}
	}
	return false
}

package intent

import (
	"math"
	"slices"
	"unicode/utf8"
)

// Evidence answers "is the message about what this intent covers?", which
// a top score among the known intents cannot: the softmax spreads a
// recipe question over the intents too, and one of them wins. It is the
// share of the message's words, weighted by how rare they are among the
// intents, that the intent's own texts (its examples, and for a KB the
// article it answers with) also use. Weighting by intent frequency makes
// it language-agnostic: a word every intent uses ("how", "my", "как")
// weighs nothing, one no intent uses ("pizza") weighs most. Words are
// compared by their first evidenceStem runes, a crude stem that meets
// the inflections of the supported languages (подписка/подписку,
// password/passwords) without a per-language stemmer.
type evidenceIndex struct {
	nLabels int
	df      map[uint64]int32     // intents whose texts use the word
	has     map[evidenceKey]bool // the word is in the intent's texts
}

type evidenceKey struct {
	word  uint64
	label int32
}

const evidenceStem = 5

// evidenceWords hashes each token's stem, without repeats.
func evidenceWords(toks []string, dst []uint64) []uint64 {
	for _, t := range toks {
		if utf8.RuneCountInString(t) > evidenceStem {
			n := 0
			for i := range t {
				if n == evidenceStem {
					t = t[:i]
					break
				}
				n++
			}
		}
		h := fnvAdd(fnvOffset, t)
		if !slices.Contains(dst, h) {
			dst = append(dst, h)
		}
	}
	return dst
}

func buildEvidence(docs []doc, nClass int) *evidenceIndex {
	ev := &evidenceIndex{nLabels: nClass, df: map[uint64]int32{}, has: map[evidenceKey]bool{}}
	for _, d := range docs {
		if d.label < 0 {
			continue
		}
		for _, w := range d.words {
			k := evidenceKey{w, d.label}
			if !ev.has[k] {
				ev.has[k] = true
				ev.df[w]++
			}
		}
	}
	return ev
}

// of returns the evidence that words are about label, in [0, 1]; 0 when
// the message has no word that tells intents apart.
func (ev *evidenceIndex) of(words []uint64, label int32) float64 {
	if ev == nil || label < 0 {
		return 0
	}
	var num, den float64
	for _, w := range words {
		idf := math.Log(float64(ev.nLabels+1) / (float64(ev.df[w]) + 0.5))
		den += idf
		if ev.has[evidenceKey{w, label}] {
			num += idf
		}
	}
	if den <= 0 {
		return 0
	}
	return num / den
}

// EvidenceFor is Prediction.Evidence for any intent: how much of text the
// intent's own texts speak of, in [0, 1]; 0 for an unknown label. The bot
// uses it to keep a clarifying question's candidates that come from
// elsewhere (search hits) to articles the question is about.
func (m *Model) EvidenceFor(text, label string) float64 {
	c, ok := slices.BinarySearch(m.labels, label)
	if !ok || m.core.ev == nil {
		return 0
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.toks = words(text, &s.norm, &s.spans, s.toks[:0])
	s.words = evidenceWords(s.toks, s.words[:0])
	return m.core.ev.of(s.words, int32(c))
}

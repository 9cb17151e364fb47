package intent

import (
	"math"
	"slices"
	"unicode/utf8"
)

// Feature hashes carry their block (words or characters) in the top bit,
// so each block is weighted and L2-normalised on its own.
const (
	blockWord = 0
	blockChar = 1
	nBlocks   = 2
	blockBit  = uint64(1) << 63
	wordBit   = uint64(1) << 62 // marks word unigrams, for coverage
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

// featureHashes appends the hashed features of one normalized text:
// word unigrams, adjacent bigrams, and character n-grams of each word
// padded with boundary marks (never across words, so word order does not
// leak into the character block).
func (o *config) featureHashes(toks []string, dst []uint64) []uint64 {
	var prev uint64
	for i, t := range toks {
		w := fnvAdd(fnvByte(fnvOffset, 'w'), t)
		dst = append(dst, w&^blockBit|wordBit)
		if !o.NoBigrams {
			if i == 0 {
				prev = fnvByte(fnvOffset, '^')
			}
			dst = append(dst, fnvAdd(fnvByte(prev, ' '), t)&^(blockBit|wordBit))
			prev = w
		}
		dst = o.charGrams(t, dst)
	}
	return dst
}

func (o *config) charGrams(t string, dst []uint64) []uint64 {
	// offs[p] is where rune p ends; words longer than 62 runes are cut.
	var offs [63]int
	n := 0
	for i, r := range t {
		if n == len(offs) {
			break
		}
		offs[n] = i + utf8.RuneLen(r)
		n++
	}
	// Padded positions: 0 is the start mark, 1..n the runes, n+1 the end.
	piece := func(h uint64, p int) uint64 {
		switch {
		case p == 0:
			return fnvByte(h, 2)
		case p == n+1:
			return fnvByte(h, 3)
		case p == 1:
			return fnvAdd(h, t[:offs[0]])
		}
		return fnvAdd(h, t[offs[p-2]:offs[p-1]])
	}
	for s := 0; s <= n+1; s++ {
		h := fnvByte(fnvOffset, 'c')
		for k := 1; k <= o.CharMax && s+k <= n+2; k++ {
			h = piece(h, s+k-1)
			if k >= o.CharMin && !(k == 1 && (s == 0 || s == n+1)) {
				dst = append(dst, h|blockBit)
			}
		}
	}
	return dst
}

// vectorizer turns feature hashes into a sublinear TF-IDF vector over
// the training vocabulary, one L2-normalised block at a time.
type vectorizer struct {
	vocab   map[uint64]int32
	idf     []float32
	block   []uint8
	weights [nBlocks]float32
	words   map[uint64]float32 // idf of every training word, even if below MinDF
	maxIDF  float32            // the idf of a word seen once, charged for unknown words
}

type sparse struct {
	idx []int32
	val []float32
}

// vectorize also returns the text's word coverage: the idf-weighted
// share of its words that training saw. Unrelated questions are made of
// words the KB never uses, in any language.
func (v *vectorizer) vectorize(hashes []uint64, dst *sparse) float64 {
	dst.idx, dst.val = dst.idx[:0], dst.val[:0]
	var known, total float64
	for _, h := range hashes {
		j, ok := v.vocab[h]
		if ok {
			dst.idx = append(dst.idx, j)
		}
		if h&(blockBit|wordBit) == wordBit {
			if idf, ok := v.words[h]; ok {
				known += float64(idf)
				total += float64(idf)
			} else {
				total += float64(v.maxIDF)
			}
		}
	}
	slices.Sort(dst.idx)
	w := 0
	for i := 0; i < len(dst.idx); {
		j := i
		for j < len(dst.idx) && dst.idx[j] == dst.idx[i] {
			j++
		}
		dst.idx[w] = dst.idx[i]
		dst.val = append(dst.val, (1+float32(math.Log(float64(j-i))))*v.idf[dst.idx[i]])
		w++
		i = j
	}
	dst.idx = dst.idx[:w]
	var ss [nBlocks]float64
	for k, j := range dst.idx {
		ss[v.block[j]] += float64(dst.val[k]) * float64(dst.val[k])
	}
	var scale [nBlocks]float32
	for b := range ss {
		if ss[b] > 0 {
			scale[b] = v.weights[b] / float32(math.Sqrt(ss[b]))
		}
	}
	for k, j := range dst.idx {
		dst.val[k] *= scale[v.block[j]]
	}
	if total == 0 {
		return 0
	}
	return known / total
}

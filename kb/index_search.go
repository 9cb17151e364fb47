package kb

import (
	"math"
	"sort"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb/analysis"
)

// foreign scales the score of an article offered in another language than
// the one asked for, so that a comparable match in the visitor's language
// ranks first.
const foreign = 0.8

// Search returns up to k articles that best answer query, best first, each
// with the passage of its body that answers it best.
//
// lang (a BCP 47 tag; "" = any) is the visitor's language. The query is
// analysed once per language of the index, as that language, and scored
// against that language's articles only. An article in lang is always
// preferred to its translations, which are then left out. Other languages
// are searched only for slugs that have no article in lang; their scores are
// multiplied by 0.8, so they rank below a comparable match in lang and the
// bot offers them as "in another language". They can match only on what the
// languages share (product names, API, CSV, 2FA, numbers, cognates through
// trigrams): there is no translation. With lang "" or a language without
// articles, every language competes on equal terms and each slug appears
// once, in its best-matching language.
//
// Score is on a fixed scale from 0 to 1: the share of the query's
// information (IDF-weighted words and trigrams) that the article covers,
// each term saturating BM25F-style. It is 0 when nothing matches (a query
// of stop words only, or unrelated words); see index_doc.go for the
// measured distribution the bot can threshold on.
func (ix *Index) Search(query, lang string, k int) []parley.SearchHit {
	if k <= 0 || len(ix.arts) == 0 {
		return nil
	}
	lang = analysis.Base(lang)
	own := ix.parts[lang]
	type cand struct {
		p     *part
		q     *partQuery
		doc   int
		score float64
	}
	var cands []cand
	for _, l := range ix.langs {
		p := ix.parts[l]
		if own != nil && p != own && !ix.shared[[2]string{lang, l}] {
			continue // every slug of l is in lang already
		}
		q := p.analyse(query)
		for d, s := range p.score(q) {
			if s <= 0 {
				continue
			}
			if own != nil && p != own {
				if own.slugs[p.docs[d].art.Slug] {
					continue
				}
				s *= foreign
			}
			cands = append(cands, cand{p, q, d, s})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if (a.p == own) != (b.p == own) {
			return a.p == own
		}
		if a.p.lang != b.p.lang {
			return a.p.lang < b.p.lang
		}
		return a.p.docs[a.doc].art.Slug < b.p.docs[b.doc].art.Slug
	})
	var hits []parley.SearchHit
	seen := map[string]bool{}
	for _, c := range cands {
		d := c.p.docs[c.doc]
		if seen[d.art.Slug] {
			continue
		}
		seen[d.art.Slug] = true
		hits = append(hits, parley.SearchHit{Article: clone(d.art), Score: c.score, Passage: passage(d, c.q)})
		if len(hits) == k {
			break
		}
	}
	return hits
}

// partQuery is a query analysed as the language of one part, with the IDF
// of each distinct term there.
type partQuery struct {
	words     []string
	wordIDF   []float64
	grams     []uint64
	gramIDF   []float64
	wordMass  float64
	gramsMass float64
}

func (p *part) analyse(text string) *partQuery {
	t := analysis.Analyze(text, p.lang)
	q := &partQuery{}
	n := float64(len(p.docs))
	q.words, q.wordIDF, q.wordMass = p.words.weigh(n, t.Words)
	q.grams, q.gramIDF, q.gramsMass = p.grams.weigh(n, t.Grams)
	return q
}

// weigh returns terms without repeats, in order, with each one's IDF among
// n documents and the sum of those.
func (c *channel[K]) weigh(n float64, terms []K) (distinct []K, idfs []float64, mass float64) {
	seen := map[K]bool{}
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			distinct = append(distinct, t)
			idfs = append(idfs, idf(n, c.df(t)))
			mass += idfs[len(idfs)-1]
		}
	}
	return distinct, idfs, mass
}

// idf is BM25's, which stays positive; a term no article has gets the
// highest, so unknown words pull the score towards 0.
func idf(n float64, df int) float64 {
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

func (c *channel[K]) df(t K) int { return len(c.postings(t)) }

// score returns each document's score in [0, 1].
func (p *part) score(q *partQuery) []float64 {
	s := make([]float64, len(p.docs))
	if q.wordMass > 0 {
		p.words.accumulate(s, q.words, q.wordIDF, wordWeight/q.wordMass)
	}
	if q.gramsMass > 0 {
		p.grams.accumulate(s, q.grams, q.gramIDF, (1-wordWeight)/q.gramsMass)
	}
	return s
}

func (c *channel[K]) accumulate(s []float64, terms []K, idf []float64, scale float64) {
	for i, t := range terms {
		w := idf[i] * scale
		for _, p := range c.postings(t) {
			s[p.doc] += w * float64(p.sat)
		}
	}
}

package kb

import (
	"slices"
	"sort"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb/analysis"
)

// Fields of an article, and their BM25F weights and length normalisation:
// the title and the example questions say what an article is about, the
// body also says much else.
const (
	fTitle = iota
	fQuestions
	fBody
	nFields
)

var (
	fieldWeight = [nFields]float64{3, 2, 1}
	fieldB      = [nFields]float64{0.3, 0.3, 0.75}
)

// BM25 saturation, and the share of the word channel in the score (the
// rest is trigrams). A high k1 (little saturation) retrieved best: a word
// repeated in an article's questions is a strong hint of its topic.
const (
	k1         = 6
	wordWeight = 0.6
)

// Index is an immutable search index over the published articles of a
// knowledge base. It is safe for concurrent use; publishing builds a new one.
type Index struct {
	parts  map[string]*part // by language
	langs  []string         // sorted, for a deterministic search order
	byKey  map[string]int   // slug+"\x00"+lang → position in articles
	arts   []*parley.Article
	shared map[[2]string]bool // [lang, other]: other has a slug lang lacks
}

// part indexes the articles of one language, each analysed as that language.
type part struct {
	lang  string
	docs  []*doc
	words channel[string]
	grams channel[uint64]
	slugs map[string]bool

	scratch analysis.Terms // while building
}

type doc struct {
	art    *parley.Article
	lines  []string // the body's, for passages as written
	units  []unit   // paragraphs, list items, headings
	blocks []block  // what passages are made of
	open   int      // units [0, open) are the opening (see opening)
}

// channel is an inverted index of one kind of term. A posting holds its
// term's BM25F saturation in the document, tf~/(k1+tf~), computed at build:
// a search only adds idf × sat. Postings are one array, cut by start.
type channel[K comparable] struct {
	ids   map[K]int32
	start []int32 // term id's postings are post[start[id]:start[id+1]]
	post  []posting
	lens  [][nFields]int32 // per doc
	occ   []occurrence     // while building
}

type posting struct {
	doc int32
	sat float32
}

type occurrence struct {
	id, doc int32
	field   int
}

// NewIndex indexes the published articles. Of two with the same slug and
// language, the higher Version wins.
func NewIndex(articles []parley.Article) *Index {
	ix := &Index{parts: map[string]*part{}, byKey: map[string]int{}, shared: map[[2]string]bool{}}
	for i := range articles {
		if articles[i].Status != parley.ArticlePublished {
			continue
		}
		a := new(articles[i]) // a copy: the caller may reuse its slice
		a.Questions = slices.Clone(a.Questions)
		lang := analysis.Base(a.Language)
		key := a.Slug + "\x00" + lang
		if j, ok := ix.byKey[key]; ok {
			if ix.arts[j].Version >= a.Version {
				continue
			}
			ix.arts[j] = a
			continue
		}
		ix.byKey[key] = len(ix.arts)
		ix.arts = append(ix.arts, a)
	}
	size := map[string]int{} // bytes of text per language, to size the postings
	for _, a := range ix.arts {
		size[analysis.Base(a.Language)] += len(a.Title) + len(a.Body) + 64*len(a.Questions)
	}
	for _, a := range ix.arts {
		lang := analysis.Base(a.Language)
		p := ix.parts[lang]
		if p == nil {
			p = &part{lang: lang, slugs: map[string]bool{}}
			p.words.occ = make([]occurrence, 0, size[lang]/6)
			p.grams.occ = make([]occurrence, 0, size[lang]*2/3)
			ix.parts[lang] = p
			ix.langs = append(ix.langs, lang)
		}
		p.add(a)
	}
	sort.Strings(ix.langs)
	for _, p := range ix.parts {
		p.scratch = analysis.Terms{}
		p.words.finish()
		p.grams.finish()
		for _, q := range ix.parts {
			for s := range q.slugs {
				if !p.slugs[s] {
					ix.shared[[2]string{p.lang, q.lang}] = true
					break
				}
			}
		}
	}
	return ix
}

// Len returns the number of indexed (published) articles.
func (ix *Index) Len() int { return len(ix.arts) }

// Article returns the published article with this slug in this language
// (a BCP 47 tag; its base language is used), for offering a translation.
func (ix *Index) Article(slug, lang string) (parley.Article, bool) {
	if i, ok := ix.byKey[slug+"\x00"+analysis.Base(lang)]; ok {
		return clone(ix.arts[i]), true
	}
	return parley.Article{}, false
}

// clone copies an article so that callers cannot change the index.
func clone(a *parley.Article) parley.Article {
	c := *a
	c.Questions = slices.Clone(a.Questions)
	return c
}

func (p *part) add(a *parley.Article) {
	d := &doc{art: a}
	d.lines, d.units, d.blocks = splitBody(a.Body, p.lang)
	d.open = opening(d.lines, d.units, d.blocks)
	id := int32(len(p.docs))
	p.docs = append(p.docs, d)
	p.slugs[a.Slug] = true
	p.words.newDoc()
	p.grams.newDoc()
	t := &p.scratch
	*t = analysis.Terms{Words: t.Words[:0], Grams: t.Grams[:0]}
	analysis.AppendTerms(t, a.Title, p.lang)
	p.words.add(id, fTitle, t.Words)
	p.grams.add(id, fTitle, t.Grams)
	*t = analysis.Terms{Words: t.Words[:0], Grams: t.Grams[:0]}
	for _, q := range a.Questions {
		analysis.AppendTerms(t, q, p.lang)
	}
	p.words.add(id, fQuestions, t.Words)
	p.grams.add(id, fQuestions, t.Grams)
	for i := range d.units {
		u := &d.units[i]
		p.words.add(id, fBody, u.terms.Words)
		p.grams.add(id, fBody, u.terms.Grams)
		u.terms = analysis.Terms{} // only words are kept, for passages
	}
}

func (c *channel[K]) newDoc() {
	if c.ids == nil {
		c.ids = map[K]int32{}
	}
	c.lens = append(c.lens, [nFields]int32{})
}

func (c *channel[K]) add(doc int32, f int, terms []K) {
	c.lens[doc][f] += int32(len(terms))
	for _, t := range terms {
		id, ok := c.ids[t]
		if !ok {
			id = int32(len(c.ids))
			c.ids[t] = id
		}
		c.occ = append(c.occ, occurrence{id, doc, f})
	}
}

// finish sorts the occurrences by term (a counting sort, stable, so by
// document within a term), merges each document's into one posting and
// turns its term frequencies into a BM25F saturation.
func (c *channel[K]) finish() {
	var avg [nFields]float64
	for _, l := range c.lens {
		for f := range avg {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(len(c.lens), 1)), 1)
	}
	pos := make([]int32, len(c.ids)+1)
	for _, o := range c.occ {
		pos[o.id+1]++
	}
	for i := 1; i < len(pos); i++ {
		pos[i] += pos[i-1]
	}
	sorted := make([]occurrence, len(c.occ))
	next := slices.Clone(pos)
	for _, o := range c.occ {
		sorted[next[o.id]] = o
		next[o.id]++
	}
	c.occ = nil
	c.start = make([]int32, len(c.ids)+1)
	c.post = make([]posting, 0, len(c.ids)*2)
	for id := range len(c.ids) {
		c.start[id] = int32(len(c.post))
		occ := sorted[pos[id]:pos[id+1]]
		for i := 0; i < len(occ); {
			doc := occ[i].doc
			var tf [nFields]float64
			for ; i < len(occ) && occ[i].doc == doc; i++ {
				tf[occ[i].field]++
			}
			w := 0.0
			for f := range nFields {
				norm := 1 - fieldB[f] + fieldB[f]*float64(c.lens[doc][f])/avg[f]
				w += fieldWeight[f] * tf[f] / norm
			}
			c.post = append(c.post, posting{doc, float32(w / (k1 + w))})
		}
	}
	c.start[len(c.ids)] = int32(len(c.post))
}

// postings returns the postings of term t, nil if no document has it.
func (c *channel[K]) postings(t K) []posting {
	if id, ok := c.ids[t]; ok {
		return c.post[c.start[id]:c.start[id+1]]
	}
	return nil
}

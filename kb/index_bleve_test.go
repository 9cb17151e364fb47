//go:build ignore

// The bleve side of the comparison in index_doc.go, kept to reproduce it.
// It needs bleve, which the module does not depend on:
//
//	go get github.com/blevesearch/bleve/v2@v2.5.7
//	cd kb && go test -run TestBleveQuality -v index_bleve_test.go \
//		index_quality_test.go index_norace_test.go index_test.go
//	git checkout go.mod go.sum
//
// (Naming the files overrides the ignore constraint; -tags ignore would
// pull in the standard library's generators.)
package kb_test

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hy"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/token/ngram"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb/demo"
)

var analyzerFor = map[string]string{"en": "en", "ru": "ru", "pl": "pl", "fa": "fa", "sr": "hr", "hy": "hy", "kk": "standard"}

var withGrams = false

func bleveMapping(lang string) mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer("hy", map[string]any{"type": "custom", "tokenizer": "unicode", "token_filters": []string{"to_lower", "stop_hy"}}); err != nil {
		panic(err)
	}
	if err := m.AddCustomTokenFilter("tri", map[string]any{"type": "ngram", "min": 3.0, "max": 3.0}); err != nil {
		panic(err)
	}
	if err := m.AddCustomAnalyzer("grams", map[string]any{"type": "custom", "tokenizer": "unicode", "token_filters": []string{"to_lower", "tri"}}); err != nil {
		panic(err)
	}
	dm := bleve.NewDocumentMapping()
	for _, f := range []string{"title", "questions", "body"} {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzerFor[lang]
		fm.Store = false
		fm.IncludeTermVectors = false
		dm.AddFieldMappingsAt(f, fm)
		if withGrams {
			gm := bleve.NewTextFieldMapping()
			gm.Analyzer = "grams"
			gm.Store = false
			gm.IncludeTermVectors = false
			dm.AddFieldMappingsAt(f+"_g", gm)
		}
	}
	m.DefaultMapping = dm
	m.StoreDynamic = false
	m.IndexDynamic = false
	return m
}

// bleve has no Cyrillic-to-Latin filter: Serbian is transliterated before
// the Croatian analyzer, the only glue.
func prep(s, lang string) string {
	if lang == "sr" {
		return serbianLatin(s)
	}
	return s
}

func bleveBuild(arts []parley.Article, lang string) bleve.Index {
	ix, err := bleve.NewMemOnly(bleveMapping(lang))
	if err != nil {
		panic(err)
	}
	b := ix.NewBatch()
	for _, a := range arts {
		d := map[string]any{"title": prep(a.Title, lang), "questions": prep(strings.Join(a.Questions, "\n"), lang), "body": prep(a.Body, lang)}
		if withGrams {
			d["title_g"], d["questions_g"], d["body_g"] = d["title"], d["questions"], d["body"]
		}
		if err := b.Index(a.Slug, d); err != nil {
			panic(err)
		}
	}
	if err := ix.Batch(b); err != nil {
		panic(err)
	}
	return ix
}

func bleveSearch(ix bleve.Index, q, lang string) []string {
	q = prep(q, lang)
	var qs []query.Query
	for f, boost := range map[string]float64{"title": 3, "questions": 2, "body": 1} {
		m := bleve.NewMatchQuery(q)
		m.SetField(f)
		m.Analyzer = analyzerFor[lang]
		m.SetBoost(boost)
		qs = append(qs, m)
		if withGrams {
			g := bleve.NewMatchQuery(q)
			g.SetField(f + "_g")
			g.Analyzer = "grams"
			g.SetBoost(boost * 0.5)
			qs = append(qs, g)
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 3, 0, false)
	res, err := ix.Search(req)
	if err != nil {
		panic(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestBleveQuality(t *testing.T) {
	for _, g := range []bool{false, true} {
		withGrams = g
		bleveLOO(t)
	}
}

func bleveLOO(t *testing.T) {
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	byLang := map[string][]parley.Article{}
	for _, a := range arts {
		byLang[a.Language] = append(byLang[a.Language], a)
	}
	type res struct{ n, t1, t3 int }
	per := map[string]*res{}
	var langs []string
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var lat []time.Duration
	for _, l := range langs {
		as := byLang[l]
		for i, a := range as {
			for j, q := range a.Questions {
				held := slices.Clone(as)
				held[i].Questions = slices.Delete(slices.Clone(a.Questions), j, j+1)
				ix := bleveBuild(held, l)
				queries := [][2]string{{q, l}}
				if l == "sr" && cyrillic(q) {
					queries = append(queries, [2]string{serbianLatin(q), "sr-Latn"})
				}
				for _, qq := range queries {
					s := time.Now()
					hits := bleveSearch(ix, qq[0], l)
					lat = append(lat, time.Since(s))
					r := per[qq[1]]
					if r == nil {
						r = &res{}
						per[qq[1]] = r
					}
					r.n++
					for k, h := range hits {
						if h == a.Slug {
							if k == 0 {
								r.t1++
							}
							r.t3++
						}
					}
				}
				ix.Close()
			}
		}
	}
	fmt.Println("bleve grams:", withGrams)
	var tot res
	for _, l := range append(langs, "sr-Latn") {
		r := per[l]
		if l != "sr-Latn" {
			tot.n, tot.t1, tot.t3 = tot.n+r.n, tot.t1+r.t1, tot.t3+r.t3
		}
		fmt.Printf("%-8s %4d top-1 %.3f top-3 %.3f\n", l, r.n, float64(r.t1)/float64(r.n), float64(r.t3)/float64(r.n))
	}
	fmt.Printf("all      %4d top-1 %.3f top-3 %.3f\n", tot.n, float64(tot.t1)/float64(tot.n), float64(tot.t3)/float64(tot.n))
	// build time of the whole demo KB: one index per language
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	s := time.Now()
	const n = 10
	var keep []bleve.Index
	for k := range n {
		for _, l := range langs {
			ix := bleveBuild(byLang[l], l)
			if k == 0 {
				keep = append(keep, ix)
			} else {
				ix.Close()
			}
		}
	}
	bt := time.Since(s) / n
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	slices.Sort(lat)
	fmt.Printf("build %v; heap %d KB; search p50 %v p99 %v\n", bt, (int64(ms1.HeapAlloc)-int64(ms0.HeapAlloc))/1024, lat[len(lat)/2], lat[len(lat)*99/100])
	runtime.KeepAlive(keep)
}

package kb_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/kb/demo"
)

func demoArticles(b testing.TB, copies int) []parley.Article {
	arts, err := demo.Articles()
	if err != nil {
		b.Fatal(err)
	}
	var out []parley.Article
	for i := range copies {
		for _, a := range arts {
			a.Slug = fmt.Sprintf("%s-%d", a.Slug, i)
			out = append(out, a)
		}
	}
	return out
}

// BenchmarkBuild builds the demo KB (56 articles) and 18 copies of it
// (1,008), reporting the index's live heap.
func BenchmarkBuild(b *testing.B) {
	for _, copies := range []int{1, 18} {
		arts := demoArticles(b, copies)
		b.Run(fmt.Sprintf("articles=%d", len(arts)), func(b *testing.B) {
			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			ix := kb.NewIndex(arts)
			runtime.GC()
			runtime.ReadMemStats(&ms1)
			runtime.KeepAlive(ix)
			b.ReportAllocs()
			for b.Loop() {
				kb.NewIndex(arts)
			}
			b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/1024, "index-KiB")
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	queries := []struct{ q, lang string }{
		{"I can't log in, the reset email never came", "en"},
		{"как выгрузить все задачи в эксель", "ru"},
		{"Kako da otkažem pretplatu?", "sr"},
		{"چطور فاکتور ماه قبل را دانلود کنم", "fa"},
	}
	for _, copies := range []int{1, 18} {
		arts := demoArticles(b, copies)
		ix := kb.NewIndex(arts)
		b.Run(fmt.Sprintf("articles=%d", len(arts)), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				q := queries[i%len(queries)]
				ix.Search(q.q, q.lang, 3)
				i++
			}
		})
	}
}

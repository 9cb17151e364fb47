package bot

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
	"github.com/parley-chat/parley/kb/demo"
)

// largeKB is the demo KB copied 18 times (1,008 articles, 144 slugs in
// seven languages), each copy about its own module ("… in module 7"), so
// the classifier and the search index work at that size for real.
func largeKB(b *testing.B) (*Knowledge, []string) {
	arts, err := demo.Articles()
	if err != nil {
		b.Fatal(err)
	}
	var all []parley.Article
	var questions []string
	for i := range 18 {
		for _, a := range arts {
			a.ID = fmt.Sprintf("%s-%d", a.ID, i)
			a.Slug = fmt.Sprintf("%s-%d", a.Slug, i)
			tag := fmt.Sprintf(" module%d", i)
			a.Title += tag
			a.Body += "\n\nModule" + tag + "."
			qs := make([]string, len(a.Questions))
			for j, q := range a.Questions {
				qs[j] = q + tag
			}
			a.Questions = qs
			all = append(all, a)
			questions = append(questions, qs[len(qs)-1])
		}
	}
	k, err := Build(context.Background(), all, nil, kb.NewIndex(all))
	if err != nil {
		b.Fatal(err)
	}
	return k, questions
}

// BenchmarkDecideLargeKB times whole decisions (language, signals, intent,
// passage from the search index) on a KB of 1,008 articles, cycling
// through one question per article in all seven languages, and reports
// the p50 and p99 of single decisions and the CPU time per decision.
func BenchmarkDecideLargeKB(b *testing.B) {
	k, questions := largeKB(b)
	turns := make([]Turn, len(questions))
	for i, q := range questions {
		turns[i] = turn(q)
	}
	var took []time.Duration
	answered := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := cpuSeconds()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		o := Decide(k, Config{}, turns[i%len(turns)])
		took = append(took, time.Since(start))
		if o.Decision.Action == parley.ActionAnswer {
			answered++
		}
	}
	// CPU time per decision (the process's, so it includes the collector):
	// under load the wall-clock percentiles measure the scheduler as much.
	if cpu1, ok := cpuSeconds(); ok && cpuOK {
		b.ReportMetric((cpu1-cpu0)*1e6/float64(len(took)), "cpu-µs/op")
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(answered)/float64(len(took)), "answered")
}

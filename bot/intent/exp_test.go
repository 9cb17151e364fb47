package intent

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// Experiments on Banking77's train.csv (never test.csv): stratified
// validation splits, accuracy of the top intent. Run with
// PARLEY_EXP=1 go test -run TestExp -v ./bot/intent/
func loadCSV(t testing.TB, path string) []Example {
	f, err := os.Open(path)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ex []Example
	for _, r := range recs[1:] {
		ex = append(ex, Example{Text: strings.TrimSpace(r[0]), Label: strings.TrimSpace(r[1])})
	}
	return ex
}

func expSplit(ex []Example, share float64, seed uint64) (rest, part []Example) {
	rng := rand.New(rand.NewPCG(seed, 2))
	byLabel := map[string][]Example{}
	for _, e := range ex {
		byLabel[e.Label] = append(byLabel[e.Label], e)
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, l := range labels {
		g := slices.Clone(byLabel[l])
		rng.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		n := int(float64(len(g))*share + 0.5)
		part, rest = append(part, g[:n]...), append(rest, g[n:]...)
	}
	return rest, part
}

type expVariant struct {
	name    string
	tune    tuning    // the hyper-parameters tried
	weights []float64 // MLPWeight values scored on the same trained model
	knn     []float64 // KNN values likewise (with the first weight)
	nbw     []float64 // NBWeight values likewise (with the first weight; 0: none)
	per     int       // if > 0, train on at most this many examples per intent
}

func TestExp(t *testing.T) {
	which := os.Getenv("PARLEY_EXP")
	if which == "" {
		t.Skip("set PARLEY_EXP")
	}
	all := loadCSV(t, "../../../shared/data/banking77/train.csv")
	seeds := []uint64{1, 2, 3}
	for _, v := range expVariants(which) {
		ws := v.weights
		if len(ws) == 0 {
			ws = []float64{config{tuning: v.tune}.withDefaults().MLPWeight}
		}
		accs := make([][]float64, len(ws)+len(v.knn)+len(v.nbw))
		macs := make([][]float64, len(accs))
		var secs float64
		for _, s := range seeds {
			tr, va := expSplit(all, 0.2, s)
			if v.per > 0 {
				tr = capPerIntent(tr, v.per)
			}
			st := cpuTime()
			m, err := train(context.Background(), tr, Options{Seed: s, NoCalibration: true}, v.tune)
			if err != nil {
				t.Fatal(err)
			}
			secs += cpuTime() - st
			acc := func(i int) {
				right := 0
				rec := map[string][2]int{}
				for _, e := range va {
					r := rec[e.Label]
					r[1]++
					if m.Predict(e.Text).Label == e.Label {
						right++
						r[0]++
					}
					rec[e.Label] = r
				}
				var mac float64
				for _, r := range rec {
					mac += float64(r[0]) / float64(r[1]) / float64(len(rec))
				}
				accs[i] = append(accs[i], float64(right)/float64(len(va)))
				macs[i] = append(macs[i], mac)
			}
			for i, w := range ws {
				m.opts.MLPWeight = w
				acc(i)
			}
			m.opts.MLPWeight = ws[0]
			for i, k := range v.knn {
				m.opts.KNN = k
				acc(len(ws) + i)
			}
			m.opts.KNN = config{tuning: v.tune}.withDefaults().KNN
			for i, w := range v.nbw {
				m.opts.NBWeight = w
				acc(len(ws) + len(v.knn) + i)
			}
		}
		for i, a := range accs {
			name := v.name
			switch {
			case i < len(ws):
				name += fmt.Sprintf(" w=%g", ws[i])
			case i < len(ws)+len(v.knn):
				name += fmt.Sprintf(" w=%g knn=%g", ws[0], v.knn[i-len(ws)])
			default:
				name += fmt.Sprintf(" w=%g nb=%g", ws[0], v.nbw[i-len(ws)-len(v.knn)])
			}
			report(t, name, a, macs[i], secs/float64(len(seeds)))
		}
	}
}

func report(t *testing.T, name string, accs, macs []float64, secs float64) {
	var mean, sd float64
	for _, a := range accs {
		mean += a / float64(len(accs))
	}
	for _, a := range accs {
		sd += (a - mean) * (a - mean) / float64(len(accs)-1)
	}
	var mm float64
	for _, a := range macs {
		mm += a / float64(len(macs))
	}
	line := fmt.Sprintf("%-44s acc %.2f%% sd %.2f (%v) macro %.2f%% (%v) %.1f cpu-s", name, 100*mean, 100*math.Sqrt(sd), fmtAccs(accs), 100*mm, fmtAccs(macs), secs)
	t.Log(line)
	fmt.Fprintln(os.Stderr, "EXP", line)
}

func fmtAccs(a []float64) string {
	var s []string
	for _, v := range a {
		s = append(s, fmt.Sprintf("%.2f", 100*v))
	}
	return strings.Join(s, " ")
}

func TestExpStats(t *testing.T) {
	if os.Getenv("PARLEY_EXP") == "" {
		t.Skip()
	}
	all := loadCSV(t, "../../../shared/data/banking77/train.csv")
	m := &Model{opts: config{}.withDefaults()}
	ls := map[string]bool{}
	for _, e := range all {
		ls[e.Label] = true
	}
	for l := range ls {
		m.labels = append(m.labels, l)
	}
	slices.Sort(m.labels)
	docs, _ := m.docs(all)
	c, _ := fitCore(context.Background(), docs, len(m.labels), &m.opts)
	nnz := 0
	var v sparse
	for _, d := range docs {
		c.vec.vectorize(d.hashes, &v)
		nnz += len(v.idx)
	}
	t.Logf("dim %d, nnz/doc %.1f, docs %d", len(c.vec.idf), float64(nnz)/float64(len(docs)), len(docs))
}

func capPerIntent(ex []Example, n int) []Example {
	seen := map[string]int{}
	var out []Example
	for _, e := range ex {
		if seen[e.Label] < n {
			seen[e.Label]++
			out = append(out, e)
		}
	}
	return out
}

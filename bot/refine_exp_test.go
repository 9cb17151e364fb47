package bot

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/parley-chat/parley/bot/intent"
	"github.com/parley-chat/parley/kb/demo"
)

// TestExpDemoHeldOut measures what Refine buys on the demo KB: half of
// each article's questions (by seed) are held out, the classifier is
// trained on the titles and the other half, with and without the neural
// scorer, and scored on the held-out half. Run with
// PARLEY_EXP=demo go test -run TestExpDemoHeldOut -v ./bot/
func TestExpDemoHeldOut(t *testing.T) {
	if os.Getenv("PARLEY_EXP") != "demo" {
		t.Skip("set PARLEY_EXP=demo")
	}
	arts, err := demo.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct {
		name string
		opts intent.Options
	}{{"fast (Build)", intent.Options{NoNetwork: true}}, {"with the neural scorer (Refine)", intent.Options{}}} {
		var all, right float64
		for seed := uint64(1); seed <= 3; seed++ {
			rng := rand.New(rand.NewPCG(seed, 9))
			var train, test []intent.Example
			for _, a := range arts {
				train = append(train, intent.Example{Text: a.Title, Label: a.Slug})
				qs := append([]string(nil), a.Questions...)
				rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
				for i, q := range qs {
					e := intent.Example{Text: q, Label: a.Slug}
					if i < len(qs)/2 {
						test = append(test, e)
					} else {
						train = append(train, e)
					}
				}
			}
			o.opts.Seed = seed
			m, err := intent.Train(context.Background(), train, o.opts)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range test {
				if m.Predict(e.Text).Label == e.Label {
					n++
				}
			}
			t.Logf("%s, seed %d: %.1f%% of %d", o.name, seed, 100*float64(n)/float64(len(test)), len(test))
			all, right = all+float64(len(test)), right+float64(n)
		}
		t.Logf("%s: %.1f%%", o.name, 100*right/all)
	}
}

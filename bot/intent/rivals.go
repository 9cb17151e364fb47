package intent

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// rivalIntents is how many nearby intents each one-vs-rest SVM sees
// all examples of; the other intents contribute a random sample.
const rivalIntents = 40

// trainingSets picks, for each class, the examples its SVM trains on:
// its own, all examples of its rivalIntents most similar classes, and a
// random sample of the rest. Easy far-away negatives barely move the
// solution, yet with a thousand intents they would make training cost
// grow with the square of the KB; with few intents the sets are whole.
func (c *core) trainingSets(x *csr, o *config) [][]int {
	n := x.rows()
	sets := make([][]int, c.nClass)
	if c.nClass-1 <= rivalIntents {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		for k := range sets {
			sets[k] = all
		}
		return sets
	}
	byClass := make([][]int, c.nClass)
	for i, k := range c.exCls {
		byClass[k] = append(byClass[k], i)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 5))
	centroid := make(map[int32]float32)
	clsSim := make([]float32, c.nClass)
	order := make([]int, c.nClass)
	for k := range c.nClass {
		// The class centroid over informative (postings) features.
		clear(centroid)
		for _, i := range byClass[k] {
			ix, v := x.row(i)
			for t, j := range ix {
				if c.pPtr[j+1] > c.pPtr[j] {
					centroid[j] += v[t]
				}
			}
		}
		clear(clsSim)
		for j, cv := range centroid {
			lo, hi := c.pPtr[j], c.pPtr[j+1]
			for e, i := range c.pEx[lo:hi] {
				clsSim[c.exCls[i]] += cv * c.pVal[lo+int32(e)]
			}
		}
		clsSim[k] = -1
		for l := range order {
			order[l] = l
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(clsSim[b], clsSim[a]) })
		set := slices.Clone(byClass[k])
		rival := make([]bool, c.nClass)
		for _, l := range order[:rivalIntents] {
			set = append(set, byClass[l]...)
			rival[l] = true
		}
		rival[k] = true
		var rest []int
		for i, l := range c.exCls {
			if !rival[l] {
				rest = append(rest, i)
			}
		}
		rng.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
		m := min(len(rest), max(500, 10*len(byClass[k])))
		sets[k] = append(set, rest[:m]...)
	}
	return sets
}

package intent

import (
	"context"
	"math/rand/v2"
	"slices"
)

// smallKB is the size up to which calibration cross-fits: small KBs
// train in milliseconds, and a single held-out slice would leave one or
// two examples per intent to calibrate on.
const smallKB = 3000

// calibrate collects held-out scores and fits the calibration on them.
// Each fold trains on the rest of the data minus a few whole intents,
// whose examples pose as out-of-scope questions; the held-out examples
// of the remaining intents are the in-scope points. Large KBs use one
// fold (CalibFraction of each intent), small ones five, so that every
// example is held out once.
func calibrate(ctx context.Context, docs, oos []doc, nClass int, oosClass int32, o *config) (calibration, error) {
	rng := rand.New(rand.NewPCG(o.Seed, 42))
	byClass := make([][]int, nClass)
	for i, d := range docs {
		byClass[d.label] = append(byClass[d.label], i)
	}
	for _, ids := range byClass {
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	}
	perm := slices.DeleteFunc(rng.Perm(nClass), func(k int) bool { return int32(k) == oosClass })
	nIntents := len(perm)
	nOOS := 0 // intents posing as out of scope per fold, if 2 remain
	if nIntents >= 3 {
		nOOS = max(1, nIntents/10)
	}
	folds := 1
	if len(docs) <= smallKB {
		folds = 5
	}
	var pts []calPoint
	for f := range folds {
		remap := make([]int32, nClass)
		for t := range nOOS {
			remap[perm[(f*nOOS+t)%nIntents]] = -1
		}
		inner, innerOOS := int32(0), int32(-1)
		for k := range remap {
			if remap[k] == 0 {
				if int32(k) == oosClass {
					innerOOS = inner
				}
				remap[k] = inner
				inner++
			}
		}
		var train, held []doc
		for k, ids := range byClass {
			for t, i := range ids {
				d := docs[i]
				d.label = remap[k]
				switch {
				case d.evOnly && remap[k] < 0:
				case d.evOnly:
					train = append(train, d)
				case remap[k] < 0 || heldOut(t, len(ids), f, folds, o.CalibFraction):
					held = append(held, d)
				default:
					train = append(train, d)
				}
			}
		}
		if f == 0 {
			for _, d := range oos {
				held = append(held, doc{hashes: d.hashes, words: d.words, label: -1})
			}
		}
		c, err := fitCore(ctx, train, int(inner), o)
		if err != nil {
			return calibration{}, err
		}
		pts = append(pts, c.points(held, innerOOS, o)...)
	}
	nIn := 0
	for _, p := range pts {
		if p.label >= 0 {
			nIn++
		}
	}
	if nIn < 20 {
		return defaultCalibration, nil
	}
	return fitPoints(pts), nil
}

// heldOut says whether the t-th of an intent's n examples is held out
// in fold f; intents with under 3 examples keep them all for training.
func heldOut(t, n, f, folds int, share float64) bool {
	if n < 3 {
		return false
	}
	if folds > 1 {
		return t%folds == f
	}
	return t < max(1, int(float64(n)*share+0.5))
}

package intent

import (
	"math"
	"slices"
)

// signals are what the confidence is computed from.
type signals struct {
	prob   float64 // temperature-scaled softmax probability of the top intent
	maxSim float64 // best cosine similarity to any training example
	known  float64 // word coverage: share of the text's words training saw
	// evidence that the text is about the top intent (evidence.go)
	evidence float64
}

// features scores a message into s.scores (combined linear + neighbour
// scores, one per class) and returns its out-of-scope signals.
func (c *core) features(text string, o *config, s *scratch) signals {
	c.vectorize(text, o, s)
	return c.score(o, s)
}

func (c *core) score(o *config, s *scratch) signals {
	c.linear(s)
	best := c.neighbours(s)
	for k := range s.scores {
		s.scores[k] += o.KNN * float64(s.clsSim[k])
	}
	if m := c.mlp; m != nil {
		s.h = slices.Grow(s.h[:0], m.hidden)[:m.hidden]
		s.out = slices.Grow(s.out[:0], m.nClass)[:m.nClass]
		m.logits(&s.x, s.h, s.out)
		mx := float32(math.Inf(-1))
		for _, v := range s.out {
			mx = max(mx, v)
		}
		var z float64
		for _, v := range s.out {
			z += math.Exp(float64(v - mx))
		}
		lz := math.Log(z)
		for k, v := range s.out {
			s.scores[k] += o.MLPWeight * (float64(v-mx) - lz)
		}
	}
	if c.nb != nil && o.NBWeight > 0 {
		s.nbBuf = slices.Grow(s.nbBuf[:0], c.nClass)[:c.nClass]
		c.nb.addLogProbs(&s.x, o.NBWeight, s.nbBuf, s.scores)
	}
	w := o.WordWeight*o.WordWeight + o.CharWeight*o.CharWeight
	return signals{maxSim: float64(best / w), known: s.known}
}

// calibration maps scores to a calibrated confidence: a softmax
// temperature (fitted for log-loss on held-out in-scope examples), then
// a logistic model of "the top intent is right" on the tempered top
// probability and the nearest-example similarity, fitted on held-out
// examples plus whole held-out intents posing as out-of-scope traffic.
type calibration struct {
	temp float64
	a    [nConf]float64 // over confInputs
	// threshold is the confidence to answer from (chooseThreshold).
	threshold float64
}

const nConf = 5

// confInputs are the confidence model's inputs: a constant, the logit
// of the tempered top probability, the nearest-example similarity, the
// word coverage and the evidence for the top intent. (The top raw SVM
// score was tried too: no gain on held-out intents.)
func confInputs(f signals) [nConf]float64 {
	p := min(max(f.prob, 1e-6), 1-1e-6)
	return [nConf]float64{1, math.Log(p / (1 - p)), f.maxSim, f.known, f.evidence}
}

func (c calibration) confidence(f signals) float64 {
	var z float64
	for i, x := range confInputs(f) {
		z += c.a[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// defaultCalibration serves KBs too small to hold examples out; its
// values are rounded from the fit on Banking77's training set.
var defaultCalibration = calibration{temp: 0.2, a: [nConf]float64{-1, 0.8, 0, 2, 0}, threshold: 0.5}

// oosShare is the weight given to the stand-in out-of-scope examples
// when fitting the confidence: a support chat sees some unrelated
// questions, but far fewer than answerable ones.
const oosShare = 0.2

type calPoint struct {
	scores  []float64
	label   int32 // -1 for stand-in out-of-scope
	sig     signals
	weight  float64
	correct bool
}

// fitCalibration scores held-out docs (label -1: out of scope) with c
// and fits the temperature and the confidence model on them.
func (c *core) fitCalibration(held []doc, oosClass int32, o *config) calibration {
	return fitPoints(c.points(held, oosClass, o))
}

// points scores held docs. A doc the out-of-scope class (oosClass, or -1)
// takes is declined whatever its confidence, so it does not shape the
// confidence model.
func (c *core) points(held []doc, oosClass int32, o *config) []calPoint {
	pts := make([]calPoint, 0, len(held))
	s := new(scratch)
	for _, d := range held {
		s.known = c.vec.vectorize(d.hashes, &s.x)
		f := c.score(o, s)
		top := int32(argmax(s.scores))
		if top == oosClass {
			continue
		}
		if d.label == oosClass {
			d.label = -1
		}
		f.evidence = c.ev.of(d.words, top)
		pts = append(pts, calPoint{scores: append([]float64(nil), s.scores...), label: d.label, sig: f, weight: 1})
	}
	return pts
}

func fitPoints(pts []calPoint) calibration {
	nIn := 0
	for _, p := range pts {
		if p.label >= 0 {
			nIn++
		}
	}
	if nIn == 0 {
		return defaultCalibration
	}
	for i := range pts {
		if pts[i].label < 0 {
			pts[i].weight = oosShare / (1 - oosShare) * float64(nIn) / float64(len(pts)-nIn)
		}
	}
	cal := calibration{temp: fitTemperature(pts)}
	cal.a = fitConfidence(pts, cal.temp)
	cal.threshold = chooseThreshold(pts, cal)
	return cal
}

// WrongAnswerCost is what a wrong answer costs against the gain of a
// right one when the threshold is chosen: the visitor reads it, tries
// it, and comes back further from help than a handoff would have left
// them. (On BANKING77-OOS valid.csv, 2 and 4 move the choice by one
// step of 0.05 either way.)
const WrongAnswerCost = 3

// Thresholds are chosen from this range: below it an answer is a coin
// toss whatever the held-out data say, above it the bot answers little.
const minThreshold, maxThreshold = 0.3, 0.9

// chooseThreshold returns the threshold (in steps of 0.05) that makes
// the most of the held-out points, out-of-scope ones weighted as in the
// fit: right answers minus WrongAnswerCost × wrong ones; the lowest of
// equals. Answers also need evidence (bot.MinEvidence), which this
// leaves aside: it only removes answers.
func chooseThreshold(pts []calPoint, cal calibration) float64 {
	conf := make([]float64, len(pts))
	buf := make([]float64, 0, 128)
	for i, p := range pts {
		buf = append(buf[:0], p.scores...)
		softmax(buf, cal.temp)
		top := argmax(buf)
		f := p.sig
		f.prob = buf[top]
		conf[i] = cal.confidence(f)
		pts[i].correct = p.label >= 0 && int32(top) == p.label
	}
	best, bestGain := maxThreshold, math.Inf(-1)
	for step := 0; ; step++ {
		t := math.Round((minThreshold+0.05*float64(step))*100) / 100
		if t > maxThreshold {
			return best
		}
		var gain float64
		for i, p := range pts {
			switch {
			case conf[i] < t:
			case p.correct:
				gain += p.weight
			default:
				gain -= WrongAnswerCost * p.weight
			}
		}
		if gain > bestGain+1e-9 {
			best, bestGain = t, gain
		}
	}
}

// fitTemperature minimises the log-loss of in-scope points over log T
// by golden-section search (the loss is unimodal in T).
func fitTemperature(pts []calPoint) float64 {
	loss := func(lt float64) float64 {
		t := math.Exp(lt)
		var l float64
		for _, p := range pts {
			if p.label < 0 {
				continue
			}
			mx := math.Inf(-1)
			for _, v := range p.scores {
				mx = max(mx, v)
			}
			var z float64
			for _, v := range p.scores {
				z += math.Exp((v - mx) / t)
			}
			l += math.Log(z) - (p.scores[p.label]-mx)/t
		}
		return l
	}
	lo, hi := math.Log(1e-3), math.Log(10.0)
	g := (math.Sqrt(5) - 1) / 2
	for range 60 {
		a, b := hi-g*(hi-lo), lo+g*(hi-lo)
		if loss(a) < loss(b) {
			hi = b
		} else {
			lo = a
		}
	}
	return math.Exp((lo + hi) / 2)
}

// fitConfidence fits weighted logistic regression of "answer is right"
// on confInputs by Newton's method with a small ridge.
func fitConfidence(pts []calPoint, temp float64) [nConf]float64 {
	xs := make([][nConf]float64, len(pts))
	ys := make([]float64, len(pts))
	buf := make([]float64, 0, 128)
	for i, p := range pts {
		buf = append(buf[:0], p.scores...)
		softmax(buf, temp)
		top := 0
		for k, v := range buf {
			if v > buf[top] {
				top = k
			}
		}
		f := p.sig
		f.prob = buf[top]
		xs[i] = confInputs(f)
		if p.label >= 0 && int32(top) == p.label {
			ys[i] = 1
		}
	}
	// Similarity and coverage may only raise confidence: held-out
	// intents from the KB's own domain would otherwise teach that a
	// familiar-looking text is suspect, and unrelated text, which looks
	// unfamiliar, would gain. A coefficient fitted negative is pinned to
	// zero and the rest refitted.
	var fixed [nConf]bool
	for {
		w := newton(xs, ys, pts, fixed)
		again := false
		for a := 2; a < nConf; a++ {
			if w[a] < 0 && !fixed[a] {
				fixed[a], again = true, true
			}
		}
		if !again {
			return w
		}
	}
}

// newton fits weighted logistic regression with a ridge pulling towards
// defaultCalibration (which matters only for small KBs); fixed
// coefficients stay zero.
func newton(xs [][nConf]float64, ys []float64, pts []calPoint, fixed [nConf]bool) [nConf]float64 {
	const ridge = 2
	prior := defaultCalibration.a
	w := prior
	for a := range nConf {
		if fixed[a] {
			w[a], prior[a] = 0, 0
		}
	}
	loss := func(w [nConf]float64) float64 {
		var l float64
		for i, x := range xs {
			var z float64
			for a := range nConf {
				z += w[a] * x[a]
			}
			// log(1+e^z) - y z, computed stably
			l += pts[i].weight * (max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) - ys[i]*z)
		}
		for a := range nConf {
			l += ridge / 2 * (w[a] - prior[a]) * (w[a] - prior[a])
		}
		return l
	}
	for range 50 {
		var g [nConf]float64
		var h [nConf][nConf]float64
		for i, x := range xs {
			var z float64
			for a := range nConf {
				z += w[a] * x[a]
			}
			p := 1 / (1 + math.Exp(-z))
			r := pts[i].weight
			for a := range nConf {
				g[a] += r * (p - ys[i]) * x[a]
				for b := range nConf {
					h[a][b] += r * p * (1 - p) * x[a] * x[b]
				}
			}
		}
		for a := range nConf {
			g[a] += ridge * (w[a] - prior[a])
			h[a][a] += ridge
			if fixed[a] {
				g[a] = 0
				for b := range nConf {
					h[a][b], h[b][a] = 0, 0
				}
				h[a][a] = 1
			}
		}
		d, ok := solve(h, g)
		if !ok {
			break
		}
		// Damped: halve the step until the loss does not grow.
		l0, step := loss(w), 1.0
		for range 30 {
			var cand [nConf]float64
			for a := range nConf {
				cand[a] = w[a] - step*d[a]
			}
			if loss(cand) <= l0 {
				w = cand
				break
			}
			step /= 2
		}
		var size float64
		for a := range nConf {
			size += math.Abs(step * d[a])
		}
		if size < 1e-9 {
			break
		}
	}
	return w
}

// solve solves h·x = g by Gaussian elimination with partial pivoting.
func solve(h [nConf][nConf]float64, g [nConf]float64) ([nConf]float64, bool) {
	for c := range nConf {
		p := c
		for r := c + 1; r < nConf; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		if math.Abs(h[p][c]) < 1e-12 {
			return g, false
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		for r := c + 1; r < nConf; r++ {
			f := h[r][c] / h[c][c]
			for k := c; k < nConf; k++ {
				h[r][k] -= f * h[c][k]
			}
			g[r] -= f * g[c]
		}
	}
	var x [nConf]float64
	for c := nConf - 1; c >= 0; c-- {
		x[c] = g[c]
		for k := c + 1; k < nConf; k++ {
			x[c] -= h[c][k] * x[k]
		}
		x[c] /= h[c][c]
	}
	return x, true
}

package intent

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/parley-chat/parley/internal/textfold"
)

// Example is one labelled training text.
type Example struct {
	Text  string
	Label string
	// EvidenceOnly text describes the intent (an article's body) without
	// being a question: it counts as evidence (evidence.go), never as a
	// training example.
	EvidenceOnly bool
}

// Options are the product's choices for training; the zero value is the
// design documented in doc.go.
type Options struct {
	TopK          int  // alternatives returned by Predict (3)
	NoNetwork     bool // no neural scorer: about 15 times faster to train (a KB publish), slightly less accurate
	NoCalibration bool // skip the calibration fit (an evaluation that calibrates on its own validation set; tests)
	Seed          uint64
}

// tuning holds the hyper-parameters, chosen on validation splits of
// Banking77's training set (doc.go, docs/bot.md); the zero value means
// those. Only the experiments (exp_test.go) and tests vary them.
type tuning struct {
	CharMin, CharMax int     // character n-gram lengths within words (1, 5)
	NoBigrams        bool    // drop word bigrams
	WordWeight       float32 // weight of the word block (1)
	CharWeight       float32 // weight of the character block (1)
	MinDF            int     // features seen in fewer examples are dropped (2)
	C                float64 // SVM cost (0.5)
	KNN              float64 // weight of the nearest-neighbour scores (0.5)
	KNNMaxDF         float64 // neighbour lookups ignore features in more than this share of examples (0.02)
	CalibFraction    float64 // share of each intent held out to calibrate (0.15)

	MLPHidden int     // hidden units of the network (64; < 0: no network)
	MLPEpochs int     // its training passes (6; small KBs get more, within a work cap)
	MLPWeight float64 // weight of its log-probabilities in the combined score (0.2)

	NBWeight float64 // weight of the naive Bayes log-probabilities (0.03; < 0: none)

	mlp     mlpParams // the network's other settings
	nbAlpha float64   // naive Bayes smoothing (0.01)
}

// config is what training and scoring read: the options and the tuning.
type config struct {
	Options
	tuning
}

func (o config) withDefaults() config {
	def(&o.CharMin, 1)
	def(&o.CharMax, 5)
	def(&o.MinDF, 2)
	def(&o.TopK, 3)
	def(&o.WordWeight, 1)
	def(&o.CharWeight, 1)
	def(&o.C, 0.5)
	def(&o.KNN, 0.5)
	def(&o.KNNMaxDF, 0.02)
	def(&o.CalibFraction, 0.15)
	def(&o.MLPHidden, 64)
	if o.NoNetwork {
		o.MLPHidden = -1
	}
	def(&o.MLPEpochs, 6)
	def(&o.MLPWeight, 0.2)
	def(&o.NBWeight, 0.03)
	def(&o.nbAlpha, 0.01)
	def(&o.mlp.batch, 128)
	def(&o.mlp.lr, 0.006)
	def(&o.mlp.dropout, 0.3)
	def(&o.mlp.smooth, 0.1)
	return o
}

// def sets *v to d when it is zero.
func def[T int | float32 | float64](v *T, d T) {
	if *v == 0 {
		*v = d
	}
}

// Alternative is one candidate intent with its probability.
type Alternative struct {
	Label string
	Prob  float64
}

// Prediction is the classifier's answer for one message. Confidence is
// the calibrated probability that Label is right (and the message in
// scope), 0 when Label is OutOfScope; TopK holds the best intents by
// probability, Label first.
type Prediction struct {
	Label      string
	Confidence float64
	TopK       []Alternative
	// Evidence is how much of the message Label's own texts speak of
	// (evidence.go), in [0, 1]; the confidence already weighs it.
	Evidence float64
}

// Model is an immutable trained classifier, safe for concurrent use.
type Model struct {
	opts     config
	labels   []string
	oosClass int32 // index of OutOfScope in labels, or -1
	core     *core
	cal      calibration
}

// Threshold is the confidence the model recommends answering from,
// chosen on its held-out data (chooseThreshold; 0.5 for KBs too small
// to hold any out).
func (m *Model) Threshold() float64 { return m.cal.threshold }

// Labels returns the intents the model knows, sorted.
func (m *Model) Labels() []string { return slices.Clone(m.labels) }

// OutOfScope is the label of examples that belong to no intent. With at
// least MinOutOfScope of them it is trained as a class of its own (a
// question near them is declined however sure the rest of the model is);
// fewer only calibrate the confidence.
const OutOfScope = "oos"

// MinOutOfScope is the number of out-of-scope examples from which they
// form a class: fewer would be a class of a few scattered points.
const MinOutOfScope = 20

// ErrTooFewIntents is returned when training data has under two labels.
var ErrTooFewIntents = errors.New("intent: need examples of at least two intents")

// Train fits a model on examples. It holds out a slice of each intent
// (and a few whole intents, as stand-ins for out-of-scope questions) to
// fit the calibration, then refits on everything.
func Train(ctx context.Context, examples []Example, opts Options) (*Model, error) {
	return train(ctx, examples, opts, tuning{})
}

// train is Train with other hyper-parameters (experiments, tests).
func train(ctx context.Context, examples []Example, opts Options, tune tuning) (*Model, error) {
	o := config{opts, tune}.withDefaults()
	if o.CharMin < 1 || o.CharMax < o.CharMin || o.C < 0 || o.CalibFraction < 0 || o.CalibFraction >= 1 {
		return nil, fmt.Errorf("intent: invalid tuning %+v", tune)
	}
	labelSet := map[string]bool{}
	nOOS := 0
	for i, e := range examples {
		if strings.TrimSpace(e.Label) == "" {
			return nil, fmt.Errorf("intent: example %d has an empty label", i)
		}
		switch {
		case e.EvidenceOnly: // describes an intent; makes none
		case e.Label == OutOfScope:
			nOOS++
		default:
			labelSet[e.Label] = true
		}
	}
	if len(labelSet) < 2 {
		return nil, ErrTooFewIntents
	}
	if nOOS >= MinOutOfScope {
		labelSet[OutOfScope] = true
	}
	m := &Model{opts: o, oosClass: -1}
	for l := range labelSet {
		m.labels = append(m.labels, l)
	}
	slices.Sort(m.labels)
	if i, ok := slices.BinarySearch(m.labels, OutOfScope); ok {
		m.oosClass = int32(i)
	}
	docs, oos := m.docs(examples)
	m.cal = defaultCalibration
	var err error
	if !o.NoCalibration {
		if m.cal, err = calibrate(ctx, docs, oos, len(m.labels), m.oosClass, &o); err != nil {
			return nil, err
		}
	}
	if m.core, err = fitCore(ctx, docs, len(m.labels), &o); err != nil {
		return nil, err
	}
	return m, nil
}

// docs featurizes examples: known intents into docs, the rest (out of
// scope, or intents the model lacks) into oos with label -1.
func (m *Model) docs(examples []Example) (docs, oos []doc) {
	var (
		toks  []string
		buf   []byte
		spans []textfold.Token
	)
	for _, e := range examples {
		toks = words(e.Text, &buf, &spans, toks[:0])
		d := doc{words: evidenceWords(toks, nil), label: -1, evOnly: e.EvidenceOnly}
		if !d.evOnly {
			d.hashes = m.opts.featureHashes(toks, nil)
		}
		if i, ok := slices.BinarySearch(m.labels, e.Label); ok {
			d.label = int32(i)
			docs = append(docs, d)
		} else if !d.evOnly {
			oos = append(oos, d)
		}
	}
	return docs, oos
}

// Calibrate returns a copy of m whose confidence is fitted on val
// instead (examples of unknown intents, or OutOfScope, count as out of
// scope), for callers that keep a separate validation set.
func (m *Model) Calibrate(val []Example) (*Model, error) {
	docs, oos := m.docs(val)
	if len(docs) == 0 {
		return nil, errors.New("intent: calibration set has no examples of known intents")
	}
	c := *m
	c.cal = m.core.fitCalibration(append(docs, oos...), m.oosClass, &c.opts)
	return &c, nil
}

// Predict classifies one message.
func (m *Model) Predict(text string) Prediction {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	f := m.core.features(text, &m.opts, s)
	probs := s.scores // softmax of the combined scores, in place
	softmax(probs, m.cal.temp)
	k := min(m.opts.TopK, len(probs))
	top := make([]Alternative, 0, k)
	for range k {
		best := -1
		for c, p := range probs {
			if p >= 0 && (best < 0 || p > probs[best]) {
				best = c
			}
		}
		top = append(top, Alternative{Label: m.labels[best], Prob: probs[best]})
		probs[best] = -1 - probs[best] // mark taken, restored below
	}
	for c, p := range probs {
		if p < 0 {
			probs[c] = -1 - p
		}
	}
	f.prob = top[0].Prob
	best := int32(argmax(probs))
	if best == m.oosClass {
		return Prediction{Label: OutOfScope, TopK: top}
	}
	f.evidence = m.core.ev.of(s.words, best)
	return Prediction{Label: top[0].Label, Confidence: m.cal.confidence(f), TopK: top, Evidence: f.evidence}
}

func argmax(s []float64) int {
	best := 0
	for i, v := range s {
		if v > s[best] {
			best = i
		}
	}
	return best
}

func softmax(s []float64, temp float64) {
	mx := math.Inf(-1)
	for _, v := range s {
		mx = max(mx, v)
	}
	var z float64
	for i, v := range s {
		s[i] = math.Exp((v - mx) / temp)
		z += s[i]
	}
	for i := range s {
		s[i] /= z
	}
}

package intent

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/parley-chat/parley/internal/textfold"
)

// core is one trained linear model: vocabulary, class weights stored
// feature-major (so scoring touches only the message's features), and
// the training vectors indexed by feature for nearest-neighbour lookups.
type core struct {
	vec    vectorizer
	nClass int
	wPtr   []int32 // feature j's weights are wCls/wVal[wPtr[j]:wPtr[j+1]]
	wCls   []int32
	wVal   []float32
	bias   []float32
	pPtr   []int32 // feature j's training examples are pEx/pVal[pPtr[j]:pPtr[j+1]]
	pEx    []int32
	pVal   []float32
	exCls  []int32
	mlp    *mlp
	nb     *nbModel
	ev     *evidenceIndex
}

type doc struct {
	hashes []uint64
	words  []uint64 // evidenceWords
	label  int32
	// evOnly marks text that describes the intent (an article's body) but
	// is no question: evidence only, never trained on.
	evOnly bool
}

func fitCore(ctx context.Context, all []doc, nClass int, o *config) (*core, error) {
	c := &core{nClass: nClass, ev: buildEvidence(all, nClass)}
	docs := slices.DeleteFunc(slices.Clone(all), func(d doc) bool { return d.evOnly })
	c.vec = buildVectorizer(docs, o)
	dim := len(c.vec.idf)
	var x csr
	y := make([]int32, len(docs))
	var v sparse
	for i, d := range docs {
		c.vec.vectorize(d.hashes, &v)
		x.add(v)
		y[i] = d.label
	}
	// Neighbour postings skip features common to many examples: they
	// move every similarity alike, yet would dominate lookup time.
	df := make([]int32, dim)
	for _, j := range x.idx {
		df[j]++
	}
	limit := int32(max(20, o.KNNMaxDF*float64(len(docs))))
	rowsIdx := make([][]int32, x.rows())
	rowsVal := make([][]float32, x.rows())
	for i := range rowsIdx {
		ix, v := x.row(i)
		for t, j := range ix {
			if df[j] <= limit {
				rowsIdx[i] = append(rowsIdx[i], j)
				rowsVal[i] = append(rowsVal[i], v[t])
			}
		}
	}
	c.pPtr, c.pEx, c.pVal = transpose(rowsIdx, rowsVal, dim)
	c.exCls = y
	subsets := c.trainingSets(&x, o)
	idx, val, bias, err := trainOvR(ctx, &x, y, subsets, nClass, dim, o.C, 1, o.Seed)
	if err != nil {
		return nil, err
	}
	c.bias = bias
	c.wPtr, c.wCls, c.wVal = transpose(idx, val, dim)
	if o.NBWeight > 0 {
		c.nb = trainNB(&x, y, nClass, dim, o.nbAlpha)
	}
	if epochs, batch := mlpSchedule(&x, nClass, o); epochs > 0 {
		p := o.mlp
		p.hidden, p.epochs, p.batch, p.seed = o.MLPHidden, epochs, batch, o.Seed
		if c.mlp, err = trainMLP(ctx, &x, y, nClass, dim, p); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// mlpBudget caps the network's training work (multiply-adds): a little
// over what Banking77 (10,000 examples, 77 intents) takes. The output
// layer costs examples × intents × hidden per pass, so a KB of 1,000
// intents would spend minutes on it; beyond the budget the network
// trains fewer passes, and none under 2 (SVMs and neighbours still work).
const mlpBudget = 3e9

// mlpMinExamples is the KB size below which there is no network: it
// would learn little the SVMs do not, and at 60 examples a few batches
// leave it near its random start.
const mlpMinExamples = 200

// mlpMinSteps is the fewest optimizer steps the network gets: small KBs
// take smaller batches and more passes (within the budget).
const mlpMinSteps = 500

// mlpSchedule returns the network's passes and batch size for x, or 0
// passes for none.
func mlpSchedule(x *csr, nClass int, o *config) (epochs, batch int) {
	n := x.rows()
	if o.MLPHidden <= 0 || n < mlpMinExamples {
		return 0, 0
	}
	batch = min(o.mlp.batch, max(16, n/100))
	perEpoch := (n + batch - 1) / batch
	epochs = max(o.MLPEpochs, (mlpMinSteps+perEpoch-1)/perEpoch)
	perPass := float64(o.MLPHidden) * float64(2*len(x.idx)+3*n*nClass)
	if epochs = min(epochs, int(mlpBudget/perPass)); epochs < 2 {
		return 0, 0
	}
	return epochs, batch
}

// transpose turns per-row (column, value) lists into column-major CSR.
func transpose(idx [][]int32, val [][]float32, dim int) ([]int32, []int32, []float32) {
	ptr := make([]int32, dim+1)
	for _, r := range idx {
		for _, j := range r {
			ptr[j+1]++
		}
	}
	for j := range dim {
		ptr[j+1] += ptr[j]
	}
	next := slices.Clone(ptr[:dim])
	rows := make([]int32, ptr[dim])
	vals := make([]float32, ptr[dim])
	for k, r := range idx {
		for t, j := range r {
			rows[next[j]] = int32(k)
			vals[next[j]] = val[k][t]
			next[j]++
		}
	}
	return ptr, rows, vals
}

func buildVectorizer(docs []doc, o *config) vectorizer {
	df := map[uint64]int32{}
	var seen []uint64
	for _, d := range docs {
		seen = append(seen[:0], d.hashes...)
		slices.Sort(seen)
		for i, h := range seen {
			if i == 0 || h != seen[i-1] {
				df[h]++
			}
		}
	}
	keys := make([]uint64, 0, len(df))
	words := map[uint64]float32{}
	for h, n := range df {
		if h&(blockBit|wordBit) == wordBit {
			words[h] = float32(math.Log((1+float64(len(docs)))/(1+float64(n))) + 1)
		}
		if int(n) >= o.MinDF {
			keys = append(keys, h)
		}
	}
	slices.Sort(keys) // deterministic feature order
	n := float64(len(docs))
	v := vectorizer{vocab: make(map[uint64]int32, len(keys)), words: words, weights: [nBlocks]float32{o.WordWeight, o.CharWeight}}
	v.idf = make([]float32, len(keys))
	v.maxIDF = float32(math.Log((1+n)/2) + 1)
	v.block = make([]uint8, len(keys))
	for j, h := range keys {
		v.vocab[h] = int32(j)
		v.idf[j] = float32(math.Log((1+n)/(1+float64(df[h]))) + 1)
		if h&blockBit != 0 {
			v.block[j] = blockChar
		}
	}
	return v
}

// scratch is the per-call working memory of scoring, pooled so Predict
// does not allocate in steady state.
type scratch struct {
	norm   []byte
	spans  []textfold.Token
	toks   []string
	hashes []uint64
	words  []uint64
	x      sparse
	known  float64 // word coverage of x
	scores []float64
	sims   []float32
	touch  []int32
	clsSim []float32
	h, out []float32
	nbBuf  []float64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func (c *core) vectorize(text string, o *config, s *scratch) {
	s.toks = words(text, &s.norm, &s.spans, s.toks[:0])
	s.hashes = o.featureHashes(s.toks, s.hashes[:0])
	s.words = evidenceWords(s.toks, s.words[:0])
	s.known = c.vec.vectorize(s.hashes, &s.x)
}

// linear fills s.scores with the SVM decision values.
func (c *core) linear(s *scratch) {
	s.scores = slices.Grow(s.scores[:0], c.nClass)[:c.nClass]
	for k, b := range c.bias {
		s.scores[k] = float64(b)
	}
	for t, j := range s.x.idx {
		xv := float64(s.x.val[t])
		lo, hi := c.wPtr[j], c.wPtr[j+1]
		cls, w := c.wCls[lo:hi], c.wVal[lo:hi]
		for e, k := range cls {
			s.scores[k] += xv * float64(w[e])
		}
	}
}

// neighbours fills s.clsSim with each class's best cosine similarity to
// the message among its training examples, and returns the overall best.
func (c *core) neighbours(s *scratch) float32 {
	n := len(c.exCls)
	if cap(s.sims) < n {
		s.sims = make([]float32, n)
	}
	s.sims = s.sims[:n]
	s.touch = s.touch[:0]
	for t, j := range s.x.idx {
		xv := s.x.val[t]
		lo, hi := c.pPtr[j], c.pPtr[j+1]
		ex, pv := c.pEx[lo:hi], c.pVal[lo:hi]
		for e, i := range ex {
			if s.sims[i] == 0 {
				s.touch = append(s.touch, i)
			}
			s.sims[i] += xv * pv[e]
		}
	}
	s.clsSim = slices.Grow(s.clsSim[:0], c.nClass)[:c.nClass]
	clear(s.clsSim)
	var best float32
	for _, i := range s.touch {
		v := s.sims[i]
		s.sims[i] = 0
		k := c.exCls[i]
		s.clsSim[k] = max(s.clsSim[k], v)
		best = max(best, v)
	}
	return best
}

package intent

import "math"

// nbModel is a multinomial naive Bayes scorer over the TF-IDF vector (a
// generative model, so its errors differ from the SVMs'). Stored sparse:
// score_k(x) = base_k·Σx + Σ_j x_j·w_kj, with w_kj = log(1 + N_kj/α)
// non-zero only for features seen in class k; base_k = log α/(N_k+αV)
// is what every feature would score unseen.
type nbModel struct {
	base []float32
	ptr  []int32 // feature j's weights are cls/val[ptr[j]:ptr[j+1]]
	cls  []int32
	val  []float32
}

// trainNB sums each class's TF-IDF vectors (N_kj) and smooths them by
// alpha; a small alpha (0.01) makes an unseen word strong evidence
// against a class, which is what helps on short texts.
func trainNB(x *csr, y []int32, nClass, dim int, alpha float64) *nbModel {
	idx := make([][]int32, nClass)
	val := make([][]float32, nClass)
	clsTot := make([]float64, nClass)
	for i := range x.rows() {
		ix, v := x.row(i)
		idx[y[i]] = append(idx[y[i]], ix...)
		val[y[i]] = append(val[y[i]], v...)
		for _, f := range v {
			clsTot[y[i]] += float64(f)
		}
	}
	sums := make([]float64, dim)
	m := &nbModel{base: make([]float32, nClass)}
	for k := range nClass {
		m.base[k] = float32(math.Log(alpha / (clsTot[k] + alpha*float64(dim))))
		for t, j := range idx[k] {
			sums[j] += float64(val[k][t])
		}
		ix, vs := idx[k][:0], val[k][:0] // compacted in place
		for _, j := range idx[k] {
			if sums[j] > 0 {
				ix = append(ix, j)
				vs = append(vs, float32(math.Log1p(sums[j]/alpha)))
				sums[j] = 0
			}
		}
		idx[k], val[k] = ix, vs
	}
	m.ptr, m.cls, m.val = transpose(idx, val, dim)
	return m
}

// addLogProbs adds weight × the log-softmax of x's NB scores to scores;
// buf is scratch of the same length.
func (m *nbModel) addLogProbs(x *sparse, weight float64, buf, scores []float64) {
	var sum float64
	for _, v := range x.val {
		sum += float64(v)
	}
	for k, b := range m.base {
		buf[k] = float64(b) * sum
	}
	for t, j := range x.idx {
		xv := float64(x.val[t])
		lo, hi := m.ptr[j], m.ptr[j+1]
		w := m.val[lo:hi]
		for e, k := range m.cls[lo:hi] {
			buf[k] += xv * float64(w[e])
		}
	}
	mx := math.Inf(-1)
	for _, v := range buf {
		mx = max(mx, v)
	}
	var z float64
	for _, v := range buf {
		z += math.Exp(v - mx)
	}
	lz := math.Log(z)
	for k, v := range buf {
		scores[k] += weight * (v - mx - lz)
	}
}

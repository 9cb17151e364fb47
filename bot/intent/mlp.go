package intent

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// mlp is a one-hidden-layer network over the same sparse TF-IDF vector
// the SVMs see: h = relu(W1ᵀx + b1), softmax(W2 h + b2). W1 is stored
// row-per-feature, so the hidden layer of a message costs nnz × hidden.
type mlp struct {
	hidden, nClass int
	w1             []float32 // dim × hidden
	b1             []float32
	w2             []float32 // nClass × hidden
	b2             []float32
}

// mlpParams are the network's training settings; config.withDefaults
// and mlpSchedule fill them.
type mlpParams struct {
	hidden, epochs, batch int
	lr                    float64 // Adam's, decaying linearly to 0
	dropout               float64 // of hidden units
	inDrop                float64 // of input features (0: tried, no gain)
	smooth                float64 // label smoothing
	seed                  uint64
}

// logits writes the output layer's values for x into out (len nClass),
// using h (len hidden) as scratch.
func (m *mlp) logits(x *sparse, h, out []float32) {
	copy(h, m.b1)
	for t, j := range x.idx {
		axpy(h, m.w1[int(j)*m.hidden:int(j+1)*m.hidden], x.val[t])
	}
	for i, v := range h {
		if v < 0 {
			h[i] = 0
		}
	}
	for k := range m.nClass {
		out[k] = m.b2[k] + dot(h, m.w2[k*m.hidden:(k+1)*m.hidden])
	}
}

func axpy(y, x []float32, a float32) {
	x = x[:len(y)]
	i := 0
	for ; i+4 <= len(y); i += 4 {
		y[i] += a * x[i]
		y[i+1] += a * x[i+1]
		y[i+2] += a * x[i+2]
		y[i+3] += a * x[i+3]
	}
	for ; i < len(y); i++ {
		y[i] += a * x[i]
	}
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// mlpGrad is one worker's gradient buffers for the small dense
// parameters, and the rows of W1 it updates (those j % workers == its
// number, so workers never share a row).
type mlpGrad struct {
	b1, w2, b2 []float32
	touched    []int32
	h, z, out  []float32
}

// mlpBatch holds what the W1 update needs of each example in a batch:
// its (dropped-out) input and the gradient at the hidden layer.
type mlpBatch struct {
	idx [][]int32
	val [][]float32
	dz  []float32 // batch × hidden
}

// trainMLP fits the network by mini-batch Adam (W1 lazily, only the
// rows a batch touches), the work split over the cores; dropout on the
// hidden layer and on input features, label smoothing on the targets.
func trainMLP(ctx context.Context, x *csr, y []int32, nClass, dim int, p mlpParams) (*mlp, error) {
	H := p.hidden
	m := &mlp{hidden: H, nClass: nClass,
		w1: make([]float32, dim*H), b1: make([]float32, H),
		w2: make([]float32, nClass*H), b2: make([]float32, nClass)}
	rng := rand.New(rand.NewPCG(p.seed, 77))
	sc := float32(math.Sqrt(6 / float64(H+1)))
	for i := range m.w1 {
		m.w1[i] = sc * (2*rng.Float32() - 1)
	}
	sc = float32(math.Sqrt(6 / float64(H+nClass)))
	for i := range m.w2 {
		m.w2[i] = sc * (2*rng.Float32() - 1)
	}
	gW1 := make([]float32, dim*H)
	mark := make([]bool, dim)
	// Adam moments.
	m1, v1 := make([]float32, len(m.w1)), make([]float32, len(m.w1))
	mb1, vb1 := make([]float32, H), make([]float32, H)
	m2, v2 := make([]float32, len(m.w2)), make([]float32, len(m.w2))
	mb2, vb2 := make([]float32, nClass), make([]float32, nClass)
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	grads := make([]*mlpGrad, workers)
	for w := range grads {
		grads[w] = &mlpGrad{b1: make([]float32, H), w2: make([]float32, nClass*H), b2: make([]float32, nClass),
			h: make([]float32, H), z: make([]float32, H), out: make([]float32, nClass)}
	}
	bt := &mlpBatch{idx: make([][]int32, p.batch), val: make([][]float32, p.batch), dz: make([]float32, p.batch*H)}
	n := x.rows()
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	const beta1, beta2, eps = 0.9, 0.999, 1e-8
	step := 0
	steps := p.epochs * ((n + p.batch - 1) / p.batch)
	var wg sync.WaitGroup
	seeds := make([]uint64, workers)
	for range p.epochs {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for b0 := 0; b0 < n; b0 += p.batch {
			batch := order[b0:min(n, b0+p.batch)]
			for w := range seeds {
				seeds[w] = rng.Uint64()
			}
			for w := range workers {
				lo, hi := w*len(batch)/workers, (w+1)*len(batch)/workers
				wg.Go(func() { m.backprop(x, y, batch, lo, hi, grads[w], bt, p, seeds[w]) })
			}
			wg.Wait()
			step++
			// Linear warm-down of the learning rate.
			lr := p.lr * (1 - float64(step-1)/float64(steps))
			bc1 := 1 - math.Pow(beta1, float64(step))
			bc2 := 1 - math.Pow(beta2, float64(step))
			alpha := float32(lr * math.Sqrt(bc2) / bc1)
			inv := float32(1 / float64(len(batch)))
			adam := func(w, g, mo, ve []float32) {
				g, mo, ve = g[:len(w)], mo[:len(w)], ve[:len(w)]
				for i := range w {
					gi := g[i] * inv
					mo[i] = beta1*mo[i] + (1-beta1)*gi
					ve[i] = beta2*ve[i] + (1-beta2)*gi*gi
					w[i] -= alpha * mo[i] / (float32(math.Sqrt(float64(ve[i]))) + eps)
					g[i] = 0
				}
			}
			for w := range workers {
				wg.Go(func() {
					if w == workers-1 {
						g0 := grads[0]
						for _, g := range grads[1:] {
							addClear(g0.w2, g.w2)
							addClear(g0.b2, g.b2)
							addClear(g0.b1, g.b1)
						}
						adam(m.w2, g0.w2, m2, v2)
						adam(m.b2, g0.b2, mb2, vb2)
						adam(m.b1, g0.b1, mb1, vb1)
					}
					g := grads[w]
					for e := range batch {
						dz := bt.dz[e*H : (e+1)*H]
						for t, j := range bt.idx[e] {
							if int(j)%workers != w {
								continue
							}
							if !mark[j] {
								mark[j] = true
								g.touched = append(g.touched, j)
							}
							axpy(gW1[int(j)*H:int(j+1)*H], dz, bt.val[e][t])
						}
					}
					for _, j := range g.touched {
						r := int(j) * H
						adam(m.w1[r:r+H], gW1[r:r+H], m1[r:r+H], v1[r:r+H])
						mark[j] = false
					}
					g.touched = g.touched[:0]
				})
			}
			wg.Wait()
		}
	}
	return m, nil
}

func addClear(dst, src []float32) {
	src = src[:len(dst)]
	for i, v := range src {
		dst[i] += v
		src[i] = 0
	}
}

// backprop runs examples batch[lo:hi], adding the dense gradients into
// g and leaving each one's input and hidden-layer gradient in bt.
func (m *mlp) backprop(x *csr, y []int32, batch []int, lo, hi int, g *mlpGrad, bt *mlpBatch, p mlpParams, seed uint64) {
	H, C := m.hidden, m.nClass
	rng := rand.New(rand.NewPCG(seed, 3))
	keep := float32(1 - p.dropout)
	inKeep := float32(1 - p.inDrop)
	for e := lo; e < hi; e++ {
		r := batch[e]
		ix, v := x.row(r)
		xi, xv := bt.idx[e][:0], bt.val[e][:0]
		for t, j := range ix {
			if p.inDrop > 0 && rng.Float32() >= inKeep {
				continue
			}
			xi = append(xi, j)
			xv = append(xv, v[t]/inKeep)
		}
		bt.idx[e], bt.val[e] = xi, xv
		copy(g.z, m.b1)
		for t, j := range xi {
			axpy(g.z, m.w1[int(j)*H:int(j+1)*H], xv[t])
		}
		for i, zv := range g.z {
			h := max(zv, 0)
			if p.dropout > 0 {
				if rng.Float32() >= keep {
					h = 0
					g.z[i] = -1 // dropped: no gradient
				} else {
					h /= keep
				}
			}
			g.h[i] = h
		}
		mx := float32(math.Inf(-1))
		for k := range C {
			g.out[k] = m.b2[k] + dot(g.h, m.w2[k*H:(k+1)*H])
			mx = max(mx, g.out[k])
		}
		var z float64
		for k := range C {
			e := math.Exp(float64(g.out[k] - mx))
			g.out[k] = float32(e)
			z += e
		}
		lbl := y[r]
		off := float32(p.smooth / float64(C))
		dh := bt.dz[e*H : (e+1)*H]
		clear(dh)
		for k := range C {
			d := g.out[k]/float32(z) - off
			if int32(k) == lbl {
				d -= float32(1 - p.smooth)
			}
			if d == 0 {
				continue
			}
			g.b2[k] += d
			axpy(g.w2[k*H:(k+1)*H], g.h, d)
			axpy(dh, m.w2[k*H:(k+1)*H], d)
		}
		for i := range dh {
			if g.z[i] <= 0 {
				dh[i] = 0
			} else if p.dropout > 0 {
				dh[i] /= keep
			}
		}
		for i := range g.b1 {
			g.b1[i] += dh[i]
		}
	}
}

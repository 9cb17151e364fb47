package intent

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
)

// csr is a row-major sparse matrix: row i is idx/val[ptr[i]:ptr[i+1]].
type csr struct {
	ptr []int
	idx []int32
	val []float32
}

func (m *csr) rows() int { return len(m.ptr) - 1 }

func (m *csr) row(i int) ([]int32, []float32) {
	return m.idx[m.ptr[i]:m.ptr[i+1]], m.val[m.ptr[i]:m.ptr[i+1]]
}

func (m *csr) add(v sparse) {
	if len(m.ptr) == 0 {
		m.ptr = append(m.ptr, 0)
	}
	m.idx = append(m.idx, v.idx...)
	m.val = append(m.val, v.val...)
	m.ptr = append(m.ptr, len(m.idx))
}

// trainOvR fits one L2-regularised L2-loss linear SVM per class by dual
// coordinate descent with shrinking (Hsieh et al. 2008, LIBLINEAR's
// -s 1). It is exact, needs no learning rate, and converges in a few
// passes on short texts; classes run in parallel. The bias is learned
// as the weight of a constant feature (regularised, as in LIBLINEAR).
// It returns per-class weight vectors as (feature, weight) lists.
func trainOvR(ctx context.Context, x *csr, y []int32, sets [][]int, nClass, dim int, c, bias float64, seed uint64) ([][]int32, [][]float32, []float32, error) {
	idx := make([][]int32, nClass)
	val := make([][]float32, nClass)
	b := make([]float32, nClass)
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), nClass)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := make([]float64, dim)
			for k := range jobs {
				if ctx.Err() != nil {
					continue
				}
				wb := dualCD(x, y, sets[k], int32(k), w, c, bias, seed+uint64(k))
				for j, v := range w {
					if v != 0 {
						idx[k] = append(idx[k], int32(j))
						val[k] = append(val[k], float32(v))
						w[j] = 0
					}
				}
				b[k] = float32(wb * bias)
			}
		}()
	}
	for k := range nClass {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return idx, val, b, ctx.Err()
}

func dualCD(x *csr, y []int32, rows []int, pos int32, w []float64, c, bias float64, seed uint64) float64 {
	const eps, maxIter = 0.1, 200
	n := len(rows)
	diag := 0.5 / c // L2 loss: no upper bound on alpha, diag added to Q
	alpha := make([]float64, n)
	qd := make([]float64, n)
	sign := make([]float64, n)
	for i, r := range rows {
		_, v := x.row(r)
		s := bias * bias
		for _, f := range v {
			s += float64(f) * float64(f)
		}
		qd[i] = s + diag
		sign[i] = -1
		if y[r] == pos {
			sign[i] = 1
		}
	}
	var wb float64
	active := make([]int, n)
	for i := range active {
		active[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	pgMaxOld := 1e300
	nActive := n
	for iter := 0; iter < maxIter; iter++ {
		pgMax, pgMin := -1e300, 1e300
		for i := 0; i < nActive; i++ {
			j := i + rng.IntN(nActive-i)
			active[i], active[j] = active[j], active[i]
		}
		for s := 0; s < nActive; s++ {
			i := active[s]
			ix, v := x.row(rows[i])
			v = v[:len(ix)]
			d := wb * bias
			for t, f := range ix {
				d += w[f] * float64(v[t])
			}
			g := sign[i]*d - 1 + diag*alpha[i]
			pg := g
			if alpha[i] == 0 {
				if g > pgMaxOld {
					nActive--
					active[s], active[nActive] = active[nActive], active[s]
					s--
					continue
				}
				pg = min(g, 0)
			}
			pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
			if pg > 1e-12 || pg < -1e-12 {
				old := alpha[i]
				alpha[i] = max(old-g/qd[i], 0)
				step := (alpha[i] - old) * sign[i]
				for t, f := range ix {
					w[f] += step * float64(v[t])
				}
				wb += step * bias
			}
		}
		if pgMax-pgMin <= eps {
			if nActive == n {
				break
			}
			nActive = n
			pgMaxOld = 1e300
			continue
		}
		pgMaxOld = pgMax
		if pgMaxOld <= 0 {
			pgMaxOld = 1e300
		}
	}
	return wb
}

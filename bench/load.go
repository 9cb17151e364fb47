package bench

import (
	"context"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// connectParallel bounds concurrent handshakes: enough to connect
// thousands quickly without a SYN flood against the accept queue.
const connectParallel = 64

// session is one connected visitor.
type session struct {
	idx   int
	ws    *websocket.Conn
	token string
}

type connectResult struct {
	sessions []session
	failures int
	firstErr error
	elapsed  time.Duration
}

// connectAll connects n visitors through hello/welcome, connectParallel at a time.
func connectAll(ctx context.Context, d *dialer, n int, connected func(session)) connectResult {
	start := time.Now()
	out := make([]session, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(connectParallel, n) {
		wg.Go(func() {
			for i := range next {
				out[i].idx = i
				out[i].ws, out[i].token, errs[i] = d.hello(ctx, i, "", 0)
				if out[i].ws != nil && connected != nil {
					connected(out[i])
				}
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	res := connectResult{elapsed: time.Since(start)}
	for i := range out {
		if out[i].ws != nil {
			res.sessions = append(res.sessions, out[i])
			continue
		}
		res.failures++
		if res.firstErr == nil {
			res.firstErr = errs[i]
		}
	}
	return res
}

// load is one measured run over connected visitors.
type load struct {
	cfg    *config
	dialer *dialer
	counters
	t0       time.Time
	warmEnd  int64 // ns after t0
	end      int64
	visitors []*visitor
	cpu      [2]cpuMark // at the window's start and end
}

// run sends for warmup+duration, waits for outstanding acks, and closes
// every visitor; the figures are then in the visitors.
func (l *load) run(ctx context.Context, sessions []session) {
	l.errs = map[string]int{}
	l.warmEnd = int64(l.cfg.warmup)
	l.end = int64(l.cfg.warmup + l.cfg.duration)
	l.t0 = time.Now()
	for _, s := range sessions {
		l.visitors = append(l.visitors, &visitor{r: l, idx: s.idx, token: s.token, ws: s.ws})
	}
	var readers, senders sync.WaitGroup
	for _, v := range l.visitors {
		readers.Go(func() { v.readLoop(ctx) })
		if l.cfg.rate == 0 {
			v.sendNext()
		} else {
			senders.Go(func() { l.pace(ctx, v) })
		}
	}
	for i, at := range []int64{l.warmEnd, l.end} {
		select {
		case <-time.After(time.Until(l.t0.Add(time.Duration(at)))):
			l.cpu[i] = l.mark(ctx)
		case <-ctx.Done():
		}
	}
	senders.Wait()
	// Give outstanding acks a bounded time to arrive.
	for deadline := time.Now().Add(5 * time.Second); l.inflight.Load() > 0 && time.Now().Before(deadline) && ctx.Err() == nil; {
		time.Sleep(10 * time.Millisecond)
	}
	l.stopping.Store(true)
	for _, v := range l.visitors {
		v.stop()
	}
	readers.Wait()
	for _, v := range l.visitors {
		v.ws.Close()
	}
}

// pace is one visitor's open-loop sender: a message every
// visitors/rate seconds, staggered so the total is smooth. It does not wait
// for acks; a late timer sends right away, so the rate holds.
func (l *load) pace(ctx context.Context, v *visitor) {
	interval := time.Duration(float64(time.Second) * float64(len(l.visitors)) / l.cfg.rate)
	next := time.Duration(int64(interval) * int64(v.idx%len(l.visitors)) / int64(len(l.visitors)))
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for int64(next) < l.end {
		if wait := next - time.Since(l.t0); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-ctx.Done():
				return
			}
		}
		if l.stopping.Load() {
			return
		}
		v.sendNext()
		next += interval
	}
}

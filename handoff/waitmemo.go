package handoff

import "sync"

// waitMemo remembers which conversations got their "still waiting" answer in
// the current window, so the next messages of a burst skip the presence
// check and the append that the reply's client id would refuse anyway. It
// is only a cache: the client id keeps the answer single across nodes and
// restarts. It holds one window's conversations at most.
type waitMemo struct {
	mu     sync.Mutex
	window int64
	seen   map[string]struct{}
}

// done reports whether conv got its answer in window.
func (w *waitMemo) done(conv string, window int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.seen[conv]
	return ok && w.window == window
}

// mark notes conv's answer in window; a new window forgets the last one.
func (w *waitMemo) mark(conv string, window int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.window != window || w.seen == nil {
		w.window, w.seen = window, map[string]struct{}{}
	}
	w.seen[conv] = struct{}{}
}

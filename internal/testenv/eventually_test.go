package testenv

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fatalRecorder records Fatalf instead of stopping the goroutine.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
}

func TestEventuallyWaitsForTheCondition(t *testing.T) {
	var n atomic.Int32
	go func() {
		time.Sleep(20 * time.Millisecond)
		n.Store(1)
	}()
	r := &fatalRecorder{TB: t}
	Eventually(r, 5*time.Second, func() bool { return n.Load() == 1 })
	if r.msg != "" {
		t.Fatalf("failed although the condition came true: %s", r.msg)
	}
}

func TestEventuallyFailsAtTheDeadline(t *testing.T) {
	r := &fatalRecorder{TB: t}
	start := time.Now()
	calls := 0
	Eventually(r, 50*time.Millisecond, func() bool { calls++; return false }, "the queue ", 3, " empty")
	if took := time.Since(start); took < 50*time.Millisecond || took > 2*time.Second {
		t.Errorf("gave up after %s, want about 50ms", took)
	}
	if want := "the queue 3 empty: not met within 50ms"; r.msg != want {
		t.Errorf("message %q, want %q", r.msg, want)
	}
	if calls < 3 {
		t.Errorf("cond polled %d times in 50ms", calls)
	}
	r = &fatalRecorder{TB: t}
	Eventually(r, time.Millisecond, func() bool { return false })
	if !strings.HasPrefix(r.msg, "condition: not met") {
		t.Errorf("message without what: %q", r.msg)
	}
}

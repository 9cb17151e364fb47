package testenv

import (
	"fmt"
	"testing"
	"time"
)

// Eventually polls cond until it holds, failing tb once timeout has passed
// without it: tests wait for what happens in the background with a
// deadline instead of sleeping. what, when given, says what was awaited.
// The poll starts at a millisecond and backs off to 100ms, so a quick
// condition costs nothing and a slow one does not spin.
func Eventually(tb testing.TB, timeout time.Duration, cond func() bool, what ...any) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for pause := time.Millisecond; !cond(); pause = min(2*pause, 100*time.Millisecond) {
		if time.Now().After(deadline) {
			msg := "condition"
			if len(what) > 0 {
				msg = fmt.Sprint(what...)
			}
			tb.Fatalf("%s: not met within %s", msg, timeout)
			return
		}
		time.Sleep(pause)
	}
}

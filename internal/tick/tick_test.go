package tick

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestEveryTicksAndKicksUntilCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		kick := make(chan struct{}, 1)
		var runs atomic.Int32
		done := make(chan struct{})
		go func() {
			Every(ctx, time.Minute, kick, func(context.Context) { runs.Add(1) })
			close(done)
		}()
		synctest.Wait()
		if runs.Load() != 0 {
			t.Fatalf("ran %d times before the first tick, want 0", runs.Load())
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if runs.Load() != 1 {
			t.Fatalf("ran %d times after one interval, want 1", runs.Load())
		}
		kick <- struct{}{}
		synctest.Wait()
		if runs.Load() != 2 {
			t.Fatalf("ran %d times after a kick, want 2", runs.Load())
		}
		cancel()
		<-done
		time.Sleep(time.Hour)
		if runs.Load() != 2 {
			t.Fatalf("ran %d times after cancel, want 2", runs.Load())
		}
	})
}

func TestEveryWithoutKick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second+time.Millisecond)
		defer cancel()
		runs := 0
		Every(ctx, time.Second, nil, func(context.Context) { runs++ })
		if runs != 3 {
			t.Fatalf("ran %d times in three intervals, want 3", runs)
		}
	})
}

package handoff

import (
	"context"
	"math"
	"slices"
	"time"
)

// ETA estimates, honestly, how long the conversation at queue position pos
// (1-based) waits before a person answers: the conversations ahead of it
// are worked off in parallel by the free seats of online agents of its
// team, each taking the recent median handling time. ok is false when no
// agent is online (the widget then says so instead of guessing).
func ETA(pos int, onlineSeats int, busySeats int, handling time.Duration) (time.Duration, bool) {
	if onlineSeats <= 0 {
		return 0, false
	}
	if handling <= 0 {
		handling = 6 * time.Minute // nothing measured yet: a typical chat
	}
	free := onlineSeats - busySeats
	if free > 0 && pos <= free {
		return 30 * time.Second, true // a seat is free: routing's delay only
	}
	// Every onlineSeats conversations that finish let the queue move by as
	// many places; a seat frees every handling/onlineSeats on average.
	waits := math.Ceil(float64(pos-max(free, 0)) / float64(onlineSeats))
	return time.Duration(waits) * handling, true
}

// HandlingStore reports how long people took from their first reply to
// resolving recent conversations.
type HandlingStore interface {
	HandlingTimes(ctx context.Context, since time.Time, limit int) ([]time.Duration, error)
}

// ETAs use the median handling time of the last week's (at most 500)
// conversations once there are minSamples, measured again every
// measureEvery.
const (
	measureWindow = 7 * 24 * time.Hour
	measureLimit  = 500
	minSamples    = 5
	measureEvery  = time.Minute
)

// measureHandling refreshes the measured handling time.
func (d *Desk) measureHandling(ctx context.Context, now time.Time) {
	if d.cfg.Handling == nil {
		return
	}
	ds, err := d.cfg.Handling.HandlingTimes(ctx, now.Add(-measureWindow), measureLimit)
	if err != nil {
		d.cfg.Log.Error("desk: handling times", "err", err)
		return
	}
	d.handling.Store(int64(MedianHandling(ds)))
}

// MedianHandling is the median of ds, or 0 with fewer than minSamples.
func MedianHandling(ds []time.Duration) time.Duration {
	if len(ds) < minSamples {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// handlingTime is what ETAs assume: measured, else configured.
func (d *Desk) handlingTime() time.Duration {
	if m := time.Duration(d.handling.Load()); m > 0 {
		return m
	}
	return d.cfg.HandlingTime
}

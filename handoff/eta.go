package handoff

import (
	"math"
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

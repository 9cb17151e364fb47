package webhook

import (
	"math/rand/v2"
	"time"
)

// Schedule is the default wait after each failed attempt; after the last
// one the delivery is marked failed (seven attempts over about 7.2 hours).
var schedule = [...]time.Duration{10 * time.Second, 30 * time.Second, 2 * time.Minute,
	10 * time.Minute, time.Hour, 6 * time.Hour}

// DefaultBackoff returns the wait after the attempt-th failure, ±20%
// jitter so endpoints that failed together are not retried together, and
// false once the attempts are used up.
func DefaultBackoff(attempt int) (time.Duration, bool) {
	if attempt < 1 || attempt > len(schedule) {
		return 0, false
	}
	d := schedule[attempt-1]
	return d + time.Duration((rand.Float64()*0.4-0.2)*float64(d)), true
}

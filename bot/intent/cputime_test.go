package intent

import "time"

var started = time.Now()

// wallTime is seconds since the test binary started.
func wallTime() float64 { return time.Since(started).Seconds() }

package parley

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rate is a rate limit: Count events per Period, with bursts up to Burst.
type Rate struct {
	Count  int
	Period time.Duration
	Burst  int
}

// Interval is the steady-state time between two allowed events.
func (r Rate) Interval() time.Duration { return r.Period / time.Duration(r.Count) }

func (r Rate) String() string { return fmt.Sprintf("%d/%s:%d", r.Count, r.Period, r.Burst) }

// ParseRate parses "COUNT/PERIOD[:BURST]", e.g. "30/1m:15" (30 a minute,
// bursts of 15). Burst defaults to Count.
func ParseRate(s string) (Rate, error) {
	spec, burst, hasBurst := strings.Cut(strings.TrimSpace(s), ":")
	count, period, ok := strings.Cut(spec, "/")
	if !ok {
		return Rate{}, Errorf(EINVALID, "rate %q: want COUNT/PERIOD[:BURST], e.g. 30/1m:15", s)
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 {
		return Rate{}, Errorf(EINVALID, "rate %q: count must be a whole number of 1 or more", s)
	}
	d, err := time.ParseDuration(period)
	if err != nil || d <= 0 {
		return Rate{}, Errorf(EINVALID, "rate %q: period must be a duration such as 1s or 1m", s)
	}
	r := Rate{Count: n, Period: d, Burst: n}
	if hasBurst {
		if r.Burst, err = strconv.Atoi(burst); err != nil || r.Burst < 1 {
			return Rate{}, Errorf(EINVALID, "rate %q: burst must be a whole number of 1 or more", s)
		}
	}
	return r, nil
}

// RateCheck is one limit to apply to an event: it must fit Rate under Key.
type RateCheck struct {
	Key  string
	Rate Rate
}

// RateVerdict is a limiter's answer to one RateCheck. Err means the limiter
// could not tell (the caller decides without it), never "allowed".
type RateVerdict struct {
	OK         bool
	RetryAfter time.Duration
	Err        error
}

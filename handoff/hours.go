package handoff

import (
	"fmt"
	"slices"
	"time"

	"github.com/parley-chat/parley"
)

// Hours is a validated, ready-to-use form of parley.BusinessHours.
type Hours struct {
	loc      *time.Location
	weekly   [7][]span // minutes since midnight, sorted, non-overlapping
	holidays map[string]bool
	always   bool
}

type span struct{ from, to int }

// NewHours validates h: a known time zone, shifts "HH:MM" with To after
// From, no overlaps, holidays as YYYY-MM-DD.
func NewHours(h parley.BusinessHours) (*Hours, error) {
	tz := h.TimeZone
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "business hours: unknown time zone %q", tz)
	}
	out := &Hours{loc: loc, holidays: map[string]bool{}, always: len(h.Weekly) == 0}
	for day, shifts := range h.Weekly {
		if day < time.Sunday || day > time.Saturday {
			return nil, parley.Errorf(parley.EINVALID, "business hours: weekday %d out of range", day)
		}
		for _, s := range shifts {
			from, err1 := minutes(s.From)
			to, err2 := minutes(s.To)
			if err1 != nil || err2 != nil || to <= from {
				return nil, parley.Errorf(parley.EINVALID, "business hours: %s shift %q–%q: want HH:MM with the end after the start", day, s.From, s.To)
			}
			out.weekly[day] = append(out.weekly[day], span{from, to})
		}
		slices.SortFunc(out.weekly[day], func(a, b span) int { return a.from - b.from })
		for i := 1; i < len(out.weekly[day]); i++ {
			if out.weekly[day][i].from < out.weekly[day][i-1].to {
				return nil, parley.Errorf(parley.EINVALID, "business hours: %s shifts overlap", day)
			}
		}
	}
	for _, d := range h.Holidays {
		if _, err := time.ParseInLocation(time.DateOnly, d, loc); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "business hours: holiday %q: want YYYY-MM-DD", d)
		}
		out.holidays[d] = true
	}
	return out, nil
}

func minutes(hhmm string) (int, error) {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		if hhmm == "24:00" {
			return 24 * 60, nil
		}
		return 0, fmt.Errorf("bad time %q", hhmm)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// shiftsOn returns the day's working spans as absolute times.
func (h *Hours) shiftsOn(day time.Time) [][2]time.Time {
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, h.loc)
	if h.holidays[day.Format(time.DateOnly)] {
		return nil
	}
	var out [][2]time.Time
	at := func(m int) time.Time { // wall clock, so DST days stay right
		return time.Date(day.Year(), day.Month(), day.Day(), m/60, m%60, 0, 0, h.loc)
	}
	for _, s := range h.weekly[day.Weekday()] {
		out = append(out, [2]time.Time{at(s.from), at(s.to)})
	}
	return out
}

// OpenAt reports whether t falls in working hours.
func (h *Hours) OpenAt(t time.Time) bool {
	if h.always {
		return true
	}
	for _, s := range h.shiftsOn(t.In(h.loc)) {
		if !t.Before(s[0]) && t.Before(s[1]) {
			return true
		}
	}
	return false
}

// Add returns the time at which d of working time has passed since start
// (SLA clocks that count only business hours).
func (h *Hours) Add(start time.Time, d time.Duration) time.Time {
	if h.always {
		return start.Add(d)
	}
	t := start
	local := t.In(h.loc)
	for i := 0; i < 366*2; i++ {
		for _, s := range h.shiftsOn(local.AddDate(0, 0, i)) {
			from := s[0]
			if from.Before(t) {
				from = t
			}
			if !from.Before(s[1]) {
				continue
			}
			if left := s[1].Sub(from); d <= left {
				return from.Add(d)
			} else {
				d -= left
			}
		}
	}
	return time.Time{} // no working time within two years
}

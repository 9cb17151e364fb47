package handoff

import (
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

func sh(from, to string) parley.Shift { return parley.Shift{From: from, To: to} }

func mustHours(t *testing.T, h parley.BusinessHours) *Hours {
	t.Helper()
	out, err := NewHours(h)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Belgrade, split shift Mon–Fri 09:00–12:00 and 13:00–17:00, closed on
// Saturday and Sunday and on 2026-12-25.
var belgrade = parley.BusinessHours{
	TimeZone: "Europe/Belgrade",
	Weekly: map[time.Weekday][]parley.Shift{
		time.Monday: {sh("09:00", "12:00"), sh("13:00", "17:00")}, time.Tuesday: {sh("09:00", "12:00"), sh("13:00", "17:00")},
		time.Wednesday: {sh("13:00", "17:00"), sh("09:00", "12:00")}, time.Thursday: {sh("09:00", "12:00"), sh("13:00", "17:00")},
		time.Friday: {sh("09:00", "12:00"), sh("13:00", "17:00")},
	},
	Holidays: []string{"2026-12-25"},
}

func at(t *testing.T, s string) time.Time {
	loc, _ := time.LoadLocation("Europe/Belgrade")
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenAt(t *testing.T) {
	h := mustHours(t, belgrade)
	for when, want := range map[string]bool{
		"2026-11-23 08:59": false, "2026-11-23 09:00": true, "2026-11-23 12:30": false, // lunch
		"2026-11-25 13:00": true, "2026-11-23 17:00": false, "2026-11-28 10:00": false, // Saturday
		"2026-12-25 10:00": false, // holiday (a Friday)
	} {
		if got := h.OpenAt(at(t, when)); got != want {
			t.Errorf("%s: open=%v, want %v", when, got, want)
		}
	}
	if !mustHours(t, parley.BusinessHours{}).OpenAt(at(t, "2026-11-28 03:00")) {
		t.Error("no weekly hours must mean always open")
	}
}

func TestAddCountsOnlyWorkingTime(t *testing.T) {
	h := mustHours(t, belgrade)
	tests := []struct {
		start string
		d     time.Duration
		want  string
	}{
		{"2026-11-23 09:00", time.Hour, "2026-11-23 10:00"},
		{"2026-11-23 11:30", time.Hour, "2026-11-23 13:30"},        // skips lunch
		{"2026-11-27 16:30", time.Hour, "2026-11-30 09:30"},        // skips the weekend
		{"2026-11-28 10:00", 30 * time.Minute, "2026-11-30 09:30"}, // starts when closed
		{"2026-11-23 09:00", 7 * time.Hour, "2026-11-23 17:00"},    // one full day
	}
	for _, tt := range tests {
		if got := h.Add(at(t, tt.start), tt.d); !got.Equal(at(t, tt.want)) {
			t.Errorf("%s + %s = %s, want %s", tt.start, tt.d, got.In(h.loc).Format("2006-01-02 15:04"), tt.want)
		}
	}
}

func TestHoursAcrossDST(t *testing.T) {
	// Europe/Belgrade leaves summer time on 2026-10-25 (a Sunday); open on
	// Sunday 09:00–17:00 wall clock that day.
	h := mustHours(t, parley.BusinessHours{TimeZone: "Europe/Belgrade", Weekly: map[time.Weekday][]parley.Shift{time.Sunday: {sh("09:00", "17:00")}}})
	if got := h.Add(at(t, "2026-10-25 05:00"), time.Minute).In(h.loc); got.Hour() != 9 || got.Minute() != 1 {
		t.Fatalf("DST day: a minute of work from 05:00 ends at %s, want 09:01", got)
	}
}

func TestNewHoursRefusesBadInput(t *testing.T) {
	for name, h := range map[string]parley.BusinessHours{
		"zone":     {TimeZone: "Mars/Olympus"},
		"reversed": {Weekly: map[time.Weekday][]parley.Shift{time.Monday: {sh("17:00", "09:00")}}},
		"format":   {Weekly: map[time.Weekday][]parley.Shift{time.Monday: {sh("9am", "5pm")}}},
		"overlap":  {Weekly: map[time.Weekday][]parley.Shift{time.Monday: {sh("09:00", "13:00"), sh("12:00", "17:00")}}},
		"holiday":  {Holidays: []string{"25/12/2026"}},
	} {
		if _, err := NewHours(h); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("%s: err %v, want invalid", name, err)
		}
	}
}

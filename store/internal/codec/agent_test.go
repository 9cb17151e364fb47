package codec

import (
	"reflect"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

// TestHoursJSON pins the stored form of business hours: rows written today
// must read back after any change to this package or to parley's types.
func TestHoursJSON(t *testing.T) {
	h := parley.BusinessHours{TimeZone: "Europe/Belgrade", Holidays: []string{"2025-01-07"},
		Weekly: map[time.Weekday][]parley.Shift{time.Monday: {{From: "09:00", To: "17:00"}}, time.Sunday: {}}}
	b, err := Hours(h)
	const want = `{"time_zone":"Europe/Belgrade","weekly":{"monday":[{"from":"09:00","to":"17:00"}],"sunday":[]},"holidays":["2025-01-07"]}`
	if err != nil || string(b) != want {
		t.Fatalf("Hours = %s, %v; want %s", b, err, want)
	}
	got, err := ParseHours([]byte(want))
	if err != nil || !reflect.DeepEqual(got, h) {
		t.Errorf("ParseHours = %+v, %v; want %+v", got, err, h)
	}
	if got, err := ParseHours([]byte(`{}`)); err != nil || !reflect.DeepEqual(got, parley.BusinessHours{}) {
		t.Errorf("ParseHours({}) = %+v, %v; want always open", got, err)
	}
}

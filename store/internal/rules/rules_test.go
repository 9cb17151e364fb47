package rules

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

func TestMeta(t *testing.T) {
	for in, ok := range map[string]bool{
		``: true, `null`: true, ` {"a":1} `: true, `{"نام":"✓"}`: true,
		`[1]`: false, `"s"`: false, `{`: false, `{"a":"\u0000"}`: false,
	} {
		_, err := Meta(json.RawMessage(in))
		if (err == nil) != ok {
			t.Errorf("Meta(%q) error = %v, want ok=%v", in, err, ok)
		}
		if err != nil && parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("Meta(%q) code %s", in, parley.ErrorCode(err))
		}
	}
}

func TestMergeDoesNotMutate(t *testing.T) {
	attrs := map[string]any{"plan": "free"}
	c := parley.Contact{Segment: parley.SegmentLead, Name: "A", Attributes: attrs}
	got := Merge(c, parley.ContactPatch{Segment: parley.SegmentVisitor, Email: "e@x", Attributes: map[string]any{"plan": "pro", "n": 1.0}})
	if got.Segment != parley.SegmentLead || got.Name != "A" || got.Email != "e@x" || got.Attributes["plan"] != "pro" || got.Attributes["n"] != 1.0 {
		t.Errorf("Merge = %+v", got)
	}
	if attrs["plan"] != "free" || len(attrs) != 1 {
		t.Errorf("Merge changed the input attributes: %v", attrs)
	}
}

func TestTimeIsUTCMicros(t *testing.T) {
	in := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.FixedZone("X", 3600))
	got := Time(in)
	if got.Location() != time.UTC || got.Nanosecond() != 123456000 || !got.Equal(in.Truncate(time.Microsecond)) {
		t.Errorf("Time(%v) = %v", in, got)
	}
}

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "en": "en", "EN": "en", "sr-latn": "sr-Latn", "pt-br": "pt-BR", "es-419": "es-419",
		"zh-HANT-tw": "zh-Hant-TW", "en-x-Priv-US": "en-x-priv-us", "gsw-u-sd-chzh": "gsw-u-sd-chzh",
	} {
		if got, err := Language(in); err != nil || got != want {
			t.Errorf("Language(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"e", "engl", "en_US", "en-", "-en", "en--us", "e1", "en-123456789", "fa-ایران", "en\x00", "x-private"} {
		if _, err := Language(in); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("Language(%q) error = %v, want EINVALID", in, err)
		}
	}
}

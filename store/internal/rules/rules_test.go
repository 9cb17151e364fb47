package rules

import (
	"testing"
	"time"

	"github.com/parley-chat/parley"
)

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

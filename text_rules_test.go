package parley

import (
	"reflect"
	"testing"
)

func TestLanguageTag(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "en": "en", "EN": "en", "sr-latn": "sr-Latn", "pt-br": "pt-BR", "es-419": "es-419",
		"zh-HANT-tw": "zh-Hant-TW", "en-x-Priv-US": "en-x-priv-us", "gsw-u-sd-chzh": "gsw-u-sd-chzh",
	} {
		if got, err := LanguageTag(in); err != nil || got != want {
			t.Errorf("LanguageTag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"e", "engl", "en_US", "en-", "-en", "en--us", "e1", "en-123456789", "fa-ایران", "en\x00", "x-private"} {
		if _, err := LanguageTag(in); ErrorCode(err) != EINVALID {
			t.Errorf("LanguageTag(%q) error = %v, want EINVALID", in, err)
		}
	}
}

func TestLanguageTags(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []string
		code string
	}{
		{nil, nil, ""},
		{[]string{}, nil, ""},
		{[]string{"EN", "sr-latn"}, []string{"en", "sr-Latn"}, ""},
		{[]string{"en", ""}, nil, EINVALID},
		{[]string{"english"}, nil, EINVALID},
	} {
		got, err := LanguageTags(tc.in)
		if code(err) != tc.code || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("LanguageTags(%q) = %q, %v; want %q, code %q", tc.in, got, err, tc.want, tc.code)
		}
	}
}

func TestCanonicalTexts(t *testing.T) {
	in := map[string]string{"PL": "Cześć", "sr-latn": "Zdravo"}
	got, err := CanonicalTexts(in)
	if err != nil || !reflect.DeepEqual(got, map[string]string{"pl": "Cześć", "sr-Latn": "Zdravo"}) {
		t.Errorf("CanonicalTexts = %v, %v", got, err)
	}
	if _, ok := in["PL"]; !ok {
		t.Errorf("CanonicalTexts changed its input: %v", in)
	}
	if _, err := CanonicalTexts(map[string]string{"pl": "a", "PL": "b"}); ErrorCode(err) != EINVALID {
		t.Errorf("two tags equal once canonical: %v, want EINVALID", err)
	}
	if _, err := CanonicalTexts(map[string]string{"polish": "a"}); ErrorCode(err) != EINVALID {
		t.Errorf("not a tag: %v, want EINVALID", err)
	}
}

func TestPageLimit(t *testing.T) {
	for _, tc := range []struct {
		n, want int
		code    string
	}{{0, 50, ""}, {1, 1, ""}, {100, 100, ""}, {101, 0, EINVALID}, {-1, 0, EINVALID}} {
		if got, err := PageLimit(tc.n, 50, 100); got != tc.want || code(err) != tc.code {
			t.Errorf("PageLimit(%d) = %d, %v; want %d, code %q", tc.n, got, err, tc.want, tc.code)
		}
	}
}

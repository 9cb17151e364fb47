package parley

import (
	"strings"
	"unicode/utf8"
)

// The checks every stored text passes, so that the SQLite and PostgreSQL
// stores refuse the same input: PostgreSQL cannot store invalid UTF-8 or a
// NUL byte, and neither store may keep what the other would refuse.

// validText refuses invalid UTF-8 and NUL bytes in field.
func validText(field, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s is not valid UTF-8", field)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return Errorf(EINVALID, "%s contains a NUL byte", field)
	}
	return nil
}

// validTexts checks pairs of field name and value with validText.
func validTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := validText(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// MaxLanguageLen bounds a language tag; BCP 47 asks implementations to
// handle at least 35 characters.
const MaxLanguageLen = 35

// LanguageTag checks a BCP 47-style tag ("en", "sr-Latn", "pt-BR") and
// returns it in canonical case: language lower, script title, region upper,
// the rest lower. The first subtag is 2–3 letters, each later one 1–8
// letters or digits. Empty stays empty (no language).
func LanguageTag(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	bad := func() (string, error) {
		return "", Errorf(EINVALID, "language %q is not a tag like en or pt-BR", s)
	}
	if len(s) > MaxLanguageLen {
		return bad()
	}
	parts := strings.Split(s, "-")
	singleton := false // after an extension or private-use singleton, all is lower case
	for i, p := range parts {
		if p == "" || len(p) > 8 || !alnum(p) {
			return bad()
		}
		switch {
		case i == 0:
			if len(p) < 2 || len(p) > 3 || !letters(p) {
				return bad()
			}
			p = strings.ToLower(p)
		case singleton:
			p = strings.ToLower(p)
		case len(p) == 1:
			singleton, p = true, strings.ToLower(p)
		case len(p) == 4 && letters(p):
			p = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
		case len(p) == 2 && letters(p):
			p = strings.ToUpper(p)
		default:
			p = strings.ToLower(p)
		}
		parts[i] = p
	}
	return strings.Join(parts, "-"), nil
}

// LanguageTags checks and canonicalises a list of tags (see LanguageTag);
// an empty entry is refused, an empty list is nil.
func LanguageTags(ls []string) ([]string, error) {
	if len(ls) == 0 {
		return nil, nil
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		c, err := LanguageTag(l)
		if err != nil {
			return nil, err
		}
		if c == "" {
			return nil, Errorf(EINVALID, "empty language in a list")
		}
		out[i] = c
	}
	return out, nil
}

// CanonicalTexts returns a language tag → text map with its tags canonical
// ("PL" is "pl"); two tags equal once canonical are EINVALID. The texts are
// not checked (ValidTexts does).
func CanonicalTexts(m map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(m))
	for k, v := range m {
		c, err := LanguageTag(k)
		if err != nil {
			return nil, err
		}
		if _, dup := out[c]; dup {
			return nil, Errorf(EINVALID, "language %q is given twice", c)
		}
		out[c] = v
	}
	return out, nil
}

func alnum(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func letters(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// ValidLimit refuses a non-positive page size rather than guessing one.
func ValidLimit(n int) error {
	if n <= 0 {
		return Errorf(EINVALID, "limit must be positive")
	}
	return nil
}

// PageLimit bounds a page size: 0 takes def, negative or above max is
// EINVALID.
func PageLimit(n, def, max int) (int, error) {
	switch {
	case n == 0:
		return def, nil
	case n < 0 || n > max:
		return 0, Errorf(EINVALID, "limit must be 1–%d, got %d", max, n)
	}
	return n, nil
}

// validUrgency refuses an unknown urgency; empty is allowed (none).
func validUrgency(u Urgency) error {
	switch u {
	case "", UrgencyLow, UrgencyNormal, UrgencyHigh, UrgencyCritical:
		return nil
	}
	return Errorf(EINVALID, "unknown urgency %q", u)
}

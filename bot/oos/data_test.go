package oos

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// testSetDir holds the independent off-topic test set; it must never
// share a line with the shipped calibration corpus.
const testSetDir = "../testdata/offtopic"

var wantLangs = []string{"en", "fa", "hy", "kk", "pl", "ru", "sr"}

const (
	minShipped = 60
	minTestSet = 30
)

// norm is the form in which two questions count as the same line:
// lower-cased, trimmed, inner whitespace collapsed, and final
// punctuation (?, !, ., ؟, ։, ՞, …) dropped.
func norm(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSpace(r)
	})
}

// checkLines reports lines of a corpus file that are empty, padded,
// comments, invalid UTF-8 or duplicates (after norm), and returns the
// lines.
func checkLines(t *testing.T, name string, b []byte) []string {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatalf("%s: not valid UTF-8", name)
	}
	s := string(b)
	if strings.HasPrefix(s, "\uFEFF") {
		t.Errorf("%s: starts with a byte-order mark", name)
	}
	if strings.Contains(s, "\r") {
		t.Errorf("%s: has CR line endings", name)
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	seen := map[string]int{}
	for i, l := range lines {
		n := i + 1
		switch {
		case strings.TrimSpace(l) == "":
			t.Errorf("%s:%d: empty line", name, n)
			continue
		case strings.TrimSpace(l) != l:
			t.Errorf("%s:%d: leading or trailing whitespace: %q", name, n, l)
		case strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//"):
			t.Errorf("%s:%d: looks like a comment: %q", name, n, l)
		}
		k := norm(l)
		if prev, ok := seen[k]; ok {
			t.Errorf("%s:%d: duplicate of line %d: %q", name, n, prev, l)
		}
		seen[k] = n
	}
	return lines
}

func TestLanguages(t *testing.T) {
	if got := Languages(); !slices.Equal(got, wantLangs) {
		t.Fatalf("Languages() = %v, want %v", got, wantLangs)
	}
}

func TestShippedCorpus(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) {
			b, err := data.ReadFile("data/" + lang + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			lines := checkLines(t, "data/"+lang+".txt", b)
			if len(lines) < minShipped {
				t.Errorf("%d lines, want at least %d", len(lines), minShipped)
			}
			if qs := Questions(lang); !slices.Equal(qs, lines) {
				t.Errorf("Questions(%q) returned %d questions, the file has %d lines", lang, len(qs), len(lines))
			}
		})
	}
}

func TestQuestionsUnknownLanguage(t *testing.T) {
	for _, lang := range []string{"", "xx", "../oos", "en.txt", "data/en"} {
		if qs := Questions(lang); qs != nil {
			t.Errorf("Questions(%q) = %d questions, want nil", lang, len(qs))
		}
	}
}

// TestDisjointFromTestSet keeps calibration honest: a question the bot was
// calibrated on must not reappear in the set that measures it.
func TestDisjointFromTestSet(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) {
			path := filepath.Join(testSetDir, lang+".txt")
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("test set missing for %s: %v", lang, err)
			}
			test := checkLines(t, path, b)
			if len(test) < minTestSet {
				t.Errorf("%s: %d lines, want at least %d", path, len(test), minTestSet)
			}
			inTest := map[string]int{}
			for i, l := range test {
				inTest[norm(l)] = i + 1
			}
			for i, q := range Questions(lang) {
				if n, ok := inTest[norm(q)]; ok {
					t.Errorf("data/%s.txt:%d is also %s:%d: %q", lang, i+1, path, n, q)
				}
			}
		})
	}
}

package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example","x")`: `'=HYPERLINK("http://evil.example","x")`,
		"+1 555":                                "'+1 555", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"- list item": "'- list item", "'=x": "''=x", "''": "'''", "'tis": "'tis", "'": "'",
		"plain": "plain", "": "", "-12.5": "-12.5", "+3": "+3", "1e-3": "1e-3", "-1e+3": "-1e+3",
		"-": "'-", "-.5": "'-.5", "-1.": "'-1.", "-Inf": "'-Inf", "a=b": "a=b",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if got := Unescape(Escape(in)); got != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, got)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf).WriteAll([][]string{{"q", "n"}, {"=1+1", "-3"}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || rows[1][0] != "'=1+1" || rows[1][1] != "-3" {
		t.Fatalf("%v %q", err, rows)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "''", "-1", "plain", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if Unescape(e) != s {
			t.Fatalf("%q escaped to %q unescapes to %q", s, e, Unescape(e))
		}
		if e != "" && trigger(e[0]) && !number(e) {
			t.Fatalf("%q escaped to %q starts a formula", s, e)
		}
	})
}

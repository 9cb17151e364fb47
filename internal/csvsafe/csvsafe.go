// Package csvsafe writes CSV that spreadsheets open as text, never as
// formulas (CSV injection): every CSV Parley writes goes through Writer,
// and an import of Parley's own CSV reads its cells back with Unescape.
//
// The rule is OWASP's: a cell starting with '=', '+', '-', '@', a tab or a
// carriage return gets a leading single quote, which spreadsheets take as
// "this is text" and hide. Plain numbers ("-12.5") are left as they are:
// they cannot run anything and stay numbers. A cell that already starts
// with a quote before one of those characters (or another quote) gets one
// more, so Unescape(Escape(s)) == s for every s.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// triggers start a formula (or, tab and CR, hide one) in a spreadsheet.
const triggers = "=+-@\t\r"

func trigger(c byte) bool {
	for i := range len(triggers) {
		if triggers[i] == c {
			return true
		}
	}
	return false
}

// Escape returns s as a cell a spreadsheet shows as text.
func Escape(s string) string {
	if s == "" || number(s) {
		return s
	}
	if trigger(s[0]) || s[0] == '\'' && len(s) > 1 && (trigger(s[1]) || s[1] == '\'') {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: one leading quote before a trigger character or
// another quote is dropped (a spreadsheet hides it anyway).
func Unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && (trigger(s[1]) || s[1] == '\'') {
		return s[1:]
	}
	return s
}

// number reports whether s is a plain decimal number: [+-]digits[.digits][e[+-]digits].
func number(s string) bool {
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if !digits() {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}

// Writer is a csv.Writer that escapes every cell.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one row, each cell escaped.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Escape(c))
	}
	return w.w.Write(w.row)
}

// WriteAll writes rows and flushes.
func (w *Writer) WriteAll(rows [][]string) error {
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.w.Flush()
	return w.w.Error()
}

// Flush writes any buffered data; Error reports a write's failure.
func (w *Writer) Flush()       { w.w.Flush() }
func (w *Writer) Error() error { return w.w.Error() }

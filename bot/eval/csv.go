package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parley-chat/parley/bot/intent"
)

// ErrMalformed marks a data file that is not the CSV eval expects.
var ErrMalformed = errors.New("malformed data file")

// readExamples loads a CSV file with a header row whose first column is
// the text and second the label, whatever the header calls them.
func readExamples(path string) ([]intent.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: open data file: %w", err)
	}
	defer f.Close()
	ex, err := parseExamples(f)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return ex, nil
}

func parseExamples(r io.Reader) ([]intent.Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: empty file, expected a header row", ErrMalformed)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("%w: header has %d column(s), need text and label", ErrMalformed, len(header))
	}
	var out []intent.Example
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < 2 {
			return nil, fmt.Errorf("%w: line %d: %d column(s), need text and label", ErrMalformed, line, len(rec))
		}
		text, label := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if text == "" || label == "" {
			return nil, fmt.Errorf("%w: line %d: empty text or label", ErrMalformed, line)
		}
		out = append(out, intent.Example{Text: text, Label: label})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no examples after the header", ErrMalformed)
	}
	return out, nil
}

package kb

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

var kinds = []error{ErrNotUTF8, ErrTooLarge, ErrFrontMatter, ErrUnknownKey, ErrMissingField,
	ErrBadValue, ErrBadStatus, ErrBadLanguage, ErrDuplicate, ErrDuplicateText}

// FuzzParse checks that Parse never panics, that it rejects input only with
// *Error values of a known kind, and that whatever it accepts survives
// Format and Parse again unchanged, byte for byte on the second Format.
// The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(bytes.NewReader(data))
		if err != nil {
			ps := problems(err)
			if len(ps) == 0 {
				t.Fatalf("error without *Error: %v", err)
			}
			for _, p := range ps {
				known := false
				for _, k := range kinds {
					known = known || errors.Is(p, k)
				}
				if !known {
					t.Fatalf("error of unknown kind: %v", p)
				}
			}
			return
		}
		var b bytes.Buffer
		if err := Format(&b, a); err != nil {
			t.Fatalf("Format(Parse(data)): %v\narticle: %#v", err, a)
		}
		again, err := Parse(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("Parse(Format(a)): %v\nfile:\n%s", err, b.Bytes())
		}
		if !reflect.DeepEqual(again, a) {
			t.Fatalf("round trip changed the article:\n got %#v\nwant %#v\nfile:\n%s", again, a, b.Bytes())
		}
		var b2 bytes.Buffer
		if err := Format(&b2, again); err != nil || !bytes.Equal(b.Bytes(), b2.Bytes()) {
			t.Fatalf("Format not stable (%v):\n%s\n%s", err, b.Bytes(), b2.Bytes())
		}
	})
}

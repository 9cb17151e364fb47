package kb

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Every error returned by Parse, Format, ReadDir and WriteDir
// for a bad article is an *Error wrapping one of these, so callers can test the
// kind with errors.Is and read the file, line and field with errors.As.
var (
	ErrNotUTF8       = errors.New("not UTF-8 text")
	ErrTooLarge      = errors.New("file too large")
	ErrFrontMatter   = errors.New("bad front matter")
	ErrUnknownKey    = errors.New("unknown front-matter key")
	ErrMissingField  = errors.New("missing required field")
	ErrBadValue      = errors.New("bad value")
	ErrBadStatus     = errors.New("bad status")
	ErrBadLanguage   = errors.New("invalid language tag")
	ErrDuplicate     = errors.New("duplicate article")
	ErrDuplicateText = errors.New("duplicate question")
)

// Error describes one problem with one article file. Parse and Format leave
// File empty; ReadDir and WriteDir fill it in with the slash-separated path
// relative to the folder.
type Error struct {
	File  string // e.g. "account/reset-password.en.md"
	Line  int    // 1-based line in the file; 0 when not known
	Field string // front-matter key, e.g. "language"; empty for whole-file problems
	Err   error  // wraps one of the Err* sentinels
}

func (e *Error) Error() string {
	s := "kb: "
	if e.File != "" {
		s += e.File
		if e.Line > 0 {
			s += ":" + strconv.Itoa(e.Line)
		}
		s += ": "
	} else if e.Line > 0 {
		s += "line " + strconv.Itoa(e.Line) + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// errorList collects the problems of one file.
type errorList []*Error

func (l *errorList) add(line int, field string, kind error, format string, args ...any) {
	err := kind
	if format != "" {
		err = fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, args...))
	}
	*l = append(*l, &Error{Line: line, Field: field, Err: err})
}

// in sets File on every error and joins them; nil when the list is empty.
func (l errorList) in(file string) error {
	if len(l) == 0 {
		return nil
	}
	errs := make([]error, len(l))
	for i, e := range l {
		e.File = file
		errs[i] = e
	}
	return errors.Join(errs...)
}

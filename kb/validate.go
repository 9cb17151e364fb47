package kb

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/parley-chat/parley"
)

// canonical validates a and rewrites it into canonical form.
func canonical(a *parley.Article, at *lines, errs *errorList) {
	name(&a.Slug, "slug", true, at, errs)
	name(&a.Collection, "collection", false, at, errs)

	if a.Language == "" {
		if !at.unreadable("language") {
			errs.add(at.of("language"), "language", ErrMissingField, "")
		}
	} else if tag, err := language.Parse(a.Language); err != nil {
		errs.add(at.of("language"), "language", ErrBadLanguage, "%q: %s", a.Language, strings.TrimPrefix(err.Error(), "language: "))
	} else if base, conf := tag.Base(); conf != language.Exact || base.String() == "und" {
		errs.add(at.of("language"), "language", ErrBadLanguage, "%q names no language", a.Language)
	} else {
		a.Language = base.String()
	}

	a.Title = strings.TrimSpace(a.Title)
	if a.Title == "" {
		if !at.unreadable("title") {
			errs.add(at.of("title"), "title", ErrMissingField, "")
		}
	} else if kind, what := badLine(a.Title); kind != nil {
		errs.add(at.of("title"), "title", kind, "%s", what)
	}

	switch a.Status {
	case "":
		a.Status = parley.ArticleDraft
	case parley.ArticleDraft, parley.ArticlePublished:
	default:
		errs.add(at.of("status"), "status", ErrBadStatus, "%q: want %s or %s", a.Status, parley.ArticleDraft, parley.ArticlePublished)
	}

	var qs []string
	first := map[string]int{}
	for i, q := range a.Questions {
		f, line := fmt.Sprintf("questions[%d]", i), at.question(i)
		q = strings.TrimSpace(q)
		if q == "" {
			errs.add(line, f, ErrBadValue, "empty question")
		} else if kind, what := badLine(q); kind != nil {
			errs.add(line, f, kind, "%s", what)
		} else if j, dup := first[q]; dup {
			errs.add(line, f, ErrDuplicateText, "same as questions[%d]", j)
		} else {
			first[q] = i
			qs = append(qs, q)
		}
	}
	a.Questions = qs

	if _, what := badText(a.Body); what != "" {
		errs.add(0, "body", ErrNotUTF8, "%s", what)
	}
	a.Body = body(a.Body)
}

// name checks a slug or collection: it names a file or folder, so it is
// restricted to lowercase ASCII letters, digits, '-' and '_'.
func name(s *string, key string, required bool, at *lines, errs *errorList) {
	if *s == "" {
		if required && !at.unreadable(key) {
			errs.add(at.of(key), key, ErrMissingField, "")
		}
		return
	}
	ok := len(*s) <= maxName && (*s)[0] != '-' && (*s)[0] != '_'
	for _, r := range *s {
		ok = ok && ('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
	}
	if !ok {
		errs.add(at.of(key), key, ErrBadValue, "%q: want lowercase letters, digits, '-' and '_', starting with a letter or digit, at most %d characters", *s, maxName)
	}
}

// badLine reports why s cannot be a title or a question.
func badLine(s string) (error, string) {
	if !utf8.ValidString(s) {
		return ErrNotUTF8, "invalid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ErrBadValue, fmt.Sprintf("%q: want one line of text without control characters", s)
		}
	}
	return nil, ""
}

// badText reports the line and nature of the first invalid UTF-8 sequence or
// NUL byte in s (which databases refuse); what is empty when s is fine.
func badText(s string) (line int, what string) {
	for i, r := range s {
		if r == utf8.RuneError || r == 0 {
			if r == 0 {
				what = "NUL byte"
			} else if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				what = fmt.Sprintf("invalid UTF-8 byte 0x%02x", s[i])
			} else {
				continue // a real U+FFFD
			}
			return 1 + strings.Count(s[:i], "\n"), what
		}
	}
	return 0, ""
}

// newlines turns CRLF and lone CR line endings into LF.
func newlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// body canonicalises a Markdown body: LF line endings, no leading blank
// lines, no trailing white space.
func body(s string) string {
	s = newlines(s)
	for {
		line, rest, found := strings.Cut(s, "\n")
		if !found || strings.Trim(line, " \t") != "" {
			break
		}
		s = rest
	}
	return strings.TrimRight(s, " \t\n")
}

// Canonical validates a by the rules of the folder format (the same that
// Parse, ReadDir and the CSV import apply) and returns its canonical form
// (see Format): slug and collection safe as file and folder names, a real
// language tag reduced to its base, one-line title and questions, a body
// of UTF-8 text that fits a file. The REST API checks articles with it, so
// everything it stores can be exported. Fields outside the format are kept.
// The error joins an *Error per problem.
func Canonical(a parley.Article) (parley.Article, error) {
	c, _, errs := render(a)
	if err := errs.in(""); err != nil {
		return a, err
	}
	return c, nil
}

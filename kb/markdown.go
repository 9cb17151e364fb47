package kb

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-chat/parley"
)

// MaxFileSize is the largest article file Parse accepts, in bytes.
const MaxFileSize = 1 << 20

// maxName is the longest slug or collection, in bytes.
const maxName = 100

// keys are the front-matter keys, in the order Format writes them.
var keys = []string{"slug", "language", "title", "collection", "status", "questions"}

// Parse reads one article file: a front matter block between two "---" lines,
// then the Markdown body. It returns the article in canonical form (see
// Format); the fields the file does not carry (ID, SiteID, Version, times)
// are zero. A bad file yields one or more *Error values joined together.
func Parse(r io.Reader) (parley.Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return parley.Article{}, fmt.Errorf("kb: reading article: %w", err)
	}
	a, errs := parse(data)
	if err := errs.in(""); err != nil {
		return parley.Article{}, err
	}
	return a, nil
}

// Format writes a in the form Parse reads. It validates a first and writes
// the canonical form: base language ("sr-Latn" becomes "sr"), status "draft"
// when empty, title and questions trimmed, LF line endings, no blank lines
// around the body. Parse(Format(a)) returns that canonical form, so a valid
// article survives the round trip. Only the fields of the file format are
// written; ID, SiteID, Version, UpdatedBy and the times are not.
func Format(w io.Writer, a parley.Article) error {
	_, data, errs := render(a)
	if err := errs.in(""); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// render validates a and returns its canonical form and file. A file that
// Parse would refuse as too large is an error too.
func render(a parley.Article) (parley.Article, []byte, errorList) {
	var errs errorList
	canonical(&a, nil, &errs)
	if len(errs) > 0 {
		return a, nil, errs
	}
	data := encode(a)
	if len(data) > MaxFileSize {
		errs.add(0, "body", ErrTooLarge, "the file would have %d bytes, more than %d", len(data), MaxFileSize)
	}
	return a, data, errs
}

type frontMatter struct {
	Slug       string   `yaml:"slug"`
	Language   string   `yaml:"language"`
	Title      string   `yaml:"title"`
	Collection string   `yaml:"collection,omitempty"`
	Status     string   `yaml:"status"`
	Questions  []string `yaml:"questions,omitempty"`
}

// encode renders a canonical article.
func encode(a parley.Article) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	err := enc.Encode(frontMatter{a.Slug, a.Language, a.Title, a.Collection, string(a.Status), a.Questions})
	if err == nil {
		err = enc.Close()
	}
	if err != nil { // only strings and a list of strings: cannot happen
		panic("kb: encoding front matter: " + err.Error())
	}
	b.WriteString("---\n")
	if a.Body != "" {
		b.WriteString("\n" + a.Body + "\n")
	}
	return b.Bytes()
}

// lines records where each field's value was found, for error messages, and
// which fields were present but unreadable (not to report them as missing).
type lines struct {
	field     map[string]int
	questions []int
	bad       map[string]bool
}

func (l *lines) unreadable(field string) bool { return l != nil && l.bad[field] }

func (l *lines) of(field string) int {
	if l == nil {
		return 0
	}
	return l.field[field]
}

func (l *lines) question(i int) int {
	if l == nil || i >= len(l.questions) {
		return 0
	}
	return l.questions[i]
}

func parse(data []byte) (a parley.Article, errs errorList) {
	if len(data) > MaxFileSize {
		errs.add(0, "", ErrTooLarge, "more than %d bytes", MaxFileSize)
		return a, errs
	}
	if line, what := badText(string(data)); what != "" {
		errs.add(line, "", ErrNotUTF8, "%s", what)
		return a, errs
	}
	text := newlines(strings.TrimPrefix(string(data), "\ufeff"))
	fm, body, ok := split(text)
	if !ok {
		errs.add(1, "", ErrFrontMatter, "the file must start with a front matter block between two --- lines")
		return a, errs
	}
	at := &lines{field: map[string]int{}, bad: map[string]bool{}}
	errs, fatal := decode(fm, &a, at)
	if fatal {
		return a, errs
	}
	a.Body = body
	canonical(&a, at, &errs)
	return a, errs
}

// split cuts text into the front matter (prefixed with one newline, so that
// YAML line numbers are file line numbers) and the body.
func split(text string) (fm, body string, ok bool) {
	first, rest, _ := strings.Cut(text, "\n")
	if !delimiter(first) {
		return "", "", false
	}
	off := 0
	for off < len(rest) {
		line, _, found := strings.Cut(rest[off:], "\n")
		if delimiter(line) {
			end := min(off+len(line)+1, len(rest))
			return "\n" + rest[:off], rest[end:], true
		}
		if !found {
			break
		}
		off += len(line) + 1
	}
	return "", "", false
}

func delimiter(line string) bool { return strings.TrimRight(line, " \t") == "---" }

// decode reads the YAML front matter into a, recording value lines in at.
// Fatal means the front matter could not be read as a whole.
func decode(fm string, a *parley.Article, at *lines) (errs errorList, fatal bool) {
	dec := yaml.NewDecoder(strings.NewReader(fm))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		line, msg := yamlError(err)
		errs.add(line, "", ErrFrontMatter, "%s", msg)
		return errs, true
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		errs.add(extra.Line, "", ErrFrontMatter, "more than one YAML document")
		return errs, true
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.DocumentNode || root.Kind == 0 || isNull(root) {
		return nil, false // empty: the missing fields are reported later
	}
	if root.Kind != yaml.MappingNode {
		errs.add(root.Line, "", ErrFrontMatter, "want key: value lines")
		return errs, true
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			errs.add(k.Line, "", ErrFrontMatter, "a key must be a plain word")
			continue
		}
		key := k.Value
		if first, dup := seen[key]; dup {
			errs.add(k.Line, key, ErrFrontMatter, "key repeated (first at line %d)", first)
			continue
		}
		seen[key] = k.Line
		at.field[key] = v.Line
		n := len(errs)
		switch key {
		case "questions":
			a.Questions, at.questions = list(v, &errs)
			at.bad[key] = len(errs) > n
		case "slug", "language", "title", "collection", "status":
			if v.Kind != yaml.ScalarNode {
				errs.add(v.Line, key, ErrBadValue, "want a single text value")
				at.bad[key] = true
				continue
			}
			s := v.Value
			if isNull(v) {
				s = ""
			}
			*field(a, key) = s
		default:
			errs.add(k.Line, key, ErrUnknownKey, "known keys are %s", strings.Join(keys, ", "))
		}
	}
	return errs, false
}

// yamlError splits "yaml: line N: msg" (N is a file line, see split).
func yamlError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				return n, after
			}
		}
	}
	return 0, msg
}

func list(v *yaml.Node, errs *errorList) (qs []string, at []int) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		errs.add(v.Line, "questions", ErrBadValue, "want a list of questions, one per \"- \" line")
		return nil, nil
	}
	for i, item := range v.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode {
			errs.add(item.Line, fmt.Sprintf("questions[%d]", i), ErrBadValue, "want text")
			continue
		}
		s := item.Value
		if isNull(item) {
			s = ""
		}
		qs, at = append(qs, s), append(at, item.Line)
	}
	if len(qs) < len(v.Content) {
		return nil, nil // reported; later indexes would not match the file's
	}
	return qs, at
}

func field(a *parley.Article, key string) *string {
	switch key {
	case "slug":
		return &a.Slug
	case "language":
		return &a.Language
	case "title":
		return &a.Title
	case "collection":
		return &a.Collection
	}
	return (*string)(&a.Status)
}

func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

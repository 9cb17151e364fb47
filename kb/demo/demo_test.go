package demo

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
)

var (
	link  = regexp.MustCompile(`(^|[\s(])/[a-z]`)
	slugs = map[string]string{ // slug -> collection
		"reset-password": "account", "login-2fa": "account",
		"plans-pricing": "billing", "billing-invoices": "billing", "cancel-subscription": "billing",
		"export-data": "data", "api-integrations": "developers", "contact-support": "support",
	}
	languages = []string{"en", "ru", "pl", "sr", "hy", "fa", "kk"}
)

func load(t *testing.T) []parley.Article {
	t.Helper()
	articles, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	return articles
}

func TestAllArticles(t *testing.T) {
	articles := load(t)
	if want := len(slugs) * len(languages); len(articles) != want {
		t.Errorf("%d articles, want %d", len(articles), want)
	}
	have := map[[2]string]bool{}
	for _, a := range articles {
		have[[2]string{a.Slug, a.Language}] = true
		name := a.Slug + "." + a.Language
		if c, ok := slugs[a.Slug]; !ok || a.Collection != c {
			t.Errorf("%s: unexpected slug or collection %q", name, a.Collection)
		}
		if a.Status != parley.ArticlePublished {
			t.Errorf("%s: status %q", name, a.Status)
		}
		if n := len(a.Questions); n < 8 || n > 12 {
			t.Errorf("%s: %d questions, want 8–12", name, n)
		}
		if n := len(strings.Fields(a.Body)); n < 80 || n > 200 {
			t.Errorf("%s: body has %d words, want 80–200", name, n)
		}
		if !link.MatchString(a.Body) {
			t.Errorf("%s: body has no relative link", name)
		}
	}
	for slug := range slugs {
		for _, lang := range languages {
			if !have[[2]string{slug, lang}] {
				t.Errorf("missing %s in %s", slug, lang)
			}
		}
	}
}

// key folds the differences that do not make two questions different.
func key(q string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}), " ")
}

func TestQuestionsAreDistinct(t *testing.T) {
	owner := map[string]string{}
	for _, a := range load(t) {
		for _, q := range a.Questions {
			k := key(q)
			if prev, ok := owner[k]; ok && !strings.HasPrefix(prev, a.Slug+".") {
				t.Errorf("%q in %s.%s is also in %s", q, a.Slug, a.Language, prev)
			}
			owner[k] = a.Slug + "." + a.Language
		}
	}
}

// TestScripts checks that each language is written in its own script (Serbian
// articles in Cyrillic; their questions may also be in Latin, as visitors write).
func TestScripts(t *testing.T) {
	script := map[string]*unicode.RangeTable{
		"en": unicode.Latin, "pl": unicode.Latin, "ru": unicode.Cyrillic, "sr": unicode.Cyrillic,
		"kk": unicode.Cyrillic, "hy": unicode.Armenian, "fa": unicode.Arabic,
	}
	for _, a := range load(t) {
		var in, out int
		for _, r := range a.Title + " " + a.Body {
			if unicode.IsLetter(r) {
				if unicode.Is(script[a.Language], r) {
					in++
				} else {
					out++
				}
			}
		}
		if in < 4*out {
			t.Errorf("%s.%s: %d letters in the language's script, %d outside", a.Slug, a.Language, in, out)
		}
	}
}

// TestFilesAreCanonical checks that the files are what `parley kb export`
// would write, so exporting the demo knowledge base reproduces them.
func TestFilesAreCanonical(t *testing.T) {
	sub, _ := fs.Sub(content, "content")
	for _, a := range load(t) {
		name := kb.FileName(a)
		data, err := fs.ReadFile(sub, name)
		if err != nil {
			t.Errorf("%s.%s: %v", a.Slug, a.Language, err)
			continue
		}
		var b bytes.Buffer
		if err := kb.Format(&b, a); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), data) {
			t.Errorf("%s is not in canonical form; rewrite it with kb.WriteDir", name)
		}
	}
}

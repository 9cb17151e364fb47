package kb

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
)

const example = `---
slug: reset-password
language: en
title: How to reset your password
collection: account
status: published
questions:
  - I forgot my password
  - How do I change my password?
---

Open **Settings → Security**.

1. Click *Reset*.
`

func exampleArticle() parley.Article {
	return parley.Article{
		Slug: "reset-password", Language: "en", Title: "How to reset your password",
		Collection: "account", Status: parley.ArticlePublished,
		Questions: []string{"I forgot my password", "How do I change my password?"},
		Body:      "Open **Settings → Security**.\n\n1. Click *Reset*.",
	}
}

func TestFormatExample(t *testing.T) {
	var b bytes.Buffer
	if err := Format(&b, exampleArticle()); err != nil {
		t.Fatal(err)
	}
	if b.String() != example {
		t.Errorf("Format:\n%s\nwant:\n%s", b.String(), example)
	}
	a, err := Parse(strings.NewReader(example))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, exampleArticle()) {
		t.Errorf("Parse = %#v", a)
	}
}

func TestRoundTrip(t *testing.T) {
	tricky := []string{"yes", "no", "123", "null", "~", "#tag", "a: b", "- dash", "? mark",
		`"quoted"`, "it's", `back\slash`, "emoji 🙂", "&anchor", "*alias", "!tag",
		"%percent", "@at", "`tick`", "{brace}", "[bracket]", "trailing colon:", "\ufeffbom", "ok > fine |"}
	articles := []parley.Article{
		exampleArticle(),
		{Slug: "x", Language: "fa", Title: "بازیابی رمز عبور", Status: parley.ArticleDraft,
			Questions: []string{"رمز عبورم را فراموش کرده‌ام", "چطور رمزم رو عوض کنم"}},
		{Slug: "only_title-1", Language: "sr", Title: "Ресетовање лозинке: упутство", Status: parley.ArticlePublished,
			Body: "    indented code\n---\nnot front matter\n\n\tend"},
		{Slug: "q", Language: "hy", Title: "yes", Collection: "c-1", Status: parley.ArticleDraft,
			Questions: tricky, Body: "---"},
		{Slug: "long", Language: "kk", Title: strings.Repeat("Құпия сөзді қалпына келтіру ", 20)[:400],
			Status: parley.ArticlePublished, Body: strings.Repeat("сөз ", 2000) + "соңы"},
	}
	for _, want := range articles {
		var b bytes.Buffer
		if err := Format(&b, want); err != nil {
			t.Fatalf("Format(%s): %v", want.Slug, err)
		}
		got, err := Parse(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("Parse(Format(%s)): %v\n%s", want.Slug, err, b.String())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip %s:\n got %#v\nwant %#v\nfile:\n%s", want.Slug, got, want, b.String())
		}
		var again bytes.Buffer
		if err := Format(&again, got); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Errorf("Format is not deterministic for %s (%v)", want.Slug, err)
		}
	}
}

func TestParseCanonical(t *testing.T) {
	in := "\ufeff---  \r\nslug: reset-password\r\nlanguage: sr-Latn\r\ntitle: '  Ресетовање  '\r\n" +
		"collection: account\r\nquestions:\r\n  - '  zaboravio sam lozinku '\r\n---\r\n\r\n  \r\nBody\r\nline 2  \r\n\r\n"
	got, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := parley.Article{Slug: "reset-password", Language: "sr", Title: "Ресетовање", Collection: "account",
		Status: parley.ArticleDraft, Questions: []string{"zaboravio sam lozinku"}, Body: "Body\nline 2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	for in, lang := range map[string]string{"sr-Cyrl": "sr", "EN-us": "en", "fa-IR": "fa", "kk_KZ": "kk", "iw": "he"} {
		a := want
		a.Language = in
		var b bytes.Buffer
		if err := Format(&b, a); err != nil {
			t.Fatal(err)
		}
		if got, err := Parse(&b); err != nil || got.Language != lang {
			t.Errorf("language %q: got %q, %v; want %q", in, got.Language, err, lang)
		}
	}
}

// problems flattens a joined error into its *Error values.
func problems(err error) []*Error {
	var e *Error
	if errors.As(err, &e) && errors.Unwrap(err) != nil && err == error(e) {
		return []*Error{e}
	}
	var out []*Error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, err := range j.Unwrap() {
			out = append(out, problems(err)...)
		}
	}
	return out
}

func TestParseErrors(t *testing.T) {
	const head = "---\nslug: s\nlanguage: en\ntitle: T\n"
	tests := []struct {
		name, in string
		kind     error
		field    string
		line     int
	}{
		{"missing slug", "---\nlanguage: en\ntitle: T\n---\n", ErrMissingField, "slug", 0},
		{"empty slug", "---\nslug: ''\nlanguage: en\ntitle: T\n---\n", ErrMissingField, "slug", 2},
		{"missing language", "---\nslug: s\ntitle: T\n---\n", ErrMissingField, "language", 0},
		{"missing title", "---\nslug: s\nlanguage: en\n---\n", ErrMissingField, "title", 0},
		{"blank title", "---\nslug: s\nlanguage: en\ntitle: '  '\n---\n", ErrMissingField, "title", 4},
		{"null title", "---\nslug: s\nlanguage: en\ntitle:\n---\n", ErrMissingField, "title", 4},
		{"empty front matter", "---\n---\nbody\n", ErrMissingField, "slug", 0},
		{"bad status", head + "status: publish\n---\n", ErrBadStatus, "status", 5},
		{"status case", head + "status: Published\n---\n", ErrBadStatus, "status", 5},
		{"unknown language", "---\nslug: s\nlanguage: xx\ntitle: T\n---\n", ErrBadLanguage, "language", 3},
		{"ill-formed language", "---\nslug: s\nlanguage: english!\ntitle: T\n---\n", ErrBadLanguage, "language", 3},
		{"undetermined language", "---\nslug: s\nlanguage: und\ntitle: T\n---\n", ErrBadLanguage, "language", 3},
		{"private language", "---\nslug: s\nlanguage: x-klingon\ntitle: T\n---\n", ErrBadLanguage, "language", 3},
		{"invalid UTF-8", head + "---\nbody \xff\n", ErrNotUTF8, "", 6},
		{"latin-1 title", "---\nslug: s\nlanguage: en\ntitle: caf\xe9\n---\n", ErrNotUTF8, "", 4},
		{"NUL byte", head + "---\nbo\x00dy\n", ErrNotUTF8, "", 6},
		{"unknown key", head + "tags: [a]\n---\n", ErrUnknownKey, "tags", 5},
		{"key case", head + "Status: draft\n---\n", ErrUnknownKey, "Status", 5},
		{"repeated key", head + "title: U\n---\n", ErrFrontMatter, "title", 5},
		{"no front matter", "# Title\n\nbody\n", ErrFrontMatter, "", 1},
		{"front matter not first", "\n---\nslug: s\n---\n", ErrFrontMatter, "", 1},
		{"unclosed front matter", head + "body\n", ErrFrontMatter, "", 1},
		{"YAML syntax", head + "status: [draft\n---\n", ErrFrontMatter, "", -1},
		{"YAML indentation", head + "status: draft\n  x: 1\n---\n", ErrFrontMatter, "", 6},
		{"not a mapping", "---\n- slug\n- s\n---\n", ErrFrontMatter, "", 2},
		{"two documents", head + "...\nstatus: draft\n---\n", ErrFrontMatter, "", 0},
		{"title is a list", "---\nslug: s\nlanguage: en\ntitle: [a, b]\n---\n", ErrBadValue, "title", 4},
		{"title two lines", "---\nslug: s\nlanguage: en\ntitle: \"a\\nb\"\n---\n", ErrBadValue, "title", 4},
		{"slug with spaces", "---\nslug: Reset Password\nlanguage: en\ntitle: T\n---\n", ErrBadValue, "slug", 2},
		{"slug with path", "---\nslug: ../etc\nlanguage: en\ntitle: T\n---\n", ErrBadValue, "slug", 2},
		{"collection with path", head + "collection: a/b\n---\n", ErrBadValue, "collection", 5},
		{"questions not a list", head + "questions: how?\n---\n", ErrBadValue, "questions", 5},
		{"question not text", head + "questions:\n  - [a]\n---\n", ErrBadValue, "questions[0]", 6},
		{"empty question", head + "questions:\n  - a\n  -\n---\n", ErrBadValue, "questions[1]", 7},
		{"duplicate question", head + "questions:\n  - a\n  - ' a'\n---\n", ErrDuplicateText, "questions[1]", 7},
		{"too large", head + "---\n" + strings.Repeat("x", MaxFileSize), ErrTooLarge, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.in))
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if !reflect.DeepEqual(a, parley.Article{}) {
				t.Errorf("article returned with an error: %#v", a)
			}
			for _, p := range problems(err) {
				if errors.Is(p, tt.kind) {
					if p.Field != tt.field || p.Line != tt.line && tt.line >= 0 {
						t.Errorf("field %q line %d, want %q line %d (%v)", p.Field, p.Line, tt.field, tt.line, p)
					}
					if tt.field != "" && !strings.Contains(p.Error(), tt.field+": ") {
						t.Errorf("message %q does not name the field", p)
					}
					return
				}
			}
			t.Errorf("no *Error of kind %v in %v", tt.kind, err)
		})
	}
}

func TestParseReportsAllProblems(t *testing.T) {
	_, err := Parse(strings.NewReader("---\ncolor: red\nlanguage: zz\nstatus: live\n---\n"))
	for _, kind := range []error{ErrUnknownKey, ErrMissingField, ErrBadLanguage, ErrBadStatus} {
		if !errors.Is(err, kind) {
			t.Errorf("%v missing from %v", kind, err)
		}
	}
	if n := len(problems(err)); n != 5 { // color, slug, language, title, status
		t.Errorf("%d problems, want 5: %v", n, err)
	}
}

func TestFormatErrors(t *testing.T) {
	ok := exampleArticle()
	tests := []struct {
		name  string
		edit  func(*parley.Article)
		kind  error
		field string
	}{
		{"no slug", func(a *parley.Article) { a.Slug = "" }, ErrMissingField, "slug"},
		{"bad slug", func(a *parley.Article) { a.Slug = "a/b" }, ErrBadValue, "slug"},
		{"no language", func(a *parley.Article) { a.Language = "" }, ErrMissingField, "language"},
		{"bad language", func(a *parley.Article) { a.Language = "klingon" }, ErrBadLanguage, "language"},
		{"no title", func(a *parley.Article) { a.Title = " " }, ErrMissingField, "title"},
		{"bad status", func(a *parley.Article) { a.Status = "archived" }, ErrBadStatus, "status"},
		{"bad body", func(a *parley.Article) { a.Body = "\xc3" }, ErrNotUTF8, "body"},
		{"bad question", func(a *parley.Article) { a.Questions = []string{"a\x00"} }, ErrBadValue, "questions[0]"},
		{"bad title", func(a *parley.Article) { a.Title = "\xff" }, ErrNotUTF8, "title"},
		{"too large", func(a *parley.Article) { a.Body = strings.Repeat("x", MaxFileSize) }, ErrTooLarge, "body"},
	}
	for _, tt := range tests {
		a := ok
		tt.edit(&a)
		var b bytes.Buffer
		err := Format(&b, a)
		var e *Error
		if !errors.Is(err, tt.kind) || !errors.As(err, &e) || e.Field != tt.field {
			t.Errorf("%s: err = %v, want %v in field %s", tt.name, err, tt.kind, tt.field)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %q", tt.name, b.String())
		}
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{File: "account/x.en.md", Line: 3, Field: "language", Err: ErrBadLanguage}
	if got, want := e.Error(), "kb: account/x.en.md:3: language: invalid language tag"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

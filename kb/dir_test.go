package kb

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/parley-chat/parley"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func md(slug, lang, extra string) *fstest.MapFile {
	return file("---\nslug: " + slug + "\nlanguage: " + lang + "\ntitle: " + slug + " " + lang + "\n" + extra + "---\nBody of " + slug + ".\n")
}

func TestReadDir(t *testing.T) {
	fsys := fstest.MapFS{
		"billing/plans.en.md":        md("plans", "en", "collection: billing\nstatus: published\n"),
		"billing/plans.ru.md":        md("plans", "ru", "collection: billing\n"),
		"deep/a/b/c/login.sr.md":     md("login", "sr-Latn", ""),
		"top.md":                     md("about", "fa", ""),
		"UPPER.MD":                   md("upper", "hy", ""),
		"notes.txt":                  file("not an article"),
		".git/config.md":             file("hidden folder"),
		"billing/.draft.md":          file("hidden file"),
		"billing/images/diagram.png": file("\x89PNG"),
	}
	got, err := ReadDir(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, a := range got {
		keys = append(keys, a.Slug+"."+a.Language)
	}
	want := []string{"about.fa", "login.sr", "plans.en", "plans.ru", "upper.hy"}
	if !slices.Equal(keys, want) {
		t.Errorf("got %v, want %v", keys, want)
	}
	if got[2].Status != parley.ArticlePublished || got[3].Status != parley.ArticleDraft || got[2].Collection != "billing" {
		t.Errorf("fields not read: %#v", got[2:4])
	}
}

func TestReadDirErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"a/login.sr.md":   md("login", "sr-Latn", ""),
		"b/login.sr.md":   md("login", "sr-Cyrl", ""),
		"bad/status.md":   md("s", "en", "status: done\n"),
		"bad/encoding.md": file("---\nslug: e\n\xfe\n---\n"),
		"bad/key.md":      md("k", "en", "tags: [x]\n"),
		"good.md":         md("good", "en", ""),
	}
	got, err := ReadDir(fsys)
	if got != nil {
		t.Errorf("articles returned with an error: %v", got)
	}
	want := map[string]error{
		"b/login.sr.md":   ErrDuplicate,
		"bad/status.md":   ErrBadStatus,
		"bad/encoding.md": ErrNotUTF8,
		"bad/key.md":      ErrUnknownKey,
	}
	ps := problems(err)
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(ps), len(want), err)
	}
	for _, p := range ps {
		if kind := want[p.File]; !errors.Is(p, kind) {
			t.Errorf("%s: %v, want %v", p.File, p, kind)
		}
		if !strings.Contains(p.Error(), p.File) {
			t.Errorf("message %q does not name the file", p)
		}
		if errors.Is(p, ErrDuplicate) && (!strings.Contains(p.Error(), "a/login.sr.md") || p.Field != "slug") {
			t.Errorf("duplicate does not name the first file and the field: %v", p)
		}
	}
}

func TestReadDirTooLarge(t *testing.T) {
	big := md("big", "en", "").Data
	big = append(big, bytes.Repeat([]byte("x"), MaxFileSize)...)
	_, err := ReadDir(fstest.MapFS{"big.md": {Data: big}})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v", err)
	}
}

func TestWriteDir(t *testing.T) {
	articles := []parley.Article{
		exampleArticle(),
		{Slug: "reset-password", Language: "sr-Cyrl", Title: " Ресетовање лозинке ", Collection: "account",
			Body: "\r\nТело\r\n", Questions: []string{}, Version: 7, ID: "a1"},
		{Slug: "about", Language: "kk", Title: "Біз туралы", Status: parley.ArticlePublished},
	}
	dir := t.TempDir()
	if err := WriteDir(dir, articles); err != nil {
		t.Fatal(err)
	}
	files := tree(t, dir)
	if names, want := slices.Sorted(maps.Keys(files)), []string{"about.kk.md", "account/reset-password.en.md", "account/reset-password.sr.md"}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	if files["account/reset-password.en.md"] != example {
		t.Errorf("en file:\n%s", files["account/reset-password.en.md"])
	}

	got, err := ReadDir(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	want := []parley.Article{articles[2], articles[0], {Slug: "reset-password", Language: "sr",
		Title: "Ресетовање лозинке", Collection: "account", Status: parley.ArticleDraft, Body: "Тело"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back:\n%#v\nwant\n%#v", got, want)
	}

	// Same articles in another order, into another folder: same bytes.
	other := t.TempDir()
	if err := WriteDir(other, []parley.Article{articles[2], articles[1], articles[0]}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tree(t, other), files) {
		t.Error("WriteDir output depends on the order of the articles")
	}
	// Again into the same folder: files are replaced, no temporary files remain.
	if err := WriteDir(dir, articles); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tree(t, dir), files) {
		t.Error("rewriting changed the folder")
	}
}

func TestWriteDirErrors(t *testing.T) {
	good := exampleArticle()
	bad := good
	bad.Slug, bad.Status = "../../etc/passwd", "gone"
	dupe := good
	dupe.Language, dupe.Collection = "EN-gb", "elsewhere"
	dir := filepath.Join(t.TempDir(), "out")
	err := WriteDir(dir, []parley.Article{good, bad, dupe})
	for _, kind := range []error{ErrBadValue, ErrBadStatus, ErrDuplicate} {
		if !errors.Is(err, kind) {
			t.Errorf("%v missing from %v", kind, err)
		}
	}
	if ps := problems(err); len(ps) != 3 || ps[0].File != "articles[1]" || ps[2].File != "elsewhere/reset-password.en.md" {
		t.Errorf("problems: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteDir wrote something despite errors: %v", err)
	}
}

// tree reads every file under dir, by slash-separated relative path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS(dir), p)
		files[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteDirEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kb")
	if err := WriteDir(dir, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadDir(os.DirFS(dir)); err != nil || len(got) != 0 {
		t.Errorf("ReadDir of an empty export = %v, %v", got, err)
	}
}

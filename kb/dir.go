package kb

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-chat/parley"
)

// ReadDir reads every *.md file under the root of fsys, recursively, as one
// article each (see Parse). The layout of the folder does not matter: the
// front matter alone says what an article is. Files and folders whose names
// start with "." are skipped. Articles come back sorted by slug, then
// language. Two files with the same (slug, language) are an error.
//
// ReadDir reports every bad file, not just the first: the error joins one
// *Error per problem, each naming the file (slash-separated, relative to the
// root), the line and the front-matter field, and any I/O errors; no
// articles are returned with it.
func ReadDir(fsys fs.FS) ([]parley.Article, error) {
	var (
		out  []parley.Article
		errs []error
		seen = map[[2]string]string{} // (slug, language) -> file
	)
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("kb: %w", err))
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(p), ".md") {
			return nil
		}
		data, err := readFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("kb: %w", err))
			return nil
		}
		a, list := parse(data)
		if err := list.in(p); err != nil {
			errs = append(errs, err)
			return nil
		}
		key := [2]string{a.Slug, a.Language}
		if first, dup := seen[key]; dup {
			errs = append(errs, &Error{File: p, Field: "slug", Err: fmt.Errorf(
				"%w: slug %q in language %q is also in %s", ErrDuplicate, a.Slug, a.Language, first)})
			return nil
		}
		seen[key] = p
		out = append(out, a)
		return nil
	}
	if err := fs.WalkDir(fsys, ".", walk); err != nil {
		errs = append(errs, fmt.Errorf("kb: %w", err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(out, func(a, b parley.Article) int {
		return cmp.Or(strings.Compare(a.Slug, b.Slug), strings.Compare(a.Language, b.Language))
	})
	return out, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// FileName is where WriteDir puts a (canonical) article, slash-separated:
// "<collection>/<slug>.<language>.md", or "<slug>.<language>.md" without a
// collection.
func FileName(a parley.Article) string {
	return path.Join(a.Collection, a.Slug+"."+a.Language+".md")
}

// WriteDir writes each article to dir/FileName(a) in the canonical form of
// Format, creating folders as needed. The output depends only on the
// articles' file fields, so exporting the same articles twice gives the same
// bytes. All articles are validated first: if any is invalid, or two share
// (slug, language), WriteDir writes nothing and reports every problem. Each
// file is replaced atomically; files WriteDir did not write are left alone,
// so export into an empty folder to get exactly these articles back.
func WriteDir(dir string, articles []parley.Article) error {
	var (
		errs  []error
		files = make(map[string][]byte, len(articles))
		seen  = map[[2]string]string{}
	)
	for i, a := range articles {
		a, data, list := render(a)
		if err := list.in(fmt.Sprintf("articles[%d]", i)); err != nil {
			errs = append(errs, err)
			continue
		}
		name, key := FileName(a), [2]string{a.Slug, a.Language}
		if first, dup := seen[key]; dup {
			errs = append(errs, &Error{File: name, Field: "slug", Err: fmt.Errorf(
				"%w: slug %q in language %q is also articles[%s]", ErrDuplicate, a.Slug, a.Language, first)})
			continue
		}
		seen[key] = fmt.Sprint(i)
		files[name] = data
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("kb: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return fmt.Errorf("kb: %w", err)
		}
	}
	return nil
}

// writeFile replaces name with data atomically.
func writeFile(name string, data []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

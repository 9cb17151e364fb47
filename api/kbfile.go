package api

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/internal/csvsafe"
	"github.com/parley-chat/parley/kb"
)

// maxImport bounds an import upload: a large KB is a few megabytes.
const maxImport = 32 << 20

// csvColumns are the export's columns; an import needs slug, language,
// title and body, in any order. Questions are one per line in their cell.
var csvColumns = []string{"slug", "language", "title", "collection", "status", "questions", "body"}

// exportArticles: GET /api/v1/articles/export?site=&format=csv|zip. The
// zip holds the `parley kb` folder format, so it round-trips with the CLI.
func (s *Server) exportArticles(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "zip" {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "format must be csv or zip"))
		return
	}
	site, err := s.site(r)
	var arts []parley.Article
	if err == nil {
		arts, err = s.store.Articles(r.Context(), site.ID, parley.ArticleFilter{})
	}
	var buf bytes.Buffer
	if err == nil && format == "zip" {
		err = writeZip(&buf, arts)
	} else if err == nil {
		err = writeCSV(&buf, arts)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctype := map[string]string{"csv": "text/csv; charset=utf-8", "zip": "application/zip"}[format]
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-articles.%s"`, site.Key, format))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func writeZip(w io.Writer, arts []parley.Article) error {
	zw := zip.NewWriter(w)
	for _, a := range arts {
		f, err := zw.Create(kb.FileName(a))
		if err == nil {
			err = kb.Format(f, a)
		}
		if err != nil {
			var kerr *kb.Error
			if errors.As(err, &kerr) { // stored before the API checked names
				return parley.Errorf(parley.ECONFLICT, "article %s (slug %q, language %q) cannot be exported: %s; fix it with PUT /api/v1/articles/%s or delete it",
					a.ID, a.Slug, a.Language, strings.TrimPrefix(kerr.Error(), "kb: "), a.ID)
			}
			return fmt.Errorf("export %s/%s: %w", a.Slug, a.Language, err)
		}
	}
	return zw.Close()
}

// writeCSV writes the articles' CSV, each cell escaped (csvsafe) so a
// spreadsheet never runs one as a formula; readCSV takes the escape off.
func writeCSV(w io.Writer, arts []parley.Article) error {
	cw := csvsafe.NewWriter(w)
	_ = cw.Write(csvColumns)
	for _, a := range arts {
		_ = cw.Write([]string{a.Slug, a.Language, a.Title, a.Collection, string(a.Status), strings.Join(a.Questions, "\n"), a.Body})
	}
	cw.Flush()
	return cw.Error()
}

// importArticles: POST /api/v1/articles/import?site= with a text/csv or
// application/zip body. Every article is checked before any is stored: one
// bad row imports nothing and the answer lists every problem. Articles are
// matched by (slug, language): new ones are created, others updated.
func (s *Server) importArticles(w http.ResponseWriter, r *http.Request) {
	site, err := s.site(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxImport+1))
	if err != nil || len(data) > maxImport {
		s.fail(w, r, cmp.Or(err, error(parley.Errorf(parley.ETOOLARGE, "imports are limited to %d MiB", maxImport>>20))))
		return
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var arts []parley.Article
	switch ctype {
	case "text/csv":
		arts, err = readCSV(data)
	case "application/zip":
		arts, err = readZip(data)
	default:
		err = parley.Errorf(parley.EINVALID, "Content-Type must be text/csv or application/zip")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, updated := 0, 0
	for _, a := range arts {
		a.SiteID, a.UpdatedBy = site.ID, editorName(r)
		stored, err := s.store.PutArticle(r.Context(), a)
		if err != nil {
			s.fail(w, r, fmt.Errorf("import %s/%s (%d stored before it): %w", a.Slug, a.Language, created+updated, err))
			return
		}
		if stored.Version == 1 {
			created++
		} else {
			updated++
		}
	}
	s.audit(r, "article.import", site.Key, map[string]any{"format": ctype, "articles": len(arts), "created": created, "updated": updated})
	s.knowledgeChanged()
	writeJSON(w, http.StatusOK, map[string]any{"articles": len(arts), "created": created, "updated": updated})
}

func readZip(data []byte) ([]parley.Article, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "not a zip archive: %s", err.Error())
	}
	arts, err := kb.ReadDir(zr)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", err.Error())
	}
	return arts, nil
}

func readCSV(data []byte) ([]parley.Article, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "CSV: %s", err.Error())
	}
	if len(rows) == 0 {
		return nil, parley.Errorf(parley.EINVALID, "CSV is empty: the first row names the columns (%s)", strings.Join(csvColumns, ","))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"slug", "language", "title", "body"} {
		if _, ok := col[need]; !ok {
			return nil, parley.Errorf(parley.EINVALID, "CSV header has no %q column (columns: %s)", need, strings.Join(csvColumns, ","))
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return csvsafe.Unescape(row[i])
		}
		return ""
	}
	var arts []parley.Article
	var errs []error
	for n, row := range rows[1:] {
		var qs []string
		for q := range strings.SplitSeq(get(row, "questions"), "\n") {
			if q = strings.TrimSpace(q); q != "" {
				qs = append(qs, q)
			}
		}
		a := parley.Article{Slug: get(row, "slug"), Language: get(row, "language"), Title: get(row, "title"),
			Collection: get(row, "collection"), Status: parley.ArticleStatus(get(row, "status")), Questions: qs, Body: get(row, "body")}
		// Format validates as the folder format does and canonicalises.
		var file bytes.Buffer
		if err := kb.Format(&file, a); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n+2, err))
			continue
		}
		canon, err := kb.Parse(&file)
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n+2, err))
			continue
		}
		if slices.ContainsFunc(arts, func(b parley.Article) bool { return b.Slug == canon.Slug && b.Language == canon.Language }) {
			errs = append(errs, fmt.Errorf("line %d: slug %q in %q appears twice", n+2, canon.Slug, canon.Language))
			continue
		}
		arts = append(arts, canon)
	}
	if len(errs) > 0 {
		return nil, parley.Errorf(parley.EINVALID, "%s", errors.Join(errs...).Error())
	}
	return arts, nil
}

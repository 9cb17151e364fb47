package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
)

func TestKBExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	// First start seeds the demo KB.
	m := startMain(t, func() Config { c := testConfig(t); c.DataDir = dataDir; return c }())
	m.Close()

	out := filepath.Join(t.TempDir(), "export")
	var stdout, stderr strings.Builder
	if err := run(ctx, []string{"kb", "export", out, "--data-dir", dataDir}, &stdout, &stderr); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	arts, err := kb.ReadDir(os.DirFS(out))
	if err != nil || len(arts) != 56 {
		t.Fatalf("exported %d articles (%v)", len(arts), err)
	}
	if err := run(ctx, []string{"kb", "export", out, "--data-dir", dataDir}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("export into a non-empty folder: %v", err)
	}

	// Edit one article and add a Polish draft, then import.
	pl := parley.Article{Slug: "webhooks-retry", Language: "pl", Title: "Ponawianie webhooków", Collection: "developers",
		Status: parley.ArticleDraft, Body: "Webhooki są ponawiane do 5 razy.", Questions: []string{"czy webhooki są ponawiane"}}
	if err := kb.WriteDir(out, []parley.Article{pl}); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if err := run(ctx, []string{"kb", "import", out, "--data-dir", dataDir}, &stdout, &stderr); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "imported 57 articles") {
		t.Fatalf("import said %q", stdout.String())
	}
	st, err := openStore(ctx, Config{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site, _ := st.SiteByKey(ctx, "demo")
	all, _ := st.Articles(ctx, site.ID, parley.ArticleFilter{})
	drafts, _ := st.Articles(ctx, site.ID, parley.ArticleFilter{Status: parley.ArticleDraft})
	if len(all) != 57 || len(drafts) != 1 || drafts[0].Slug != "webhooks-retry" {
		t.Fatalf("after import: %d articles, drafts %v", len(all), drafts)
	}
	for _, a := range all {
		if a.Version != 1 {
			t.Fatalf("re-importing unchanged %s/%s made version %d", a.Slug, a.Language, a.Version)
		}
	}
}

func TestKBCommandErrors(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"kb"}, "import or export"},
		{[]string{"kb", "import"}, "PATH is required"},
		{[]string{"kb", "import", filepath.Join(dataDir, "missing"), "--data-dir", dataDir}, "no such file"},
		{[]string{"kb", "export", t.TempDir(), "--status", "archived", "--data-dir", dataDir}, "--status"},
		{[]string{"kb", "export", t.TempDir(), "--site", "nope", "--data-dir", dataDir}, `no site with key "nope"`},
	}
	for _, tt := range tests {
		var out strings.Builder
		err := run(ctx, tt.args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err %v, want %q", tt.args, err, tt.want)
		}
	}
}

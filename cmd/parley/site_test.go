package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-chat/parley/store/sqlite"
)

// TestSiteAdd: `parley site add` creates a site in the database serve uses,
// checked like POST /api/v1/sites; a taken key or a bad flag is an error
// naming it.
func TestSiteAdd(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"site"}, "want add"},
		{[]string{"site", "add", "--name", "Shop"}, "--key"},
		{[]string{"site", "add", "--key", "Shop!"}, "--key"},
		{[]string{"site", "add", "--key", "shop", "--origin", "https://shop.example/path"}, "--origin"},
		{[]string{"site", "add", "--key", "shop", "--name", "two\nlines"}, "--name"},
	} {
		var out strings.Builder
		if err := run(context.Background(), append(tt.args, "--data-dir", dir), &out, &out); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.args, err, tt.want)
		}
	}
	var out strings.Builder
	args := []string{"site", "add", "--key", "shop", "--name", "Shop", "--origin", "https://shop.example,https://www.shop.example", "--data-dir", dir}
	if err := run(context.Background(), args, &out, &out); err != nil || !strings.Contains(out.String(), "created site shop (Shop), id ") ||
		!strings.Contains(out.String(), `data-site="shop"`) {
		t.Fatalf("site add: %v %q", err, out.String())
	}
	if err := run(context.Background(), args, &out, &out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second site add: %v", err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "parley.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.SiteByKey(context.Background(), "shop")
	if err != nil || s.Name != "Shop" || len(s.AllowedOrigins) != 2 || s.AllowedOrigins[1] != "https://www.shop.example" {
		t.Fatalf("stored %+v %v", s, err)
	}
}

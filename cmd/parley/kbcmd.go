package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parley-chat/parley"
	"github.com/parley-chat/parley/kb"
)

const kbUsage = `usage: parley kb import PATH [--site KEY] [--publish]
       parley kb export PATH [--site KEY] [--status draft|published]

import reads a folder of Markdown articles with front matter (slug, title,
language, collection, status, questions) and stores each one (new, or a new
version of the article with the same slug and language). export writes the
site's articles as <collection>/<slug>.<language>.md into an empty folder.
The database is the one serve uses (--data-dir / --database-url).
`

// kbCommand runs `parley kb import|export`.
func kbCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		fmt.Fprint(stderr, kbUsage)
		return errors.New("kb: want import or export")
	}
	verb := args[0]
	var cfg Config
	fs := storeFlags("parley kb "+verb, stderr, &cfg)
	site := fs.String("site", "demo", "site key")
	publish := fs.Bool("publish", false, "import: publish every article, whatever its status says")
	status := fs.String("status", "", "export: only articles with this status")
	// The path comes first (parley kb import PATH --site x): split it off.
	rest := args[1:]
	var path string
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		path, rest = rest[0], rest[1:]
	}
	if err := parseFlags(fs, rest, nil); err != nil {
		return err
	}
	if path == "" && fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	if path == "" {
		fmt.Fprint(stderr, kbUsage)
		return fmt.Errorf("kb %s: PATH is required", verb)
	}
	if *status != "" && *status != string(parley.ArticleDraft) && *status != string(parley.ArticlePublished) {
		return fmt.Errorf("kb export: --status %q: want draft or published", *status)
	}
	var arts []parley.Article
	if verb == "import" { // read and validate the folder before touching the database
		info, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("kb import: %w", err)
		}
		if !info.IsDir() {
			return fmt.Errorf("kb import: %s is not a folder", path)
		}
		if arts, err = kb.ReadDir(os.DirFS(path)); err != nil {
			return fmt.Errorf("kb import: %w", err)
		}
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.SiteByKey(ctx, *site)
	if errors.Is(err, parley.ErrNotFound) {
		return fmt.Errorf("kb: no site with key %q", *site)
	} else if err != nil {
		return err
	}
	if verb == "import" {
		return kbImport(ctx, st, s, arts, *publish, stdout)
	}
	return kbExport(ctx, st, s, path, parley.ArticleStatus(*status), stdout)
}

func kbImport(ctx context.Context, st Store, site parley.Site, arts []parley.Article, publish bool, stdout io.Writer) error {
	existing, err := st.Articles(ctx, site.ID, parley.ArticleFilter{})
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, a := range existing {
		ids[a.Slug+"\x00"+a.Language] = a.ID
	}
	for _, a := range arts {
		a.SiteID, a.ID, a.Version, a.UpdatedBy = site.ID, ids[a.Slug+"\x00"+a.Language], 0, "kb import"
		if publish {
			a.Status = parley.ArticlePublished
		}
		if _, err := st.PutArticle(ctx, a); err != nil {
			return fmt.Errorf("kb import: %s/%s: %w", a.Slug, a.Language, err)
		}
	}
	fmt.Fprintf(stdout, "imported %d articles into site %s\n", len(arts), site.Key)
	return nil
}

func kbExport(ctx context.Context, st Store, site parley.Site, path string, status parley.ArticleStatus, stdout io.Writer) error {
	if entries, err := os.ReadDir(path); err == nil && len(entries) > 0 {
		return fmt.Errorf("kb export: %s is not empty (export writes into an empty or new folder)", path)
	}
	arts, err := st.Articles(ctx, site.ID, parley.ArticleFilter{Status: status})
	if err != nil {
		return err
	}
	if err := kb.WriteDir(path, arts); err != nil {
		return fmt.Errorf("kb export: %w", err)
	}
	fmt.Fprintf(stdout, "exported %d articles of site %s to %s\n", len(arts), site.Key, path)
	return nil
}

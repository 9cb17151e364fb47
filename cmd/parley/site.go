package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/parley-chat/parley"
)

const siteUsage = `usage: parley site add --key K [--name N] [--origin https://www.example.com,…]

Creates a site in the database serve uses (--data-dir / --database-url), as
POST /api/v1/sites does. The key goes in the embed snippet (data-site="K");
--origin (repeatable or comma-separated) limits the pages that may open the
widget (none: any origin). Set the identity secret and the rest in the admin
pages or with PUT /api/v1/sites/K.
`

func siteCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs, err := addFlags("site", siteUsage, args, stderr, &cfg)
	if err != nil {
		return err
	}
	key := fs.String("key", "", "the site's key, used in the embed snippet (required; lowercase letters, digits, - and _)")
	name := fs.String("name", "", "display name (default: the key)")
	var origins listFlag
	fs.Var(&origins, "origin", "allowed page origin scheme://host[:port], repeatable or comma-separated (none: any)")
	if err := parseFlags(fs, args[1:], nil); err != nil {
		return err
	}
	if *key == "" {
		return errors.New("site add: --key is required")
	}
	if err := parley.ValidSiteKey(*key); err != nil {
		return fmt.Errorf("site add: --key: %s", parley.ErrorMessage(err))
	}
	for _, o := range origins {
		if err := parley.ValidOrigin(o); err != nil {
			return fmt.Errorf("site add: --origin: %s", parley.ErrorMessage(err))
		}
	}
	if *name == "" {
		*name = *key
	}
	site := parley.Site{ID: parley.NewID(), Key: *key, Name: *name, AllowedOrigins: origins}
	if err := site.Validate(); err != nil {
		return fmt.Errorf("site add: --name: %s", parley.ErrorMessage(err))
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	stored, err := st.EnsureSite(ctx, site)
	if err != nil {
		return fmt.Errorf("site add: %w", err)
	}
	if stored.ID != site.ID {
		return fmt.Errorf("site add: a site with key %s already exists (id %s)", *key, stored.ID)
	}
	fmt.Fprintf(stdout, "created site %s (%s), id %s\nembed it with: <script src=\"https://YOUR-HOST/widget.js\" data-site=\"%s\" async></script>\n",
		stored.Key, stored.Name, stored.ID, stored.Key)
	return nil
}

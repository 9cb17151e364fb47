// Command parley is the whole product in one binary: serve, migrate, eval,
// bench, kb import/export, user add and site add (README.md, docs/config.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // business hours need time zones even where the host has no zoneinfo

	"github.com/parley-chat/parley/bot/eval"
	"github.com/parley-chat/parley/store/postgres"
)

const usage = `usage: parley <command> [flags]

commands:
  serve      run the product (embedded database by default)
  migrate    apply database migrations (PostgreSQL via --database-url)
  eval       train and score the bot's intent classifier on labelled CSV
  bench      load-test a running server
  kb         import or export knowledge-base articles (Markdown folders)
  user       add an agent or admin (user add --email … --password … --role …)
  site       add a site (site add --key K [--name N] [--origin …])
  version    print the version

Run 'parley <command> -h' for a command's flags. Every flag --name is also
read from the environment as PARLEY_NAME (docs/config.md).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "parley:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stderr)
	case "migrate":
		return migrate(ctx, rest, stdout, stderr)
	case "eval":
		return eval.Main(ctx, rest, stdout, stderr)
	case "bench":
		return bench(ctx, rest, stdout, stderr)
	case "kb":
		return kbCommand(ctx, rest, stdout, stderr)
	case "user":
		return userCommand(ctx, rest, stdout, stderr)
	case "site":
		return siteCommand(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "parley", version)
		return nil
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

var version = "dev"

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("parley serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m := &Main{}
	m.Config.register(fs)
	if err := parseFlags(fs, args, nil); err != nil {
		return err
	}
	if err := m.Open(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	m.Log.Info("shutting down", "timeout", m.Config.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
	defer cancel()
	err := m.Shutdown(sctx)
	return errors.Join(err, m.Close())
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parley migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	cfg.register(fs)
	if err := parseFlags(fs, args, nil); err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		// The embedded database migrates itself on open.
		db, err := openStore(ctx, cfg)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "embedded database is up to date")
		return db.Close()
	}
	if err := postgres.Migrate(ctx, cfg.DatabaseURL); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	fmt.Fprintln(stdout, "PostgreSQL is up to date")
	return nil
}

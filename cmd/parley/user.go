package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
)

const userUsage = `usage: parley user add --email E --password P --role agent|admin [--name N] [--team T]...
                       [--languages en,ru] [--capacity 3]

Creates an agent or admin in the database serve uses (--data-dir / --database-url).
`

// agentStore is what `parley user add` needs.
type agentStore interface {
	CreateAgent(ctx context.Context, a parley.Agent, passwordHash []byte) (parley.Agent, error)
}

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// storeFlags starts the flags of a command that opens the store serve uses.
func storeFlags(name string, stderr io.Writer, cfg *Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.register(fs)
	return fs
}

// addFlags checks that args ask for `parley noun add` and starts its flags.
func addFlags(noun, usage string, args []string, stderr io.Writer, cfg *Config) (*flag.FlagSet, error) {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, usage)
		return nil, fmt.Errorf("%s: want add", noun)
	}
	return storeFlags("parley "+noun+" add", stderr, cfg), nil
}

func userCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs, err := addFlags("user", userUsage, args, stderr, &cfg)
	if err != nil {
		return err
	}
	email := fs.String("email", "", "sign-in email (required)")
	password := fs.String("password", "", "password, at least 8 characters (required)")
	role := fs.String("role", "", "agent or admin (required)")
	name := fs.String("name", "", "display name shown to visitors (default: the email's local part)")
	capacity := fs.Int("capacity", 3, "most conversations assigned at once (1–100)")
	var teams, langs listFlag
	fs.Var(&teams, "team", "team key, repeatable or comma-separated (e.g. l1,billing)")
	fs.Var(&langs, "languages", "languages the agent answers in, comma-separated (e.g. en,ru)")
	if err := parseFlags(fs, args[1:], nil); err != nil {
		return err
	}
	addr, err := mail.ParseAddress(*email)
	switch {
	case *email == "":
		return errors.New("user add: --email is required")
	case err != nil || addr.Address != *email:
		return fmt.Errorf("user add: --email %q is not a valid email address", *email)
	case len(*password) < 8:
		return errors.New("user add: --password must be at least 8 characters")
	case len(*password) > 72:
		return errors.New("user add: --password must be at most 72 bytes (bcrypt's limit)")
	case *role != string(parley.RoleAgent) && *role != string(parley.RoleAdmin):
		return fmt.Errorf("user add: --role %q: want agent or admin", *role)
	case *capacity < 1 || *capacity > 100:
		return fmt.Errorf("user add: --capacity %d: want 1 to 100", *capacity)
	}
	if *name == "" {
		*name, _, _ = strings.Cut(*email, "@")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(*password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("user add: hash password: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.CreateAgent(ctx, parley.Agent{Email: strings.ToLower(*email), Name: *name, Role: parley.Role(*role),
		Teams: teams, Languages: langs, Capacity: *capacity}, hash)
	if errors.Is(err, parley.ErrConflict) {
		return fmt.Errorf("user add: an agent with email %s already exists", *email)
	} else if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(stdout, "created %s %s (%s), id %s\n", a.Role, a.Email, a.Name, a.ID)
	return nil
}

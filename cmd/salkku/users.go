package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
)

// cliLang picks the command line's language from SALKKU_LANG or LANG
// ("fi_FI.UTF-8"), English by default.
func cliLang() string {
	for _, v := range []string{os.Getenv("SALKKU_LANG"), os.Getenv("LANG")} {
		if l := i18n.Supported(strings.SplitN(strings.SplitN(v, "_", 2)[0], ".", 2)[0]); l != "" {
			return l
		}
	}
	return "en"
}

// runUserCreate is "salkku user create": the way to make the first admin.
func runUserCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	m := NewMain()
	m.Stdout = stdout
	fs := flag.NewFlagSet("salkku user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the user's e-mail, which is also the login name (required)")
	name := fs.String("name", "", "the user's name (default: the e-mail)")
	admin := fs.Bool("admin", false, "make the user an admin, who may do everything")
	noPassword := fs.Bool("no-password", false, "make a user who signs in only with single sign-on")
	if err := m.parseWith(fs, "user create", args, stderr); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errors.New("--email is required")
	}
	if *name == "" {
		*name = *email
	}
	pw := os.Getenv("SALKKU_PASSWORD")
	if pw == "" && !*noPassword {
		var err error
		if pw, err = askPassword(stdin, stderr); err != nil {
			return err
		}
		// An empty answer would make a user who cannot sign in.
		if pw == "" {
			return errors.New("no password given: set SALKKU_PASSWORD, type one, or use --no-password for a single sign-on user")
		}
	}
	if *noPassword {
		pw = ""
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u := &salkku.User{Email: *email, Name: *name, Admin: *admin}
	if err := db.CreateUser(salkku.System(ctx), u, pw); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "salkku: created user %s (id %d, admin %v)\n", u.Email, u.ID, u.Admin)
	return nil
}

// runTokenCreate is "salkku token create": prints a new API token once.
func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := NewMain()
	m.Stdout = stderr // keep stdout for the token alone
	fs := flag.NewFlagSet("salkku token create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("user", "", "the e-mail of the user the token acts as (required)")
	// The token's default name is in the command line's language: the
	// audit log and the account page show it as it is stored.
	name := fs.String("name", i18n.MustLoad().T(cliLang(), "account.token_cli"), "a name that says what the token is for")
	if err := m.parseWith(fs, "token create", args, stderr); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errors.New("--user is required")
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByEmail(salkku.System(ctx), *email)
	if err != nil {
		return fmt.Errorf("no user %s", *email)
	}
	secret, err := db.CreateToken(salkku.System(ctx), &salkku.APIToken{UserID: u.ID, Name: *name})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(stdout, secret)
	fmt.Fprintln(stderr, "salkku: the token is shown only now; send it as 'Authorization: Bearer <token>'")
	return nil
}

// parseWith parses a command's own flags plus the database flags.
func (m *Main) parseWith(fs *flag.FlagSet, name string, args []string, stderr io.Writer) error {
	fs.StringVar(&m.Config.DataDir, "data", envOr("SALKKU_DATA", m.Config.DataDir), "data folder for the embedded SQLite database (SALKKU_DATA)")
	fs.StringVar(&m.Config.DatabaseURL, "db", envOr("SALKKU_DATABASE_URL", m.Config.DatabaseURL), "PostgreSQL URL (SALKKU_DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: salkku %s [flags]\n\nFlags:\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return nil
}

// askPassword reads a password twice from the terminal without echo, or
// once from a pipe.
func askPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// describe turns a domain error into a sentence for the terminal.
func describe(err error) error {
	var e *salkku.Error
	if errors.As(err, &e) {
		cat, lang := i18n.MustLoad(), cliLang()
		msg := cat.T(lang, e.Message, e.Args...)
		for f, k := range e.Fields {
			msg += fmt.Sprintf(" %s: %s", cat.T(lang, "field."+f), cat.T(lang, k))
		}
		return errors.New(msg)
	}
	return err
}

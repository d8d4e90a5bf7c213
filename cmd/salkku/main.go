// Command salkku runs Salkku: the web UI and API (serve), database
// migrations (migrate) and the demo data (demo load, demo generate).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/demo"
	"github.com/salkku/salkku/doc/render"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/mail"
	"github.com/salkku/salkku/oidc"
	"github.com/salkku/salkku/remind"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/jobs"
	"github.com/salkku/salkku/web/site"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "salkku:", err)
		}
		os.Exit(2)
	}
}

const usage = `Salkku — the development portfolio of a public-sector organisation.

Usage:
  salkku serve [flags]      run the web UI and the JSON API
  salkku migrate [flags]    apply database migrations and exit
  salkku demo load [flags]  fill an empty database with the demo portfolio
  salkku demo generate [--scale city|region|national] [--seed N] [flags]
                            fill an empty database with a synthetic register
                            of that size, the same for the same seed
  salkku user create --email EMAIL [--name NAME] [--admin] [--no-password]
                            create a user; the password is read from
                            SALKKU_PASSWORD or asked for
  salkku token create --user EMAIL [--name NAME]
                            create a personal API token and print it once
  salkku bench [--scale city] [--db postgres://…] [--clients 1,8,32] [--duration 5s] [--out FILE]
                            generate a register into a fresh database, serve it
                            on loopback and measure pages and API calls
  salkku import actuals [--organisation ID|NAME] [--dry-run] FILE
                            import actuals from a finance system's CSV or XLSX
                            export: every row checked, all applied or none
  salkku export [--format xlsx|csv-fi|csv] [--as EMAIL] [--out FILE] PATH
                            write the file that GET PATH gives (a list's export,
                            e.g. /portfolios/3/export), as that user, with progress
  salkku doc action-plan --portfolio ID [--format pdf|docx|html] [--language sv] [--out FILE]
  salkku doc pack --project ID|--portfolio ID --date DAY [--format …] [--language …]
                            write the action plan or the steering-group pack,
                            with progress; "salkku doc" for every flag
  salkku version            print the version

Run "salkku COMMAND -h" for a command's flags. Every flag can also be set
with an environment variable, named in the flag's help.
`

// run dispatches a command line; main and the tests call it. stdin is
// where "user create" reads a password when SALKKU_PASSWORD is not set.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		m := NewMain()
		m.Stdout = stdout
		if err := m.ParseFlags("serve", rest, stderr); err != nil {
			return err
		}
		if err := m.Run(ctx); err != nil {
			m.Close()
			return err
		}
		<-ctx.Done()
		return m.Close()
	case "migrate":
		m := NewMain()
		m.Stdout = stdout
		if err := m.ParseFlags("migrate", rest, stderr); err != nil {
			return err
		}
		db, err := m.openDB(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "salkku: database is up to date")
		return db.Close()
	case "demo":
		if len(rest) > 0 && rest[0] == "generate" {
			return runDemoGenerate(ctx, rest[1:], stdout, stderr)
		}
		if len(rest) == 0 || rest[0] != "load" {
			fmt.Fprint(stderr, generateUsage)
			return flag.ErrHelp
		}
		m := NewMain()
		m.Stdout = stdout
		if err := m.ParseFlags("demo load", rest[1:], stderr); err != nil {
			return err
		}
		db, err := m.openDB(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := demo.Load(salkku.System(ctx), db); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "salkku: demo data loaded")
		return nil
	case "user":
		if len(rest) == 0 || rest[0] != "create" {
			fmt.Fprint(stderr, "Usage: salkku user create --email EMAIL [--name NAME] [--admin]\n")
			return flag.ErrHelp
		}
		return runUserCreate(ctx, rest[1:], stdin, stdout, stderr)
	case "token":
		if len(rest) == 0 || rest[0] != "create" {
			fmt.Fprint(stderr, "Usage: salkku token create --user EMAIL [--name NAME]\n")
			return flag.ErrHelp
		}
		return runTokenCreate(ctx, rest[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "doc":
		return runDoc(ctx, rest, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "salkku", Version)
		return nil
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "salkku: unknown command %q\n\n%s", cmd, usage)
		return flag.ErrHelp
	}
}

// Config is Salkku's configuration, from flags and SALKKU_* variables.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	Demo        bool
	// BaseURL is where users reach Salkku, e.g. https://salkku.kaupunki.fi;
	// single sign-on returns to BaseURL/login/callback.
	BaseURL string
	// TrustProxy takes client addresses from X-Forwarded-For.
	TrustProxy bool
	// Single sign-on with OpenID Connect; off when OIDCIssuer is empty.
	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string // from SALKKU_OIDC_CLIENT_SECRET only, never printed
	OIDCTrustEmail   bool
	// SMTP is the mail server of the e-mail reminders; reminders are off
	// when its Host is empty. The password comes from
	// SALKKU_SMTP_PASSWORD only and is never printed.
	SMTP mail.Config
	// ReminderDays is how many days before a report's due date its first
	// reminder goes; ReminderInterval how often the job looks.
	ReminderDays     int
	ReminderInterval time.Duration
	// JobWorkers is how many background jobs this instance runs at once.
	JobWorkers int
}

// Main is the running program: its configuration, database and HTTP
// server. The end-to-end test boots it too.
type Main struct {
	Config Config
	DB     *sqldb.DB
	Logger *slog.Logger
	Stdout io.Writer
	// WrapHandler, when set, wraps the HTTP server's handler: bench counts
	// each request's statements with it. The background jobs and the
	// reminders do not go through it.
	WrapHandler func(http.Handler) http.Handler

	server   *http.Server
	web      *web.Server // what server serves, once Run has started it
	listener net.Listener
	// docs writes the generated documents, printing PDFs with the
	// Chromium it finds.
	docs *render.Renderer
	// stopJobs ends the background jobs (the reminders); jobs waits for
	// them.
	stopJobs context.CancelFunc
	// stopRunner ends the runner of background jobs (web/jobs).
	stopRunner context.CancelFunc
	jobs       sync.WaitGroup
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main {
	return &Main{
		Config: Config{Addr: "127.0.0.1:8080", DataDir: "./salkku-data",
			ReminderDays: salkku.DefaultReminderDays, ReminderInterval: remind.DefaultInterval, JobWorkers: 1},
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
		Stdout: os.Stdout,
	}
}

// ParseFlags reads the flags of a command, with SALKKU_* environment
// variables as defaults.
func (m *Main) ParseFlags(name string, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("salkku "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &m.Config
	fs.StringVar(&c.DataDir, "data", envOr("SALKKU_DATA", c.DataDir), "data folder for the embedded SQLite database (SALKKU_DATA)")
	fs.StringVar(&c.DatabaseURL, "db", envOr("SALKKU_DATABASE_URL", c.DatabaseURL), "PostgreSQL URL, postgres://…; SQLite in the data folder when empty (SALKKU_DATABASE_URL)")
	if name == "serve" {
		fs.StringVar(&c.Addr, "addr", envOr("SALKKU_ADDR", c.Addr), "address to listen on (SALKKU_ADDR)")
		fs.BoolVar(&c.Demo, "demo", envBool("SALKKU_DEMO"), "fill an empty database with the demo portfolio and make one sign-in per role (SALKKU_DEMO=1)")
		fs.StringVar(&c.BaseURL, "base-url", envOr("SALKKU_BASE_URL", c.BaseURL), "the address users reach Salkku at, for single sign-on's return address (SALKKU_BASE_URL; default http://ADDR)")
		fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("SALKKU_TRUST_PROXY"), "behind a load balancer: take client addresses from X-Forwarded-For (SALKKU_TRUST_PROXY=1)")
		fs.StringVar(&c.OIDCIssuer, "oidc-issuer", envOr("SALKKU_OIDC_ISSUER", c.OIDCIssuer), "OpenID Connect issuer URL for single sign-on, e.g. https://login.microsoftonline.com/TENANT/v2.0 (SALKKU_OIDC_ISSUER)")
		fs.StringVar(&c.OIDCClientID, "oidc-client-id", envOr("SALKKU_OIDC_CLIENT_ID", c.OIDCClientID), "OpenID Connect client id (SALKKU_OIDC_CLIENT_ID); the secret comes from SALKKU_OIDC_CLIENT_SECRET")
		fs.BoolVar(&c.OIDCTrustEmail, "oidc-trust-email", envBool("SALKKU_OIDC_TRUST_EMAIL"), "treat the provider's email claim as verified, for providers such as Entra ID that send no email_verified (SALKKU_OIDC_TRUST_EMAIL=1)")
		c.OIDCClientSecret = os.Getenv("SALKKU_OIDC_CLIENT_SECRET")
		fs.StringVar(&c.SMTP.Host, "smtp-host", envOr("SALKKU_SMTP_HOST", c.SMTP.Host), "SMTP server for e-mail reminders; reminders are off when empty (SALKKU_SMTP_HOST)")
		fs.IntVar(&c.SMTP.Port, "smtp-port", envInt("SALKKU_SMTP_PORT", c.SMTP.Port), "SMTP port; default 25, 587 or 465 by --smtp-tls (SALKKU_SMTP_PORT)")
		fs.StringVar(&c.SMTP.TLS, "smtp-tls", envOr("SALKKU_SMTP_TLS", mail.TLSStartTLS), "SMTP TLS: none, starttls or tls (SALKKU_SMTP_TLS)")
		fs.StringVar(&c.SMTP.Username, "smtp-user", envOr("SALKKU_SMTP_USER", c.SMTP.Username), "SMTP username, sent only over TLS (SALKKU_SMTP_USER); the password comes from SALKKU_SMTP_PASSWORD")
		fs.StringVar(&c.SMTP.From, "smtp-from", envOr("SALKKU_SMTP_FROM", c.SMTP.From), `sender of the reminders, e.g. "Salkku <salkku@kaupunki.fi>" (SALKKU_SMTP_FROM)`)
		fs.IntVar(&c.ReminderDays, "reminder-days", envInt("SALKKU_REMINDER_DAYS", c.ReminderDays), "days before a report's due date that its reminder goes; -1 for none (SALKKU_REMINDER_DAYS)")
		fs.DurationVar(&c.ReminderInterval, "reminder-interval", envDuration("SALKKU_REMINDER_INTERVAL", c.ReminderInterval), "how often reminders due are looked for (SALKKU_REMINDER_INTERVAL)")
		c.SMTP.Password = os.Getenv("SALKKU_SMTP_PASSWORD")
		fs.IntVar(&c.JobWorkers, "job-workers", envInt("SALKKU_JOB_WORKERS", c.JobWorkers), "background jobs (large exports, documents) this instance runs at once; 0 runs none here (SALKKU_JOB_WORKERS)")
	}
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

func envBool(key string) bool {
	v := strings.ToLower(os.Getenv(key))
	return v == "1" || v == "true" || v == "yes"
}

// envInt reads a whole number; an unreadable one is left for the flag
// to report, as its default.
func envInt(key string, def int) int {
	if v := os.Getenv(key); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if v := os.Getenv(key); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// redactURL hides the password of a database URL for printing.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func (m *Main) openDB(ctx context.Context) (*sqldb.DB, error) {
	cfg := sqldb.Config{URL: m.Config.DatabaseURL}
	where := redactURL(m.Config.DatabaseURL)
	if cfg.URL == "" {
		cfg.Path = filepath.Join(m.Config.DataDir, "salkku.db")
		where = cfg.Path
	}
	fmt.Fprintf(m.Stdout, "salkku: database %s\n", where)
	return sqldb.Open(ctx, cfg)
}

// Run opens the database, loads the demo when asked, and starts serving in
// the background. Close stops it.
func (m *Main) Run(ctx context.Context) error {
	fmt.Fprintf(m.Stdout, "salkku %s: addr=%s data=%s demo=%v base-url=%s trust-proxy=%v oidc-issuer=%q oidc-client-id=%q oidc-secret-set=%v\n",
		Version, m.Config.Addr, m.Config.DataDir, m.Config.Demo, m.Config.BaseURL, m.Config.TrustProxy,
		m.Config.OIDCIssuer, m.Config.OIDCClientID, m.Config.OIDCClientSecret != "")
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	m.DB = db
	if m.Config.Demo {
		switch err := demo.Load(salkku.System(ctx), db); {
		case errors.Is(err, demo.ErrNotEmpty):
			fmt.Fprintln(m.Stdout, "salkku: the database already has data; demo not loaded again")
		case err != nil:
			return fmt.Errorf("demo: %w", err)
		default:
			fmt.Fprintln(m.Stdout, "salkku: demo data loaded")
		}
		users, pw, err := demo.Users(salkku.System(ctx), db, db)
		if err != nil {
			return fmt.Errorf("demo users: %w", err)
		}
		fmt.Fprintln(m.Stdout, "salkku: demo sign-ins, one per role, all with the password", pw)
		for _, u := range users {
			fmt.Fprintf(m.Stdout, "  %-28s %s\n", u.Email, u.Role)
		}
	}
	m.listener, err = net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	key, err := db.InstanceKey(ctx)
	if err != nil {
		return err
	}
	cfg := web.Config{Register: db, Users: db, DB: db, Logger: m.Logger, SealKey: key, TrustProxy: m.Config.TrustProxy}
	if m.Config.OIDCIssuer != "" {
		base := strings.TrimSuffix(m.Config.BaseURL, "/")
		if base == "" {
			base = m.URL()
		}
		cfg.OIDC, err = oidc.New(ctx, oidc.Config{Issuer: m.Config.OIDCIssuer, ClientID: m.Config.OIDCClientID,
			ClientSecret: m.Config.OIDCClientSecret, RedirectURL: base + "/login/callback", TrustEmail: m.Config.OIDCTrustEmail})
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "salkku: single sign-on with %s, returning to %s/login/callback\n", m.Config.OIDCIssuer, base)
	}
	m.docs = render.New(m.Logger)
	cfg.Docs = m.docs
	if m.docs.Printer != nil {
		fmt.Fprintf(m.Stdout, "salkku: PDF documents printed by Chromium (%s)\n", m.docs.Printer.Path)
	} else {
		fmt.Fprintln(m.Stdout, "salkku: no Chromium found: PDF documents are written in pure Go")
	}
	srv, err := site.New(cfg)
	if err != nil {
		return err
	}
	if err := m.startReminders(); err != nil {
		m.listener.Close()
		return err
	}
	m.startJobs(srv)
	m.web = srv
	var h http.Handler = srv
	if m.WrapHandler != nil {
		h = m.WrapHandler(srv)
	}
	m.server = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	go m.server.Serve(m.listener)
	fmt.Fprintf(m.Stdout, "salkku: listening on %s\n", m.URL())
	return nil
}

// startReminders starts the reminder job when an SMTP server is
// configured.
func (m *Main) startReminders() error {
	c := m.Config
	if !c.SMTP.Enabled() {
		fmt.Fprintln(m.Stdout, "salkku: e-mail reminders off (no SALKKU_SMTP_HOST)")
		return nil
	}
	client, err := mail.New(c.SMTP)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(c.BaseURL, "/")
	if base == "" {
		base = m.URL()
	}
	job := &remind.Job{Store: m.DB, Sender: client, Catalog: i18n.MustLoad(), Logger: m.Logger, BaseURL: base,
		BeforeDays: c.ReminderDays, Interval: c.ReminderInterval}
	fmt.Fprintf(m.Stdout, "salkku: e-mail reminders via %s (tls=%s user=%q password-set=%v from=%q), %d days before, every %s\n",
		client.Addr(), c.SMTP.TLS, c.SMTP.Username, c.SMTP.Password != "", c.SMTP.From, c.ReminderDays, c.ReminderInterval)
	ctx, cancel := context.WithCancel(context.Background())
	m.stopJobs = cancel
	m.jobs.Go(func() { job.Run(ctx) })
	return nil
}

// startJobs starts this instance's runner of background jobs, which
// shares the queue in the database with every other instance.
func (m *Main) startJobs(srv *web.Server) {
	if m.Config.JobWorkers <= 0 {
		fmt.Fprintln(m.Stdout, "salkku: background jobs off on this instance (SALKKU_JOB_WORKERS=0)")
		return
	}
	runner := &jobs.Runner{Store: m.DB, Handler: srv, Logger: m.Logger, Workers: m.Config.JobWorkers}
	srv.JobQueued = runner.Wake
	ctx, cancel := context.WithCancel(context.Background())
	m.stopRunner = cancel
	m.jobs.Go(func() { runner.Run(ctx) })
	fmt.Fprintf(m.Stdout, "salkku: background jobs: %d workers\n", m.Config.JobWorkers)
}

// URL is where the server listens, e.g. http://127.0.0.1:8080.
func (m *Main) URL() string {
	if m.listener == nil {
		return ""
	}
	return "http://" + m.listener.Addr().String()
}

// Close stops the server, letting requests finish, and closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.stopJobs != nil {
		m.stopJobs()
	}
	if m.stopRunner != nil {
		m.stopRunner()
	}
	m.jobs.Wait()
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
	}
	m.docs.Close()
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

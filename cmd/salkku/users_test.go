package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// cliEnv clears the variables that would point the commands elsewhere
// than the test's data folder, and makes their messages English.
func cliEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"SALKKU_DATABASE_URL", "SALKKU_DATA", "SALKKU_PASSWORD", "SALKKU_DEMO", "SALKKU_ADDR",
		"SALKKU_OIDC_ISSUER", "SALKKU_OIDC_CLIENT_ID", "SALKKU_OIDC_CLIENT_SECRET", "SALKKU_BASE_URL"} {
		t.Setenv(k, "")
	}
	t.Setenv("SALKKU_LANG", "en")
}

// runCLI runs a command line with stdin and returns what it printed.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(salkku.System(context.Background()), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// openData opens the SQLite database of a data folder.
func openData(t *testing.T, dir string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(salkku.System(context.Background()), sqldb.Config{Path: filepath.Join(dir, "salkku.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const cliPassword = "komentorivin salasana 1"

func TestUserCreate(t *testing.T) {
	cliEnv(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, env, stdin string
		args             []string
		email, password  string
		admin            bool
	}{
		{name: "SALKKU_PASSWORD", env: cliPassword, args: []string{"--email", "Ensimmainen.Admin@Kunta.fi", "--name", "Ensimmäinen Pääkäyttäjä", "--admin"},
			email: "ensimmainen.admin@kunta.fi", password: cliPassword, admin: true},
		{name: "stdin", stdin: cliPassword + "\n", args: []string{"--email", "putki@kunta.fi"},
			email: "putki@kunta.fi", password: cliPassword},
		{name: "stdin with CRLF, no name", stdin: cliPassword + "2\r\n", args: []string{"--email", "windows@kunta.fi", "--admin"},
			email: "windows@kunta.fi", password: cliPassword + "2", admin: true},
		{name: "SALKKU_PASSWORD wins over stdin", env: cliPassword + "3", stdin: "ei tämä salasana\n", args: []string{"--email", "env@kunta.fi"},
			email: "env@kunta.fi", password: cliPassword + "3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SALKKU_PASSWORD", tc.env)
			out, errOut, err := runCLI(t, tc.stdin, append([]string{"user", "create", "--data", dir}, tc.args...)...)
			if err != nil {
				t.Fatalf("user create: %v\n%s", err, errOut)
			}
			if !strings.Contains(out, "created user "+tc.email) {
				t.Errorf("stdout %q, want it to name the user", out)
			}
			if strings.Contains(out+errOut, tc.password) {
				t.Errorf("the password is printed")
			}
			db := openData(t, dir)
			u, err := db.Authenticate(salkku.System(context.Background()), tc.email, tc.password, "127.0.0.1")
			if err != nil {
				t.Fatalf("authenticate %s: %v", tc.email, err)
			}
			if u.Admin != tc.admin {
				t.Errorf("admin %v, want %v", u.Admin, tc.admin)
			}
			if slices.Contains(tc.args, "--name") && u.Name != "Ensimmäinen Pääkäyttäjä" || !slices.Contains(tc.args, "--name") && u.Name != tc.email {
				t.Errorf("name %q", u.Name)
			}
			db.Close()
		})
	}

	for _, tc := range []struct {
		name, env, stdin string
		args             []string
		wantErr          string
	}{
		{name: "ErrNoEmail", env: cliPassword, args: nil, wantErr: "--email is required"},
		{name: "ErrEmail", env: cliPassword, args: []string{"--email", "ei-osoite"}, wantErr: "E-mail"},
		{name: "ErrPasswordShort", env: "lyhyt", args: []string{"--email", "lyhyt@kunta.fi"}, wantErr: "at least 12 characters"},
		{name: "ErrPasswordShortStdin", stdin: "lyhyt\n", args: []string{"--email", "lyhyt@kunta.fi"}, wantErr: "at least 12 characters"},
		{name: "ErrEmailTaken", env: cliPassword, args: []string{"--email", "PUTKI@kunta.fi"}, wantErr: "belongs to another user"},
		{name: "ErrExtraArgs", env: cliPassword, args: []string{"--email", "x@kunta.fi", "ylimääräinen"}, wantErr: "unexpected arguments"},
		{name: "ErrNoPassword", stdin: "", args: []string{"--email", "tyhja@kunta.fi"}, wantErr: "no password given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SALKKU_PASSWORD", tc.env)
			_, _, err := runCLI(t, tc.stdin, append([]string{"user", "create", "--data", dir}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
			}
			if tc.env != "" && strings.Contains(err.Error(), tc.env) {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
	t.Run("ErrNoSubcommand", func(t *testing.T) {
		if _, errOut, err := runCLI(t, "", "user"); err == nil || !strings.Contains(errOut, "user create") {
			t.Fatalf("err %v, stderr %q", err, errOut)
		}
	})
}

var tokenLineRE = regexp.MustCompile(`^slk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}\n$`)

func TestTokenCreate(t *testing.T) {
	cliEnv(t)
	dir := t.TempDir()
	t.Setenv("SALKKU_PASSWORD", cliPassword)
	if _, errOut, err := runCLI(t, "", "user", "create", "--data", dir, "--email", "raportti@kunta.fi", "--name", "Raportoija"); err != nil {
		t.Fatalf("user create: %v\n%s", err, errOut)
	}

	var token string
	t.Run("OK", func(t *testing.T) {
		out, errOut, err := runCLI(t, "", "token", "create", "--data", dir, "--user", "RAPORTTI@kunta.fi", "--name", "Power BI")
		if err != nil {
			t.Fatalf("token create: %v\n%s", err, errOut)
		}
		if !tokenLineRE.MatchString(out) {
			t.Fatalf("stdout %q, want the token alone on one line", out)
		}
		token = strings.TrimSpace(out)
		if strings.Contains(errOut, token) {
			t.Errorf("the token is printed on stderr too")
		}
		if !strings.Contains(errOut, "Authorization: Bearer") {
			t.Errorf("stderr %q, want the hint how to use the token", errOut)
		}
		db := openData(t, dir)
		u, err := db.AuthenticateToken(salkku.System(context.Background()), token)
		if err != nil || u.Email != "raportti@kunta.fi" {
			t.Fatalf("authenticate token: %+v, %v", u, err)
		}
		tokens, err := db.FindTokens(salkku.System(context.Background()), u.ID)
		if err != nil || len(tokens) != 1 || tokens[0].Name != "Power BI" || !strings.HasPrefix(token, "slk_"+tokens[0].Prefix+"_") {
			t.Errorf("stored tokens %+v (%v)", tokens, err)
		}
		db.Close()
	})

	t.Run("works against the server", func(t *testing.T) {
		m := bootMain(t, dir, false)
		defer m.Close()
		api := newClient(t)
		api.token = token
		code, body := api.get(t, m.URL()+"/api/v1/me")
		if code != http.StatusOK || !strings.Contains(body, `"email":"raportti@kunta.fi"`) {
			t.Fatalf("GET /api/v1/me with the token: %d %s", code, body)
		}
		// And the user made on the command line signs in with the password.
		newClient(t).login(t, m.URL(), "raportti@kunta.fi", cliPassword)
	})

	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"ErrUnknownUser", []string{"--user", "nobody@kunta.fi"}, "no user nobody@kunta.fi"},
		{"ErrNoUser", nil, "--user is required"},
		{"ErrEmptyName", []string{"--user", "raportti@kunta.fi", "--name", " "}, "Name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCLI(t, "", append([]string{"token", "create", "--data", dir}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

// syncBuffer collects what a running server prints.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	listeningRE    = regexp.MustCompile(`listening on (http://\S+)`)
	demoPasswordRE = regexp.MustCompile(`demo sign-ins, one per role, all with the password (\S+)\n`)
	demoUserRE     = regexp.MustCompile(`(?m)^  (\S+@\S+)\s+(\S+)$`)
)

// serveDemo runs "salkku serve --demo" until the test ends and returns its
// address and what it printed by then.
func serveDemo(t *testing.T, dir string) (base, out string) {
	t.Helper()
	ctx, cancel := context.WithCancel(salkku.System(context.Background()))
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", dir}, strings.NewReader(""), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := listeningRE.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stdout.String()
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s\n%s", err, stdout.String(), stderr.String())
		default:
		}
	}
	t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
	return "", ""
}

// demoSignIns reads the sign-ins serve --demo printed: e-mail → role.
func demoSignIns(t *testing.T, out string) (map[string]string, string) {
	t.Helper()
	m := demoPasswordRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no demo password printed:\n%s", out)
	}
	users := map[string]string{}
	for _, u := range demoUserRE.FindAllStringSubmatch(out, -1) {
		users[u[1]] = u[2]
	}
	return users, m[1]
}

// TestServeDemoSignIns starts "salkku serve --demo", signs in as each demo
// user with the password it printed and checks the role each one has.
func TestServeDemoSignIns(t *testing.T) {
	cliEnv(t)
	dir := t.TempDir()
	base, out := serveDemo(t, dir)
	users, pw := demoSignIns(t, out)

	var roles []string
	for _, r := range users {
		roles = append(roles, r)
	}
	slices.Sort(roles)
	want := append([]string{"admin"}, salkku.Roles...)
	slices.Sort(want)
	if !slices.Equal(roles, want) {
		t.Fatalf("demo sign-ins have roles %v, want one per role %v:\n%s", roles, want, out)
	}
	if len(pw) < 12 || !strings.HasPrefix(pw, "demo-") {
		t.Errorf("demo password %q", pw)
	}

	for email, role := range users {
		t.Run(role, func(t *testing.T) {
			c := newClient(t)
			c.login(t, base, email, pw)
			code, body := c.get(t, base+"/api/v1/me")
			if code != http.StatusOK {
				t.Fatalf("GET /api/v1/me: %d %s", code, body)
			}
			var me struct {
				User   salkku.User     `json:"user"`
				Grants []*salkku.Grant `json:"grants"`
			}
			if err := json.Unmarshal([]byte(body), &me); err != nil {
				t.Fatal(err)
			}
			if me.User.Email != email {
				t.Errorf("signed in as %q, want %q", me.User.Email, email)
			}
			if role == "admin" {
				if !me.User.Admin || len(me.Grants) != 0 {
					t.Errorf("admin: admin %v, grants %+v", me.User.Admin, me.Grants)
				}
				return
			}
			if me.User.Admin || len(me.Grants) != 1 || me.Grants[0].Role != role {
				t.Fatalf("%s: admin %v, grants %+v, want only the role %s", email, me.User.Admin, me.Grants, role)
			}
			g := me.Grants[0]
			if (role == salkku.RoleProjectManager) != (g.ProjectID != nil) || g.TargetName == "" {
				t.Errorf("%s: grant %+v, want a project for the project manager and a portfolio for the others", role, g)
			}
			// What the role shows: the home page lists the portfolio.
			if code, home := c.get(t, base+"/"); code != http.StatusOK || strings.Contains(home, "Ei rooleja") {
				t.Errorf("%s: home %d shows no portfolios", role, code)
			}
		})
	}

	t.Run("a new password at every start", func(t *testing.T) {
		dir2 := t.TempDir()
		base2, out2 := serveDemo(t, dir2)
		_, pw2 := demoSignIns(t, out2)
		if pw2 == pw {
			t.Fatalf("two installations share the demo password %q", pw)
		}
		c := newClient(t)
		code, body := c.get(t, base2+"/login")
		m := loginTokenRE.FindStringSubmatch(body)
		if code != http.StatusOK || m == nil {
			t.Fatalf("login page: %d", code)
		}
		form := "email=admin%40demo.invalid&next=%2F&csrf=" + m[1] + "&password=" + pw
		if code, _, _ := c.do(t, http.MethodPost, base2+"/login", strings.NewReader(form), "application/x-www-form-urlencoded"); code != http.StatusUnauthorized {
			t.Errorf("the other installation's password: %d, want 401", code)
		}
	})
}

// TestUserCreateNoPassword: --no-password makes a single sign-on user
// without asking for a password, even when one is in the environment.
func TestUserCreateNoPassword(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SALKKU_PASSWORD", cliPassword)
	if _, errOut, err := runCLI(t, "", "user", "create", "--data", dir, "--email", "sso@kunta.fi", "--no-password"); err != nil {
		t.Fatalf("user create: %v\n%s", err, errOut)
	}
	db := openData(t, dir)
	defer db.Close()
	u, err := db.FindUserByEmail(salkku.System(context.Background()), "sso@kunta.fi")
	if err != nil || u.HasPassword {
		t.Fatalf("user %+v, %v; want one without a password", u, err)
	}
}

package web_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

var (
	newTokenRE   = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)
	tokenRowRE   = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">([^<]*)</th><td><code>([^<]*)</code></td>.*?</tr>`)
	revokeFormRE = regexp.MustCompile(`name="token_id" value="([0-9]+)"`)
)

// createToken makes an API token on the account page of b and returns
// the secret the page shows.
func createToken(t *testing.T, b *app, name string) string {
	t.Helper()
	p := b.post(t, "/account", url.Values{"action": {"token"}, "token_name": {name}})
	wantStatus(t, p, http.StatusOK)
	wantText(t, p, fiMsg("account.token_created"))
	m := newTokenRE.FindStringSubmatch(p.Body)
	if m == nil || !strings.HasPrefix(m[1], "slk_") {
		t.Fatalf("%s: no new token shown\n%s", p, excerpt(p.Body))
	}
	return m[1]
}

// splitToken splits a token "slk_PREFIX_SECRET" into its public part
// ("slk_PREFIX") and its secret.
func splitToken(t *testing.T, token string) (public, secret string) {
	t.Helper()
	prefix, secret, ok := strings.Cut(strings.TrimPrefix(token, "slk_"), "_")
	if !ok || len(prefix) != 8 || len(secret) < 32 {
		t.Fatalf("token %q is not slk_PREFIX_SECRET", token)
	}
	return "slk_" + prefix, secret
}

// bearer calls the API with a token, as a program would: no cookies.
func (a *authApp) bearer(t *testing.T, method, path, token string) *page {
	t.Helper()
	b := a.browser()
	return b.do(t, method, path, nil, "Authorization: Bearer "+token)
}

// meEmail is the e-mail of the user GET /api/v1/me names.
func meEmail(t *testing.T, p *page) string {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	var me struct {
		User struct {
			Email string `json:"email"`
		} `json:"user"`
	}
	if err := json.Unmarshal([]byte(p.Body), &me); err != nil {
		t.Fatalf("%s: %v\n%s", p, err, p.Body)
	}
	return me.User.Email
}

// wantUnauthorized checks an API answer of 401 with a JSON error and the
// Bearer challenge.
func wantUnauthorized(t *testing.T, p *page) {
	t.Helper()
	wantStatus(t, p, http.StatusUnauthorized)
	var e apiErrorBody
	if err := json.Unmarshal([]byte(p.Body), &e); err != nil || e.Error.Code != salkku.EUNAUTHORIZED {
		t.Errorf("%s: body %s, want a JSON error with code %q", p, p.Body, salkku.EUNAUTHORIZED)
	}
}

// openInspectable opens a fresh store of the engine together with a plain
// connection to the same database, to look at what is stored.
func openInspectable(t *testing.T, engine string) (*sqldb.DB, *sql.DB) {
	t.Helper()
	ctx := salkku.System(context.Background())
	var cfg sqldb.Config
	var driver, dsn string
	switch engine {
	case "sqlite":
		cfg.Path = filepath.Join(t.TempDir(), "salkku.db")
		driver, dsn = "sqlite", "file:"+cfg.Path
	case "postgres":
		base := os.Getenv("SALKKU_TEST_POSTGRES")
		b := make([]byte, 6)
		rand.Read(b)
		schema := "t_" + hex.EncodeToString(b)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("create schema: %v", err)
		}
		t.Cleanup(func() {
			if a, err := sql.Open("pgx", base); err == nil {
				a.Exec("DROP SCHEMA " + schema + " CASCADE")
				a.Close()
			}
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		cfg.URL, driver, dsn = u.String(), "pgx", u.String()
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	db, err := sqldb.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}

// tableText is every row of a table, each column as text.
func tableText(t *testing.T, raw *sql.DB, table string) [][]string {
	t.Helper()
	rows, err := raw.Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = cols[i] + "=" + fmt.Sprint(v)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		store, raw := openInspectable(t, engine)
		a := newAuthApp(t, engine, authOptions{DB: store})
		u := a.user(t, "ohjelmoija@test.invalid", "Olli Ohjelmoija", false, authPassword)
		b := a.signIn(t, u.Email, authPassword)

		secret := createToken(t, b, "Power BI -raportti")
		t.Run("works as Bearer", func(t *testing.T) {
			if got := meEmail(t, a.bearer(t, http.MethodGet, "/api/v1/me", secret)); got != u.Email {
				t.Errorf("GET /api/v1/me with the token: user %q, want %q", got, u.Email)
			}
		})

		t.Run("shown once, listed by prefix", func(t *testing.T) {
			p := b.get(t, "/account")
			wantStatus(t, p, http.StatusOK)
			public, rest := splitToken(t, secret)
			if strings.Contains(p.Body, secret) || strings.Contains(p.Body, rest) {
				t.Fatalf("the account page shows the secret again")
			}
			rows := tokenRowRE.FindAllStringSubmatch(p.Body, -1)
			if len(rows) != 1 {
				t.Fatalf("%d token rows, want 1\n%s", len(rows), excerpt(p.Body))
			}
			if rows[0][1] != "Power BI -raportti" || rows[0][2] != public+"_…" {
				t.Errorf("token row %q %q, want the name and %q", rows[0][1], rows[0][2], public+"_…")
			}
			wantNoText(t, p, "Uusi avain on alla")
		})

		t.Run("stored hashed", func(t *testing.T) {
			_, rest := splitToken(t, secret)
			rows := tableText(t, raw, "api_tokens")
			if len(rows) != 1 {
				t.Fatalf("%d rows in api_tokens, want 1", len(rows))
			}
			for _, col := range rows[0] {
				if strings.Contains(col, rest) {
					t.Errorf("api_tokens stores the secret: %s", col)
				}
			}
			// Nor does the audit log keep it.
			for _, row := range tableText(t, raw, "audit_log") {
				for _, col := range row {
					if strings.Contains(col, rest) {
						t.Errorf("audit_log stores the secret: %s", col)
					}
				}
			}
		})

		t.Run("ErrGarbage", func(t *testing.T) {
			public, _ := splitToken(t, secret)
			for _, h := range []string{
				"Bearer garbage",
				"Bearer " + secret + "x",
				"Bearer " + public + "_" + strings.Repeat("A", 43),
				"Bearer slk_",
				"Bearer ",
				"Basic " + secret,
				secret,
			} {
				p := a.browser().do(t, http.MethodGet, "/api/v1/me", nil, "Authorization: "+h)
				wantUnauthorized(t, p)
				if got := p.Header.Get("WWW-Authenticate"); h == "Bearer garbage" && !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate %q, want a Bearer challenge", got)
				}
			}
		})

		t.Run("not for pages", func(t *testing.T) {
			// A token is for the API: pages need a session.
			wantRedirect(t, a.bearer(t, http.MethodGet, "/account", secret), "/login?next=%2Faccount")
		})

		t.Run("ErrOtherUsersToken", func(t *testing.T) {
			other := a.user(t, "toinen@test.invalid", "Toinen Käyttäjä", false, authPassword)
			ob := a.signIn(t, other.Email, authPassword)
			tokens, err := a.db.FindTokens(salkku.System(context.Background()), u.ID)
			must(t, err)
			p := ob.post(t, "/account", url.Values{"action": {"revoke"}, "token_id": {id(tokens[0].ID)}})
			if p.Status < 400 {
				t.Fatalf("revoking another user's token: %d, want an error", p.Status)
			}
			if got := meEmail(t, a.bearer(t, http.MethodGet, "/api/v1/me", secret)); got != u.Email {
				t.Errorf("the token stopped working after another user tried to revoke it")
			}
			if got, err := a.db.FindTokens(salkku.System(context.Background()), u.ID); err != nil || got[0].RevokedAt != nil {
				t.Errorf("token %+v revoked by another user (%v)", got[0], err)
			}
		})

		t.Run("revoke", func(t *testing.T) {
			m := revokeFormRE.FindStringSubmatch(b.get(t, "/account").Body)
			if m == nil {
				t.Fatal("no revoke button")
			}
			wantRedirect(t, b.post(t, "/account", url.Values{"action": {"revoke"}, "token_id": {m[1]}}), "/account")
			wantUnauthorized(t, a.bearer(t, http.MethodGet, "/api/v1/me", secret))
			p := b.get(t, "/account")
			wantText(t, p, fiMsg("flash.token_revoked"), fiMsg("account.revoked"))
			if revokeFormRE.MatchString(p.Body) {
				t.Errorf("a revoked token still has a revoke button")
			}
			// A second token is independent of the first.
			second := createToken(t, b, "Toinen")
			if got := meEmail(t, a.bearer(t, http.MethodGet, "/api/v1/me", second)); got != u.Email {
				t.Errorf("second token acts as %q", got)
			}
		})

		t.Run("ErrDisabledUser", func(t *testing.T) {
			s := createToken(t, b, "Kolmas")
			u2 := a.findUser(t, u.Email)
			u2.Disabled = true
			must(t, a.db.UpdateUser(salkku.System(context.Background()), u2))
			wantUnauthorized(t, a.bearer(t, http.MethodGet, "/api/v1/me", s))
		})

		t.Run("ErrNoName", func(t *testing.T) {
			ab := a.signIn(t, a.admin.Email, authPassword)
			p := ab.post(t, "/account", url.Values{"action": {"token"}, "token_name": {"  "}})
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got := fieldError(p, "token_name"); got != fiMsg("error.required") {
				t.Errorf("token_name error %q", got)
			}
			if newTokenRE.MatchString(p.Body) {
				t.Errorf("a token without a name was made")
			}
		})
	})
}

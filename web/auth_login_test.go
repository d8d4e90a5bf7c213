package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/oidc"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/site"
)

// The sign-in tests (auth_*_test.go) talk to web.NewServer over a real
// database like a browser without JavaScript, as the UI tests do, but on a
// server of their own: its clock can be moved, its log is kept to look for
// passwords, and it can be served over TLS, behind a trusted proxy or with
// single sign-on.

// authPassword is the password of every user the sign-in tests make.
const authPassword = "oikein pitkä salasana 1"

// authApp is an app whose server the sign-in tests configure.
type authApp struct {
	*app
	clock *authClock
	logs  *syncBuffer
	// transport trusts the TLS server's certificate; nil over plain HTTP.
	transport http.RoundTripper
}

// authOptions say how to serve an authApp.
type authOptions struct {
	TLS        bool
	TrustProxy bool
	// OIDC, when set, makes the single sign-on provider once the server's
	// address (baseURL, without a trailing slash) is known.
	OIDC func(t *testing.T, baseURL string) *oidc.Provider
	// DB is the database to serve; nil means a fresh one of the engine.
	DB *sqldb.DB
}

// newAuthApp starts a server over an empty database with an admin who has
// the password authPassword; the app's client is signed in as the admin.
func newAuthApp(t *testing.T, engine string, opt authOptions) *authApp {
	t.Helper()
	db := opt.DB
	if db == nil {
		db = sqldbtest.MustOpen(t, engine)
	}
	clock := &authClock{}
	db.Now = clock.Now
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	ts := httptest.NewUnstartedServer(nil)
	scheme := "http"
	if opt.TLS {
		scheme = "https"
	}
	base := scheme + "://" + ts.Listener.Addr().String()
	cfg := web.Config{Register: db, Users: db, DB: db, Logger: logger, TrustProxy: opt.TrustProxy}
	if opt.OIDC != nil {
		cfg.OIDC = opt.OIDC(t, base)
		cfg.SealKey = make([]byte, 32)
		rand.Read(cfg.SealKey)
	}
	srv, err := site.New(cfg)
	if err != nil {
		ts.Listener.Close()
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	if opt.TLS {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)
	if ts.URL != base {
		t.Fatalf("server URL %s, want %s", ts.URL, base)
	}

	a := &authApp{app: &app{t: t, db: db, url: ts.URL}, clock: clock, logs: logs}
	if opt.TLS {
		a.transport = ts.Client().Transport
	}
	a.admin = a.user(t, "admin@test.invalid", "Testi Pääkäyttäjä", true, authPassword)
	signedIn := a.as(t, a.admin)
	a.hc, a.csrf = signedIn.hc, signedIn.csrf
	return a
}

// user makes a user in the store; pw may be "" for no password.
func (a *authApp) user(t *testing.T, email, name string, admin bool, pw string) *salkku.User {
	t.Helper()
	u := &salkku.User{Email: email, Name: name, Admin: admin}
	if err := a.db.CreateUser(salkku.System(context.Background()), u, pw); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// browser is a new browser that has not signed in: its own cookie jar,
// redirects not followed, no CSRF token of a session.
func (a *authApp) browser() *app {
	jar, err := cookiejar.New(nil)
	if err != nil {
		a.t.Fatal(err)
	}
	b := *a.app
	b.hc = &http.Client{Jar: jar, Transport: a.transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	b.csrf = ""
	return &b
}

// as is a browser signed in as u with a session made in the store.
func (a *authApp) as(t *testing.T, u *salkku.User) *app {
	t.Helper()
	b := a.browser()
	secret, s, err := a.db.CreateSession(salkku.System(context.Background()), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	b.setSessionCookie(t, secret)
	b.csrf = s.CSRF
	return b
}

// setSessionCookie puts a session secret in the browser's cookie jar.
func (b *app) setSessionCookie(t *testing.T, secret string) {
	t.Helper()
	b.setCookie(t, "salkku_session", secret)
}

// setCookie puts a cookie in the browser's jar.
func (b *app) setCookie(t *testing.T, name, value string) {
	t.Helper()
	u, err := url.Parse(b.url)
	if err != nil {
		t.Fatal(err)
	}
	b.hc.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// sessionSecret is the session cookie the browser holds, or "".
func (b *app) sessionSecret(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(b.url)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.hc.Jar.Cookies(u) {
		if c.Name == "salkku_session" {
			return c.Value
		}
	}
	return ""
}

// signIn signs in through the login form and returns the browser, with
// the CSRF token of its new session.
func (a *authApp) signIn(t *testing.T, email, pw string) *app {
	t.Helper()
	b := a.browser()
	wantRedirect(t, passwordLogin(t, b, email, pw, "/"), "/")
	b.csrf = pageCSRF(t, b.get(t, "/account"))
	return b
}

// passwordLogin fills in the login form as a person would: it opens
// /login?next=…, then posts the form with the e-mail and password.
func passwordLogin(t *testing.T, b *app, email, pw, next string, headers ...string) *page {
	t.Helper()
	p := b.get(t, "/login?next="+url.QueryEscape(next), headers...)
	wantStatus(t, p, http.StatusOK)
	form := formValues(t, p)
	if form.Get("csrf") == "" {
		t.Fatalf("%s: the login form has no CSRF token\n%s", p, excerpt(p.Body))
	}
	form.Set("email", email)
	form.Set("password", pw)
	return b.do(t, http.MethodPost, "/login", strings.NewReader(form.Encode()), headers...)
}

var csrfInputRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// pageCSRF is the CSRF token of the page's forms.
func pageCSRF(t *testing.T, p *page) string {
	t.Helper()
	wantStatus(t, p, http.StatusOK)
	m := csrfInputRE.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("%s: no CSRF token\n%s", p, excerpt(p.Body))
	}
	return m[1]
}

// setCookies are the cookies the response sets, by name.
func setCookies(p *page) map[string]*http.Cookie {
	out := map[string]*http.Cookie{}
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		out[c.Name] = c
	}
	return out
}

// wantNoSession checks that a response started no session and that the
// browser is still anonymous.
func wantNoSession(t *testing.T, b *app, p *page) {
	t.Helper()
	if c := setCookies(p)["salkku_session"]; c != nil && c.Value != "" {
		t.Errorf("%s: sets a session cookie", p)
	}
	if got := b.get(t, "/account"); got.Status != http.StatusSeeOther || !strings.HasPrefix(got.Header.Get("Location"), "/login?") {
		t.Errorf("after %s, GET /account: %d to %q, want 303 to the login page", p, got.Status, got.Header.Get("Location"))
	}
}

var errorSummaryRE = regexp.MustCompile(`(?s)<div class="error-summary"[^>]*>(.*?)</div>`)

// errorSummary is the text of the page's error summary, or "".
func errorSummary(p *page) string {
	if m := errorSummaryRE.FindStringSubmatch(p.Body); m != nil {
		return plain(m[1])
	}
	return ""
}

// authClock is a clock for db.Now that a test moves forward, safe to read
// from the server's goroutines.
type authClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *authClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward.
func (c *authClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Set moves the clock to t; it runs on from there.
func (c *authClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// syncBuffer is a log that the server's goroutines write to.
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

// fiMsg is a message of the Finnish catalogue, the default language.
func fiMsg(key string, args ...any) string { return apiCatalog.T("fi", key, args...) }

var (
	msgLoginFailed    = fiMsg("error.login_failed")
	msgLoginThrottled = fiMsg("error.login_throttled")
	msgLoginCSRF      = fiMsg("error.csrf_login")
)

func TestLoginRequired(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		for _, tc := range []struct {
			method, path string
			wantNext     string
		}{
			{"GET", "/", "/"},
			{"GET", "/portfolios/1?q=palo%20muuri&sort=start", "/portfolios/1?q=palo%20muuri&sort=start"},
			{"GET", "/account", "/account"},
			{"GET", "/admin/audit?action=login", "/admin/audit?action=login"},
			{"GET", "/projects/1/history", "/projects/1/history"},
			// A form posted without a session cannot be replayed after login.
			{"POST", "/projects/1/edit", "/"},
			{"POST", "/logout", "/"},
		} {
			t.Run(tc.method+" "+tc.path, func(t *testing.T) {
				b := a.browser()
				p := b.do(t, tc.method, tc.path, strings.NewReader(""))
				wantRedirect(t, p, "/login?next="+url.QueryEscape(tc.wantNext))
			})
		}
		t.Run("public", func(t *testing.T) {
			b := a.browser()
			for _, path := range []string{"/login", "/healthz"} {
				if p := b.get(t, path); p.Status == http.StatusSeeOther {
					t.Errorf("GET %s: redirected to %q, but it is public", path, p.Header.Get("Location"))
				}
			}
		})
	})
}

// TestLoginPage checks that the login form is a plain HTML form that needs
// no JavaScript, and that a browser's first visit gets its CSRF cookie.
func TestLoginPage(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		b := a.browser()
		p := b.get(t, "/login?next=%2Fportfolios%2F1")
		wantStatus(t, p, http.StatusOK)
		if got := htmlLang(p); got != "fi" {
			t.Errorf("login page language %q, want fi", got)
		}
		if !strings.Contains(p.Body, `<form method="post" action="/login">`) {
			t.Errorf("no plain post form to /login\n%s", excerpt(p.Body))
		}
		for _, re := range []string{`<input type="email" id="f-email" name="email"`, `<input type="password" id="f-password" name="password"`, `<button type="submit">`} {
			if !strings.Contains(p.Body, re) {
				t.Errorf("login form lacks %s", re)
			}
		}
		for _, js := range []string{"<script", "onclick=", "onsubmit=", "javascript:"} {
			if strings.Contains(strings.ToLower(p.Body), js) {
				t.Errorf("login page uses JavaScript: %s", js)
			}
		}
		form := formValues(t, p)
		if form.Get("next") != "/portfolios/1" {
			t.Errorf("next = %q, want /portfolios/1", form.Get("next"))
		}
		c := setCookies(p)["salkku_login"]
		if c == nil || c.Value != form.Get("csrf") || !c.HttpOnly {
			t.Fatalf("login cookie %+v, want an HttpOnly cookie holding the form's token %q", c, form.Get("csrf"))
		}
		// Reloading keeps the token, so that two tabs do not spoil each other.
		if again := formValues(t, b.get(t, "/login")); again.Get("csrf") != form.Get("csrf") {
			t.Errorf("token changed on reload: %q, then %q", form.Get("csrf"), again.Get("csrf"))
		}
		// No SSO configured: no SSO button and no SSO routes.
		if strings.Contains(p.Body, "/login/sso") {
			t.Errorf("SSO button without single sign-on")
		}
		wantStatus(t, b.get(t, "/login/sso"), http.StatusNotFound)
	})
}

func TestLoginCSRF(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		creds := url.Values{"email": {a.admin.Email}, "password": {authPassword}, "next": {"/"}}
		// formToken opens the login page in b and returns its token.
		formToken := func(t *testing.T, b *app) string {
			t.Helper()
			return formValues(t, b.get(t, "/login")).Get("csrf")
		}
		for _, tc := range []struct {
			name string
			// token returns the token to post from b; other is a second browser.
			token func(t *testing.T, b, other *app) string
		}{
			{"no cookie, no token", func(t *testing.T, b, other *app) string { return "" }},
			{"no cookie, another browser's token", func(t *testing.T, b, other *app) string { return formToken(t, other) }},
			{"cookie, no token", func(t *testing.T, b, other *app) string { formToken(t, b); return "" }},
			{"cookie, wrong token", func(t *testing.T, b, other *app) string {
				return strings.Repeat("x", len(formToken(t, b)))
			}},
			{"empty cookie, empty token", func(t *testing.T, b, other *app) string {
				b.setCookie(t, "salkku_login", "")
				return ""
			}},
			{"cookie, another browser's token", func(t *testing.T, b, other *app) string {
				formToken(t, b)
				return formToken(t, other)
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				b, other := a.browser(), a.browser()
				form := with(creds, "csrf", tc.token(t, b, other))
				p := b.post(t, "/login", form)
				wantStatus(t, p, http.StatusForbidden)
				if got := errorSummary(p); got != msgLoginCSRF {
					t.Errorf("message %q, want %q", got, msgLoginCSRF)
				}
				wantNoSession(t, b, p)
			})
		}
		t.Run("OK", func(t *testing.T) {
			b := a.browser()
			p := b.post(t, "/login", with(creds, "csrf", formToken(t, b)))
			wantRedirect(t, p, "/")
			if b.sessionSecret(t) == "" {
				t.Fatal("no session cookie after a login with the right token")
			}
			// The login token is used up: the cookie is cleared.
			if c := setCookies(p)["salkku_login"]; c == nil || c.MaxAge >= 0 {
				t.Errorf("login cookie after login: %+v, want it cleared", c)
			}
		})
	})
}

func TestLoginFailureIsGeneric(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		sso := a.user(t, "sso-only@test.invalid", "Vain kertakirjautuja", false, "")
		var summaries []string
		for _, tc := range []struct{ name, email, pw string }{
			{"wrong password", a.admin.Email, "väärä salasana, pitkä"},
			{"unknown e-mail", "nobody@test.invalid", authPassword},
			{"user without a password", sso.Email, authPassword},
			{"empty password", a.admin.Email, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				b := a.browser()
				p := passwordLogin(t, b, tc.email, tc.pw, "/")
				wantStatus(t, p, http.StatusUnauthorized)
				if got := errorSummary(p); got != msgLoginFailed {
					t.Errorf("message %q, want %q", got, msgLoginFailed)
				}
				summaries = append(summaries, errorSummary(p))
				if got := formValues(t, p).Get("email"); got != tc.email {
					t.Errorf("e-mail field %q, want the %q typed", got, tc.email)
				}
				if tc.pw != "" && strings.Contains(p.Body, tc.pw) {
					t.Errorf("the page shows the password typed")
				}
				wantNoSession(t, b, p)
			})
		}
		for _, s := range summaries[1:] {
			if s != summaries[0] {
				t.Errorf("messages differ: %q and %q", summaries[0], s)
			}
		}
		t.Run("English", func(t *testing.T) {
			p := passwordLogin(t, a.browser(), "nobody@test.invalid", authPassword, "/", "Accept-Language: en")
			wantStatus(t, p, http.StatusUnauthorized)
			if got, want := errorSummary(p), apiCatalog.T("en", "error.login_failed"); got != want {
				t.Errorf("message %q, want %q", got, want)
			}
		})
	})
}

func TestLoginSessionCookie(t *testing.T) {
	t.Parallel()
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				name       string
				tls        bool
				header     string
				wantSecure bool
			}{
				{"plain HTTP", false, "", false},
				{"behind a TLS proxy", false, "X-Forwarded-Proto: https", true},
				{"TLS", true, "", true},
			} {
				t.Run(tc.name, func(t *testing.T) {
					a := newAuthApp(t, engine, authOptions{TLS: tc.tls})
					b := a.browser()
					next := "/admin/audit?entity=user&action=login"
					p := passwordLogin(t, b, a.admin.Email, authPassword, next, tc.header)
					wantRedirect(t, p, next)
					c := setCookies(p)["salkku_session"]
					if c == nil || c.Value == "" {
						t.Fatalf("no session cookie: %v", p.Header["Set-Cookie"])
					}
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tc.wantSecure || c.Path != "/" {
						t.Errorf("session cookie HttpOnly=%v SameSite=%v Secure=%v Path=%q, want HttpOnly, Lax, Secure=%v, /",
							c.HttpOnly, c.SameSite, c.Secure, c.Path, tc.wantSecure)
					}
					if c.MaxAge <= 0 || time.Duration(c.MaxAge)*time.Second > salkku.SessionMax {
						t.Errorf("session cookie Max-Age %d s, want up to %v", c.MaxAge, salkku.SessionMax)
					}
					if strings.Contains(p.Header.Get("Location"), authPassword) {
						t.Errorf("the redirect carries the password")
					}
					// The session reaches next (a cookie jar sends a Secure
					// cookie over https only).
					if tc.header == "" {
						wantText(t, b.get(t, next), fiMsg("action_log.login"))
					}
				})
			}
		})
	}
}

func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		for _, tc := range []struct{ next, want string }{
			{"/portfolios/1?q=a&sort=start", "/portfolios/1?q=a&sort=start"},
			{"", "/"},
			{"//evil.example", "/"},
			{"//evil.example/path", "/"},
			{"https://evil.example", "/"},
			{"http://evil.example/login", "/"},
			{"evil.example", "/"},
			{`/\evil.example`, "/"},
			{"javascript:alert(1)", "/"},
			// Browsers drop tabs and line breaks from a URL: "/\t/x" is "//x".
			{"/\t/evil.example", "/"},
			{"/\n/evil.example", "/"},
			{"/\r\n/evil.example", "/"},
			{"/\x00/evil.example", "/"},
			// Redirect cleans "/./\x" to "/\x", which browsers read as "//x".
			{`/./\evil.example`, "/"},
			{`/a/../\evil.example`, "/"},
			{"/a/..//evil.example", "/evil.example"}, // on this site after cleaning
		} {
			t.Run(tc.next, func(t *testing.T) {
				// The hidden next of the form, as posted.
				b := a.browser()
				form := formValues(t, b.get(t, "/login"))
				form.Set("email", a.admin.Email)
				form.Set("password", authPassword)
				form.Set("next", tc.next)
				p := b.post(t, "/login", form)
				if got := p.Header.Get("Location"); p.Status != http.StatusSeeOther || got != tc.want {
					t.Fatalf("next %q: %d to %q, want 303 to %q", tc.next, p.Status, got, tc.want)
				}
				if !salkku.ValidText(tc.next) {
					// A query with a NUL is refused whole (see
					// TestBadQueryText), on the login page too.
					if p := a.browser().get(t, "/login?next="+url.QueryEscape(tc.next)); p.Status != http.StatusBadRequest {
						t.Errorf("GET /login?next=%q: status %d, want 400", tc.next, p.Status)
					}
					return
				}
				// The login page's own next, from /login?next=…
				if got := formValues(t, a.browser().get(t, "/login?next="+url.QueryEscape(tc.next))).Get("next"); got != tc.want {
					t.Errorf("GET /login?next=%q: form next %q, want %q", tc.next, got, tc.want)
				}
				// A browser already signed in is sent on at once.
				p = b.get(t, "/login?next="+url.QueryEscape(tc.next))
				if got := p.Header.Get("Location"); p.Status != http.StatusSeeOther || got != tc.want {
					t.Fatalf("signed in, GET /login?next=%q: %d to %q, want 303 to %q", tc.next, p.Status, got, tc.want)
				}
			})
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		t.Run("per account", func(t *testing.T) {
			a := newAuthApp(t, engine, authOptions{})
			u := a.user(t, "throttled@test.invalid", "Lukittu", false, authPassword)
			for i := 1; i <= salkku.MaxFailuresPerEmail; i++ {
				p := passwordLogin(t, a.browser(), u.Email, "väärä salasana "+id(int64(i)), "/")
				if p.Status != http.StatusUnauthorized {
					t.Fatalf("failure %d: status %d, want 401", i, p.Status)
				}
			}
			b := a.browser()
			p := passwordLogin(t, b, u.Email, authPassword, "/")
			wantStatus(t, p, http.StatusTooManyRequests)
			if got := errorSummary(p); got != msgLoginThrottled {
				t.Errorf("message %q, want %q", got, msgLoginThrottled)
			}
			wantNoSession(t, b, p)
			// Other accounts from the same address still sign in.
			a.signIn(t, a.admin.Email, authPassword)
			// After the window the account opens again.
			a.clock.Advance(salkku.LoginWindow + time.Minute)
			a.signIn(t, u.Email, authPassword)
		})
		t.Run("per address", func(t *testing.T) {
			a := newAuthApp(t, engine, authOptions{TrustProxy: true})
			// The load balancer appends the address it saw to whatever
			// X-Forwarded-For the client sent; the client varies its own
			// part to look like many.
			n := 0
			from := func(addr string) string {
				return "X-Forwarded-For: 203.0.113." + id(int64(n%250)) + ", " + addr
			}
			// Four failures on each of five accounts: no account reaches
			// its own limit, the address reaches its.
			for acc := 0; n < salkku.MaxFailuresPerAddr; acc++ {
				for i := 0; i < salkku.MaxFailuresPerEmail-1 && n < salkku.MaxFailuresPerAddr; i++ {
					email := "guess" + id(int64(acc)) + "@test.invalid"
					if p := passwordLogin(t, a.browser(), email, "arvaus "+id(int64(i)), "/", from("192.0.2.7")); p.Status != http.StatusUnauthorized {
						t.Fatalf("failure %d: status %d, want 401", n+1, p.Status)
					}
					n++
				}
			}
			b := a.browser()
			p := passwordLogin(t, b, a.admin.Email, authPassword, "/", from("192.0.2.7"))
			wantStatus(t, p, http.StatusTooManyRequests)
			if got := errorSummary(p); got != msgLoginThrottled {
				t.Errorf("message %q, want %q", got, msgLoginThrottled)
			}
			wantNoSession(t, b, p)
			// Another address is not held back.
			wantRedirect(t, passwordLogin(t, a.browser(), a.admin.Email, authPassword, "/", from("192.0.2.8")), "/")
		})
	})
}

func TestLogout(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		b := a.signIn(t, a.admin.Email, authPassword)
		secret := b.sessionSecret(t)

		t.Run("ErrNoCSRF", func(t *testing.T) {
			wantStatus(t, b.do(t, http.MethodPost, "/logout", strings.NewReader(""), "X-CSRF-Token: wrong"), http.StatusForbidden)
			wantStatus(t, b.get(t, "/account"), http.StatusOK)
		})

		// The header's sign-out form, as a browser posts it: the token in
		// the form, none in a header.
		csrf := b.csrf
		b.csrf = ""
		p := b.post(t, "/logout", url.Values{"csrf": {csrf}})
		wantRedirect(t, p, "/login")
		if c := setCookies(p)["salkku_session"]; c == nil || c.MaxAge >= 0 {
			t.Errorf("session cookie after logout: %+v, want it cleared", c)
		}
		wantText(t, b.get(t, "/login"), fiMsg("flash.logged_out"))
		// The session is gone from the database: the old cookie, kept by
		// someone, no longer works.
		if _, _, err := a.db.FindSession(salkku.System(context.Background()), secret); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
			t.Errorf("FindSession after logout: %v, want EUNAUTHORIZED", err)
		}
		stolen := a.browser()
		stolen.setSessionCookie(t, secret)
		wantRedirect(t, stolen.get(t, "/account"), "/login?next=%2Faccount")
	})
}

func TestLoginDisabledUser(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		u := a.user(t, "leaver@test.invalid", "Lähtijä", false, authPassword)
		b := a.signIn(t, u.Email, authPassword)
		wantStatus(t, b.get(t, "/account"), http.StatusOK)

		// The admin disables the user on the user's page.
		form := formValues(t, a.get(t, "/admin/users/"+id(u.ID)))
		form.Set("disabled", "true")
		wantRedirect(t, a.post(t, "/admin/users/"+id(u.ID), form), "/admin/users/"+id(u.ID))

		wantRedirect(t, b.get(t, "/account"), "/login?next=%2Faccount")
		p := passwordLogin(t, a.browser(), u.Email, authPassword, "/")
		wantStatus(t, p, http.StatusUnauthorized)
		if got := errorSummary(p); got != msgLoginFailed {
			t.Errorf("message %q, want the generic %q", got, msgLoginFailed)
		}
		// A session made some other way does not work either.
		wantRedirect(t, a.as(t, u).get(t, "/account"), "/login?next=%2Faccount")
	})
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		t.Run("idle", func(t *testing.T) {
			a := newAuthApp(t, engine, authOptions{})
			b := a.signIn(t, a.admin.Email, authPassword)
			// Use keeps the session alive past the idle time.
			for i := 0; i < 3; i++ {
				a.clock.Advance(salkku.SessionIdle - time.Minute)
				wantStatus(t, b.get(t, "/account"), http.StatusOK)
			}
			a.clock.Advance(salkku.SessionIdle + time.Minute)
			p := b.get(t, "/account?tab=1")
			wantRedirect(t, p, "/login?next=%2Faccount%3Ftab%3D1")
			if c := setCookies(p)["salkku_session"]; c == nil || c.MaxAge >= 0 {
				t.Errorf("expired session cookie not cleared: %+v", c)
			}
		})
		t.Run("max", func(t *testing.T) {
			a := newAuthApp(t, engine, authOptions{})
			b := a.signIn(t, a.admin.Email, authPassword)
			step := salkku.SessionIdle - time.Hour
			var used time.Duration
			for ; used+step < salkku.SessionMax; used += step {
				a.clock.Advance(step)
				wantStatus(t, b.get(t, "/account"), http.StatusOK)
			}
			a.clock.Advance(salkku.SessionMax - used + time.Minute)
			wantRedirect(t, b.get(t, "/account"), "/login?next=%2Faccount")
		})
	})
}

// TestLoginAudit checks that sign-ins, failed ones and sign-outs are in
// the audit log, and that no password typed reaches the log or the
// server's own log.
func TestLoginAudit(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		u := a.user(t, "kirjautuja@test.invalid", "Kirsi Kirjautuja", false, authPassword)
		typed := []string{"Väärä-Salasana-123", "toinen väärä salasana", authPassword}
		wantStatus(t, passwordLogin(t, a.browser(), u.Email, typed[0], "/"), http.StatusUnauthorized)
		wantStatus(t, passwordLogin(t, a.browser(), "tuntematon@test.invalid", typed[1], "/"), http.StatusUnauthorized)
		b := a.signIn(t, u.Email, authPassword)
		wantRedirect(t, b.post(t, "/logout", url.Values{}), "/login")
		// A password change: the new one must not be logged either.
		newPassword := "uusi salasana joka on pitkä"
		typed = append(typed, newPassword)
		b = a.signIn(t, u.Email, authPassword)
		wantRedirect(t, b.post(t, "/account", url.Values{"action": {"password"}, "current_password": {authPassword},
			"new_password": {newPassword}, "new_password2": {newPassword}}), "/account")

		failed := a.get(t, "/admin/audit?action=login_failed")
		wantStatus(t, failed, http.StatusOK)
		wantText(t, failed, fiMsg("action_log.login_failed"), u.Email, "tuntematon@test.invalid")
		wantCount(t, failed, 2)
		ok := a.get(t, "/admin/audit?action=login")
		wantText(t, ok, fiMsg("action_log.login"), "Kirsi Kirjautuja")
		// Two logins through the form and the check of the current
		// password when it was changed; the admin's session of newAuthApp
		// was made in the store.
		wantCount(t, ok, 3)
		logout := a.get(t, "/admin/audit?action=logout")
		wantText(t, logout, fiMsg("action_log.logout"), "Kirsi Kirjautuja")
		wantCount(t, logout, 1)
		pw := a.get(t, "/admin/audit?action=password")
		wantText(t, pw, fiMsg("action_log.password"))
		wantCount(t, pw, 1)

		// Nowhere in the audit log, whichever way it is read, nor in the
		// server's log.
		all := map[string]string{
			"page": a.get(t, "/admin/audit").Body,
			"CSV":  a.get(t, "/admin/audit?format=csv").Body,
			"API":  a.do(t, http.MethodGet, "/api/v1/audit?limit=500", nil).Body,
			"log":  a.logs.String(),
		}
		entries, _, err := a.db.FindAudit(salkku.System(context.Background()), salkku.AuditFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
		must(t, err)
		for _, e := range entries {
			all["store"] += e.Before + e.After + e.ActorName + "\n"
		}
		for where, text := range all {
			for _, pw := range typed {
				if strings.Contains(text, pw) || strings.Contains(text, url.QueryEscape(pw)) {
					t.Errorf("the %s of the audit log shows the password %q", where, pw)
				}
			}
		}
		if !strings.Contains(all["API"], `"login_failed"`) {
			t.Errorf("API audit has no failed login: %.500s", all["API"])
		}
	})
}

package oidc_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"github.com/salkku/salkku"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/salkku/salkku/oidc"
	"github.com/salkku/salkku/oidc/oidctest"
)

const (
	clientID     = "salkku"
	clientSecret = "salkku-secret"
)

// app is the relying party under test: its callback server and Config.
type app struct {
	op  *oidctest.Provider
	cfg oidc.Config
}

// newApp starts a test provider with the users, an app callback server, and
// registers the app at the provider as client (whose ID, Secret and
// RedirectURIs are filled in when empty).
func newApp(tb testing.TB, client oidctest.Client, users ...oidctest.User) *app {
	tb.Helper()
	op := oidctest.NewProvider(tb, users...)
	callback := newCallback(tb)
	if client.ID == "" {
		client.ID = clientID
	}
	if client.Secret == "" {
		client.Secret = clientSecret
	}
	if len(client.RedirectURIs) == 0 {
		client.RedirectURIs = []string{callback}
	}
	op.AddClient(client)
	return &app{op: op, cfg: oidc.Config{
		Issuer:       op.Issuer,
		ClientID:     client.ID,
		ClientSecret: client.Secret,
		RedirectURL:  client.RedirectURIs[0],
	}}
}

// newCallback starts a server standing in for the app's callback handler and
// returns the callback URL. It answers 200: the test reads code and state from
// the URL the browser ended on.
func newCallback(tb testing.TB) string {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/auth/callback" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("callback reached"))
	}))
	tb.Cleanup(srv.Close)
	return srv.URL + "/auth/callback"
}

// MustNew returns the relying party for cfg.
func MustNew(tb testing.TB, cfg oidc.Config) *oidc.Provider {
	tb.Helper()
	p, err := oidc.New(salkku.System(context.Background()), cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return p
}

// MustStart starts a login attempt.
func MustStart(tb testing.TB, p *oidc.Provider) oidc.Attempt {
	tb.Helper()
	a, err := p.Start()
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	return a
}

// browse sends a browser (a client with a cookie jar that follows redirects)
// to the attempt's URL and returns the query the app's callback received.
func browse(tb testing.TB, a oidc.Attempt) url.Values {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := browser.Get(a.URL)
	if err != nil {
		tb.Fatalf("GET authorization URL: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/auth/callback" {
		tb.Fatalf("browser ended on %s with %s, want the app's callback", resp.Request.URL, resp.Status)
	}
	return resp.Request.URL.Query()
}

// login runs Start and the browser's round trip and returns the attempt and
// the code, checking the state as the web layer must.
func login(tb testing.TB, p *oidc.Provider) (oidc.Attempt, string) {
	tb.Helper()
	a := MustStart(tb, p)
	q := browse(tb, a)
	if got, want := q.Get("state"), a.State; got != want {
		tb.Fatalf("callback state = %q, want %q", got, want)
	}
	if q.Get("error") != "" || q.Get("code") == "" {
		tb.Fatalf("callback query = %v, want a code", q)
	}
	return a, q.Get("code")
}

// wantErr fails unless err is not nil and its message contains each part.
func wantErr(tb testing.TB, err error, parts ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("err = nil, want an error containing %q", parts)
	}
	for _, part := range parts {
		if !strings.Contains(err.Error(), part) {
			tb.Fatalf("err = %q, want it to contain %q", err, part)
		}
	}
}

func TestProvider_Login(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)

		got, err := p.Finish(salkku.System(context.Background()), code, attempt)
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		want := oidc.Identity{
			Issuer:        a.op.Issuer,
			Subject:       oidctest.DefaultUser.Subject,
			Email:         oidctest.DefaultUser.Email,
			EmailVerified: true,
			Name:          oidctest.DefaultUser.Name,
		}
		if got != want {
			t.Fatalf("Finish = %+v, want %+v", got, want)
		}
	})

	t.Run("AuthorizationURL", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		attempt := MustStart(t, MustNew(t, a.cfg))
		u, err := url.Parse(attempt.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := u.Scheme+"://"+u.Host, a.op.Issuer; got != want {
			t.Errorf("authorization URL host = %q, want the issuer's %q", got, want)
		}
		sum := sha256.Sum256([]byte(attempt.Verifier))
		q := u.Query()
		for key, want := range map[string]string{
			"response_type":         "code",
			"client_id":             clientID,
			"redirect_uri":          a.cfg.RedirectURL,
			"scope":                 "openid email profile",
			"state":                 attempt.State,
			"nonce":                 attempt.Nonce,
			"code_challenge_method": "S256",
			"code_challenge":        base64.RawURLEncoding.EncodeToString(sum[:]),
		} {
			if got := q.Get(key); got != want {
				t.Errorf("%s = %q, want %q", key, got, want)
			}
		}
	})

	t.Run("FreshAttempts", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		a1, a2 := MustStart(t, p), MustStart(t, p)
		if a1.State == a2.State || a1.Nonce == a2.Nonce || a1.Verifier == a2.Verifier {
			t.Fatalf("two attempts share a value: %+v and %+v", a1, a2)
		}
		if len(a1.State) < 43 || len(a1.Nonce) < 43 || len(a1.Verifier) < 43 {
			t.Fatalf("attempt values too short: %+v", a1)
		}
	})

	t.Run("LoginAs", func(t *testing.T) {
		other := oidctest.User{Subject: "user-2", Email: "maija@example.com", EmailVerified: true, Name: "Maija Meikäläinen"}
		a := newApp(t, oidctest.Client{}, oidctest.DefaultUser, other)
		p := MustNew(t, a.cfg)
		a.op.LoginAs(other.Subject)
		attempt, code := login(t, p)
		got, err := p.Finish(salkku.System(context.Background()), code, attempt)
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		if got.Subject != other.Subject || got.Email != other.Email || got.Name != other.Name {
			t.Fatalf("Finish = %+v, want user %+v", got, other)
		}
	})

	t.Run("EmailNotVerified", func(t *testing.T) {
		// Like Entra ID: an email claim and no email_verified claim.
		user := oidctest.User{Subject: "entra-user", Email: "liisa@example.com", Name: "Liisa"}
		for _, tc := range []struct {
			name       string
			trustEmail bool
			want       bool
		}{
			{"Untrusted", false, false},
			{"TrustEmail", true, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := newApp(t, oidctest.Client{}, user)
				a.cfg.TrustEmail = tc.trustEmail
				p := MustNew(t, a.cfg)
				attempt, code := login(t, p)
				got, err := p.Finish(salkku.System(context.Background()), code, attempt)
				if err != nil {
					t.Fatalf("Finish: %v", err)
				}
				if got.Email != user.Email || got.EmailVerified != tc.want {
					t.Fatalf("Finish = %+v, want email %q verified=%v", got, user.Email, tc.want)
				}
			})
		}
	})

	t.Run("TrustEmailWithoutEmail", func(t *testing.T) {
		a := newApp(t, oidctest.Client{}, oidctest.User{Subject: "no-email", Name: "Nimetön"})
		a.cfg.TrustEmail = true
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		got, err := p.Finish(salkku.System(context.Background()), code, attempt)
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		if got.Email != "" || got.EmailVerified {
			t.Fatalf("Finish = %+v, want no email and not verified", got)
		}
	})

	t.Run("Denied", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		a.op.Deny(true)
		attempt := MustStart(t, p)
		q := browse(t, attempt)
		if got, want := q.Get("error"), "access_denied"; got != want {
			t.Fatalf("callback error = %q, want %q (query %v)", got, want, q)
		}
		if got, want := q.Get("state"), attempt.State; got != want {
			t.Fatalf("callback state = %q, want %q", got, want)
		}
	})

	t.Run("ErrWrongVerifier", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		attempt.Verifier = MustStart(t, p).Verifier
		_, err := p.Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: exchange code:", "invalid_grant")
		var rerr *oauth2.RetrieveError
		if !errors.As(err, &rerr) {
			t.Fatalf("err = %#v, want it to wrap an *oauth2.RetrieveError", err)
		}
	})

	t.Run("ErrWrongNonce", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		attempt.Nonce = MustStart(t, p).Nonce
		_, err := p.Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: verify id token:", "nonce")
	})

	t.Run("ErrTokenForOtherClient", func(t *testing.T) {
		// The provider misbehaves and issues the ID token to another client.
		a := newApp(t, oidctest.Client{IssueTokensAs: "other-app"})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		_, err := p.Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: verify id token:", "audience")
	})

	t.Run("ErrCodeForOtherClient", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		other := a.cfg
		other.ClientID, other.ClientSecret = "other-app", "other-secret"
		a.op.AddClient(oidctest.Client{ID: other.ClientID, Secret: other.ClientSecret, RedirectURIs: []string{other.RedirectURL}})

		attempt, code := login(t, MustNew(t, other))
		_, err := MustNew(t, a.cfg).Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: exchange code:", "invalid_grant")
	})

	t.Run("ErrWrongSecret", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		cfg := a.cfg
		cfg.ClientSecret = "wrong"
		_, err := MustNew(t, cfg).Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: exchange code:")
	})

	t.Run("ErrCodeUsedTwice", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		if _, err := p.Finish(salkku.System(context.Background()), code, attempt); err != nil {
			t.Fatalf("first Finish: %v", err)
		}
		_, err := p.Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: exchange code:", "invalid_grant")
	})

	t.Run("ErrExpiredIDToken", func(t *testing.T) {
		a := newApp(t, oidctest.Client{IDTokenLifetime: -time.Minute})
		p := MustNew(t, a.cfg)
		attempt, code := login(t, p)
		_, err := p.Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: verify id token:", "expired")
	})

	t.Run("ErrUnknownSigningKey", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		a.op.SignWithUnpublishedKey(true)
		attempt, code := login(t, p)
		_, err := p.Finish(salkku.System(context.Background()), code, attempt)
		wantErr(t, err, "oidc: verify id token:", "signature")
	})

	t.Run("ErrEmptyAttempt", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		p := MustNew(t, a.cfg)
		_, code := login(t, p)
		_, err := p.Finish(salkku.System(context.Background()), code, oidc.Attempt{})
		wantErr(t, err, "oidc: finish:")
	})
}

func TestNew(t *testing.T) {
	t.Run("ErrNotFound", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		t.Cleanup(srv.Close)
		_, err := oidc.New(salkku.System(context.Background()), oidc.Config{
			Issuer: srv.URL + "/tenant/v2.0", ClientID: clientID, ClientSecret: clientSecret, RedirectURL: "https://salkku.example.com/auth/callback",
		})
		wantErr(t, err, `oidc: discover issuer "`+srv.URL+`/tenant/v2.0"`, "404")
	})

	t.Run("ErrNotJSON", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>sign in</html>"))
		}))
		t.Cleanup(srv.Close)
		_, err := oidc.New(salkku.System(context.Background()), oidc.Config{
			Issuer: srv.URL, ClientID: clientID, ClientSecret: clientSecret, RedirectURL: "https://salkku.example.com/auth/callback",
		})
		wantErr(t, err, "oidc: discover issuer", "decode")
	})

	t.Run("ErrIssuerMismatch", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		cfg := a.cfg
		cfg.Issuer = strings.Replace(cfg.Issuer, "127.0.0.1", "localhost", 1)
		_, err := oidc.New(salkku.System(context.Background()), cfg)
		wantErr(t, err, "oidc: discover issuer", "did not match")
	})

	t.Run("ErrUnreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		_, err := oidc.New(salkku.System(context.Background()), oidc.Config{
			Issuer: srv.URL, ClientID: clientID, ClientSecret: clientSecret, RedirectURL: "https://salkku.example.com/auth/callback",
		})
		wantErr(t, err, "oidc: discover issuer", "connection refused")
	})

	t.Run("ErrConfig", func(t *testing.T) {
		ok := oidc.Config{Issuer: "https://login.example.com/t/v2.0", ClientID: clientID, ClientSecret: clientSecret, RedirectURL: "https://salkku.example.com/auth/callback"}
		for _, tc := range []struct {
			name   string
			change func(*oidc.Config)
			want   string
		}{
			{"Issuer", func(c *oidc.Config) { c.Issuer = "" }, "issuer is required"},
			{"IssuerNotURL", func(c *oidc.Config) { c.Issuer = "login.example.com" }, "issuer"},
			{"ClientID", func(c *oidc.Config) { c.ClientID = "" }, "client id is required"},
			{"ClientSecret", func(c *oidc.Config) { c.ClientSecret = "" }, "client secret is required"},
			{"RedirectURL", func(c *oidc.Config) { c.RedirectURL = "" }, "redirect URL is required"},
			{"RedirectURLRelative", func(c *oidc.Config) { c.RedirectURL = "/auth/callback" }, "redirect URL"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cfg := ok
				tc.change(&cfg)
				_, err := oidc.New(salkku.System(context.Background()), cfg)
				wantErr(t, err, "oidc: ", tc.want)
			})
		}
	})

	t.Run("ScopesGetOpenID", func(t *testing.T) {
		a := newApp(t, oidctest.Client{})
		cfg := a.cfg
		cfg.Scopes = []string{"email"}
		attempt := MustStart(t, MustNew(t, cfg))
		u, err := url.Parse(attempt.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := u.Query().Get("scope"), "openid email"; got != want {
			t.Fatalf("scope = %q, want %q", got, want)
		}
	})

	t.Run("ContextOnlyForDiscovery", func(t *testing.T) {
		// The keys are fetched after New's context is gone.
		a := newApp(t, oidctest.Client{})
		ctx, cancel := context.WithCancel(salkku.System(context.Background()))
		p, err := oidc.New(ctx, a.cfg)
		cancel()
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		attempt, code := login(t, p)
		if _, err := p.Finish(salkku.System(context.Background()), code, attempt); err != nil {
			t.Fatalf("Finish: %v", err)
		}
	})
}

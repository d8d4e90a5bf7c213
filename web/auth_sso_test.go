package web_test

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/oidc"
	"github.com/salkku/salkku/oidc/oidctest"
)

// The single sign-on tests run the whole OpenID Connect flow against the
// real provider of oidc/oidctest: the browser goes from /login/sso to the
// provider, which signs in its chosen user and sends the browser back to
// /login/callback.

// People the test provider knows.
var (
	ssoAlice = oidctest.User{Subject: "sub-alice", Email: "alice.asiakas@example.com", EmailVerified: true, Name: "Alice Asiakas"}
	// ssoKalle has a local account with a password already.
	ssoKalle = oidctest.User{Subject: "sub-kalle", Email: "Kalle.Kayttaja@example.com", EmailVerified: true, Name: "Kalle (IdP)"}
	// ssoEve's provider does not vouch for her e-mail, which is the
	// admin's.
	ssoEve = oidctest.User{Subject: "sub-eve", Email: "admin@test.invalid", Name: "Eve"}
	// ssoNoEmail has no e-mail at all.
	ssoNoEmail = oidctest.User{Subject: "sub-noemail", Name: "Nimetön"}
)

var ssoFailed = fiMsg("error.sso_failed")

// ssoApp is an authApp with single sign-on through a test provider.
type ssoApp struct {
	*authApp
	op *oidctest.Provider
}

// newSSOApp starts a test provider with the users, then the server, whose
// callback address is registered at the provider before it starts.
func newSSOApp(t *testing.T, engine string, users ...oidctest.User) *ssoApp {
	t.Helper()
	op := oidctest.NewProvider(t, users...)
	a := newAuthApp(t, engine, authOptions{OIDC: func(t *testing.T, base string) *oidc.Provider {
		t.Helper()
		op.AddClient(oidctest.Client{ID: "salkku", Secret: "salkku-salaisuus", RedirectURIs: []string{base + "/login/callback"}})
		p, err := oidc.New(salkku.System(context.Background()), oidc.Config{Issuer: op.Issuer, ClientID: "salkku", ClientSecret: "salkku-salaisuus",
			RedirectURL: base + "/login/callback"})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}})
	return &ssoApp{authApp: a, op: op}
}

var ssoButtonRE = regexp.MustCompile(`<a class="button" href="(/login/sso[^"]*)">`)

// ssoButton is the address of the login page's single sign-on button.
func ssoButton(t *testing.T, p *page) string {
	t.Helper()
	m := ssoButtonRE.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("%s: no single sign-on button\n%s", p, excerpt(p.Body))
	}
	return html.UnescapeString(m[1])
}

// toCallback follows a browser from start (a path of the app, such as
// /login/sso?next=…) through the provider, and returns the address of the
// app's callback that the provider sends the browser to, not yet opened.
func (a *ssoApp) toCallback(t *testing.T, b *app, start string) *url.URL {
	t.Helper()
	app, err := url.Parse(a.url)
	if err != nil {
		t.Fatal(err)
	}
	var hops []string
	follow := &http.Client{Jar: b.hc.Jar, Transport: b.hc.Transport, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		hops = append(hops, fmt.Sprintf("%d → %s", req.Response.StatusCode, req.URL))
		if req.URL.Host == app.Host && req.URL.Path == "/login/callback" {
			return http.ErrUseLastResponse
		}
		if len(via) > 10 {
			return errors.New("too many redirects")
		}
		return nil
	}}
	res, err := follow.Get(a.url + start)
	if err != nil {
		t.Fatalf("GET %s: %v; hops %v", start, err, hops)
	}
	res.Body.Close()
	cb, err := res.Location()
	if err != nil || cb.Host != app.Host || cb.Path != "/login/callback" {
		t.Fatalf("GET %s ended with %s at %s, not sent to the callback; hops %v", start, res.Status, res.Request.URL, hops)
	}
	// The first hop is the app's own redirect to the provider.
	if len(hops) == 0 || !strings.HasPrefix(strings.SplitN(hops[0], " → ", 2)[1], a.op.Issuer+"/") {
		t.Errorf("the app did not send the browser to the provider first: %v", hops)
	}
	return cb
}

// ssoLogin signs b in through the provider, starting at the SSO button of
// /login?next=…, and returns the callback's answer.
func (a *ssoApp) ssoLogin(t *testing.T, b *app, next string) *page {
	t.Helper()
	start := ssoButton(t, b.get(t, "/login?next="+url.QueryEscape(next)))
	return b.get(t, a.toCallback(t, b, start).RequestURI())
}

// userCount is the number of users in the store.
func (a *authApp) userCount(t *testing.T) int {
	t.Helper()
	_, n, err := a.db.FindUsers(salkku.System(context.Background()), salkku.UserFilter{})
	must(t, err)
	return n
}

// findUser reads a user by e-mail.
func (a *authApp) findUser(t *testing.T, email string) *salkku.User {
	t.Helper()
	u, err := a.db.FindUserByEmail(salkku.System(context.Background()), email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func TestSSOLogin(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newSSOApp(t, engine, ssoAlice, ssoKalle, ssoEve, ssoNoEmail)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		kalle := a.user(t, "kalle.kayttaja@example.com", "Kalle Käyttäjä", false, authPassword)
		must(t, a.db.CreateGrant(ctx, &salkku.Grant{UserID: kalle.ID, Role: salkku.RoleViewer, PortfolioID: &pf.ID}))
		users := a.userCount(t)

		t.Run("button", func(t *testing.T) {
			p := a.browser().get(t, "/login?next=%2Fportfolios%2F1")
			wantText(t, p, fiMsg("login.sso"), fiMsg("login.with_password"))
			if got := ssoButton(t, p); got != "/login/sso?next=%2fportfolios%2f1" && got != "/login/sso?next=%2Fportfolios%2F1" {
				t.Errorf("button goes to %q, want /login/sso with next", got)
			}
		})

		t.Run("new user", func(t *testing.T) {
			a.op.LoginAs(ssoAlice.Subject)
			b := a.browser()
			p := a.ssoLogin(t, b, "/")
			wantRedirect(t, p, "/")
			c := setCookies(p)["salkku_session"]
			if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Fatalf("session cookie %+v, want HttpOnly and Lax", c)
			}
			home := b.get(t, "/")
			wantStatus(t, home, http.StatusOK)
			wantText(t, home, fiMsg("account.no_roles"), "Alice Asiakas")
			wantNoText(t, home, org.Name.FI, pf.Name.FI)
			if got := a.userCount(t); got != users+1 {
				t.Fatalf("%d users, want %d: the first login makes one", got, users+1)
			}
			u := a.findUser(t, ssoAlice.Email)
			if !u.SSO || u.HasPassword || u.Admin || u.Name != ssoAlice.Name {
				t.Errorf("new user %+v, want an SSO user without password or admin, named by the provider", u)
			}
			grants, err := a.db.FindGrants(ctx, u.ID)
			must(t, err)
			if len(grants) != 0 {
				t.Errorf("new user has roles %+v", grants)
			}
			wantStatus(t, b.get(t, "/portfolios/"+id(pf.ID)), http.StatusForbidden)
		})

		t.Run("same user again", func(t *testing.T) {
			a.op.LoginAs(ssoAlice.Subject)
			first := a.findUser(t, ssoAlice.Email)
			b := a.browser()
			wantRedirect(t, a.ssoLogin(t, b, "/"), "/")
			if got := a.userCount(t); got != users+1 {
				t.Errorf("%d users after a second login, want %d", got, users+1)
			}
			me := b.get(t, "/account")
			wantText(t, me, first.Email, first.Name)
		})

		t.Run("links the local user", func(t *testing.T) {
			a.op.LoginAs(ssoKalle.Subject)
			b := a.browser()
			next := "/portfolios/" + id(pf.ID) + "?q=x&sort=start"
			// The way a person gets there: a page, the login page, the button.
			wantRedirect(t, b.get(t, next), "/login?next="+url.QueryEscape(next))
			wantRedirect(t, a.ssoLogin(t, b, next), next)
			p := b.get(t, next)
			wantStatus(t, p, http.StatusOK)
			wantText(t, p, pf.Name.FI, "Kalle Käyttäjä")
			if got := a.userCount(t); got != users+1 {
				t.Errorf("%d users, want %d: the local user is linked, not duplicated", got, users+1)
			}
			u := a.findUser(t, kalle.Email)
			if u.ID != kalle.ID || !u.SSO || !u.HasPassword {
				t.Errorf("linked user %+v, want user %d with SSO and the password kept", u, kalle.ID)
			}
			// The password still works too.
			a.signIn(t, kalle.Email, authPassword)
		})

		for _, tc := range []struct {
			name string
			user oidctest.User
		}{
			{"unverified e-mail of an existing user", ssoEve},
			{"no e-mail", ssoNoEmail},
		} {
			t.Run("ErrRefused "+tc.name, func(t *testing.T) {
				a.op.LoginAs(tc.user.Subject)
				b := a.browser()
				p := a.ssoLogin(t, b, "/")
				wantStatus(t, p, http.StatusUnauthorized)
				wantText(t, p, fiMsg("error.sso_unverified"))
				wantNoSession(t, b, p)
				if got := a.userCount(t); got != users+1 {
					t.Errorf("%d users, want %d", got, users+1)
				}
				if admin := a.findUser(t, a.admin.Email); admin.SSO {
					t.Errorf("the admin was linked to an identity whose e-mail is not verified")
				}
			})
		}

		t.Run("ErrDisabled", func(t *testing.T) {
			u := a.findUser(t, ssoAlice.Email)
			u.Disabled = true
			must(t, a.db.UpdateUser(ctx, u))
			a.op.LoginAs(ssoAlice.Subject)
			b := a.browser()
			p := a.ssoLogin(t, b, "/")
			wantStatus(t, p, http.StatusUnauthorized)
			wantNoSession(t, b, p)
		})

		t.Run("audit", func(t *testing.T) {
			p := a.get(t, "/admin/audit?action=login")
			wantText(t, p, "Alice Asiakas", "Kalle Käyttäjä", fiMsg("audit.method.sso"))
			// Methods and reasons in the page's language.
			wantText(t, a.get(t, "/admin/audit?action=login_failed"), fiMsg("audit.reason.unverified_email"), fiMsg("audit.reason.disabled"))
		})
	})
}

func TestSSORefused(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newSSOApp(t, engine, ssoAlice)
		for _, tc := range []struct {
			name string
			// callback runs the flow in b up to the callback and returns
			// the address to open; it may spoil it.
			callback func(t *testing.T, b *app) string
		}{
			{"tampered state", func(t *testing.T, b *app) string {
				cb := a.toCallback(t, b, "/login/sso?next=/")
				q := cb.Query()
				q.Set("state", q.Get("state")+"x")
				cb.RawQuery = q.Encode()
				return cb.RequestURI()
			}},
			{"missing state", func(t *testing.T, b *app) string {
				cb := a.toCallback(t, b, "/login/sso?next=/")
				q := cb.Query()
				q.Del("state")
				cb.RawQuery = q.Encode()
				return cb.RequestURI()
			}},
			{"missing code", func(t *testing.T, b *app) string {
				cb := a.toCallback(t, b, "/login/sso?next=/")
				q := cb.Query()
				q.Del("code")
				cb.RawQuery = q.Encode()
				return cb.RequestURI()
			}},
			{"no attempt cookie", func(t *testing.T, b *app) string {
				// Another browser started the login.
				return a.toCallback(t, a.browser(), "/login/sso?next=/").RequestURI()
			}},
			{"cookie of another attempt", func(t *testing.T, b *app) string {
				first := a.toCallback(t, b, "/login/sso?next=/")
				a.toCallback(t, b, "/login/sso?next=/") // replaces the cookie
				return first.RequestURI()
			}},
			{"attacker's callback in the victim's browser", func(t *testing.T, b *app) string {
				// Login CSRF: the attacker's own code and state, opened
				// in a browser that started an attempt of its own.
				a.toCallback(t, b, "/login/sso?next=/")
				return a.toCallback(t, a.browser(), "/login/sso?next=/").RequestURI()
			}},
			{"callback without any query", func(t *testing.T, b *app) string {
				a.toCallback(t, b, "/login/sso?next=/")
				return "/login/callback"
			}},
			{"provider denies", func(t *testing.T, b *app) string {
				a.op.Deny(true)
				defer a.op.Deny(false)
				cb := a.toCallback(t, b, "/login/sso?next=/")
				if cb.Query().Get("error") != "access_denied" {
					t.Fatalf("callback %s, want error=access_denied", cb)
				}
				return cb.RequestURI()
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				b := a.browser()
				p := b.get(t, tc.callback(t, b))
				wantStatus(t, p, http.StatusUnauthorized)
				if got := errorSummary(p); got != ssoFailed {
					t.Errorf("message %q, want %q", got, ssoFailed)
				}
				wantNoSession(t, b, p)
			})
		}
		t.Run("replayed callback", func(t *testing.T) {
			b := a.browser()
			cb := a.toCallback(t, b, "/login/sso?next=/").RequestURI()
			wantRedirect(t, b.get(t, cb), "/")
			thief := a.browser()
			p := thief.get(t, cb)
			wantStatus(t, p, http.StatusUnauthorized)
			wantNoSession(t, thief, p)
			// Not even in the same browser, with its attempt used up.
			wantStatus(t, b.get(t, cb), http.StatusUnauthorized)
		})
		if got := a.userCount(t); got != 2 {
			t.Errorf("%d users, want the admin and Alice of the replay test", got)
		}
		t.Run("next kept", func(t *testing.T) {
			for _, next := range []string{"/portfolios/1?q=p%C3%A4iv%C3%A4koti&sort=start&desc=1", "/portfolios/1?q=a;b", "/projects/1/history?entity=project&to=2024-03-01"} {
				b := a.browser()
				cb := a.toCallback(t, b, "/login/sso?next="+url.QueryEscape(next))
				wantRedirect(t, b.get(t, cb.RequestURI()), next)
			}
		})
		t.Run("next stays on site", func(t *testing.T) {
			for _, next := range []string{"//evil.example", "https://evil.example/", "/\t/evil.example"} {
				b := a.browser()
				cb := a.toCallback(t, b, "/login/sso?next="+url.QueryEscape(next))
				wantRedirect(t, b.get(t, cb.RequestURI()), "/")
			}
		})
	})
}

// TestSSOLocalLoginOff turns passwords off: the form goes, password logins
// are refused, single sign-on goes on working. Without single sign-on the
// setting cannot lock everyone out.
func TestSSOLocalLoginOff(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		// setLocalLogin saves the settings page with the checkbox on or off.
		setLocalLogin := func(t *testing.T, a *authApp, on bool) {
			t.Helper()
			form := formValues(t, a.get(t, "/admin/settings"))
			form.Del("local_login")
			if on {
				form.Set("local_login", "true")
			}
			wantRedirect(t, a.post(t, "/admin/settings", form), "/admin/settings")
		}
		// loginToken opens the login page in b and returns the login
		// form's CSRF token from its cookie, as there may be no form.
		loginToken := func(t *testing.T, b *app) (*page, string) {
			t.Helper()
			p := b.get(t, "/login")
			wantStatus(t, p, http.StatusOK)
			c := setCookies(p)["salkku_login"]
			if c == nil {
				t.Fatalf("no login cookie")
			}
			return p, c.Value
		}

		t.Run("with SSO", func(t *testing.T) {
			a := newSSOApp(t, engine, ssoAlice)
			if !strings.Contains(a.get(t, "/admin/settings").Body, `name="local_login" value="true" checked`) {
				t.Fatalf("local login is not on at first")
			}
			setLocalLogin(t, a.authApp, false)
			if strings.Contains(a.get(t, "/admin/settings").Body, `name="local_login" value="true" checked`) {
				t.Fatalf("settings page still shows local login on")
			}
			b := a.browser()
			p, token := loginToken(t, b)
			if strings.Contains(p.Body, `name="password"`) || strings.Contains(p.Body, `action="/login"`) {
				t.Errorf("the password form is still on the login page\n%s", excerpt(p.Body))
			}
			ssoButton(t, p)
			p = b.post(t, "/login", url.Values{"csrf": {token}, "email": {a.admin.Email}, "password": {authPassword}, "next": {"/"}})
			wantStatus(t, p, http.StatusForbidden)
			wantText(t, p, fiMsg("error.local_login_off"))
			wantNoSession(t, b, p)

			a.op.LoginAs(ssoAlice.Subject)
			sso := a.browser()
			wantRedirect(t, a.ssoLogin(t, sso, "/account"), "/account")
			wantText(t, sso.get(t, "/account"), ssoAlice.Name)

			wantText(t, a.get(t, "/admin/audit?entity=setting"), fiMsg("field.local_login"), "<ins>"+fiMsg("common.no")+"</ins>")

			setLocalLogin(t, a.authApp, true)
			if p := a.browser().get(t, "/login"); !strings.Contains(p.Body, `name="password"`) {
				t.Errorf("the password form did not come back")
			}
			a.signIn(t, a.admin.Email, authPassword)
		})

		t.Run("without SSO", func(t *testing.T) {
			a := newAuthApp(t, engine, authOptions{})
			wantText(t, a.get(t, "/admin/settings"), fiMsg("admin.local_login_needed"))
			setLocalLogin(t, a, false)
			if p := a.browser().get(t, "/login"); !strings.Contains(p.Body, `name="password"`) {
				t.Errorf("the password form is gone though there is no other way in")
			}
			a.signIn(t, a.admin.Email, authPassword)
		})
	})
}

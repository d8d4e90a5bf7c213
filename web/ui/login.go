package ui

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/oidc"
)

type loginPage struct {
	web.Base
	Email      string
	Next       string
	Token      string
	LocalLogin bool
	SSO        bool
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// localLoginOn reports whether passwords may be used; an admin can turn
// them off when single sign-on is in use.
func (s *Server) localLoginOn(r *http.Request) bool {
	v, err := s.Users.Setting(r.Context(), salkku.SettingLocalLogin)
	return err != nil || v != "off" || s.OIDC == nil
}

// handleLogin shows the login form and checks a password login.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "login.title"))
	page := loginPage{Base: b, Next: web.SafeNext(r.FormValue("next")), LocalLogin: s.localLoginOn(r), SSO: s.OIDC != nil}
	if web.AuthOf(r) != nil && r.Method == http.MethodGet {
		http.Redirect(w, r, page.Next, http.StatusSeeOther)
		return
	}
	if r.Method == http.MethodGet {
		page.Flash = s.TakeFlash(w, r) // "logged out"
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		page.Email = r.PostFormValue("email")
		switch {
		case !s.anonTokenOK(r):
			page.Error, status = "error.csrf_login", http.StatusForbidden
		case !page.LocalLogin:
			page.Error, status = "error.local_login_off", http.StatusForbidden
		default:
			u, err := s.Users.Authenticate(r.Context(), page.Email, r.PostFormValue("password"), s.ClientAddr(r))
			if err == nil {
				if err := s.startSession(w, r, u); err != nil {
					s.Error(w, r, err)
					return
				}
				http.Redirect(w, r, page.Next, http.StatusSeeOther)
				return
			}
			switch salkku.ErrorCode(err) {
			case salkku.EUNAUTHORIZED:
				page.Error, status = "error.login_failed", http.StatusUnauthorized
			case salkku.ETOOMANY:
				page.Error, status = "error.login_throttled", http.StatusTooManyRequests
			default:
				s.Error(w, r, err)
				return
			}
		}
	}
	page.Token = s.loginToken(w, r)
	s.Render(w, r, status, "login", page)
}

// loginToken is the login form's CSRF token, kept in a cookie: the one the
// browser has, so that two tabs (or a favicon request) do not invalidate
// each other's forms, or a new one.
func (s *Server) loginToken(w http.ResponseWriter, r *http.Request) string {
	return anonToken(w, r, 3600, false)
}

// anonToken is the CSRF token of a form for those not signed in (the
// login form, the accessibility feedback form): the cookie's, or a new
// one kept for maxAge seconds; extend keeps an existing cookie for
// maxAge more.
func anonToken(w http.ResponseWriter, r *http.Request, maxAge int, extend bool) string {
	if c, err := r.Cookie(web.LoginCookie); err == nil && len(c.Value) == 32 {
		if extend {
			web.SetCookie(w, r, web.LoginCookie, c.Value, maxAge)
		}
		return c.Value
	}
	t := randomToken()
	web.SetCookie(w, r, web.LoginCookie, t, maxAge)
	return t
}

// anonTokenOK checks a form's CSRF token against the cookie.
func (s *Server) anonTokenOK(r *http.Request) bool {
	c, err := r.Cookie(web.LoginCookie)
	return err == nil && c.Value != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *salkku.User) error {
	secret, sess, err := s.Users.CreateSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	web.SetCookie(w, r, web.SessionCookie, secret, int(time.Until(sess.ExpiresAt).Seconds()))
	web.ClearCookie(w, r, web.LoginCookie)
	return nil
}

// handleLogout ends the session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(web.SessionCookie); err == nil {
		if err := s.Users.DeleteSession(r.Context(), c.Value); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	web.ClearCookie(w, r, web.SessionCookie)
	web.Redirect(w, r, "/login", "flash.logged_out")
}

// handleSSOStart sends the browser to the OpenID Connect provider, keeping
// the attempt (state, nonce, PKCE verifier) sealed in a short cookie.
func (s *Server) handleSSOStart(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.Error(w, r, errNotFound)
		return
	}
	a, err := s.OIDC.Start()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sealed, err := a.Seal(s.SealKey)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.SetCookie(w, r, web.OIDCCookie, sealed, 600)
	// Escaped: a cookie cannot hold every byte of a URL (";", for one).
	web.SetCookie(w, r, web.NextCookie, url.QueryEscape(web.SafeNext(r.URL.Query().Get("next"))), 600)
	http.Redirect(w, r, a.URL, http.StatusFound)
}

// handleSSOCallback finishes single sign-on: the state must match the
// sealed attempt, then the code is exchanged and the ID token verified.
func (s *Server) handleSSOCallback(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.Error(w, r, errNotFound)
		return
	}
	fail := func(key string) {
		b := s.NewBase(r, s.Catalog.T(web.Lang(r), "login.title"))
		page := loginPage{Base: b, Next: "/", LocalLogin: s.localLoginOn(r), SSO: true, Token: s.loginToken(w, r)}
		page.Error = key
		s.Render(w, r, http.StatusUnauthorized, "login", page)
	}
	c, err := r.Cookie(web.OIDCCookie)
	if err != nil {
		fail("error.sso_failed")
		return
	}
	web.ClearCookie(w, r, web.OIDCCookie)
	a, err := oidc.Open(s.SealKey, c.Value, 10*time.Minute)
	q := r.URL.Query()
	if err != nil || q.Get("state") == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(a.State)) != 1 {
		fail("error.sso_failed")
		return
	}
	if q.Get("error") != "" {
		fail("error.sso_failed")
		return
	}
	id, err := s.OIDC.Finish(r.Context(), q.Get("code"), a)
	if err != nil {
		s.Logger.Warn("single sign-on failed", "err", err)
		fail("error.sso_failed")
		return
	}
	u, err := s.Users.LoginSSO(r.Context(), salkku.Identity{Issuer: id.Issuer, Subject: id.Subject, Email: id.Email,
		Name: id.Name, EmailVerified: id.EmailVerified}, s.ClientAddr(r))
	if err != nil {
		if salkku.ErrorCode(err) == salkku.EUNAUTHORIZED {
			fail("error.sso_unverified")
			return
		}
		s.Error(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.Error(w, r, err)
		return
	}
	next := "/"
	if c, err := r.Cookie(web.NextCookie); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			next = web.SafeNext(v)
		}
	}
	web.ClearCookie(w, r, web.NextCookie)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

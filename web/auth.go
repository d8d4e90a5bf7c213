package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
)

// Cookies of signing in. The session cookie holds a random secret whose
// hash is the session's key in the database.
const (
	SessionCookie = "salkku_session"
	LoginCookie   = "salkku_login" // guards the login form against CSRF
	OIDCCookie    = "salkku_oidc"  // the sealed single sign-on attempt
	NextCookie    = "salkku_next"  // where to go after single sign-on
)

// AuthInfo is who makes a request and what they may do.
type AuthInfo struct {
	User    *salkku.User
	Access  *salkku.Access
	Session *salkku.Session // nil for API tokens
}

type authKey struct{}

func AuthOf(r *http.Request) *AuthInfo {
	a, _ := r.Context().Value(authKey{}).(*AuthInfo)
	return a
}

// AccessOf returns the request's access; nil (no rights) when anonymous.
func AccessOf(r *http.Request) *salkku.Access {
	if a := AuthOf(r); a != nil {
		return a.Access
	}
	return nil
}

// WithAuth is ctx as the sign-in middleware leaves it for info (with a
// user): who asks, and what they may do. The bench's bare handlers, which
// run without the middleware, start from it.
func WithAuth(ctx context.Context, info *AuthInfo) context.Context {
	ctx = context.WithValue(ctx, authKey{}, info)
	return salkku.WithCaller(ctx, salkku.Actor{UserID: info.User.ID, Name: info.User.Name}, info.Access)
}

// publicPaths need no sign-in.
func IsPublic(path string) bool {
	switch {
	case path == "/healthz", path == "/login", path == "/favicon.ico", path == "/login/sso", path == "/login/callback",
		strings.HasPrefix(path, "/assets/"),
		// The accessibility statement and its feedback channel are for
		// everyone (law 306/2019).
		path == "/accessibility", path == "/accessibility/feedback", path == "/accessibility/feedback/thanks":
		return true
	}
	return false
}

func UnsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// authenticate identifies the caller (API token, or session cookie), loads
// their access and checks CSRF tokens. Anonymous callers get the login page
// (web) or 401 (API), except on the public paths.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var info *AuthInfo
		var err error
		if c := internalCall(ctx); c != nil {
			// The site calling itself (a background job): the call's user
			// and access, already loaded.
			info = &AuthInfo{User: c.User, Access: c.Access}
		} else if h := r.Header.Get("Authorization"); IsAPI(r) && h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.Error(w, r, salkku.Errorf(salkku.EUNAUTHORIZED, "error.unauthorized"))
				return
			}
			var u *salkku.User
			if u, err = s.Users.AuthenticateToken(ctx, strings.TrimSpace(token)); err == nil {
				info = &AuthInfo{User: u}
			}
		} else if c, cerr := r.Cookie(SessionCookie); cerr == nil {
			sess, u, ferr := s.Users.FindSession(ctx, c.Value)
			if ferr == nil {
				info = &AuthInfo{User: u, Session: sess}
			} else if salkku.ErrorCode(ferr) == salkku.EUNAUTHORIZED {
				ClearCookie(w, r, SessionCookie)
			} else {
				err = ferr
			}
		}
		if err != nil && salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
			s.Error(w, r, s.unavailable(r, err))
			return
		}
		if info != nil {
			if info.Access == nil {
				info.Access = info.User.Access
			}
			if info.Access == nil {
				if info.Access, err = s.Users.FindAccess(ctx, info.User.ID); err != nil {
					s.Error(w, r, s.unavailable(r, err))
					return
				}
			}
			// What a signed-in user sees is theirs: no shared cache keeps it
			// (a new API token is shown once, on a page).
			if !strings.HasPrefix(r.URL.Path, "/assets/") {
				w.Header().Set("Cache-Control", "no-store")
			}
			r = r.WithContext(WithAuth(ctx, info))
			s.rememberLanguage(r, info.User)
		}
		if info == nil {
			// Whatever the context carried, an anonymous request may do
			// only what no caller may.
			r = r.WithContext(salkku.WithCaller(ctx, salkku.Actor{}, nil))
		}
		if IsPublic(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if info == nil {
			if IsAPI(r) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="salkku"`)
				s.Error(w, r, salkku.Errorf(salkku.EUNAUTHORIZED, "error.unauthorized"))
				return
			}
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		// A session's unsafe requests must carry its CSRF token: in the
		// form (pages) or in X-CSRF-Token (API calls from a browser).
		if info.Session != nil && UnsafeMethod(r.Method) {
			got := r.Header.Get("X-CSRF-Token")
			if got == "" && !IsAPI(r) {
				got = r.PostFormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(info.Session.CSRF)) != 1 {
				s.Error(w, r, salkku.Errorf(salkku.EFORBIDDEN, "error.csrf"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// rememberLanguage stores the language a signed-in user switches the
// pages to (?lang=, see language), so that their e-mail reminders are
// written in it too. A failure costs only that and is logged.
func (s *Server) rememberLanguage(r *http.Request, u *salkku.User) {
	lang := i18n.Supported(r.URL.Query().Get("lang"))
	if lang == "" || lang == u.Language || IsAPI(r) || internalCall(r.Context()) != nil {
		return
	}
	if err := s.Users.SetUserLanguage(r.Context(), u.ID, lang); err != nil {
		s.Logger.Warn("remember language", "user", u.ID, "err", err)
		return
	}
	u.Language = lang
}

// unavailable turns a failure to check who the caller is, which only a
// database that does not answer causes, into EUNAVAILABLE (503): the
// caller stays signed in and may try again. The cause is logged.
func (s *Server) unavailable(r *http.Request, err error) error {
	if salkku.ErrorCode(err) != salkku.EINTERNAL {
		return err
	}
	s.Logger.Error("session check failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return salkku.Errorf(salkku.EUNAVAILABLE, "error.unavailable")
}

// forbid answers 403 unless ok.
func (s *Server) Allowed(w http.ResponseWriter, r *http.Request, ok bool) bool {
	if !ok {
		s.Error(w, r, salkku.Errorf(salkku.EFORBIDDEN, "error.forbidden"))
	}
	return ok
}

func SetCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"})
}

func ClearCookie(w http.ResponseWriter, r *http.Request, name string) { SetCookie(w, r, name, "", -1) }

// SafeNext keeps a post-login Redirect on this site. Browsers drop tabs
// and line breaks from a URL ("/\t/evil.example" is "//evil.example"), so
// no control character may pass.
// A backslash anywhere is refused: browsers read it as a slash, and
// http.Redirect's cleaning of "/./\\x" would leave "/\\x", which is "//x".
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	p, q, hasQuery := strings.Cut(next, "?")
	p = path.Clean(p)
	if strings.HasPrefix(p, "//") {
		return "/"
	}
	if hasQuery {
		return p + "?" + q
	}
	return p
}

// clientAddr is the caller's address for login throttling. Behind a load
// balancer, set SALKKU_TRUST_PROXY so that X-Forwarded-For is used: its
// last entry, the one the load balancer appended. The entries before it
// come from the client, which could vary them to escape the throttle.
func (s *Server) ClientAddr(r *http.Request) string {
	if vs := r.Header.Values("X-Forwarded-For"); s.TrustProxy && len(vs) > 0 {
		f := vs[len(vs)-1]
		if a := strings.TrimSpace(f[strings.LastIndexByte(f, ',')+1:]); a != "" {
			return a
		}
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

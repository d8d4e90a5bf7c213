// Package web serves Salkku's user interface (server-rendered HTML that
// works without JavaScript) and its JSON API under /api/v1. Handlers are
// thin: decode, call a salkku service, render or Redirect.
package web

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/doc/render"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/oidc"
)

// MaxBodyBytes bounds every request body; forms and JSON of the register
// are far smaller.
const MaxBodyBytes = 1 << 20

// MaxImportBytes bounds the body of an import, which LargeBody lets a
// handler read: a finance system's export of tens of thousands of rows,
// or those rows as JSON; "salkku import" reads files as large.
const MaxImportBytes = 64 << 20

// rawBody is a request's body as it arrived, before MaxBodyBytes bounds
// it, so that LargeBody can bound it otherwise.
type rawBody struct {
	w    http.ResponseWriter
	body io.ReadCloser
}

type rawBodyKey struct{}

// LargeBody lets the handler read up to n bytes of r's body instead of
// MaxBodyBytes. Call it before anything reads the body.
func LargeBody(r *http.Request, n int64) {
	if rb, ok := r.Context().Value(rawBodyKey{}).(*rawBody); ok {
		r.Body = http.MaxBytesReader(rb.w, rb.body, n)
	}
}

// Pinger checks that the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what a Server is built from.
type Config struct {
	Register salkku.Register
	Users    salkku.UserService
	DB       Pinger
	Logger   *slog.Logger
	// OIDC is the single sign-on provider; nil when SSO is not configured.
	OIDC *oidc.Provider
	// SealKey seals single sign-on attempts in a cookie; every instance
	// behind one load balancer needs the same key (sqldb.InstanceKey).
	SealKey []byte
	// TrustProxy takes the client address from X-Forwarded-For, for login
	// throttling behind a load balancer.
	TrustProxy bool
	// Feedback keeps the accessibility feedback; when nil, Users serves
	// it if it can (sqldb.DB does).
	Feedback salkku.FeedbackService
	// FeedbackNotifier is told of each feedback message stored: where
	// e-mail to the admins will hook in. Nil notifies no one.
	FeedbackNotifier salkku.FeedbackNotifier
	// Reminders keeps the reminder log; when nil, Users serves it if it
	// can (sqldb.DB does).
	Reminders salkku.ReminderService
	// Jobs keeps the background jobs; when nil, Users serves them if it
	// can (sqldb.DB does).
	Jobs salkku.JobService
	// Now is the clock of the pages (the feedback form's timestamp);
	// time.Now when nil.
	Now func() time.Time
	// Docs writes the generated documents; nil writes PDFs in pure Go
	// (the command gives it the Chromium it finds).
	Docs *render.Renderer
	// Channels add their routes in order (web/site wires them all).
	Channels []Channel
}

// Server holds what the handlers need.
type Server struct {
	Register   salkku.Register
	Users      salkku.UserService
	DB         Pinger
	Logger     *slog.Logger
	Catalog    *i18n.Catalog
	OIDC       *oidc.Provider
	TrustProxy bool
	SealKey    []byte
	Feedback   salkku.FeedbackService
	// FeedbackNotifier, when set, is told of each feedback message stored.
	FeedbackNotifier salkku.FeedbackNotifier
	// Reminders keeps the reminder log; nil when the store has none.
	Reminders salkku.ReminderService
	// Jobs keeps the background jobs; nil when the store has none.
	Jobs salkku.JobService
	// JobQueued, when set, is told that a request queued a job: it wakes
	// this instance's runner (web/jobs), which otherwise looks every
	// second.
	JobQueued func()
	Now       func() time.Time
	// Docs writes the generated documents (doc/render).
	Docs *render.Renderer

	pages   map[string]*pageTemplate
	mux     *http.ServeMux
	routes  []Route
	handler http.Handler // the middleware chain around mux, made once
}

// Route is one row of the route table: a ServeMux pattern ("GET /path",
// or a bare path for a channel's catch-all) and its handler.
type Route struct {
	Pattern string
	Handler http.HandlerFunc
}

// A Channel is one way in (the pages, the JSON API, later OData and the
// public page): given the server, it returns its rows of the route table.
// Every channel calls the same store, which checks the caller's access.
type Channel func(s *Server) []Route

// NewServer parses the templates and sets up the routes.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Register == nil || cfg.Users == nil || cfg.DB == nil {
		return nil, errors.New("web: Register, Users and DB are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Feedback == nil {
		fs, ok := cfg.Users.(salkku.FeedbackService)
		if !ok {
			return nil, errors.New("web: Feedback is required when Users does not keep feedback")
		}
		cfg.Feedback = fs
	}
	if cfg.Reminders == nil {
		cfg.Reminders, _ = cfg.Users.(salkku.ReminderService)
	}
	if cfg.Jobs == nil {
		cfg.Jobs, _ = cfg.Users.(salkku.JobService)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.SealKey) < 32 {
		if cfg.OIDC != nil {
			return nil, errors.New("web: single sign-on needs a SealKey of 32 bytes or more")
		}
		cfg.SealKey = make([]byte, 32)
		rand.Read(cfg.SealKey)
	}
	s := &Server{Register: cfg.Register, Users: cfg.Users, DB: cfg.DB, Logger: cfg.Logger, Catalog: i18n.MustLoad(),
		OIDC: cfg.OIDC, TrustProxy: cfg.TrustProxy, SealKey: cfg.SealKey, Feedback: cfg.Feedback, FeedbackNotifier: cfg.FeedbackNotifier,
		Reminders: cfg.Reminders, Jobs: cfg.Jobs, Now: cfg.Now, Docs: cfg.Docs, mux: http.NewServeMux()}
	if s.Docs == nil {
		s.Docs = &render.Renderer{Logger: cfg.Logger}
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes = []Route{
		{"GET /healthz", s.handleHealth},
		{"GET /assets/", assetHandler().ServeHTTP},
		{"GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, AssetURL("favicon.svg"), http.StatusMovedPermanently)
		}},
	}
	for _, ch := range cfg.Channels {
		s.routes = append(s.routes, ch(s)...)
	}
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.Pattern, rt.Handler)
	}
	s.handler = s.chain()
	return s, nil
}

// chain is the middleware around the routes. Each reads the server's
// fields as it runs, so it is made once, not per request.
func (s *Server) chain() http.Handler {
	return s.logRequests(s.recoverer(s.securityHeaders(s.language(s.checkInput(s.authenticate(s.mux))))))
}

// Routes returns the route table: every pattern the server answers, so
// that the authorization matrix can call each one and fails on a route it
// has no row for.
func (s *Server) Routes() []Route { return slices.Clone(s.routes) }

// ServeHTTP runs every request through the middleware chain.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// statusWriter remembers the status a handler wrote, for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// logRequests writes one line per request: method, path (without the
// query, which may hold search text), status and duration. Nothing that
// identifies a session or carries a secret is logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/assets/") {
			return
		}
		s.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", time.Since(start).Milliseconds())
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.Ping(ctx); err != nil {
		s.Logger.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// recoverer turns a panic into a logged 500, so one bad request never takes
// the server down.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.Error(w, r, salkku.Errorf(salkku.EINTERNAL, "error.internal"))
			}
		}()
		rb := &rawBody{w: w, body: r.Body}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), rawBodyKey{}, rb)))
	})
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil || s.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https" {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

type langKey struct{}

// LangCookie remembers the user's language.
const LangCookie = "salkku_lang"

// language picks the language: ?lang= (remembered in a cookie), then the
// cookie, then Accept-Language, then Finnish.
func (s *Server) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := i18n.Supported(r.URL.Query().Get("lang"))
		if lang != "" {
			http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		} else if c, err := r.Cookie(LangCookie); err == nil {
			lang = i18n.Supported(c.Value)
		}
		if lang == "" {
			lang = i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
		}
		if lang == "" {
			lang = i18n.Default
		}
		// The store sorts texts in the reader's language too.
		ctx := salkku.WithLang(context.WithValue(r.Context(), langKey{}, lang), lang)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Lang returns the request's language.
func Lang(r *http.Request) string {
	if l, ok := r.Context().Value(langKey{}).(string); ok {
		return l
	}
	return i18n.Default
}

func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

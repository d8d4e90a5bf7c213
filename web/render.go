package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
)

//go:embed templates assets
var content embed.FS

// pageTemplate is one page parsed together with the layout and partials.
type pageTemplate struct {
	t *template.Template
}

var funcs = template.FuncMap{
	"join":  strings.Join,
	"add":   func(a, b int) int { return a + b },
	"sub":   func(a, b int) int { return a - b },
	"asset": AssetURL,
	"list":  func(v ...string) []string { return v },
	"sortCol": func(p any, key, label string) map[string]any {
		return map[string]any{"P": p, "Key": key, "Label": label}
	},
	"dictNode": func(b, n any) map[string]any {
		return map[string]any{"B": b, "N": n}
	},
	"paras": paragraphs,
	"indent": func(depth int) string {
		return fmt.Sprintf("depth-%d", min(depth, 4))
	},
	// fieldOrder is, on each page, the order of its form's fields (see
	// parseTemplates).
	"fieldOrder":    func() []string { return nil },
	"fieldID":       FieldID,
	"orderedErrors": orderedErrors,
}

// fieldInTemplate finds, in a page's source, the fields its form shows:
// the controls built by F and S, and inputs written out by hand.
var fieldInTemplate = regexp.MustCompile(`\.([FS]|TF) "([a-z_0-9]+)"|name="([a-z_0-9]+)"`)

// formFieldOrder lists the fields of a page's form in the order they
// appear.
func formFieldOrder(src []byte) []string {
	var order []string
	seen := map[string]bool{}
	for _, m := range fieldInTemplate.FindAllSubmatch(src, -1) {
		names := []string{string(m[2]) + string(m[3])}
		if string(m[1]) == "TF" {
			names = nil
			for _, l := range salkku.ContentLangs {
				names = append(names, string(m[2])+"."+l)
			}
		}
		for _, name := range names {
			if !seen[name] {
				seen[name] = true
				order = append(order, name)
			}
		}
	}
	return order
}

// FieldError is one line of a form's error summary.
type FieldError struct{ Field, Key string }

// orderedErrors lists a form's field errors in the order of its fields,
// any others after them by name, so that the summary reads as the form
// does.
func orderedErrors(errs map[string]string, order []string) []FieldError {
	out := make([]FieldError, 0, len(errs))
	done := map[string]bool{}
	for _, f := range order {
		if k, ok := errs[f]; ok && !done[f] {
			out = append(out, FieldError{f, k})
			done[f] = true
		}
	}
	var rest []string
	for f := range errs {
		if !done[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, FieldError{f, errs[f]})
	}
	return out
}

// paragraphs splits text at blank lines, for descriptions.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) parseTemplates() error {
	s.pages = map[string]*pageTemplate{}
	pages, err := fs.Glob(content, "templates/pages/*.html")
	if err != nil {
		return err
	}
	for _, p := range pages {
		t, err := template.New("").Funcs(funcs).ParseFS(content, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return fmt.Errorf("web: parse %s: %w", p, err)
		}
		src, err := content.ReadFile(p)
		if err != nil {
			return err
		}
		order := formFieldOrder(src)
		t.Funcs(template.FuncMap{"fieldOrder": func() []string { return order }})
		s.pages[strings.TrimSuffix(path.Base(p), ".html")] = &pageTemplate{t: t}
	}
	return nil
}

// Base is embedded in every page's data: the language, the translation
// helpers and what the layout shows.
type Base struct {
	Lang  string
	Title string
	Path  string
	Query url.Values
	Flash string
	// Error is the catalogue key of the message shown above a form or on
	// a confirmation page; ErrorArgs fill its placeholders.
	Error     string
	ErrorArgs []any
	cat       *i18n.Catalog
	Crumbs    []Crumb
	NavIndex  string
	// Errors maps form fields to catalogue keys of what is wrong with them.
	Errors map[string]string
	// User is who is signed in (nil on the login page); Access what they
	// may do, for showing only the actions they can take.
	User   *salkku.User
	Access *salkku.Access
	// CSRF is the session's token, sent back by every form.
	CSRF string
	// ContentLangs are the languages of the organisation whose texts a
	// form edits (see TF).
	ContentLangs salkku.Languages
	// OrganisationName names whose records the page shows, where they
	// are one organisation's: a printed page names it at the top.
	OrganisationName salkku.Text
	// Refresh, when set, sends the browser on to this URL as soon as the
	// page shows: a page that says a long step is under way.
	Refresh string
	// RefreshEvery, when set, reloads the page after that many seconds
	// where JavaScript does not run: a page that follows a job's progress.
	RefreshEvery int
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Label string
	URL   string
	// Lang is the label's language where it is not the page's.
	Lang string
}

func (s *Server) NewBase(r *http.Request, title string) Base {
	b := Base{Lang: Lang(r), Title: title, Path: r.URL.Path, Query: r.URL.Query(), cat: s.Catalog}
	if a := AuthOf(r); a != nil {
		b.User, b.Access = a.User, a.Access
		if a.Session != nil {
			b.CSRF = a.Session.CSRF
		}
	}
	return b
}

// T translates a catalogue key.
func (b Base) T(key string, args ...any) string {
	return b.cat.T(b.Lang, key, LocalArgs(b.Lang, args)...)
}

// LocalArgs puts a message's salkku.Text arguments (a gate's name in an
// error, say) in lang, or in their primary language where lang is missing.
func LocalArgs(lang string, args []any) []any {
	out := args
	for i, a := range args {
		if t, ok := a.(salkku.Text); ok {
			if &out[0] == &args[0] {
				out = append([]any(nil), args...) // the caller's error keeps its args
			}
			out[i], _ = t.In(lang)
		}
	}
	return out
}

// Languages lists the languages for the switcher.
func (b Base) Languages() []string { return i18n.Languages }

// LangURL is the current page in another language.
func (b Base) LangURL(lang string) string {
	q := url.Values{}
	for k, v := range b.Query {
		q[k] = v
	}
	q.Set("lang", lang)
	return b.Path + "?" + q.Encode()
}

// Month formats a month, "10/2017".
func (b Base) Month(m salkku.Month) string { return m.String() }

// Schedule formats a planned time span, "10/2017 – 4/2018".
func (b Base) Schedule(s salkku.Schedule) string { return s.Format(b.T("schedule.continuous")) }

// Date formats a date the language's way.
func (b Base) Date(t time.Time) string { return i18n.FormatDate(b.Lang, t) }

// DateTime formats a moment the language's way.
func (b Base) DateTime(t time.Time) string { return i18n.FormatDateTime(b.Lang, t) }

// Int formats a count with thousands separators.
func (b Base) Int(n int) string { return i18n.FormatInt(b.Lang, int64(n)) }

// Money formats an amount of euros the language's way, whole euros when
// the cents are zero: "720 836 €", "1 234,50 €", "€720,836".
func (b Base) Money(m salkku.Money) string { return m.Format(b.Lang, true) }

// Percent formats a share in basis points, "62,5 %".
func (b Base) Percent(p salkku.Percent) string { return p.Format(b.Lang) }

// Status names a lifecycle status.
func (b Base) Status(s string) string { return b.T("status." + s) }

// ErrorText is the message of Error with its arguments filled in.
func (b Base) ErrorText() string { return b.T(b.Error, b.ErrorArgs...) }

// render executes a page with status 200 or the given one.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if _, ok := s.pages[page]; !ok {
		s.Error(w, r, fmt.Errorf("web: no page template %q", page))
		return
	}
	b, err := s.RenderBytes(page, data)
	if err != nil {
		s.Logger.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// RenderBytes executes a page into bytes, for a handler that streams
// them in parts (a long import writes its progress between them).
func (s *Server) RenderBytes(page string, data any) ([]byte, error) {
	pt, ok := s.pages[page]
	if !ok {
		return nil, fmt.Errorf("web: no page template %q", page)
	}
	var buf bytes.Buffer
	if err := pt.t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type errorPage struct {
	Base
	Status  int
	Message string
}

func (s *Server) RenderError(w http.ResponseWriter, r *http.Request, status int, err error) {
	b := s.NewBase(r, "")
	msg := b.T(salkku.ErrorMessage(err))
	if e, ok := err.(*salkku.Error); ok && len(e.Args) > 0 {
		msg = b.T(e.Message, e.Args...)
	}
	b.Title = b.T(fmt.Sprintf("http.%d", status))
	s.Render(w, r, status, "error", errorPage{Base: b, Status: status, Message: msg})
}

// Flash messages survive one Redirect in a short-lived cookie holding a
// catalogue key.
const flashCookie = "salkku_flash"

func SetFlash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

func (s *Server) TakeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || !s.Catalog.Has(i18n.Default, c.Value) {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	return c.Value
}

// Redirect sends the browser on after a successful form, with a flash.
func Redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		SetFlash(w, r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// Assets are served under a URL that carries a hash of their content, so
// they can be cached for a year and still change with each release.
var assetHashes = func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(content, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := content.ReadFile(p)
		sum := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "assets/")] = hex.EncodeToString(sum[:4])
		return nil
	})
	return m
}()

func AssetURL(name string) string {
	return "/assets/" + name + "?v=" + assetHashes[name]
}

func assetHandler() http.Handler {
	sub, _ := fs.Sub(content, "assets")
	fsrv := http.StripPrefix("/assets/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		fsrv.ServeHTTP(w, r)
	})
}

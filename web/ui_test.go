package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/demo"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/site"
)

// The UI tests boot web.NewServer over a real database (SQLite always,
// PostgreSQL when SALKKU_TEST_POSTGRES is set), serve it with httptest and
// talk to it like a browser without JavaScript: a cookie jar, redirects
// not followed, forms read back from the HTML and posted.

// app is one server over one fresh database, and a client for it.
type app struct {
	t   *testing.T
	db  *sqldb.DB
	url string
	hc  *http.Client
	// admin is the signed-in user of the clients newClient makes; csrf is
	// the token of the current client's session.
	admin *salkku.User
	csrf  string
}

// forEachEngine runs fn as a parallel subtest on every test engine.
func forEachEngine(t *testing.T, fn func(t *testing.T, engine string)) {
	t.Helper()
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, engine)
		})
	}
}

// newApp starts a server over an empty database.
func newApp(t *testing.T, engine string) *app {
	t.Helper()
	return newAppWith(t, engine, nil)
}

// newAppWith is newApp with the server's configuration changed by
// configure (a clock, a notifier).
func newAppWith(t *testing.T, engine string, configure func(*web.Config)) *app {
	t.Helper()
	return newAppWrapped(t, engine, configure, nil)
}

// newAppWrapped is newAppWith whose server is wrapped by wrap, for tests
// that look at each request on its way in (nil for none).
func newAppWrapped(t *testing.T, engine string, configure func(*web.Config), wrap func(http.Handler) http.Handler) *app {
	t.Helper()
	db := sqldbtest.MustOpen(t, engine)
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	cfg := web.Config{Register: db, Users: db, DB: db, Logger: logger}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	a := &app{t: t, db: db, url: ts.URL}
	a.admin = &salkku.User{Email: "admin@test.invalid", Name: "Testi Pääkäyttäjä", Admin: true}
	if err := db.CreateUser(salkku.System(context.Background()), a.admin, ""); err != nil {
		t.Fatal(err)
	}
	a.hc = a.newClient()
	return a
}

// newDemoApp starts a server over the demo data of the seeds.
func newDemoApp(t *testing.T, engine string) *app {
	t.Helper()
	a := newApp(t, engine)
	if err := demo.Load(salkku.System(context.Background()), a.db); err != nil {
		t.Fatal(err)
	}
	return a
}

// newClient is a fresh browser signed in as the admin: its own cookie jar
// and session, no redirects followed. It becomes the client whose CSRF
// token do sends.
func (a *app) newClient() *http.Client {
	hc := a.anonymousClient()
	secret, s, err := a.db.CreateSession(salkku.System(context.Background()), a.admin.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	u, _ := url.Parse(a.url)
	hc.Jar.SetCookies(u, []*http.Cookie{{Name: "salkku_session", Value: secret, Path: "/"}})
	a.csrf = s.CSRF
	return hc
}

// anonymousClient is a fresh browser that has not signed in.
func (a *app) anonymousClient() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		a.t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// testWriter sends the server's error log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// page is a response, read whole.
type page struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         string
}

// Text is the body with HTML character references decoded, for looking up
// what a user reads.
func (p *page) Text() string { return html.UnescapeString(p.Body) }

func (p *page) String() string { return p.Method + " " + p.Path }

// do sends a request; headers are given as "Name: value".
func (a *app) do(t *testing.T, method, path string, body io.Reader, headers ...string) *page {
	t.Helper()
	req, err := http.NewRequest(method, a.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		if h == "" {
			continue
		}
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	// The session's CSRF token goes in a header, as forms read back from
	// the HTML carry it anyway; TestCSRF checks the forms themselves.
	if method != http.MethodGet && req.Header.Get("X-CSRF-Token") == "" {
		req.Header.Set("X-CSRF-Token", a.csrf)
	}
	res, err := a.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	// A text printed without choosing the reader's language shows as a
	// Go value, "{Palomuuri Brandvägg  fi <nil> }": every page any test
	// fetches is checked for one.
	if m := rawValueRE.Find(b); m != nil {
		t.Errorf("%s %s prints a Go value %q", method, path, m)
	}
	return &page{Method: method, Path: path, Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

var rawValueRE = regexp.MustCompile(`\{[^{}<>]*(?:<nil>|&lt;nil&gt;)[^{}<>]*\}`)

func (a *app) get(t *testing.T, path string, headers ...string) *page {
	t.Helper()
	return a.do(t, http.MethodGet, path, nil, headers...)
}

func (a *app) post(t *testing.T, path string, form url.Values) *page {
	t.Helper()
	return a.do(t, http.MethodPost, path, strings.NewReader(form.Encode()))
}

// wantStatus fails the test unless p has the status.
func wantStatus(t *testing.T, p *page, want int) {
	t.Helper()
	if p.Status != want {
		t.Fatalf("%s: status %d, want %d\n%s", p, p.Status, want, excerpt(p.Body))
	}
}

// wantRedirect checks a 303 to the path and returns the location; a path
// ending in "/*" stands for any record's id there ("/projects/*").
func wantRedirect(t *testing.T, p *page, to string) string {
	t.Helper()
	wantStatus(t, p, http.StatusSeeOther)
	loc := p.Header.Get("Location")
	ok := loc == to
	if prefix, isPattern := strings.CutSuffix(to, "*"); isPattern {
		ok = regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `[1-9][0-9]*$`).MatchString(loc)
	}
	if !ok {
		t.Fatalf("%s: redirect to %q, want %q", p, loc, to)
	}
	return loc
}

// excerpt shortens a body for a failure message, keeping <main>.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

var (
	h1RE       = regexp.MustCompile(`(?s)<h1[ >].*?</h1>`)
	tagRE      = regexp.MustCompile(`<[^>]*>`)
	spaceRE    = regexp.MustCompile(`\s+`)
	codeCellRE = regexp.MustCompile(`<td class="code">([^<]*)</td>`)
	htmlLangRE = regexp.MustCompile(`<html lang="([a-z]+)">`)
)

// plain is the text of an HTML fragment, tags dropped and space collapsed.
func plain(s string) string {
	return strings.TrimSpace(spaceRE.ReplaceAllString(html.UnescapeString(tagRE.ReplaceAllString(s, " ")), " "))
}

// oneH1 checks that the page has exactly one h1 and returns its text.
func oneH1(t *testing.T, p *page) string {
	t.Helper()
	hs := h1RE.FindAllString(p.Body, -1)
	if len(hs) != 1 || strings.Count(p.Body, "<h1") != 1 {
		t.Fatalf("%s: %d <h1> elements, want 1\n%s", p, strings.Count(p.Body, "<h1"), excerpt(p.Body))
	}
	return plain(hs[0])
}

// wantText checks that the page shows each string (after decoding HTML
// character references).
func wantText(t *testing.T, p *page, want ...string) {
	t.Helper()
	text := p.Text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s: page lacks %q\n%s", p, w, excerpt(p.Body))
		}
	}
}

// wantNoText checks that the page does not show any of the strings.
func wantNoText(t *testing.T, p *page, unwanted ...string) {
	t.Helper()
	text := p.Text()
	for _, u := range unwanted {
		if strings.Contains(text, u) {
			t.Errorf("%s: page shows %q, but should not", p, u)
		}
	}
}

// htmlLang is the page's <html lang>.
func htmlLang(p *page) string {
	if m := htmlLangRE.FindStringSubmatch(p.Body); m != nil {
		return m[1]
	}
	return ""
}

// codes lists the code cells of a table in page order: the projects of an
// overview.
func codes(p *page) []string {
	var out []string
	for _, m := range codeCellRE.FindAllStringSubmatch(p.Body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// fieldError is the error shown at a form field, or "".
// A text field posted without a language ("name") is the primary
// language's control, "name.fi" (id f-name-fi), for a Finnish-only
// organisation.
func fieldError(p *page, field string) string {
	for _, id := range []string{strings.ReplaceAll(field, ".", "-"), field + "-fi"} {
		re := regexp.MustCompile(`(?s)<p class="error" id="f-` + regexp.QuoteMeta(id) + `-error">(.*?)</p>`)
		if m := re.FindStringSubmatch(p.Body); m != nil {
			return plain(m[1])
		}
	}
	return ""
}

var (
	postFormRE = regexp.MustCompile(`(?s)<form method="post"[^>]*>(.*?)</form>`)
	inputRE    = regexp.MustCompile(`<input\s([^>]*)>`)
	textareaRE = regexp.MustCompile(`(?s)<textarea\s([^>]*)>(.*?)</textarea>`)
	selectRE   = regexp.MustCompile(`(?s)<select\s([^>]*)>(.*?)</select>`)
	optionRE   = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
	attrRE     = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

// formValues reads the page's post form as a browser would submit it:
// inputs, checked checkboxes, textareas and selected options.
func formValues(t *testing.T, p *page) url.Values {
	t.Helper()
	// The page's own form: the header's sign-out form comes before <main>.
	body := p.Body
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	m := postFormRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s: no post form\n%s", p, excerpt(p.Body))
	}
	form := m[1]
	v := url.Values{}
	for _, in := range inputRE.FindAllStringSubmatch(form, -1) {
		a := attrs(in[1])
		if a["name"] == "" || a["type"] == "checkbox" && !strings.Contains(in[1], " checked") {
			continue
		}
		v.Add(a["name"], a["value"])
	}
	for _, ta := range textareaRE.FindAllStringSubmatch(form, -1) {
		v.Add(attrs(ta[1])["name"], html.UnescapeString(ta[2]))
	}
	for _, sel := range selectRE.FindAllStringSubmatch(form, -1) {
		name := attrs(sel[1])["name"]
		for _, o := range optionRE.FindAllStringSubmatch(sel[2], -1) {
			if o[2] != "" {
				v.Add(name, html.UnescapeString(o[1]))
			}
		}
	}
	return v
}

// options lists a select's options as value → label.
func options(t *testing.T, p *page, name string) [][2]string {
	t.Helper()
	for _, sel := range selectRE.FindAllStringSubmatch(p.Body, -1) {
		if attrs(sel[1])["name"] != name {
			continue
		}
		re := regexp.MustCompile(`<option value="([^"]*)"(?: selected)?>([^<]*)</option>`)
		var out [][2]string
		for _, o := range re.FindAllStringSubmatch(sel[2], -1) {
			out = append(out, [2]string{html.UnescapeString(o[1]), html.UnescapeString(o[2])})
		}
		return out
	}
	t.Fatalf("%s: no select %q", p, name)
	return nil
}

// wantKept checks that a form sent back shows every value that was sent.
func wantKept(t *testing.T, p *page, sent url.Values, fields ...string) {
	t.Helper()
	got := formValues(t, p)
	for _, f := range fields {
		g, w := got[f], sent[f]
		if _, ok := got[f]; !ok {
			g = got[f+".fi"] // a text field, in the primary language
		}
		if _, ok := sent[f]; !ok {
			w = sent[f+".fi"]
		}
		// A browser sends "\r\n" for a textarea's line breaks; both are fine.
		norm := func(vs []string) []string {
			out := make([]string, len(vs))
			for i, s := range vs {
				out[i] = strings.ReplaceAll(s, "\r\n", "\n")
			}
			return out
		}
		if !slices.Equal(norm(g), norm(w)) {
			t.Errorf("%s: field %s shows %q, want the %q sent", p, f, g, w)
		}
	}
}

// with returns a copy of v with the fields set ("name", "value", …). A
// text field named without a language sets the primary language's
// control where the form has it ("name" is "name.fi").
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i]
		if _, ok := out[k+".fi"]; ok {
			k += ".fi"
		}
		out.Set(k, kv[i+1])
	}
	return out
}

// setField sets a field of v as with does.
func setField(v url.Values, k, value string) {
	if _, ok := v[k+".fi"]; ok {
		k += ".fi"
	}
	v.Set(k, value)
}

func id(n int64) string { return fmt.Sprint(n) }

// Demo records, found by name.

const (
	naantaliName = "Tietohallinnon toimenpidesuunnitelma 2017–2018"
	karaName     = "Sote-uudistuksen kehittämishankkeet Kainuussa"
)

func (a *app) portfolio(t *testing.T, name string) *salkku.Portfolio {
	t.Helper()
	pfs, _, err := a.db.FindPortfolios(salkku.System(context.Background()), salkku.PortfolioFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pfs {
		if p.Name.FI == name {
			return p
		}
	}
	t.Fatalf("no portfolio %q", name)
	return nil
}

func (a *app) project(t *testing.T, portfolioID int64, code string) *salkku.Project {
	t.Helper()
	ps, _, err := a.db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{PortfolioID: &portfolioID, Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("no project %q", code)
	return nil
}

func (a *app) category(t *testing.T, portfolioID int64, name string) *salkku.Category {
	t.Helper()
	cs, err := a.db.FindCategories(salkku.System(context.Background()), portfolioID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name.FI == name {
			return c
		}
	}
	t.Fatalf("no category %q", name)
	return nil
}

func (a *app) person(t *testing.T, name string) *salkku.Person {
	t.Helper()
	ps, _, err := a.db.FindPeople(salkku.System(context.Background()), salkku.PersonFilter{Query: name})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no person %q", name)
	return nil
}

func (a *app) organisation(t *testing.T, name string) *salkku.Organisation {
	t.Helper()
	os, _, err := a.db.FindOrganisations(salkku.System(context.Background()), salkku.Page{Limit: salkku.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		if o.Name.FI == name {
			return o
		}
	}
	t.Fatalf("no organisation %q", name)
	return nil
}

func (a *app) workPackage(t *testing.T, projectID int64, code string) *salkku.WorkPackage {
	t.Helper()
	ws, err := a.db.FindWorkPackages(salkku.System(context.Background()), projectID)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Code == code {
			return w
		}
	}
	t.Fatalf("no work package %q", code)
	return nil
}

// must fails the test on a store error while setting up.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/demo"
	"github.com/salkku/salkku/web"
)

// Bad input is refused with a 4xx that names the field, on both engines,
// nothing changes, and the server logs no error: PostgreSQL used to answer
// text with a NUL or bytes that are not UTF-8 with an error, which became
// a 500 and a line in the error log for every such request.

// inputApp is a signed-in admin over the demo data, with the server's log.
func inputApp(t *testing.T, engine string) *authApp {
	t.Helper()
	a := newAuthApp(t, engine, authOptions{})
	if err := demo.Load(salkku.System(context.Background()), a.db); err != nil {
		t.Fatal(err)
	}
	return a
}

// wantNoErrorLogged fails when the server logged an error.
func wantNoErrorLogged(t *testing.T, a *authApp) {
	t.Helper()
	for _, line := range strings.Split(a.logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("the server logged an error: %s", line)
		}
	}
}

// registerSnapshot is the register as JSON, to show that nothing changed.
func registerSnapshot(t *testing.T, db interface {
	FindProjects(context.Context, salkku.ProjectFilter) ([]*salkku.Project, int, error)
	FindPeople(context.Context, salkku.PersonFilter) ([]*salkku.Person, int, error)
	FindOrganisations(context.Context, salkku.Page) ([]*salkku.Organisation, int, error)
	FindPortfolios(context.Context, salkku.PortfolioFilter) ([]*salkku.Portfolio, int, error)
}) string {
	t.Helper()
	ctx := salkku.System(context.Background())
	all := salkku.Page{Limit: salkku.MaxPageSize}
	projects, _, err1 := db.FindProjects(ctx, salkku.ProjectFilter{Page: all})
	people, _, err2 := db.FindPeople(ctx, salkku.PersonFilter{Page: all})
	orgs, _, err3 := db.FindOrganisations(ctx, all)
	pfs, _, err4 := db.FindPortfolios(ctx, salkku.PortfolioFilter{Page: all})
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := json.Marshal([]any{projects, people, orgs, pfs})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBadQueryText sends a NUL and a byte that is not UTF-8 in query
// parameters of the API and of pages: each is a 400 naming the parameter.
func TestBadQueryText(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		p21 := a.project(t, pf.ID, "2.1")
		before := registerSnapshot(t, a.db)
		for _, bad := range []string{"%00", "%ff", "a%00b", "%ed%a0%80"} {
			for _, path := range []string{
				"/api/v1/projects?q=" + bad,
				"/api/v1/projects?tag=" + bad,
				"/api/v1/projects?status=" + bad,
				"/api/v1/projects?sort=" + bad,
				"/api/v1/people?q=" + bad,
				"/api/v1/audit?entity=" + bad,
				"/api/v1/audit?action=" + bad,
				"/api/v1/projects/" + id(p21.ID) + "/audit?entity=" + bad,
				"/api/v1/organisations?limit=" + bad,
			} {
				t.Run(path, func(t *testing.T) {
					p := a.get(t, path, "Accept-Language: en")
					wantStatus(t, p, http.StatusBadRequest)
					var e apiErrorBody
					if err := json.Unmarshal([]byte(p.Body), &e); err != nil {
						t.Fatalf("not JSON: %s", p.Body)
					}
					u, _ := url.Parse(path)
					for name := range u.Query() {
						if e.Error.Code != "invalid" || e.Error.Fields[name] == "" {
							t.Errorf("error does not name %q: %s", name, p.Body)
						}
					}
				})
			}
			for _, path := range []string{
				"/portfolios/" + id(pf.ID) + "?q=" + bad,
				"/portfolios/" + id(pf.ID) + "?status=" + bad,
				"/people?q=" + bad,
				"/admin/users?q=" + bad,
				"/admin/audit?entity=" + bad,
				"/projects/" + id(p21.ID) + "/audit?action=" + bad,
				"/organisations?page=" + bad,
				"/login?next=" + bad,
				"/?lang=" + bad,
			} {
				t.Run(path, func(t *testing.T) {
					p := a.get(t, path)
					wantStatus(t, p, http.StatusBadRequest)
					if got := oneH1(t, p); got != "Virheellinen pyyntö" {
						t.Errorf("h1 %q", got)
					}
					u, _ := url.Parse(path)
					for name := range u.Query() {
						wantText(t, p, "Tarkista kyselyparametrit: "+name+".")
					}
				})
			}
		}
		// A parameter whose name is bad is named with the bad bytes
		// replaced.
		p := a.get(t, "/api/v1/projects?%00=1")
		wantStatus(t, p, http.StatusBadRequest)
		if !strings.Contains(p.Body, `"\ufffd"`) && !strings.Contains(p.Body, "\ufffd") {
			t.Errorf("bad name not named: %s", p.Body)
		}
		if after := registerSnapshot(t, a.db); after != before {
			t.Errorf("the register changed")
		}
		wantNoErrorLogged(t, a)
	})
}

// TestStoreFiltersRefuseBadText calls the store as any channel would (an
// export, a job): the filters' Validate refuses text the database cannot
// take, with the field named after its query parameter.
func TestStoreFiltersRefuseBadText(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		ctx := salkku.System(context.Background())
		for _, bad := range []string{"a\x00", "\xff", "\xed\xa0\x80"} {
			checks := map[string]error{}
			_, _, checks["projects q"] = a.db.FindProjects(ctx, salkku.ProjectFilter{Query: bad})
			_, _, checks["projects tag"] = a.db.FindProjects(ctx, salkku.ProjectFilter{Tag: bad})
			_, _, checks["people q"] = a.db.FindPeople(ctx, salkku.PersonFilter{Query: bad})
			_, _, checks["users q"] = a.db.FindUsers(ctx, salkku.UserFilter{Query: bad})
			_, _, checks["audit entity"] = a.db.FindAudit(ctx, salkku.AuditFilter{Entity: bad})
			_, _, checks["audit action"] = a.db.FindAudit(ctx, salkku.AuditFilter{Action: bad})
			for name, err := range checks {
				if salkku.ErrorCode(err) != salkku.EINVALID {
					t.Errorf("%s %q: %v, want EINVALID", name, bad, err)
				}
			}
			if _, err := a.db.FindUserByEmail(ctx, bad+"@x.fi"); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("FindUserByEmail %q: %v, want ENOTFOUND", bad, err)
			}
			if _, err := a.db.Authenticate(ctx, "admin"+bad+"@test.invalid", authPassword, "127.0.0.1"); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
				t.Errorf("Authenticate %q: %v, want EUNAUTHORIZED", bad, err)
			}
		}
	})
}

// TestLoginBadEmail signs in with a NUL or a byte that is not UTF-8 in the
// e-mail: the login page refuses it as any wrong e-mail, and nothing is
// logged as an error.
func TestLoginBadEmail(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newAuthApp(t, engine, authOptions{})
		for _, email := range []string{"victim\x00@x", "admin@test.invalid\x00", "\xff@x.fi", "admin\xed\xa0\x80@test.invalid"} {
			p := passwordLogin(t, a.browser(), email, authPassword, "/")
			wantStatus(t, p, http.StatusUnauthorized)
			wantText(t, p, "Sähköposti tai salasana on väärin.")
			if p.Header.Get("Location") != "" {
				t.Errorf("%q: signed in", email)
			}
		}
		wantNoErrorLogged(t, a)
	})
}

// TestFormBadTextAndNumbers posts forms with text that cannot be stored
// and versions past a 32-bit integer: the form comes back with the error
// at the field, and nothing changes.
func TestFormBadTextAndNumbers(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		p21 := a.project(t, pf.ID, "2.1")
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		org := a.organisation(t, "Naantalin kaupunki")
		hanna := a.person(t, "Hanna Mara")
		edits := map[string]string{
			"/projects/" + id(p21.ID) + "/edit":      "name",
			"/categories/" + id(infra.ID) + "/edit":  "name",
			"/organisations/" + id(org.ID) + "/edit": "name",
			"/people/" + id(hanna.ID) + "/edit":      "name",
			"/portfolios/" + id(pf.ID) + "/edit":     "name",
		}
		before := registerSnapshot(t, a.db)
		for path, text := range edits {
			form := formValues(t, a.get(t, path))
			for _, tc := range []struct {
				name, field, value, err string
			}{
				{"version over 2^31-1", "version", "2147483648", "Version on oltava positiivinen kokonaisluku."},
				{"version over 2^63", "version", "99999999999999999999", "Version on oltava positiivinen kokonaisluku."},
				{"version negative", "version", "-1", "Version on oltava positiivinen kokonaisluku."},
				{"NUL", text, "Nimi\x00", "Teksti sisältää virheellisiä merkkejä."},
				{"not UTF-8", text, "Nimi\xff", "Teksti sisältää virheellisiä merkkejä."},
			} {
				t.Run(path+"/"+tc.name, func(t *testing.T) {
					p := a.post(t, path, with(form, tc.field, tc.value))
					if p.Status != http.StatusUnprocessableEntity && p.Status != http.StatusBadRequest {
						t.Fatalf("status %d, want 422 or 400\n%s", p.Status, excerpt(p.Body))
					}
					if tc.err != "" && tc.field != "version" {
						if got := fieldError(p, tc.field); got != tc.err {
							t.Errorf("error at %s: %q, want %q", tc.field, got, tc.err)
						}
					}
					if tc.err != "" {
						wantText(t, p, "Lomakkeessa on korjattavaa", tc.err)
					}
				})
			}
		}
		// A field whose name is not text is no field of any form.
		p := a.post(t, "/projects/"+id(p21.ID)+"/edit", with(formValues(t, a.get(t, "/projects/"+id(p21.ID)+"/edit")), "x\x00", "1"))
		wantStatus(t, p, http.StatusBadRequest)
		if after := registerSnapshot(t, a.db); after != before {
			t.Errorf("the register changed")
		}
		wantNoErrorLogged(t, a)
	})
}

// TestFormTooLargeBeforeCSRF posts a 10 MB form that carries its CSRF
// token in the body, as a browser does: 413, not a CSRF error.
func TestFormTooLargeBeforeCSRF(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		big := url.Values{"csrf": {a.csrf}, "name": {strings.Repeat("x", 10<<20)}, "code": {"9.9"}}
		for _, tc := range []struct {
			path string
			b    *app
		}{
			{"/portfolios/" + id(pf.ID) + "/projects/new", a.app},
			{"/organisations/new", a.app},
			{"/login", a.browser()},
		} {
			req, err := http.NewRequest(http.MethodPost, a.url+tc.path, strings.NewReader(big.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := tc.b.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("POST %s: status %d, want 413", tc.path, res.StatusCode)
			}
		}
		if _, n, _ := a.db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{Query: "9.9"}); n != 0 {
			t.Errorf("%d projects stored", n)
		}
		wantNoErrorLogged(t, a)
	})
}

// TestQueryLengthInCharacters: a search of 200 "ä" is 400 bytes and within
// the limit of 200 characters; 201 are not.
func TestQueryLengthInCharacters(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		ok, long := url.QueryEscape(strings.Repeat("ä", salkku.MaxNameLen)), url.QueryEscape(strings.Repeat("ä", salkku.MaxNameLen+1))
		for _, path := range []string{"/api/v1/projects?q=", "/api/v1/people?q=", "/portfolios/" + id(pf.ID) + "?q="} {
			wantStatus(t, a.get(t, path+ok), http.StatusOK)
		}
		for _, path := range []string{"/api/v1/projects?q=", "/api/v1/people?q="} {
			wantStatus(t, a.get(t, path+long), http.StatusBadRequest)
		}
	})
}

// TestPagePastTheEnd asks list pages for pages past the end, up to ones
// whose offset overflows: no count shows a negative or reversed range.
func TestPagePastTheEnd(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		counts := regexp.MustCompile(`<p class="count" role="status">([^<]*)</p>`)
		rangeRE := regexp.MustCompile(`(-?\d+)–(-?\d+), yhteensä (\d+)`)
		pageOf := regexp.MustCompile(`aria-current="page">Sivu (-?\d+) / (\d+)<`)
		for _, n := range []string{"2", "99", "0", "-5", "184467440737095518", "9223372036854775807", "99999999999999999999"} {
			for _, path := range []string{"/organisations", "/people", "/portfolios/" + id(pf.ID), "/admin/users", "/admin/audit"} {
				p := a.get(t, path+"?page="+n)
				wantStatus(t, p, http.StatusOK)
				for _, m := range counts.FindAllStringSubmatch(p.Text(), -1) {
					r := rangeRE.FindStringSubmatch(m[1])
					if r == nil {
						continue
					}
					first, last, total := atoi(r[1]), atoi(r[2]), atoi(r[3])
					if first < 0 || last < first || last > total || total > 0 && first < 1 {
						t.Errorf("%s?page=%s: %q", path, n, m[1])
					}
				}
				if m := pageOf.FindStringSubmatch(p.Text()); m != nil && (atoi(m[1]) < 1) {
					t.Errorf("%s?page=%s: %q", path, n, m[0])
				}
			}
		}
	})
}

func atoi(s string) int {
	n := 0
	neg := strings.HasPrefix(s, "-")
	for _, c := range strings.TrimPrefix(s, "-") {
		n = n*10 + int(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// TestTooManyIs429: throttling is 429 wherever it comes from, not 500.
func TestTooManyIs429(t *testing.T) {
	if got := web.ErrorStatus(salkku.Errorf(salkku.ETOOMANY, "error.login_throttled")); got != http.StatusTooManyRequests {
		t.Errorf("ETOOMANY: %d, want 429", got)
	}
}

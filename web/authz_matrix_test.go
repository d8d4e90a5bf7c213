package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/site"
)

// The authorization matrix: every route of the server called as every role
// of the matrix in access.go and as an anonymous caller. The expected
// answers are written out by hand from that matrix, not computed from
// salkku.Access, so that the test states the rules a second time: a
// handler that forgets a check, or a predicate that drifts from the
// matrix, fails here.
//
// The register: an organisation; portfolio A with sub-portfolio A1, and a
// separate top-level portfolio B; a category in A and in B; project PA in A
// (with a work package), PA1 in A1 and PB in B (with a work package). The
// callers sign in the real ways: pages with a session cookie and the
// session's CSRF token in the form, the API with a Bearer token.

// azSet is a set of callers, one bit each.
type azSet uint16

// The callers.
const (
	azAdmin    azSet = 1 << iota // an admin
	azOwner                      // portfolio owner of A
	azOffice                     // project office of A
	azManager                    // project manager of PA (a grant on PA only)
	azSteering                   // steering group of A
	azViewerA                    // viewer of A
	azViewerB                    // viewer of B, an outsider to A
	azNoRole                     // signed in, without roles
	azAnon                       // not signed in

	azSignedIn = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA | azViewerB | azNoRole
)

// azCallers lists the callers in the order the matrix runs them.
var azCallers = []struct {
	who  azSet
	name string
}{
	{azAdmin, "admin"}, {azOwner, "ownerA"}, {azOffice, "officeA"}, {azManager, "managerPA"},
	{azSteering, "steeringA"}, {azViewerA, "viewerA"}, {azViewerB, "viewerB"}, {azNoRole, "noRole"},
	{azAnon, "anonymous"},
}

func azName(who azSet) string {
	for _, c := range azCallers {
		if c.who == who {
			return c.name
		}
	}
	return "?"
}

// Names of the fixture's records, distinct enough to look for in pages.
const (
	azNameA    = "Tietohallinto"
	azNameA1   = "Verkkopalvelut"
	azNameB    = "Sivistystoimi"
	azNamePA   = "Palomuuri"
	azNamePA1  = "Verkkosivu-uudistus"
	azNamePB   = "Koulujen tabletit"
	azNameCatA = "Perusinfra"
	azNameCatB = "Opetuksen hankkeet"
	azNameWPA  = "Palomuurin vaihto"
	azNameWPB  = "Laitehankinta"
)

// azFixture is one server over one database holding the register above.
type azFixture struct {
	t      *testing.T
	db     *sqldb.DB
	srv    *web.Server
	org    *salkku.Organisation
	people []*salkku.Person

	a, a1, b    *salkku.Portfolio
	catA, catB  *salkku.Category
	pa, pa1, pb *salkku.Project
	wpA, wpB    *salkku.WorkPackage
	users       map[azSet]*salkku.User
	sessions    map[azSet]azSession
	tokens      map[azSet]string
	seq         int
}

// azSession is a signed-in browser: the cookie's secret and the session's
// CSRF token.
type azSession struct{ secret, csrf string }

func newAZFixture(t *testing.T, engine string) *azFixture {
	t.Helper()
	ctx := salkku.System(context.Background())
	db := sqldbtest.MustOpen(t, engine)
	srv, err := site.New(web.Config{Register: db, Users: db, DB: db,
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		t.Fatal(err)
	}
	f := &azFixture{t: t, db: db, srv: srv, users: map[azSet]*salkku.User{}, sessions: map[azSet]azSession{}, tokens: map[azSet]string{}}
	f.org = &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
	must(t, db.CreateOrganisation(ctx, f.org))
	for _, n := range []string{"Kristiina Taskinen", "Jari Virtanen", "Anna Laine"} {
		p := &salkku.Person{Name: n, OrganisationID: &f.org.ID}
		must(t, db.CreatePerson(ctx, p))
		f.people = append(f.people, p)
	}
	f.a = &salkku.Portfolio{OrganisationID: f.org.ID, Name: salkku.T(azNameA), OwnerID: &f.people[0].ID}
	must(t, db.CreatePortfolio(ctx, f.a))
	f.a1 = &salkku.Portfolio{OrganisationID: f.org.ID, ParentID: &f.a.ID, Name: salkku.T(azNameA1)}
	must(t, db.CreatePortfolio(ctx, f.a1))
	f.b = &salkku.Portfolio{OrganisationID: f.org.ID, Name: salkku.T(azNameB)}
	must(t, db.CreatePortfolio(ctx, f.b))
	f.catA = &salkku.Category{PortfolioID: f.a.ID, Name: salkku.T(azNameCatA)}
	must(t, db.CreateCategory(ctx, f.catA))
	f.catB = &salkku.Category{PortfolioID: f.b.ID, Name: salkku.T(azNameCatB)}
	must(t, db.CreateCategory(ctx, f.catB))
	f.pa = &salkku.Project{PortfolioID: f.a.ID, CategoryID: &f.catA.ID, Code: "A.1", Name: salkku.T(azNamePA), OwnerID: &f.people[0].ID}
	must(t, db.CreateProject(ctx, f.pa))
	f.pa1 = &salkku.Project{PortfolioID: f.a1.ID, Code: "A1.1", Name: salkku.T(azNamePA1)}
	must(t, db.CreateProject(ctx, f.pa1))
	f.pb = &salkku.Project{PortfolioID: f.b.ID, CategoryID: &f.catB.ID, Code: "B.1", Name: salkku.T(azNamePB)}
	must(t, db.CreateProject(ctx, f.pb))
	f.wpA = &salkku.WorkPackage{ProjectID: f.pa.ID, Code: "OA1", Name: salkku.T(azNameWPA), ResponsibleIDs: []int64{f.people[1].ID}}
	must(t, db.CreateWorkPackage(ctx, f.wpA))
	f.wpB = &salkku.WorkPackage{ProjectID: f.pb.ID, Code: "OB1", Name: salkku.T(azNameWPB)}
	must(t, db.CreateWorkPackage(ctx, f.wpB))
	// A1 inherits A's cycle.
	for _, pf := range []*salkku.Portfolio{f.a, f.b} {
		must(t, db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: salkku.CycleBimonthly, Start: "2021-07-01"}))
	}

	grants := map[azSet]*salkku.Grant{
		azOwner:    {Role: salkku.RolePortfolioOwner, PortfolioID: &f.a.ID},
		azOffice:   {Role: salkku.RoleProjectOffice, PortfolioID: &f.a.ID},
		azManager:  {Role: salkku.RoleProjectManager, ProjectID: &f.pa.ID},
		azSteering: {Role: salkku.RoleSteeringGroup, PortfolioID: &f.a.ID},
		azViewerA:  {Role: salkku.RoleViewer, PortfolioID: &f.a.ID},
		azViewerB:  {Role: salkku.RoleViewer, PortfolioID: &f.b.ID},
	}
	for _, c := range azCallers {
		if c.who == azAnon {
			continue
		}
		u := &salkku.User{Email: strings.ToLower(c.name) + "@authz.test.invalid", Name: "Testi " + c.name, Admin: c.who == azAdmin}
		must(t, db.CreateUser(ctx, u, ""))
		f.users[c.who] = u
		if g := grants[c.who]; g != nil {
			g.UserID = u.ID
			must(t, db.CreateGrant(ctx, g))
		}
		f.sessions[c.who] = f.newSession(c.who)
		secret, err := db.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "authz"})
		must(t, err)
		f.tokens[c.who] = secret
	}
	return f
}

func (f *azFixture) newSession(who azSet) azSession {
	f.t.Helper()
	secret, s, err := f.db.CreateSession(salkku.System(context.Background()), f.users[who].ID)
	must(f.t, err)
	return azSession{secret: secret, csrf: s.CSRF}
}

// fresh returns a name no other record has.
func (f *azFixture) fresh(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s %d", prefix, f.seq)
}

// Fresh records, made for one request so that what it changes or deletes
// is its own.

func (f *azFixture) freshPortfolio(parent *salkku.Portfolio) *salkku.Portfolio {
	p := &salkku.Portfolio{OrganisationID: f.org.ID, Name: salkku.T(f.fresh("Uusi salkku"))}
	if parent != nil {
		p.ParentID = &parent.ID
	}
	must(f.t, f.db.CreatePortfolio(salkku.System(context.Background()), p))
	return p
}

func (f *azFixture) freshCategory(pf *salkku.Portfolio) *salkku.Category {
	c := &salkku.Category{PortfolioID: pf.ID, Name: salkku.T(f.fresh("Uusi luokka"))}
	must(f.t, f.db.CreateCategory(salkku.System(context.Background()), c))
	return c
}

func (f *azFixture) freshProject(pf *salkku.Portfolio) *salkku.Project {
	p := &salkku.Project{PortfolioID: pf.ID, Code: f.fresh("X"), Name: salkku.T(f.fresh("Uusi hanke"))}
	must(f.t, f.db.CreateProject(salkku.System(context.Background()), p))
	return p
}

// freshManagedProject is a new project in pf that the manager of PA
// manages too; after deletes it (and so the grant) when it is still there.
func (f *azFixture) freshManagedProject(pf *salkku.Portfolio) (*salkku.Project, func()) {
	p := f.freshProject(pf)
	must(f.t, f.db.CreateGrant(salkku.System(context.Background()), &salkku.Grant{UserID: f.users[azManager].ID, Role: salkku.RoleProjectManager, ProjectID: &p.ID}))
	return p, func() {
		if err := f.db.DeleteProject(salkku.System(context.Background()), p.ID); err != nil && salkku.ErrorCode(err) != salkku.ENOTFOUND {
			f.t.Error(err)
		}
	}
}

func (f *azFixture) freshWorkPackage(p *salkku.Project) *salkku.WorkPackage {
	w := &salkku.WorkPackage{ProjectID: p.ID, Name: salkku.T(f.fresh("Uusi paketti"))}
	must(f.t, f.db.CreateWorkPackage(salkku.System(context.Background()), w))
	return w
}

// freshReport is a new report of the project dated 22.11.2021, a draft or
// submitted.
func (f *azFixture) freshReport(p *salkku.Project, submit bool) *salkku.StatusReport {
	ctx := salkku.System(context.Background())
	r := &salkku.StatusReport{ProjectID: p.ID, ReportDate: "2021-11-22", Overall: salkku.T(f.fresh("Etenee")), Lights: salkku.Lights{Overall: salkku.LightGreen}}
	must(f.t, f.db.CreateReport(ctx, r))
	if submit {
		s, err := f.db.SubmitReport(ctx, r.ID, r.Version)
		must(f.t, err)
		return s
	}
	return r
}

func (f *azFixture) freshPerson() *salkku.Person {
	p := &salkku.Person{Name: f.fresh("Uusi henkilö"), OrganisationID: &f.org.ID}
	must(f.t, f.db.CreatePerson(salkku.System(context.Background()), p))
	return p
}

func (f *azFixture) freshOrganisation() *salkku.Organisation {
	o := &salkku.Organisation{Name: salkku.T(f.fresh("Uusi organisaatio"))}
	must(f.t, f.db.CreateOrganisation(salkku.System(context.Background()), o))
	return o
}

func (f *azFixture) freshUser() *salkku.User {
	n := f.fresh("user")
	u := &salkku.User{Email: strings.ReplaceAll(n, " ", "") + "@authz.test.invalid", Name: n}
	must(f.t, f.db.CreateUser(salkku.System(context.Background()), u, ""))
	return u
}

// The records as stored now, for forms and bodies that name their version.

func (f *azFixture) portfolio(id int64) *salkku.Portfolio {
	p, err := f.db.FindPortfolioByID(salkku.System(context.Background()), id)
	must(f.t, err)
	return p
}

func (f *azFixture) category(id int64) *salkku.Category {
	c, err := f.db.FindCategoryByID(salkku.System(context.Background()), id)
	must(f.t, err)
	return c
}

func (f *azFixture) project(id int64) *salkku.Project {
	p, err := f.db.FindProjectByID(salkku.System(context.Background()), id)
	must(f.t, err)
	return p
}

func (f *azFixture) workPackage(id int64) *salkku.WorkPackage {
	w, err := f.db.FindWorkPackageByID(salkku.System(context.Background()), id)
	must(f.t, err)
	return w
}

func (f *azFixture) person(id int64) *salkku.Person {
	p, err := f.db.FindPersonByID(salkku.System(context.Background()), id)
	must(f.t, err)
	return p
}

func (f *azFixture) organisation(id int64) *salkku.Organisation {
	o, err := f.db.FindOrganisationByID(salkku.System(context.Background()), id)
	must(f.t, err)
	return o
}

// auditCount is the number of audit rows: every change of the register
// writes one in its transaction, so an unchanged count shows that a refused
// request changed nothing.
func (f *azFixture) auditCount() int {
	f.t.Helper()
	_, n, err := f.db.FindAudit(salkku.System(context.Background()), salkku.AuditFilter{Count: true, Page: salkku.Page{Limit: 1}})
	must(f.t, err)
	return n
}

// Forms as a browser posts them, filled from the stored record.

func azIDString(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

func azPortfolioForm(p *salkku.Portfolio) url.Values {
	v := url.Values{"version": {strconv.Itoa(p.Version)}, "organisation_id": {strconv.FormatInt(p.OrganisationID, 10)},
		"parent_id": {azIDString(p.ParentID)}, "name": {p.Name.FI}, "description": {p.Description.FI}, "owner_id": {azIDString(p.OwnerID)}}
	for _, id := range p.BoardIDs {
		v.Add("board_ids", strconv.FormatInt(id, 10))
	}
	return v
}

func azCategoryForm(c *salkku.Category) url.Values {
	return url.Values{"version": {strconv.Itoa(c.Version)}, "name": {c.Name.FI}, "description": {c.Description.FI}, "position": {strconv.Itoa(c.Position)}}
}

func azProjectForm(p *salkku.Project) url.Values {
	v := url.Values{"version": {strconv.Itoa(p.Version)}, "category_id": {azIDString(p.CategoryID)}, "code": {p.Code}, "name": {p.Name.FI},
		"description": {p.Description.FI}, "owner_id": {azIDString(p.OwnerID)}, "manager_id": {azIDString(p.ManagerID)},
		"service_owner_id": {azIDString(p.ServiceOwnerID)}, "vendors": {strings.Join(p.Vendors, "\n")},
		"start": {p.Start.String()}, "end": {p.End.String()}, "tags": {strings.Join(p.Tags, ", ")}, "status": {p.Status}}
	if p.Continuous {
		v.Set("continuous", "true")
	}
	if p.Mandatory {
		v.Set("mandatory", "true")
	}
	return v
}

func azWorkPackageForm(w *salkku.WorkPackage) url.Values {
	v := url.Values{"version": {strconv.Itoa(w.Version)}, "code": {w.Code}, "name": {w.Name.FI}, "description": {w.Description.FI},
		"parent_id": {azIDString(w.ParentID)}, "tags": {strings.Join(w.Tags, ", ")}, "position": {strconv.Itoa(w.Position)}}
	for _, id := range w.ResponsibleIDs {
		v.Add("responsible_ids", strconv.FormatInt(id, 10))
	}
	return v
}

func azPersonForm(p *salkku.Person) url.Values {
	return url.Values{"version": {strconv.Itoa(p.Version)}, "name": {p.Name}, "email": {p.Email}, "title": {p.Title},
		"organisation_id": {azIDString(p.OrganisationID)}}
}

// azReq is one request of a case, made just before it is sent.
type azReq struct {
	path string
	// form is a page's POST body; the caller's CSRF token is added.
	form url.Values
	// body is an API request's JSON body; raw, when set, is sent as it
	// is with its Content-Type instead (a file).
	body        any
	raw         []byte
	contentType string
	// freshSession signs the caller in anew for this request (sign-out
	// ends the session).
	freshSession bool
	// after runs once the answer is checked.
	after func()
}

// azCase is one row of the matrix: a registered route, a concrete request
// on it, who may make it and what they get.
type azCase struct {
	route  string // the pattern as registered: "GET /projects/{id}"
	target string // what the path names, for the subtest's name
	allow  azSet  // signed-in callers not in allow get 403
	ok     int    // the status of an allowed request
	// public routes answer an anonymous caller with anonOK (ok when 0)
	// instead of sending them to sign in.
	public bool
	anonOK int
	// notFound are the signed-in callers, not in allow, who get 404
	// rather than 403: the store does not tell them the record exists.
	notFound azSet
	// text, when set, must be on an allowed answer.
	text string
	req  func() azReq
}

func (c azCase) method() string {
	if m, _, ok := strings.Cut(c.route, " "); ok {
		return m
	}
	return http.MethodGet
}

// send makes a request as who: pages with the session cookie and the
// session's CSRF token in the form, the API with the Bearer token.
func (f *azFixture) send(who azSet, method string, r azReq) *httptest.ResponseRecorder {
	f.t.Helper()
	api := strings.HasPrefix(r.path, "/api/")
	var sess azSession
	if who != azAnon {
		sess = f.sessions[who]
		if r.freshSession {
			sess = f.newSession(who)
		}
	}
	var body io.Reader
	switch {
	case api && r.raw != nil:
		body = bytes.NewReader(r.raw)
	case api && r.body != nil:
		b, err := json.Marshal(r.body)
		must(f.t, err)
		body = bytes.NewReader(b)
	case !api && method != http.MethodGet:
		form := url.Values{}
		for k, v := range r.form {
			form[k] = slices.Clone(v)
		}
		if who != azAnon {
			form.Set("csrf", sess.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, r.path, body)
	req.Header.Set("Accept-Language", "en")
	if body != nil {
		if r.contentType != "" {
			req.Header.Set("Content-Type", r.contentType)
		} else if api {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if who != azAnon {
		if api {
			req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		} else {
			req.AddCookie(&http.Cookie{Name: "salkku_session", Value: sess.secret})
		}
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

// run sends the case's request as every caller and checks each answer.
func (f *azFixture) run(t *testing.T, c azCase) {
	t.Helper()
	method := c.method()
	for _, caller := range azCallers {
		who := caller.who
		r := c.req()
		// A change writes an audit row; pages that only read are not
		// counted, to keep the matrix fast.
		var before int
		if method != http.MethodGet {
			before = f.auditCount()
		}
		rec := f.send(who, method, r)
		changed := method != http.MethodGet && f.auditCount() != before
		status, loc, body := rec.Code, rec.Header().Get("Location"), rec.Body.String()
		api := strings.HasPrefix(r.path, "/api/")
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s %s as %s: %s\n%s", method, r.path, caller.name, fmt.Sprintf(format, args...), excerpt(body))
		}
		allowed := c.allow&who != 0 || who == azAnon && c.public
		switch {
		case who == azAnon && !c.public && api:
			if status != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
				fail("status %d, want 401 with WWW-Authenticate", status)
			}
		case who == azAnon && !c.public:
			next := r.path
			if method != http.MethodGet {
				next = "/"
			}
			if want := "/login?next=" + url.QueryEscape(next); status != http.StatusSeeOther || loc != want {
				fail("status %d to %q, want 303 to %q", status, loc, want)
			}
		case allowed:
			want := c.ok
			if who == azAnon && c.anonOK != 0 {
				want = c.anonOK
			}
			if status != want {
				fail("status %d, want %d (allowed)", status, want)
			} else if c.text != "" && !strings.Contains(html.UnescapeString(body), c.text) {
				fail("answer lacks %q", c.text)
			}
			if status == http.StatusSeeOther && strings.HasPrefix(loc, "/login?") {
				fail("sent to sign in (%q)", loc)
			}
		case c.notFound&who != 0:
			var e apiErrorBody
			if status != http.StatusNotFound {
				fail("status %d, want 404 (not shown)", status)
			} else if api && (json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Code != salkku.ENOTFOUND) {
				fail("not the JSON not-found error")
			}
		default:
			forbidden := apiCatalog.T("en", "error.forbidden")
			if status != http.StatusForbidden {
				fail("status %d, want 403", status)
			} else if api {
				var e apiErrorBody
				if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Code != salkku.EFORBIDDEN || e.Error.Message != forbidden {
					fail("not the JSON forbidden error")
				}
			} else if !strings.Contains(html.UnescapeString(body), forbidden) {
				fail("not the forbidden page")
			}
		}
		// Only an allowed, successful change may write to the register.
		wantChange := allowed && method != http.MethodGet && status < 400
		if changed != wantChange {
			fail("register changed: %v, want %v (status %d)", changed, wantChange, status)
		}
		f.checkNoLeak(t, caller.name, who, method+" "+r.path, body)
		if r.after != nil {
			r.after()
		}
	}
}

// azHidden lists, for each caller, the names of records the caller may not
// see: no page or API answer they get may show them. Admins see all.
func (f *azFixture) azHidden(who azSet) []string {
	a := []string{azNameA, azNamePA, azNameCatA, azNameWPA}
	a1 := []string{azNameA1, azNamePA1}
	b := []string{azNameB, azNamePB, azNameCatB, azNameWPB}
	switch who {
	case azOwner, azOffice, azSteering, azViewerA:
		return b
	case azManager:
		return slices.Concat(a1, b)
	case azViewerB:
		return slices.Concat(a, a1)
	case azNoRole, azAnon:
		return slices.Concat(a, a1, b)
	}
	return nil
}

func (f *azFixture) checkNoLeak(t *testing.T, name string, who azSet, request, body string) {
	t.Helper()
	text := html.UnescapeString(body)
	if strings.Contains(request, " /api/") {
		// Compare the decoded text, whatever the escapes (\u00e4…).
		var v any
		if json.Unmarshal([]byte(body), &v) == nil {
			b, _ := json.Marshal(v)
			text = string(b)
		}
	}
	for _, n := range f.azHidden(who) {
		if strings.Contains(text, n) {
			t.Errorf("%s as %s shows %q, which %s may not see", request, name, n, name)
		}
	}
}

// azCases is the matrix. The sets of callers are written out from the
// table in access.go's doc comment.
func azCases(f *azFixture) []azCase {
	// Who may do what. A role on A reaches A1; the manager of PA sees PA
	// and the portfolio that holds it (A), nothing of A1 or B.
	const (
		everyone = azSignedIn
		admin    = azAdmin
		// view portfolio/projects: any role on the portfolio, or "own".
		seeA  = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA
		seeA1 = azAdmin | azOwner | azOffice | azSteering | azViewerA
		seeB  = azAdmin | azViewerB
		// edit portfolio, board; create sub-portfolio: admin, owner.
		ownA = azAdmin | azOwner
		// categories; create/delete project: admin, owner, office.
		officeA = azAdmin | azOwner | azOffice
		// a portfolio-level gate decision: those, and the portfolio's
		// steering group (its board).
		boardA = officeA | azSteering
		// edit project, packages: admin, owner, office, own manager.
		editPA = azAdmin | azOwner | azOffice | azManager
		// people (add, edit): admin, owners and offices of a portfolio of
		// the person's organisation.
		people = azAdmin | azOwner | azOffice
		// see a person of the organisation: anyone with a role in it.
		orgMembers = azSignedIn &^ azNoRole
	)
	p := fmt.Sprintf
	get := func(route, target string, allow azSet, path string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: http.StatusOK, req: func() azReq { return azReq{path: path} }}
	}
	do := func(route, target string, allow azSet, ok int, req func() azReq) azCase {
		return azCase{route: route, target: target, allow: allow, ok: ok, req: req}
	}
	hideNoRole := func(c azCase) azCase { c.notFound = azNoRole; return c }
	const (
		seeOther  = http.StatusSeeOther
		created   = http.StatusCreated
		okay      = http.StatusOK
		noContent = http.StatusNoContent
		bad       = http.StatusBadRequest
		conflict  = http.StatusConflict
	)
	a, a1, b := f.a, f.a1, f.b
	pa, pa1, pb := f.pa, f.pa1, f.pb

	// Pages (web/ui.go, and the public routes of web/server.go).
	cases := []azCase{
		get("GET /{$}", "home", everyone, "/"),
		{route: "GET /login", target: "form", allow: everyone, ok: seeOther, public: true, anonOK: okay,
			req: func() azReq { return azReq{path: "/login"} }},
		// Without the login form's own token: the form again, for anyone.
		{route: "POST /login", target: "no login token", allow: everyone, ok: http.StatusForbidden, public: true,
			text: apiCatalog.T("en", "error.csrf_login"), req: func() azReq { return azReq{path: "/login", form: url.Values{"email": {"x@y.invalid"}}} }},
		do("POST /logout", "session", everyone, seeOther, func() azReq { return azReq{path: "/logout", freshSession: true} }),
		// Single sign-on is not configured: not found, for anyone.
		{route: "GET /login/sso", target: "not configured", allow: everyone, ok: http.StatusNotFound, public: true,
			req: func() azReq { return azReq{path: "/login/sso"} }},
		{route: "GET /login/callback", target: "not configured", allow: everyone, ok: http.StatusNotFound, public: true,
			req: func() azReq { return azReq{path: "/login/callback?state=x&code=y"} }},
		get("GET /account", "own", everyone, "/account"),
		do("POST /account", "new token", everyone, okay, func() azReq {
			return azReq{path: "/account", form: url.Values{"action": {"token"}, "token_name": {f.fresh("avain")}}}
		}),

		get("GET /admin/users", "list", admin, "/admin/users"),
		get("GET /admin/users/new", "form", admin, "/admin/users/new"),
		do("POST /admin/users/new", "new user", admin, seeOther, func() azReq {
			n := f.fresh("new")
			return azReq{path: "/admin/users/new", form: url.Values{"email": {strings.ReplaceAll(n, " ", "") + "@authz.test.invalid"}, "name": {n}}}
		}),
		get("GET /admin/users/{id}", "viewerA", admin, p("/admin/users/%d", f.users[azViewerA].ID)),
		do("POST /admin/users/{id}", "edit fresh user", admin, seeOther, func() azReq {
			u := f.freshUser()
			return azReq{path: p("/admin/users/%d", u.ID), form: url.Values{"version": {strconv.Itoa(u.Version)}, "email": {u.Email}, "name": {u.Name + " muokattu"}}}
		}),
		do("POST /admin/users/{id}", "grant viewer of B to fresh user", admin, seeOther, func() azReq {
			u := f.freshUser()
			return azReq{path: p("/admin/users/%d", u.ID), form: url.Values{"action": {"grant"}, "role": {salkku.RoleViewer}, "portfolio_id": {p("%d", b.ID)}}}
		}),
		// The accessibility statement and its feedback channel are public.
		{route: "GET /accessibility", target: "statement", allow: everyone, ok: okay, public: true,
			text: apiCatalog.T("en", "a11y.title"), req: func() azReq { return azReq{path: "/accessibility"} }},
		{route: "GET /accessibility/feedback", target: "form", allow: everyone, ok: okay, public: true,
			req: func() azReq { return azReq{path: "/accessibility/feedback"} }},
		// Without the form's stamp: refused, for anyone; without the
		// form's own token too, for those not signed in.
		{route: "POST /accessibility/feedback", target: "no stamp", allow: everyone, ok: http.StatusUnprocessableEntity, public: true,
			anonOK: http.StatusForbidden, req: func() azReq {
				return azReq{path: "/accessibility/feedback", form: url.Values{"feedback_message": {"Hei"}}}
			}},
		{route: "GET /accessibility/feedback/thanks", target: "thanks", allow: everyone, ok: okay, public: true,
			req: func() azReq { return azReq{path: "/accessibility/feedback/thanks"} }},
		get("GET /admin/feedback", "list", admin, "/admin/feedback"),
		do("POST /admin/feedback/{id}", "mark fresh feedback handled", admin, seeOther, func() azReq {
			fb := &salkku.Feedback{Message: f.fresh("Palaute")}
			must(f.t, f.db.CreateFeedback(salkku.System(context.Background()), fb, f.fresh("addr")))
			return azReq{path: p("/admin/feedback/%d", fb.ID), form: url.Values{"handled": {"true"}}}
		}),
		do("POST /admin/settings", "accessibility statement", admin, seeOther, func() azReq {
			return azReq{path: "/admin/settings", form: url.Values{"action": {"accessibility"}, "a11y_made": {"1.12.2026"},
				"a11y_reviewed": {"2.12.2026"}, "a11y_status": {"partial"}, "a11y_authority_name_fi": {"Lupa- ja valvontavirasto"},
				"a11y_authority_url": {"https://www.saavutettavuusvaatimukset.fi"}, "a11y_authority_email": {"saavutettavuus@example.invalid"}}}
		}),
		get("GET /admin/settings", "form", admin, "/admin/settings"),
		do("POST /admin/settings", "local login on", admin, seeOther, func() azReq {
			return azReq{path: "/admin/settings", form: url.Values{"local_login": {"true"}}}
		}),
		get("GET /admin/audit", "organisation-wide", admin, "/admin/audit"),
		// The reminder log: admins, and owners and offices for their
		// portfolios' projects.
		get("GET /admin/reminders", "log", officeA, "/admin/reminders"),
		get("GET /projects/{id}/history", "PA", seeA, p("/projects/%d/history", pa.ID)),
		get("GET /projects/{id}/history", "PA1", seeA1, p("/projects/%d/history", pa1.ID)),
		get("GET /projects/{id}/history", "PB", seeB, p("/projects/%d/history", pb.ID)),

		// Portfolios.
		get("GET /portfolios/new", "top-level", admin, p("/portfolios/new?organisation_id=%d", f.org.ID)),
		get("GET /portfolios/new", "under A", ownA, p("/portfolios/new?parent_id=%d", a.ID)),
		get("GET /portfolios/new", "under A1", ownA, p("/portfolios/new?parent_id=%d", a1.ID)),
		get("GET /portfolios/new", "under B", admin, p("/portfolios/new?parent_id=%d", b.ID)),
		do("POST /portfolios/new", "top-level", admin, seeOther, func() azReq {
			return azReq{path: "/portfolios/new", form: url.Values{"organisation_id": {p("%d", f.org.ID)}, "name": {f.fresh("Uusi salkku")}}}
		}),
		do("POST /portfolios/new", "under A", ownA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/new?parent_id=%d", a.ID), form: url.Values{"organisation_id": {p("%d", f.org.ID)}, "parent_id": {p("%d", a.ID)}, "name": {f.fresh("Uusi salkku")}}}
		}),
		do("POST /portfolios/new", "under A1", ownA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/new?parent_id=%d", a1.ID), form: url.Values{"organisation_id": {p("%d", f.org.ID)}, "parent_id": {p("%d", a1.ID)}, "name": {f.fresh("Uusi salkku")}}}
		}),
		do("POST /portfolios/new", "under B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/new?parent_id=%d", b.ID), form: url.Values{"organisation_id": {p("%d", f.org.ID)}, "parent_id": {p("%d", b.ID)}, "name": {f.fresh("Uusi salkku")}}}
		}),
		// The form's page names A, the form itself B.
		do("POST /portfolios/new", "page under A, form under B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/new?parent_id=%d", a.ID), form: url.Values{"organisation_id": {p("%d", f.org.ID)}, "parent_id": {p("%d", b.ID)}, "name": {f.fresh("Uusi salkku")}}}
		}),
		// Suggestions list only portfolios the caller may see (TestPickers).
		get("GET /portfolios/suggest", "by name", everyone, "/portfolios/suggest?q=a"),
		get("GET /portfolios/{id}", "A", seeA, p("/portfolios/%d", a.ID)),
		get("GET /portfolios/{id}", "A1", seeA1, p("/portfolios/%d", a1.ID)),
		get("GET /portfolios/{id}", "B", seeB, p("/portfolios/%d", b.ID)),
		get("GET /portfolios/{id}/edit", "A", ownA, p("/portfolios/%d/edit", a.ID)),
		get("GET /portfolios/{id}/edit", "A1", ownA, p("/portfolios/%d/edit", a1.ID)),
		get("GET /portfolios/{id}/edit", "B", admin, p("/portfolios/%d/edit", b.ID)),
		do("POST /portfolios/{id}/edit", "A", ownA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/edit", a.ID), form: with(azPortfolioForm(f.portfolio(a.ID)), "description", f.fresh("kuvaus"))}
		}),
		do("POST /portfolios/{id}/edit", "A1", ownA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/edit", a1.ID), form: with(azPortfolioForm(f.portfolio(a1.ID)), "description", f.fresh("kuvaus"))}
		}),
		do("POST /portfolios/{id}/edit", "B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/edit", b.ID), form: with(azPortfolioForm(f.portfolio(b.ID)), "description", f.fresh("kuvaus"))}
		}),
		// Making a sub-portfolio top-level needs the right to create one.
		do("POST /portfolios/{id}/edit", "new under A, to top level", admin, seeOther, func() azReq {
			pf := f.freshPortfolio(a)
			return azReq{path: p("/portfolios/%d/edit", pf.ID), form: with(azPortfolioForm(pf), "parent_id", "")}
		}),
		get("GET /portfolios/{id}/delete", "A", admin, p("/portfolios/%d/delete", a.ID)),
		get("GET /portfolios/{id}/delete", "A1", ownA, p("/portfolios/%d/delete", a1.ID)),
		get("GET /portfolios/{id}/delete", "B", admin, p("/portfolios/%d/delete", b.ID)),
		do("POST /portfolios/{id}/delete", "new top-level", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/delete", f.freshPortfolio(nil).ID)}
		}),
		do("POST /portfolios/{id}/delete", "new under A", ownA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/delete", f.freshPortfolio(a).ID)}
		}),
		do("POST /portfolios/{id}/delete", "new under A1", ownA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/delete", f.freshPortfolio(a1).ID)}
		}),
		do("POST /portfolios/{id}/delete", "new under B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/delete", f.freshPortfolio(b).ID)}
		}),

		// Status reporting (web/ui/report.go, report_views.go): the summary
		// and reports for whoever sees them; the cycle for owners and
		// offices; reports written by those who edit the project and
		// reviewed by the office and the portfolio's steering group.
		get("GET /portfolios/{id}/status", "A", seeA, p("/portfolios/%d/status", a.ID)),
		get("GET /portfolios/{id}/status", "A1", seeA1, p("/portfolios/%d/status", a1.ID)),
		get("GET /portfolios/{id}/status", "B", seeB, p("/portfolios/%d/status", b.ID)),
		get("GET /portfolios/{id}/reporting-cycle", "A", officeA, p("/portfolios/%d/reporting-cycle", a.ID)),
		get("GET /portfolios/{id}/reporting-cycle", "B", admin, p("/portfolios/%d/reporting-cycle", b.ID)),
		do("POST /portfolios/{id}/reporting-cycle", "new under A", officeA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/reporting-cycle", f.freshPortfolio(a).ID), form: url.Values{"version": {"0"}, "kind": {salkku.CycleQuarterly}, "start": {"1.1.2026"}}}
		}),
		do("POST /portfolios/{id}/reporting-cycle", "new under B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/reporting-cycle", f.freshPortfolio(b).ID), form: url.Values{"version": {"0"}, "kind": {salkku.CycleQuarterly}, "start": {"1.1.2026"}}}
		}),
		get("GET /projects/{id}/finance/export/{table}", "PA", seeA, p("/projects/%d/finance/export/follow_up?format=csv", pa.ID)),
		get("GET /projects/{id}/finance/export/{table}", "PB", seeB, p("/projects/%d/finance/export/actuals?format=xlsx", pb.ID)),
		get("GET /portfolios/{id}/finance/export", "A", seeA&^azManager, p("/portfolios/%d/finance/export?format=csv-fi", a.ID)),
		get("GET /portfolios/{id}/finance/export", "B", seeB, p("/portfolios/%d/finance/export?format=csv", b.ID)),
		// Documents (web/ui/documents.go): the action plan for whoever
		// sees the portfolio, the pack for whoever sees the project.
		get("GET /portfolios/{id}/action-plan", "A", seeA, p("/portfolios/%d/action-plan", a.ID)),
		get("GET /portfolios/{id}/action-plan", "B", seeB, p("/portfolios/%d/action-plan", b.ID)),
		get("GET /portfolios/{id}/action-plan/file", "A", seeA, p("/portfolios/%d/action-plan/file?format=html&language=sv", a.ID)),
		get("GET /portfolios/{id}/action-plan/file", "B", seeB, p("/portfolios/%d/action-plan/file?format=docx", b.ID)),
		get("GET /portfolios/{id}/pack", "A", seeA, p("/portfolios/%d/pack", a.ID)),
		get("GET /portfolios/{id}/pack", "B", seeB, p("/portfolios/%d/pack?date=22.11.2021", b.ID)),
		get("GET /portfolios/{id}/pack/file", "A", seeA, p("/portfolios/%d/pack/file?date=2021-11-22&format=html", a.ID)),
		get("GET /portfolios/{id}/pack/file", "B", seeB, p("/portfolios/%d/pack/file?date=22.11.2021&format=docx", b.ID)),
		get("GET /projects/{id}/pack", "PA", seeA, p("/projects/%d/pack", pa.ID)),
		get("GET /projects/{id}/pack", "PB", seeB, p("/projects/%d/pack", pb.ID)),
		get("GET /projects/{id}/pack/file", "PA", seeA, p("/projects/%d/pack/file?date=2021-11-22&format=html", pa.ID)),
		get("GET /projects/{id}/pack/file", "PB", seeB, p("/projects/%d/pack/file?date=2021-11-22&format=pdf", pb.ID)),
		get("GET /projects/{id}/reports", "PA", seeA, p("/projects/%d/reports", pa.ID)),
		get("GET /projects/{id}/reports", "PA1", seeA1, p("/projects/%d/reports", pa1.ID)),
		get("GET /projects/{id}/reports", "PB", seeB, p("/projects/%d/reports", pb.ID)),
		do("GET /projects/{id}/reports/period/{due}", "PA", seeA, okay, func() azReq {
			f.freshReport(pa, true)
			return azReq{path: p("/projects/%d/reports/period/2021-12-31", pa.ID)}
		}),
		do("GET /projects/{id}/reports/period/{due}", "PB", seeB, okay, func() azReq {
			f.freshReport(pb, true)
			return azReq{path: p("/projects/%d/reports/period/2021-12-31", pb.ID)}
		}),
		get("GET /projects/{id}/reports/new", "PA", editPA, p("/projects/%d/reports/new?report_date=22.11.2021", pa.ID)),
		get("GET /projects/{id}/reports/new", "PB", admin, p("/projects/%d/reports/new", pb.ID)),
		do("POST /projects/{id}/reports/new", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/reports/new", pa.ID), form: url.Values{"version": {"0"}, "report_date": {"22.11.2021"}, "overall.fi": {f.fresh("Etenee")}}}
		}),
		do("POST /projects/{id}/reports/new", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/reports/new", pb.ID), form: url.Values{"version": {"0"}, "report_date": {"22.11.2021"}, "overall.fi": {f.fresh("Etenee")}}}
		}),
		do("GET /reports/{id}", "of PA", seeA, okay, func() azReq { return azReq{path: p("/reports/%d", f.freshReport(pa, true).ID)} }),
		do("GET /reports/{id}", "of PB", seeB, okay, func() azReq { return azReq{path: p("/reports/%d", f.freshReport(pb, true).ID)} }),
		do("GET /reports/{id}/edit", "draft of PA", editPA, okay, func() azReq { return azReq{path: p("/reports/%d/edit", f.freshReport(pa, false).ID)} }),
		do("GET /reports/{id}/edit", "draft of PB", admin, okay, func() azReq { return azReq{path: p("/reports/%d/edit", f.freshReport(pb, false).ID)} }),
		do("POST /reports/{id}/edit", "draft of PA", editPA, seeOther, func() azReq {
			r := f.freshReport(pa, false)
			return azReq{path: p("/reports/%d/edit", r.ID), form: url.Values{"version": {strconv.Itoa(r.Version)}, "report_date": {"22.11.2021"}, "overall.fi": {f.fresh("Etenee")}}}
		}),
		do("POST /reports/{id}/submit", "draft of PA", editPA, seeOther, func() azReq {
			r := f.freshReport(pa, false)
			return azReq{path: p("/reports/%d/submit", r.ID), form: url.Values{"version": {strconv.Itoa(r.Version)}}}
		}),
		do("POST /reports/{id}/submit", "draft of PB", admin, seeOther, func() azReq {
			r := f.freshReport(pb, false)
			return azReq{path: p("/reports/%d/submit", r.ID), form: url.Values{"version": {strconv.Itoa(r.Version)}}}
		}),
		do("POST /reports/{id}/review", "of PA", boardA, seeOther, func() azReq {
			r := f.freshReport(pa, true)
			return azReq{path: p("/reports/%d/review", r.ID), form: url.Values{"version": {strconv.Itoa(r.Version)}}}
		}),
		do("POST /reports/{id}/review", "of PB", admin, seeOther, func() azReq {
			r := f.freshReport(pb, true)
			return azReq{path: p("/reports/%d/review", r.ID), form: url.Values{"version": {strconv.Itoa(r.Version)}}}
		}),
		do("POST /reports/{id}/correct", "of PA", editPA, seeOther, func() azReq { return azReq{path: p("/reports/%d/correct", f.freshReport(pa, true).ID)} }),
		do("GET /reports/{id}/delete", "draft of PA", editPA, okay, func() azReq { return azReq{path: p("/reports/%d/delete", f.freshReport(pa, false).ID)} }),
		do("POST /reports/{id}/delete", "draft of PA", editPA, seeOther, func() azReq { return azReq{path: p("/reports/%d/delete", f.freshReport(pa, false).ID)} }),
		do("POST /reports/{id}/delete", "draft of PB", admin, seeOther, func() azReq { return azReq{path: p("/reports/%d/delete", f.freshReport(pb, false).ID)} }),

		// The gate views: whoever sees the portfolio.
		get("GET /portfolios/{id}/gates", "A", seeA, p("/portfolios/%d/gates", a.ID)),
		get("GET /portfolios/{id}/gates", "A1", seeA1, p("/portfolios/%d/gates", a1.ID)),
		get("GET /portfolios/{id}/gates", "B", seeB, p("/portfolios/%d/gates", b.ID)),

		// Categories.
		get("GET /portfolios/{id}/categories", "A", seeA, p("/portfolios/%d/categories", a.ID)),
		get("GET /portfolios/{id}/categories", "A1", seeA1, p("/portfolios/%d/categories", a1.ID)),
		get("GET /portfolios/{id}/categories", "B", seeB, p("/portfolios/%d/categories", b.ID)),
		get("GET /portfolios/{id}/categories/new", "A", officeA, p("/portfolios/%d/categories/new", a.ID)),
		get("GET /portfolios/{id}/categories/new", "A1", officeA, p("/portfolios/%d/categories/new", a1.ID)),
		get("GET /portfolios/{id}/categories/new", "B", admin, p("/portfolios/%d/categories/new", b.ID)),
		do("POST /portfolios/{id}/categories/new", "A", officeA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/categories/new", a.ID), form: url.Values{"name": {f.fresh("Uusi luokka")}}}
		}),
		do("POST /portfolios/{id}/categories/new", "A1", officeA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/categories/new", a1.ID), form: url.Values{"name": {f.fresh("Uusi luokka")}}}
		}),
		do("POST /portfolios/{id}/categories/new", "B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/categories/new", b.ID), form: url.Values{"name": {f.fresh("Uusi luokka")}}}
		}),
		get("GET /categories/{id}/edit", "in A", officeA, p("/categories/%d/edit", f.catA.ID)),
		get("GET /categories/{id}/edit", "in B", admin, p("/categories/%d/edit", f.catB.ID)),
		do("POST /categories/{id}/edit", "in A", officeA, seeOther, func() azReq {
			return azReq{path: p("/categories/%d/edit", f.catA.ID), form: with(azCategoryForm(f.category(f.catA.ID)), "description", f.fresh("kuvaus"))}
		}),
		do("POST /categories/{id}/edit", "in B", admin, seeOther, func() azReq {
			return azReq{path: p("/categories/%d/edit", f.catB.ID), form: with(azCategoryForm(f.category(f.catB.ID)), "description", f.fresh("kuvaus"))}
		}),
		get("GET /categories/{id}/delete", "in A", officeA, p("/categories/%d/delete", f.catA.ID)),
		get("GET /categories/{id}/delete", "in B", admin, p("/categories/%d/delete", f.catB.ID)),
		do("POST /categories/{id}/delete", "new in A", officeA, seeOther, func() azReq {
			return azReq{path: p("/categories/%d/delete", f.freshCategory(a).ID)}
		}),
		do("POST /categories/{id}/delete", "new in A1", officeA, seeOther, func() azReq {
			return azReq{path: p("/categories/%d/delete", f.freshCategory(a1).ID)}
		}),
		do("POST /categories/{id}/delete", "new in B", admin, seeOther, func() azReq {
			return azReq{path: p("/categories/%d/delete", f.freshCategory(b).ID)}
		}),

		// Projects.
		get("GET /portfolios/{id}/projects/new", "A", officeA, p("/portfolios/%d/projects/new", a.ID)),
		get("GET /portfolios/{id}/projects/new", "A1", officeA, p("/portfolios/%d/projects/new", a1.ID)),
		get("GET /portfolios/{id}/projects/new", "B", admin, p("/portfolios/%d/projects/new", b.ID)),
		do("POST /portfolios/{id}/projects/new", "A", officeA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/projects/new", a.ID), form: url.Values{"code": {f.fresh("X")}, "name": {f.fresh("Uusi hanke")}, "status": {salkku.StatusProposed}}}
		}),
		do("POST /portfolios/{id}/projects/new", "A1", officeA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/projects/new", a1.ID), form: url.Values{"code": {f.fresh("X")}, "name": {f.fresh("Uusi hanke")}, "status": {salkku.StatusProposed}}}
		}),
		do("POST /portfolios/{id}/projects/new", "B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/projects/new", b.ID), form: url.Values{"code": {f.fresh("X")}, "name": {f.fresh("Uusi hanke")}, "status": {salkku.StatusProposed}}}
		}),
		// Suggestions list only projects the caller may see (TestPickers).
		get("GET /projects/suggest", "by name", everyone, "/projects/suggest?q=a"),
		get("GET /projects/{id}", "PA", seeA, p("/projects/%d", pa.ID)),
		get("GET /projects/{id}", "PA1", seeA1, p("/projects/%d", pa1.ID)),
		get("GET /projects/{id}", "PB", seeB, p("/projects/%d", pb.ID)),
		get("GET /projects/{id}/edit", "PA", editPA, p("/projects/%d/edit", pa.ID)),
		get("GET /projects/{id}/edit", "PA1", officeA, p("/projects/%d/edit", pa1.ID)),
		get("GET /projects/{id}/edit", "PB", admin, p("/projects/%d/edit", pb.ID)),
		do("POST /projects/{id}/edit", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/edit", pa.ID), form: with(azProjectForm(f.project(pa.ID)), "description", f.fresh("kuvaus"))}
		}),
		do("POST /projects/{id}/edit", "PA1", officeA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/edit", pa1.ID), form: with(azProjectForm(f.project(pa1.ID)), "description", f.fresh("kuvaus"))}
		}),
		do("POST /projects/{id}/edit", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/edit", pb.ID), form: with(azProjectForm(f.project(pb.ID)), "description", f.fresh("kuvaus"))}
		}),
		get("GET /projects/{id}/delete", "PA", officeA, p("/projects/%d/delete", pa.ID)),
		get("GET /projects/{id}/delete", "PA1", officeA, p("/projects/%d/delete", pa1.ID)),
		get("GET /projects/{id}/delete", "PB", admin, p("/projects/%d/delete", pb.ID)),
		// The manager of a project may edit it, not delete it.
		do("POST /projects/{id}/delete", "new in A, managed by managerPA", officeA, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: p("/projects/%d/delete", pr.ID), after: after}
		}),
		do("POST /projects/{id}/delete", "new in A1", officeA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/delete", f.freshProject(a1).ID)}
		}),
		do("POST /projects/{id}/delete", "new in B", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/delete", f.freshProject(b).ID)}
		}),

		// A project's gates (web/ui/gates.go): seen with the project;
		// worked on (checklist, deliverables, requests, conditions, model
		// version) by those who edit it; decisions at P0 (the portfolio's
		// level) recorded by the project office or above; the steering
		// group named by the project office or above.
		get("GET /projects/{id}/gates", "PA", seeA, p("/projects/%d/gates", pa.ID)),
		get("GET /projects/{id}/gates", "PA1", seeA1, p("/projects/%d/gates", pa1.ID)),
		get("GET /projects/{id}/gates", "PB", seeB, p("/projects/%d/gates", pb.ID)),
		do("POST /projects/{id}/gates/items/{key}", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/gates/items/planning-cost-benefit", pa.ID), form: url.Values{"action": {"done"}}}
		}),
		do("POST /projects/{id}/gates/items/{key}", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/gates/items/planning-cost-benefit", pb.ID), form: url.Values{"action": {"done"}}}
		}),
		do("POST /projects/{id}/gates/deliverables/{key}", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/gates/deliverables/deploy-privacy-review", pa.ID), form: url.Values{"url": {"https://example.invalid/" + strings.ReplaceAll(f.fresh("d"), " ", "")}}}
		}),
		get("GET /projects/{id}/gates/request", "PA", editPA, p("/projects/%d/gates/request", pa.ID)),
		get("GET /projects/{id}/gates/request", "PB", admin, p("/projects/%d/gates/request", pb.ID)),
		do("POST /projects/{id}/gates/request", "new in A, managed by managerPA", editPA, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: p("/projects/%d/gates/request", pr.ID), form: url.Values{"gate": {"P0"}, "level": {salkku.LevelPortfolio}}, after: after}
		}),
		do("POST /projects/{id}/gates/request/cancel", "new in A, managed by managerPA", editPA, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			must(f.t, f.db.RequestGate(salkku.System(context.Background()), &salkku.GateRequest{ProjectID: pr.ID}))
			return azReq{path: p("/projects/%d/gates/request/cancel", pr.ID), after: after}
		}),
		do("POST /projects/{id}/gates/conditions/{cid}/met", "new in A, managed by managerPA", editPA|azSteering, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			d := &salkku.GateDecision{ProjectID: pr.ID, Gate: "P0", DecidedOn: "2026-01-14", Decision: salkku.DecisionApprovedConditions,
				Conditions: []salkku.Condition{{Text: salkku.T("Ehto")}}}
			must(f.t, f.db.RecordDecision(salkku.System(context.Background()), d))
			return azReq{path: p("/projects/%d/gates/conditions/%d/met", pr.ID, d.Conditions[0].ID), after: after}
		}),
		do("POST /projects/{id}/gates/model", "new in A, managed by managerPA, to a newer version", editPA, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			ctx := salkku.System(context.Background())
			m, err := f.db.NewModelVersion(ctx, f.org.ID)
			must(f.t, err)
			must(f.t, f.db.PublishModel(ctx, m.ID, m.Version))
			return azReq{path: p("/projects/%d/gates/model", pr.ID), form: url.Values{"model_id": {p("%d", m.ID)}}, after: after}
		}),
		get("GET /projects/{id}/gates/decision", "PA", boardA, p("/projects/%d/gates/decision", pa.ID)),
		get("GET /projects/{id}/gates/decision", "PB", admin, p("/projects/%d/gates/decision", pb.ID)),
		do("POST /projects/{id}/gates/decision", "new in A, managed by managerPA", boardA, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: p("/projects/%d/gates/decision", pr.ID), after: after, form: url.Values{"gate": {"P0"}, "decided_on": {"14.1.2026"},
				"level": {salkku.LevelPortfolio}, "decision": {salkku.DecisionApproved}}}
		}),
		// The people in the model's roles are named by those who edit the
		// project.
		get("GET /projects/{id}/roles/{key}", "PA", editPA, p("/projects/%d/roles/architect", pa.ID)),
		get("GET /projects/{id}/roles/{key}", "PB", admin, p("/projects/%d/roles/architect", pb.ID)),
		do("POST /projects/{id}/roles/{key}", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/roles/architect", pa.ID), form: url.Values{"people_ids": {p("%d", f.freshPerson().ID)}}}
		}),
		get("GET /projects/{id}/steering-group", "PA", officeA, p("/projects/%d/steering-group", pa.ID)),
		get("GET /projects/{id}/steering-group", "PB", admin, p("/projects/%d/steering-group", pb.ID)),
		do("POST /projects/{id}/steering-group", "new in A, managed by managerPA", officeA, seeOther, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: p("/projects/%d/steering-group", pr.ID), after: after,
				form: url.Values{"person_id": {p("%d", f.people[1].ID)}, "role": {salkku.SteeringChair}}}
		}),

		// Work packages.
		get("GET /projects/{id}/workpackages/new", "PA", editPA, p("/projects/%d/workpackages/new", pa.ID)),
		get("GET /projects/{id}/workpackages/new", "PA1", officeA, p("/projects/%d/workpackages/new", pa1.ID)),
		get("GET /projects/{id}/workpackages/new", "PB", admin, p("/projects/%d/workpackages/new", pb.ID)),
		do("POST /projects/{id}/workpackages/new", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/workpackages/new", pa.ID), form: url.Values{"name": {f.fresh("Uusi paketti")}}}
		}),
		do("POST /projects/{id}/workpackages/new", "PA1", officeA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/workpackages/new", pa1.ID), form: url.Values{"name": {f.fresh("Uusi paketti")}}}
		}),
		do("POST /projects/{id}/workpackages/new", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/workpackages/new", pb.ID), form: url.Values{"name": {f.fresh("Uusi paketti")}}}
		}),
		get("GET /workpackages/{id}/edit", "in PA", editPA, p("/workpackages/%d/edit", f.wpA.ID)),
		get("GET /workpackages/{id}/edit", "in PB", admin, p("/workpackages/%d/edit", f.wpB.ID)),
		do("POST /workpackages/{id}/edit", "in PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/workpackages/%d/edit", f.wpA.ID), form: with(azWorkPackageForm(f.workPackage(f.wpA.ID)), "description", f.fresh("kuvaus"))}
		}),
		do("POST /workpackages/{id}/edit", "in PB", admin, seeOther, func() azReq {
			return azReq{path: p("/workpackages/%d/edit", f.wpB.ID), form: with(azWorkPackageForm(f.workPackage(f.wpB.ID)), "description", f.fresh("kuvaus"))}
		}),
		get("GET /workpackages/{id}/delete", "in PA", editPA, p("/workpackages/%d/delete", f.wpA.ID)),
		get("GET /workpackages/{id}/delete", "in PB", admin, p("/workpackages/%d/delete", f.wpB.ID)),
		do("POST /workpackages/{id}/delete", "new in PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/workpackages/%d/delete", f.freshWorkPackage(pa).ID)}
		}),
		do("POST /workpackages/{id}/delete", "new in PB", admin, seeOther, func() azReq {
			return azReq{path: p("/workpackages/%d/delete", f.freshWorkPackage(pb).ID)}
		}),

		// People: everyone with a role in their organisation sees them
		// (the list of someone without roles is empty); owners and project
		// offices add and edit them.
		get("GET /people", "list", everyone, "/people"),
		// Suggestions list only people the caller may see (TestPersonPicker).
		get("GET /people/suggest", "by name", everyone, "/people/suggest?q=a"),
		get("GET /people/new", "form", people, "/people/new"),
		do("POST /people/new", "new person", people, seeOther, func() azReq {
			return azReq{path: "/people/new", form: url.Values{"name": {f.fresh("Uusi henkilö")}, "organisation_id": {p("%d", f.org.ID)}}}
		}),
		get("GET /people/{id}/edit", "person", people, p("/people/%d/edit", f.people[2].ID)),
		do("POST /people/{id}/edit", "person", people, seeOther, func() azReq {
			return azReq{path: p("/people/%d/edit", f.people[2].ID), form: with(azPersonForm(f.person(f.people[2].ID)), "title", f.fresh("nimike"))}
		}),
		get("GET /people/{id}/delete", "person", people, p("/people/%d/delete", f.people[2].ID)),
		do("POST /people/{id}/delete", "new person", people, seeOther, func() azReq {
			return azReq{path: p("/people/%d/delete", f.freshPerson().ID)}
		}),

		// Organisations: everyone signed in sees them; admins manage them.
		get("GET /organisations", "list", everyone, "/organisations"),
		get("GET /organisations/suggest", "by name", everyone, "/organisations/suggest?q=a"),
		get("GET /organisations/new", "form", admin, "/organisations/new"),
		do("POST /organisations/new", "new organisation", admin, seeOther, func() azReq {
			return azReq{path: "/organisations/new", form: url.Values{"name": {f.fresh("Uusi organisaatio")}}}
		}),
		get("GET /organisations/{id}/edit", "organisation", admin, p("/organisations/%d/edit", f.org.ID)),
		do("POST /organisations/{id}/edit", "organisation", admin, seeOther, func() azReq {
			o := f.organisation(f.org.ID)
			return azReq{path: p("/organisations/%d/edit", o.ID), form: url.Values{"version": {strconv.Itoa(o.Version)}, "name": {o.Name.FI}, "business_id": {"0135202-4"}}}
		}),
		get("GET /organisations/{id}/delete", "organisation", admin, p("/organisations/%d/delete", f.org.ID)),
		do("POST /organisations/{id}/delete", "new organisation", admin, seeOther, func() azReq {
			return azReq{path: p("/organisations/%d/delete", f.freshOrganisation().ID)}
		}),

		// The life-cycle model: anyone with a role in the organisation
		// reads it; admins, portfolio owners and project offices edit it.
		// Each request leaves no draft behind, as other cases make new
		// versions; those without a role there are not shown the model.
		hideNoRole(do("GET /organisations/{id}/model", "organisation", orgMembers, okay, func() azReq { return azReq{path: p("/organisations/%d/model", f.org.ID)} })),
		do("POST /organisations/{id}/model", "new version", officeA, seeOther, func() azReq {
			f.dropDrafts()
			return azReq{path: p("/organisations/%d/model", f.org.ID), after: f.dropDrafts}
		}),
		hideNoRole(do("GET /models/{id}", "draft", orgMembers, okay, func() azReq { return azReq{path: p("/models/%d", f.freshDraft().ID), after: f.dropDrafts} })),
		hideNoRole(do("GET /models/{id}/edit", "draft", officeA, okay, func() azReq { return azReq{path: p("/models/%d/edit", f.freshDraft().ID), after: f.dropDrafts} })),
		hideNoRole(do("POST /models/{id}/edit", "draft", officeA, seeOther, func() azReq {
			m := f.freshDraft()
			return azReq{path: p("/models/%d/edit", m.ID), form: url.Values{"version": {strconv.Itoa(m.Version)}, "name.fi": {f.fresh("Malli")}}, after: f.dropDrafts}
		})),
		hideNoRole(do("POST /models/{id}/publish", "fresh draft", officeA, seeOther, func() azReq {
			m := f.freshDraft()
			return azReq{path: p("/models/%d/publish", m.ID), form: url.Values{"version": {strconv.Itoa(m.Version)}}, after: f.dropDrafts}
		})),
		hideNoRole(do("GET /models/{id}/delete", "draft", officeA, okay, func() azReq { return azReq{path: p("/models/%d/delete", f.freshDraft().ID), after: f.dropDrafts} })),
		hideNoRole(do("POST /models/{id}/delete", "fresh draft", officeA, seeOther, func() azReq { return azReq{path: p("/models/%d/delete", f.freshDraft().ID), after: f.dropDrafts} })),

		// Anything else: not found, once signed in.
		{route: "/", target: "unknown page", allow: everyone, ok: http.StatusNotFound, req: func() azReq { return azReq{path: "/no-such-page"} }},
		{route: "GET /healthz", target: "public", allow: everyone, ok: okay, public: true, req: func() azReq { return azReq{path: "/healthz"} }},
		{route: "GET /assets/", target: "public", allow: everyone, ok: okay, public: true, req: func() azReq { return azReq{path: "/assets/salkku.css"} }},
		{route: "GET /favicon.ico", target: "public", allow: everyone, ok: http.StatusMovedPermanently, public: true, req: func() azReq { return azReq{path: "/favicon.ico"} }},
	}

	// The API (web/api.go).
	api := func(format string, args ...any) string { return "/api/v1" + p(format, args...) }
	newPortfolio := func(parent *salkku.Portfolio) map[string]any {
		m := map[string]any{"organisation_id": f.org.ID, "name": f.fresh("Uusi salkku")}
		if parent != nil {
			m["parent_id"] = parent.ID
		}
		return m
	}
	putPortfolio := func(id int64) func() azReq {
		return func() azReq {
			pf := f.portfolio(id)
			pf.Description = salkku.T(f.fresh("kuvaus"))
			return azReq{path: api("/portfolios/%d", id), body: pf}
		}
	}
	putCategory := func(id int64) func() azReq {
		return func() azReq {
			c := f.category(id)
			c.Description = salkku.T(f.fresh("kuvaus"))
			return azReq{path: api("/categories/%d", id), body: c}
		}
	}
	putProject := func(id int64) func() azReq {
		return func() azReq {
			pr := f.project(id)
			pr.Description = salkku.T(f.fresh("kuvaus"))
			return azReq{path: api("/projects/%d", id), body: pr}
		}
	}
	putWorkPackage := func(id int64) func() azReq {
		return func() azReq {
			w := f.workPackage(id)
			w.Description = salkku.T(f.fresh("kuvaus"))
			return azReq{path: api("/workpackages/%d", id), body: w}
		}
	}
	cases = append(cases,
		get("GET /api/v1/openapi.json", "spec", everyone, api("/openapi.json")),
		get("GET /api/v1/me", "own", everyone, api("/me")),
		get("GET /api/v1/audit", "organisation-wide", admin, api("/audit")),
		get("GET /api/v1/reminders", "log", officeA, api("/reminders")),
		get("GET /api/v1/projects/{id}/audit", "PA", seeA, api("/projects/%d/audit", pa.ID)),
		get("GET /api/v1/projects/{id}/audit", "PA1", seeA1, api("/projects/%d/audit", pa1.ID)),
		get("GET /api/v1/projects/{id}/audit", "PB", seeB, api("/projects/%d/audit", pb.ID)),

		get("GET /api/v1/organisations", "list", everyone, api("/organisations")),
		get("GET /api/v1/organisations/{id}", "organisation", everyone, api("/organisations/%d", f.org.ID)),
		do("POST /api/v1/organisations", "new", admin, created, func() azReq {
			return azReq{path: api("/organisations"), body: map[string]any{"name": f.fresh("Uusi organisaatio")}}
		}),
		do("PUT /api/v1/organisations/{id}", "organisation", admin, okay, func() azReq {
			o := f.organisation(f.org.ID)
			o.BusinessID = map[bool]string{true: "0135202-4", false: ""}[o.BusinessID == ""]
			return azReq{path: api("/organisations/%d", o.ID), body: o}
		}),
		do("DELETE /api/v1/organisations/{id}", "new", admin, noContent, func() azReq {
			return azReq{path: api("/organisations/%d", f.freshOrganisation().ID)}
		}),

		get("GET /api/v1/people", "list", everyone, api("/people")),
		get("GET /api/v1/people/{id}", "person", orgMembers, api("/people/%d", f.people[0].ID)),
		do("POST /api/v1/people", "new", people, created, func() azReq {
			return azReq{path: api("/people"), body: map[string]any{"name": f.fresh("Uusi henkilö"), "organisation_id": f.org.ID}}
		}),
		do("PUT /api/v1/people/{id}", "person", people, okay, func() azReq {
			pe := f.person(f.people[2].ID)
			pe.Title = f.fresh("nimike")
			return azReq{path: api("/people/%d", pe.ID), body: pe}
		}),
		do("DELETE /api/v1/people/{id}", "new", people, noContent, func() azReq {
			return azReq{path: api("/people/%d", f.freshPerson().ID)}
		}),

		// The list is filtered (TestAuthzLists); anyone may ask.
		get("GET /api/v1/portfolios", "list", everyone, api("/portfolios")),
		get("GET /api/v1/portfolios/{id}", "A", seeA, api("/portfolios/%d", a.ID)),
		get("GET /api/v1/portfolios/{id}", "A1", seeA1, api("/portfolios/%d", a1.ID)),
		get("GET /api/v1/portfolios/{id}", "B", seeB, api("/portfolios/%d", b.ID)),
		do("POST /api/v1/portfolios", "top-level", admin, created, func() azReq {
			return azReq{path: api("/portfolios"), body: newPortfolio(nil)}
		}),
		do("POST /api/v1/portfolios", "under A", ownA, created, func() azReq {
			return azReq{path: api("/portfolios"), body: newPortfolio(a)}
		}),
		do("POST /api/v1/portfolios", "under A1", ownA, created, func() azReq {
			return azReq{path: api("/portfolios"), body: newPortfolio(a1)}
		}),
		do("POST /api/v1/portfolios", "under B", admin, created, func() azReq {
			return azReq{path: api("/portfolios"), body: newPortfolio(b)}
		}),
		do("PUT /api/v1/portfolios/{id}", "A", ownA, okay, putPortfolio(a.ID)),
		do("PUT /api/v1/portfolios/{id}", "A1", ownA, okay, putPortfolio(a1.ID)),
		do("PUT /api/v1/portfolios/{id}", "B", admin, okay, putPortfolio(b.ID)),
		do("PUT /api/v1/portfolios/{id}", "new under A, to top level", admin, okay, func() azReq {
			pf := f.freshPortfolio(a)
			pf.ParentID = nil
			return azReq{path: api("/portfolios/%d", pf.ID), body: pf}
		}),
		do("PUT /api/v1/portfolios/{id}", "new under A, to under B", admin, okay, func() azReq {
			pf := f.freshPortfolio(a)
			pf.ParentID = &b.ID
			return azReq{path: api("/portfolios/%d", pf.ID), body: pf}
		}),
		// Moving a portfolio to another organisation is for admins (whom
		// the store then refuses: the parent stays in the first one).
		do("PUT /api/v1/portfolios/{id}", "new under A, to another organisation", admin, bad, func() azReq {
			pf := f.freshPortfolio(a)
			pf.OrganisationID = f.freshOrganisation().ID
			return azReq{path: api("/portfolios/%d", pf.ID), body: pf}
		}),
		// A top-level portfolio is deleted by admins only; A has projects,
		// so the admin's delete is refused as in use.
		do("DELETE /api/v1/portfolios/{id}", "A (in use)", admin, conflict, func() azReq {
			return azReq{path: api("/portfolios/%d", a.ID)}
		}),
		do("DELETE /api/v1/portfolios/{id}", "new top-level", admin, noContent, func() azReq {
			return azReq{path: api("/portfolios/%d", f.freshPortfolio(nil).ID)}
		}),
		do("DELETE /api/v1/portfolios/{id}", "new under A", ownA, noContent, func() azReq {
			return azReq{path: api("/portfolios/%d", f.freshPortfolio(a).ID)}
		}),
		do("DELETE /api/v1/portfolios/{id}", "new under B", admin, noContent, func() azReq {
			return azReq{path: api("/portfolios/%d", f.freshPortfolio(b).ID)}
		}),

		get("GET /api/v1/categories", "of A", seeA, api("/categories?portfolio_id=%d", a.ID)),
		get("GET /api/v1/categories", "of A1", seeA1, api("/categories?portfolio_id=%d", a1.ID)),
		get("GET /api/v1/categories", "of B", seeB, api("/categories?portfolio_id=%d", b.ID)),
		get("GET /api/v1/categories/{id}", "in A", seeA, api("/categories/%d", f.catA.ID)),
		get("GET /api/v1/categories/{id}", "in B", seeB, api("/categories/%d", f.catB.ID)),
		do("POST /api/v1/categories", "in A", officeA, created, func() azReq {
			return azReq{path: api("/categories"), body: map[string]any{"portfolio_id": a.ID, "name": f.fresh("Uusi luokka")}}
		}),
		do("POST /api/v1/categories", "in A1", officeA, created, func() azReq {
			return azReq{path: api("/categories"), body: map[string]any{"portfolio_id": a1.ID, "name": f.fresh("Uusi luokka")}}
		}),
		do("POST /api/v1/categories", "in B", admin, created, func() azReq {
			return azReq{path: api("/categories"), body: map[string]any{"portfolio_id": b.ID, "name": f.fresh("Uusi luokka")}}
		}),
		do("PUT /api/v1/categories/{id}", "in A", officeA, okay, putCategory(f.catA.ID)),
		do("PUT /api/v1/categories/{id}", "in B", admin, okay, putCategory(f.catB.ID)),
		// A category stays in its portfolio: past the check, refused.
		do("PUT /api/v1/categories/{id}", "in A, moved to B", officeA, bad, func() azReq {
			c := f.category(f.catA.ID)
			c.PortfolioID = b.ID
			return azReq{path: api("/categories/%d", c.ID), body: c}
		}),
		do("DELETE /api/v1/categories/{id}", "new in A", officeA, noContent, func() azReq {
			return azReq{path: api("/categories/%d", f.freshCategory(a).ID)}
		}),
		do("DELETE /api/v1/categories/{id}", "new in B", admin, noContent, func() azReq {
			return azReq{path: api("/categories/%d", f.freshCategory(b).ID)}
		}),

		get("GET /api/v1/projects", "list", everyone, api("/projects")),
		get("GET /api/v1/projects/{id}", "PA", seeA, api("/projects/%d", pa.ID)),
		get("GET /api/v1/projects/{id}", "PA1", seeA1, api("/projects/%d", pa1.ID)),
		get("GET /api/v1/projects/{id}", "PB", seeB, api("/projects/%d", pb.ID)),
		do("POST /api/v1/projects", "in A", officeA, created, func() azReq {
			return azReq{path: api("/projects"), body: map[string]any{"portfolio_id": a.ID, "code": f.fresh("X"), "name": f.fresh("Uusi hanke")}}
		}),
		do("POST /api/v1/projects", "in A1", officeA, created, func() azReq {
			return azReq{path: api("/projects"), body: map[string]any{"portfolio_id": a1.ID, "code": f.fresh("X"), "name": f.fresh("Uusi hanke")}}
		}),
		do("POST /api/v1/projects", "in B", admin, created, func() azReq {
			return azReq{path: api("/projects"), body: map[string]any{"portfolio_id": b.ID, "code": f.fresh("X"), "name": f.fresh("Uusi hanke")}}
		}),
		do("PUT /api/v1/projects/{id}", "PA", editPA, okay, putProject(pa.ID)),
		do("PUT /api/v1/projects/{id}", "PA1", officeA, okay, putProject(pa1.ID)),
		do("PUT /api/v1/projects/{id}", "PB", admin, okay, putProject(pb.ID)),
		// Moving a project: delete it here, create it there.
		do("PUT /api/v1/projects/{id}", "new in A, to A1", officeA, okay, func() azReq {
			pr := f.freshProject(a)
			pr.PortfolioID = a1.ID
			return azReq{path: api("/projects/%d", pr.ID), body: pr}
		}),
		do("PUT /api/v1/projects/{id}", "new in A managed by managerPA, to A1", officeA, okay, func() azReq {
			pr, after := f.freshManagedProject(a)
			pr.PortfolioID = a1.ID
			return azReq{path: api("/projects/%d", pr.ID), body: pr, after: after}
		}),
		do("PUT /api/v1/projects/{id}", "new in A, to B", admin, okay, func() azReq {
			pr := f.freshProject(a)
			pr.PortfolioID = b.ID
			return azReq{path: api("/projects/%d", pr.ID), body: pr}
		}),
		do("DELETE /api/v1/projects/{id}", "new in A, managed by managerPA", officeA, noContent, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: api("/projects/%d", pr.ID), after: after}
		}),
		do("DELETE /api/v1/projects/{id}", "new in A1", officeA, noContent, func() azReq {
			return azReq{path: api("/projects/%d", f.freshProject(a1).ID)}
		}),
		do("DELETE /api/v1/projects/{id}", "new in B", admin, noContent, func() azReq {
			return azReq{path: api("/projects/%d", f.freshProject(b).ID)}
		}),

		get("GET /api/v1/workpackages", "of PA", seeA, api("/workpackages?project_id=%d", pa.ID)),
		get("GET /api/v1/workpackages", "of PA1", seeA1, api("/workpackages?project_id=%d", pa1.ID)),
		get("GET /api/v1/workpackages", "of PB", seeB, api("/workpackages?project_id=%d", pb.ID)),
		get("GET /api/v1/workpackages/{id}", "in PA", seeA, api("/workpackages/%d", f.wpA.ID)),
		get("GET /api/v1/workpackages/{id}", "in PB", seeB, api("/workpackages/%d", f.wpB.ID)),
		do("POST /api/v1/workpackages", "in PA", editPA, created, func() azReq {
			return azReq{path: api("/workpackages"), body: map[string]any{"project_id": pa.ID, "name": f.fresh("Uusi paketti")}}
		}),
		do("POST /api/v1/workpackages", "in PA1", officeA, created, func() azReq {
			return azReq{path: api("/workpackages"), body: map[string]any{"project_id": pa1.ID, "name": f.fresh("Uusi paketti")}}
		}),
		do("POST /api/v1/workpackages", "in PB", admin, created, func() azReq {
			return azReq{path: api("/workpackages"), body: map[string]any{"project_id": pb.ID, "name": f.fresh("Uusi paketti")}}
		}),
		do("PUT /api/v1/workpackages/{id}", "in PA", editPA, okay, putWorkPackage(f.wpA.ID)),
		do("PUT /api/v1/workpackages/{id}", "in PB", admin, okay, putWorkPackage(f.wpB.ID)),
		// A work package stays in its project: past the check, refused.
		do("PUT /api/v1/workpackages/{id}", "in PA, moved to PB", editPA, bad, func() azReq {
			w := f.workPackage(f.wpA.ID)
			w.ProjectID = pb.ID
			return azReq{path: api("/workpackages/%d", w.ID), body: w}
		}),
		do("DELETE /api/v1/workpackages/{id}", "new in PA", editPA, noContent, func() azReq {
			return azReq{path: api("/workpackages/%d", f.freshWorkPackage(pa).ID)}
		}),
		do("DELETE /api/v1/workpackages/{id}", "new in PB", admin, noContent, func() azReq {
			return azReq{path: api("/workpackages/%d", f.freshWorkPackage(pb).ID)}
		}),
	)

	// The project model and gates (web/api/gates.go). An organisation's
	// model is for anyone with a role in it (others get 404) and edited by
	// admins, owners and project offices; a project's gates are worked on
	// by those who edit it; a decision is recorded by the deciding body or
	// the project office; the portfolio views are for whoever sees the
	// portfolio.
	notFound := func(c azCase, who azSet) azCase { c.notFound = who; return c }
	orgModels := api("/organisations/%d/models", f.org.ID)
	builtIn := f.builtInModel()
	cases = append(cases,
		notFound(get("GET /api/v1/organisations/{id}/models", "organisation", orgMembers, orgModels), azNoRole),
		do("POST /api/v1/organisations/{id}/models", "new draft", officeA, created, func() azReq {
			return azReq{path: orgModels, after: f.dropDrafts}
		}),
		notFound(get("GET /api/v1/models/{id}", "built-in", orgMembers, api("/models/%d", builtIn.ID)), azNoRole),
		notFound(do("PUT /api/v1/models/{id}", "draft", officeA, okay, func() azReq {
			m := f.freshDraft()
			m.Description = salkku.T(f.fresh("kuvaus"))
			return azReq{path: api("/models/%d", m.ID), body: m, after: f.dropDrafts}
		}), azNoRole),
		// A published version is frozen: past the check, refused.
		notFound(do("PUT /api/v1/models/{id}", "published", officeA, bad, func() azReq {
			return azReq{path: api("/models/%d", builtIn.ID), body: f.builtInModel()}
		}), azNoRole),
		notFound(do("POST /api/v1/models/{id}/publish", "draft", officeA, okay, func() azReq {
			m := f.freshDraft()
			return azReq{path: api("/models/%d/publish", m.ID), body: map[string]any{"version": m.Version}, after: f.dropDrafts}
		}), azNoRole),
		notFound(do("DELETE /api/v1/models/{id}", "draft", officeA, noContent, func() azReq {
			return azReq{path: api("/models/%d", f.freshDraft().ID), after: f.dropDrafts}
		}), azNoRole),

		get("GET /api/v1/projects/{id}/gates", "PA", seeA, api("/projects/%d/gates", pa.ID)),
		get("GET /api/v1/projects/{id}/gates", "PA1", seeA1, api("/projects/%d/gates", pa1.ID)),
		get("GET /api/v1/projects/{id}/gates", "PB", seeB, api("/projects/%d/gates", pb.ID)),
		do("POST /api/v1/projects/{id}/gates/placement", "new in A", officeA, okay, func() azReq {
			return azReq{path: api("/projects/%d/gates/placement", f.freshProject(a).ID), body: map[string]any{"phase": "implementation"}}
		}),
		do("POST /api/v1/projects/{id}/gates/placement", "new in B", admin, okay, func() azReq {
			return azReq{path: api("/projects/%d/gates/placement", f.freshProject(b).ID), body: map[string]any{"phase": "implementation"}}
		}),
		do("POST /api/v1/projects/{id}/gates/model", "new in A managed by managerPA, to version 1", editPA, okay, func() azReq {
			f.ensureNewerModel()
			pr, after := f.freshManagedProject(a)
			return azReq{path: api("/projects/%d/gates/model", pr.ID), body: map[string]any{"model_id": builtIn.ID}, after: after}
		}),
		do("POST /api/v1/projects/{id}/gates/model", "new in B, to version 1", admin, okay, func() azReq {
			f.ensureNewerModel()
			return azReq{path: api("/projects/%d/gates/model", f.freshProject(b).ID), body: map[string]any{"model_id": builtIn.ID}}
		}),
		do("PUT /api/v1/projects/{id}/checklist/{key}", "PA", editPA, okay, func() azReq {
			return azReq{path: api("/projects/%d/checklist/planning-cost-benefit", pa.ID), body: map[string]any{"state": "done"}}
		}),
		do("PUT /api/v1/projects/{id}/checklist/{key}", "PB", admin, okay, func() azReq {
			return azReq{path: api("/projects/%d/checklist/planning-cost-benefit", pb.ID), body: map[string]any{"state": "done"}}
		}),
		do("DELETE /api/v1/projects/{id}/checklist/{key}", "PA, marked", editPA, noContent, func() azReq {
			f.markItem(pa, "planning-cost-benefit")
			return azReq{path: api("/projects/%d/checklist/planning-cost-benefit", pa.ID)}
		}),
		do("DELETE /api/v1/projects/{id}/checklist/{key}", "PB, marked", admin, noContent, func() azReq {
			f.markItem(pb, "planning-cost-benefit")
			return azReq{path: api("/projects/%d/checklist/planning-cost-benefit", pb.ID)}
		}),
		do("PUT /api/v1/projects/{id}/deliverables/{key}", "PA", editPA, okay, func() azReq {
			return azReq{path: api("/projects/%d/deliverables/deploy-privacy-review", pa.ID), body: map[string]any{"url": "https://example.org/" + strings.ReplaceAll(f.fresh("dpia"), " ", "-")}}
		}),
		do("PUT /api/v1/projects/{id}/deliverables/{key}", "PB", admin, okay, func() azReq {
			return azReq{path: api("/projects/%d/deliverables/deploy-privacy-review", pb.ID), body: map[string]any{"url": "https://example.org/" + strings.ReplaceAll(f.fresh("dpia"), " ", "-")}}
		}),
		do("POST /api/v1/projects/{id}/gates/requests", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/gates/requests", pa.ID), body: map[string]any{}, after: func() { f.cancelRequest(pa) }}
		}),
		do("POST /api/v1/projects/{id}/gates/requests", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/gates/requests", pb.ID), body: map[string]any{}, after: func() { f.cancelRequest(pb) }}
		}),
		do("DELETE /api/v1/projects/{id}/gates/requests/open", "PA, requested", editPA, noContent, func() azReq {
			f.openRequest(pa)
			return azReq{path: api("/projects/%d/gates/requests/open", pa.ID), after: func() { f.cancelRequest(pa) }}
		}),
		do("DELETE /api/v1/projects/{id}/gates/requests/open", "PB, requested", admin, noContent, func() azReq {
			f.openRequest(pb)
			return azReq{path: api("/projects/%d/gates/requests/open", pb.ID), after: func() { f.cancelRequest(pb) }}
		}),
		// P0 is the portfolio board's; the project office records it on
		// the board's behalf. P6 is the project's own: its manager's.
		do("POST /api/v1/projects/{id}/gates/decisions", "P0 of new in A", boardA, created, func() azReq {
			return azReq{path: api("/projects/%d/gates/decisions", f.freshProject(a).ID), body: azDecision("P0")}
		}),
		do("POST /api/v1/projects/{id}/gates/decisions", "P0 of new in B", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/gates/decisions", f.freshProject(b).ID), body: azDecision("P0")}
		}),
		do("POST /api/v1/projects/{id}/gates/decisions", "P6 of new in A managed by managerPA", editPA, created, func() azReq {
			pr, after := f.freshManagedProject(a)
			must(f.t, f.db.PlaceProject(salkku.System(context.Background()), pr.ID, "closing"))
			return azReq{path: api("/projects/%d/gates/decisions", pr.ID), body: azDecision("P6"), after: after}
		}),
		do("POST /api/v1/conditions/{id}/met", "of new in A managed by managerPA", editPA|azSteering, noContent, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: api("/conditions/%d/met", f.condition(pr)), after: after}
		}),
		do("POST /api/v1/conditions/{id}/met", "of new in B", admin, noContent, func() azReq {
			return azReq{path: api("/conditions/%d/met", f.condition(f.freshProject(b)))}
		}),
		get("GET /api/v1/projects/{id}/steering-group", "PA", seeA, api("/projects/%d/steering-group", pa.ID)),
		get("GET /api/v1/projects/{id}/steering-group", "PB", seeB, api("/projects/%d/steering-group", pb.ID)),
		do("PUT /api/v1/projects/{id}/steering-group", "PA", officeA, okay, func() azReq {
			return azReq{path: api("/projects/%d/steering-group", pa.ID), body: map[string]any{"members": []map[string]any{{"person_id": f.people[1].ID, "role": "chair"}}}}
		}),
		do("PUT /api/v1/projects/{id}/steering-group", "PB", admin, okay, func() azReq {
			return azReq{path: api("/projects/%d/steering-group", pb.ID), body: map[string]any{"members": []map[string]any{{"person_id": f.people[1].ID, "role": "chair"}}}}
		}),

		get("GET /api/v1/portfolios/{id}/phases", "A", seeA, api("/portfolios/%d/phases", a.ID)),
		get("GET /api/v1/portfolios/{id}/phases", "B", seeB, api("/portfolios/%d/phases", b.ID)),
		get("GET /api/v1/portfolios/{id}/gates/waiting", "A, the board's", seeA, api("/portfolios/%d/gates/waiting?level=portfolio", a.ID)),
		get("GET /api/v1/portfolios/{id}/gates/waiting", "B", seeB, api("/portfolios/%d/gates/waiting", b.ID)),
		get("GET /api/v1/portfolios/{id}/conditions/overdue", "A", seeA, api("/portfolios/%d/conditions/overdue", a.ID)),
		get("GET /api/v1/portfolios/{id}/conditions/overdue", "B", seeB, api("/portfolios/%d/conditions/overdue", b.ID)),
	)
	// Risks, the heat map and the logs (authz_risks_test.go).
	cases = append(cases, azRiskCases(f)...)
	// Finance pages (authz_finance_test.go).
	cases = append(cases, azFinanceCases(f)...)
	// The finance API (authz_finance_api_test.go).
	cases = append(cases, azFinanceAPICases(f)...)
	// Benefits and profitability (authz_benefits_test.go).
	cases = append(cases, azBenefitCases(f)...)
	// Every list as a file (authz_lists_export_test.go).
	cases = append(cases, azListExportCases(f)...)
	// The project list import (authz_project_import_test.go).
	cases = append(cases, azProjectImportCases(f)...)
	// Background jobs (authz_jobs_test.go).
	cases = append(cases, azJobCases(f)...)

	// Status reporting (web/api/reports.go): cycles are set by a
	// portfolio's owner and project office; reports are written by those
	// who edit the project and reviewed by the owner, the project office
	// and the portfolio's board (steeringA) or the project's own steering
	// group;
	// the summary and the due lists are for whoever sees the portfolio or
	// project.
	f.ensureCycles()
	reviewA := officeA | azSteering
	paReport, pbReport := f.freshReport(pa, true), f.freshReport(pb, true)
	putReport := func(p *salkku.Project) func() azReq {
		return func() azReq {
			r := f.freshReport(p, false)
			r.Overall = salkku.T(f.fresh("Tilanne"))
			return azReq{path: api("/reports/%d", r.ID), body: r}
		}
	}
	cases = append(cases,
		get("GET /api/v1/portfolios/{id}/reporting-cycle", "A", seeA, api("/portfolios/%d/reporting-cycle", a.ID)),
		get("GET /api/v1/portfolios/{id}/reporting-cycle", "A1, inherited", seeA1, api("/portfolios/%d/reporting-cycle", a1.ID)),
		get("GET /api/v1/portfolios/{id}/reporting-cycle", "B", seeB, api("/portfolios/%d/reporting-cycle", b.ID)),
		do("PUT /api/v1/portfolios/{id}/reporting-cycle", "A", officeA, okay, func() azReq {
			return azReq{path: api("/portfolios/%d/reporting-cycle", a.ID), body: f.cycle(a.ID)}
		}),
		do("PUT /api/v1/portfolios/{id}/reporting-cycle", "B", admin, okay, func() azReq {
			return azReq{path: api("/portfolios/%d/reporting-cycle", b.ID), body: f.cycle(b.ID)}
		}),
		do("PUT /api/v1/portfolios/{id}/reporting-cycle", "new under A, its first own", officeA, okay, func() azReq {
			return azReq{path: api("/portfolios/%d/reporting-cycle", f.freshPortfolio(a).ID),
				body: map[string]any{"kind": salkku.CycleQuarterly, "start": "2022-01-01"}}
		}),
		do("DELETE /api/v1/portfolios/{id}/reporting-cycle", "new under A with its own", officeA, noContent, func() azReq {
			return azReq{path: api("/portfolios/%d/reporting-cycle", f.freshCycle(a).ID)}
		}),
		do("DELETE /api/v1/portfolios/{id}/reporting-cycle", "new under B with its own", admin, noContent, func() azReq {
			return azReq{path: api("/portfolios/%d/reporting-cycle", f.freshCycle(b).ID)}
		}),

		get("GET /api/v1/projects/{id}/reports", "PA", seeA, api("/projects/%d/reports", pa.ID)),
		get("GET /api/v1/projects/{id}/reports", "PA1", seeA1, api("/projects/%d/reports", pa1.ID)),
		get("GET /api/v1/projects/{id}/reports", "PB", seeB, api("/projects/%d/reports", pb.ID)),
		get("GET /api/v1/projects/{id}/reports/new", "PA", editPA, api("/projects/%d/reports/new?date=2021-11-22", pa.ID)),
		get("GET /api/v1/projects/{id}/reports/new", "PB", admin, api("/projects/%d/reports/new", pb.ID)),
		do("POST /api/v1/projects/{id}/reports", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/reports", pa.ID), body: map[string]any{"report_date": "2021-11-22", "overall": f.fresh("Tilanne")}}
		}),
		do("POST /api/v1/projects/{id}/reports", "PA1", officeA, created, func() azReq {
			return azReq{path: api("/projects/%d/reports", pa1.ID), body: map[string]any{"report_date": "2021-11-22"}}
		}),
		do("POST /api/v1/projects/{id}/reports", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/reports", pb.ID), body: map[string]any{"report_date": "2021-11-22"}}
		}),
		get("GET /api/v1/reports/{id}", "submitted in PA", seeA, api("/reports/%d", paReport.ID)),
		get("GET /api/v1/reports/{id}", "submitted in PB", seeB, api("/reports/%d", pbReport.ID)),
		do("PUT /api/v1/reports/{id}", "draft in PA", editPA, okay, putReport(pa)),
		do("PUT /api/v1/reports/{id}", "draft in PB", admin, okay, putReport(pb)),
		do("DELETE /api/v1/reports/{id}", "draft in PA", editPA, noContent, func() azReq {
			return azReq{path: api("/reports/%d", f.freshReport(pa, false).ID)}
		}),
		do("DELETE /api/v1/reports/{id}", "draft in PB", admin, noContent, func() azReq {
			return azReq{path: api("/reports/%d", f.freshReport(pb, false).ID)}
		}),
		do("POST /api/v1/reports/{id}/submit", "draft in PA", editPA, okay, func() azReq {
			r := f.freshReport(pa, false)
			return azReq{path: api("/reports/%d/submit", r.ID), body: map[string]any{"version": r.Version}}
		}),
		do("POST /api/v1/reports/{id}/submit", "draft in PB", admin, okay, func() azReq {
			r := f.freshReport(pb, false)
			return azReq{path: api("/reports/%d/submit", r.ID), body: map[string]any{"version": r.Version}}
		}),
		do("POST /api/v1/reports/{id}/review", "submitted in PA", reviewA, okay, func() azReq {
			r := f.freshReport(pa, true)
			return azReq{path: api("/reports/%d/review", r.ID), body: map[string]any{"version": r.Version, "note": "Käsitelty"}}
		}),
		do("POST /api/v1/reports/{id}/review", "submitted in PB", admin, okay, func() azReq {
			r := f.freshReport(pb, true)
			return azReq{path: api("/reports/%d/review", r.ID), body: map[string]any{"version": r.Version}}
		}),
		do("POST /api/v1/reports/{id}/correct", "submitted in PA", editPA, okay, func() azReq {
			return azReq{path: api("/reports/%d/correct", f.freshReport(pa, true).ID)}
		}),
		do("POST /api/v1/reports/{id}/correct", "submitted in PB", admin, okay, func() azReq {
			return azReq{path: api("/reports/%d/correct", f.freshReport(pb, true).ID)}
		}),

		get("GET /api/v1/portfolios/{id}/status-summary", "A", seeA, api("/portfolios/%d/status-summary?date=2021-11-30", a.ID)),
		get("GET /api/v1/portfolios/{id}/status-summary", "A1", seeA1, api("/portfolios/%d/status-summary?date=2021-11-30", a1.ID)),
		get("GET /api/v1/portfolios/{id}/status-summary", "B", seeB, api("/portfolios/%d/status-summary?date=2021-11-30", b.ID)),
		get("GET /api/v1/portfolios/{id}/reports-due", "A", seeA, api("/portfolios/%d/reports-due", a.ID)),
		get("GET /api/v1/portfolios/{id}/reports-due", "B", seeB, api("/portfolios/%d/reports-due", b.ID)),
		get("GET /api/v1/projects/{id}/reports-due", "PA", seeA, api("/projects/%d/reports-due", pa.ID)),
		get("GET /api/v1/projects/{id}/reports-due", "PB", seeB, api("/projects/%d/reports-due", pb.ID)),
		get("GET /api/v1/me/reports-due", "own", everyone, api("/me/reports-due")),
	)
	return cases
}

// Reporting cycles and reports for the reporting rows of the matrix.

// ensureCycles gives A and B a cycle of their own (every two months from
// 7/2021, as KaRa's), unless they have one; A1 inherits A's.
func (f *azFixture) ensureCycles() {
	ctx := salkku.System(context.Background())
	for _, pf := range []*salkku.Portfolio{f.a, f.b} {
		c, err := f.db.FindReportingCycle(ctx, pf.ID)
		must(f.t, err)
		if c == nil {
			must(f.t, f.db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: salkku.CycleBimonthly, Start: "2021-07-01"}))
		}
	}
}

// cycle is the portfolio's cycle as stored now.
func (f *azFixture) cycle(id int64) *salkku.ReportingCycle {
	c, err := f.db.FindReportingCycle(salkku.System(context.Background()), id)
	must(f.t, err)
	return c
}

// freshCycle is a new portfolio under parent with a cycle of its own.
func (f *azFixture) freshCycle(parent *salkku.Portfolio) *salkku.Portfolio {
	pf := f.freshPortfolio(parent)
	must(f.t, f.db.SetReportingCycle(salkku.System(context.Background()), &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: salkku.CycleMonthly, Start: "2022-01-01"}))
	return pf
}

// Model versions and gate states for the gate rows of the matrix.

// builtInModel is the organisation's version 1.
func (f *azFixture) builtInModel() *salkku.Model {
	ms, err := f.db.FindModels(salkku.System(context.Background()), f.org.ID)
	must(f.t, err)
	return ms[len(ms)-1] // newest first
}

// dropDrafts deletes the organisation's draft version, if any.
func (f *azFixture) dropDrafts() {
	ctx := salkku.System(context.Background())
	ms, err := f.db.FindModels(ctx, f.org.ID)
	must(f.t, err)
	for _, m := range ms {
		if m.PublishedAt == nil {
			must(f.t, f.db.DeleteModel(ctx, m.ID))
		}
	}
}

// freshDraft is a new draft version (the only one).
func (f *azFixture) freshDraft() *salkku.Model {
	f.dropDrafts()
	m, err := f.db.NewModelVersion(salkku.System(context.Background()), f.org.ID)
	must(f.t, err)
	return m
}

// ensureNewerModel publishes a version 2 unless there is one, so that new
// projects follow a version other than 1.
func (f *azFixture) ensureNewerModel() {
	ctx := salkku.System(context.Background())
	ms, err := f.db.FindModels(ctx, f.org.ID)
	must(f.t, err)
	for _, m := range ms {
		if m.PublishedAt != nil && m.Number > 1 {
			return
		}
	}
	m := f.freshDraft()
	must(f.t, f.db.PublishModel(ctx, m.ID, m.Version))
}

func (f *azFixture) markItem(p *salkku.Project, key string) {
	must(f.t, f.db.MarkItem(salkku.System(context.Background()), p.ID, &salkku.CheckMark{ItemKey: key, State: salkku.CheckDone}))
}

// openRequest leaves the project with an open request for its next gate.
func (f *azFixture) openRequest(p *salkku.Project) {
	if err := f.db.RequestGate(salkku.System(context.Background()), &salkku.GateRequest{ProjectID: p.ID}); err != nil && salkku.ErrorCode(err) != salkku.ECONFLICT {
		f.t.Fatal(err)
	}
}

func (f *azFixture) cancelRequest(p *salkku.Project) {
	must(f.t, f.db.CancelGateRequest(salkku.System(context.Background()), p.ID))
}

// condition approves a new project's P0 with a condition and returns the
// condition's id.
func (f *azFixture) condition(p *salkku.Project) int64 {
	d := &salkku.GateDecision{ProjectID: p.ID, Gate: "P0", DecidedOn: salkku.Today(time.Now()), Decision: salkku.DecisionApprovedConditions,
		Conditions: []salkku.Condition{{Text: salkku.T(f.fresh("Ehto"))}}}
	must(f.t, f.db.RecordDecision(salkku.System(context.Background()), d))
	return d.Conditions[0].ID
}

// azDecision approves a gate today.
func azDecision(gate string) map[string]any {
	return map[string]any{"gate": gate, "decided_on": salkku.Today(time.Now()), "decision": salkku.DecisionApproved}
}

// TestAuthzMatrix calls every route as every caller.
func TestAuthzMatrix(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newAZFixture(t, engine)
		cases := azCases(f)
		azCheckCoverage(t, f.srv, cases)
		for _, c := range cases {
			t.Run(c.route+" "+c.target, func(t *testing.T) {
				f.t = t
				f.run(t, c)
			})
		}
		t.Logf("%d cases over %d routes, %d callers each", len(cases), len(azRoutes(t, f.srv)), len(azCallers))
	})
}

// azRoutes lists every route of the server's route table, the one table
// that every channel adds its routes to; only the API's 405 answers, which
// are made from the API's own routes, are left out.
func azRoutes(t *testing.T, srv *web.Server) []string {
	t.Helper()
	var routes []string
	for _, rt := range srv.Routes() {
		if !strings.Contains(rt.Pattern, " ") && strings.HasPrefix(rt.Pattern, "/api/") {
			continue
		}
		routes = append(routes, rt.Pattern)
	}
	if len(routes) < 80 {
		t.Fatalf("found only %d routes", len(routes))
	}
	return routes
}

// azCheckCoverage fails when a registered route has no case, when a case
// names a route that is not registered, or when a case's path is served by
// another route than the one it names.
func azCheckCoverage(t *testing.T, srv *web.Server, cases []azCase) {
	t.Helper()
	routes := azRoutes(t, srv)
	mux := http.NewServeMux()
	registered := map[string]bool{}
	for _, r := range routes {
		registered[r] = true
		mux.HandleFunc(r, func(http.ResponseWriter, *http.Request) {})
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.route] = true
		if !registered[c.route] {
			t.Errorf("case %q names a route that is not registered", c.route+" "+c.target)
			continue
		}
		r := c.req()
		if r.after != nil {
			r.after()
		}
		if _, pattern := mux.Handler(httptest.NewRequest(c.method(), r.path, nil)); pattern != c.route {
			t.Errorf("case %q: %s %s is served by %q", c.route+" "+c.target, c.method(), r.path, pattern)
		}
	}
	for _, r := range routes {
		if !covered[r] {
			t.Errorf("route %q is not in the authorization matrix", r)
		}
	}
}

// TestAuthzLists: the lists show each caller exactly what they may see.
func TestAuthzLists(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newAZFixture(t, engine)
		all := []string{azNameA, azNameA1, azNameB}
		for _, c := range []struct {
			who azSet
			// portfolios and projects the caller sees, by name; overview is
			// what A's overview lists (nil when A is not for them), and
			// children its sub-portfolios.
			portfolios, projects []string
			overview, children   []string
		}{
			{azAdmin, all, []string{azNamePA, azNamePA1, azNamePB}, []string{"A.1"}, []string{azNameA1}},
			{azOwner, []string{azNameA, azNameA1}, []string{azNamePA, azNamePA1}, []string{"A.1"}, []string{azNameA1}},
			{azOffice, []string{azNameA, azNameA1}, []string{azNamePA, azNamePA1}, []string{"A.1"}, []string{azNameA1}},
			{azManager, []string{azNameA}, []string{azNamePA}, []string{"A.1"}, []string{}},
			{azSteering, []string{azNameA, azNameA1}, []string{azNamePA, azNamePA1}, []string{"A.1"}, []string{azNameA1}},
			{azViewerA, []string{azNameA, azNameA1}, []string{azNamePA, azNamePA1}, []string{"A.1"}, []string{azNameA1}},
			{azViewerB, []string{azNameB}, []string{azNamePB}, nil, nil},
			{azNoRole, []string{}, []string{}, nil, nil},
		} {
			name := azName(c.who)
			t.Run(name, func(t *testing.T) {
				f.t = t
				get := func(path string) *httptest.ResponseRecorder {
					t.Helper()
					rec := f.send(c.who, http.MethodGet, azReq{path: path})
					if rec.Code != http.StatusOK {
						t.Fatalf("GET %s: status %d\n%s", path, rec.Code, excerpt(rec.Body.String()))
					}
					return rec
				}
				names := func(path string) []string {
					t.Helper()
					var list struct {
						Items []struct {
							Name salkku.Text `json:"name"`
						} `json:"items"`
						Total int `json:"total"`
					}
					if err := json.Unmarshal(get(path).Body.Bytes(), &list); err != nil {
						t.Fatal(err)
					}
					out := []string{}
					for _, it := range list.Items {
						out = append(out, it.Name.FI)
					}
					if list.Total != len(out) {
						t.Errorf("GET %s: total %d for %d items", path, list.Total, len(out))
					}
					slices.Sort(out)
					return out
				}
				sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
				if got, want := names("/api/v1/portfolios"), sorted(c.portfolios); !slices.Equal(got, want) {
					t.Errorf("/api/v1/portfolios: got %q, want %q", got, want)
				}
				if got, want := names("/api/v1/projects"), sorted(c.projects); !slices.Equal(got, want) {
					t.Errorf("/api/v1/projects: got %q, want %q", got, want)
				}
				// Filters narrow what the caller sees; they never widen it.
				if got := names(fmt.Sprintf("/api/v1/projects?portfolio_id=%d", f.b.ID)); c.who != azAdmin && c.who != azViewerB && len(got) != 0 {
					t.Errorf("projects of B: got %q, want none", got)
				}
				if got, want := names(fmt.Sprintf("/api/v1/portfolios?parent_id=%d", f.a.ID)), c.children; c.overview != nil && !slices.Equal(got, want) {
					t.Errorf("portfolios under A: got %q, want %q", got, want)
				}

				home := html.UnescapeString(get("/").Body.String())
				for _, n := range all {
					if shown, want := strings.Contains(home, n), slices.Contains(c.portfolios, n); shown != want {
						t.Errorf("home shows %s: %v, want %v", n, shown, want)
					}
				}
				if shown, want := strings.Contains(home, f.org.Name.FI), len(c.portfolios) > 0; shown != want {
					t.Errorf("home shows the organisation: %v, want %v", shown, want)
				}

				if c.overview == nil {
					return
				}
				overview := &page{Body: get(fmt.Sprintf("/portfolios/%d", f.a.ID)).Body.String()}
				if got := codes(overview); !slices.Equal(got, c.overview) {
					t.Errorf("A's overview lists %q, want %q", got, c.overview)
				}
				if shown, want := strings.Contains(overview.Text(), azNameA1), len(c.children) > 0; shown != want {
					t.Errorf("A's overview shows A1: %v, want %v", shown, want)
				}
			})
		}
	})
}

// TestAuthzCSRF: a page's POST needs its session's CSRF token in the form
// (or X-CSRF-Token), and an API call made with a session cookie needs it in
// X-CSRF-Token; without it nothing changes. Bearer tokens need none.
func TestAuthzCSRF(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newAZFixture(t, engine)
		ctx := salkku.System(context.Background())
		sess := f.sessions[azOwner]
		other := f.newSession(azOwner) // the same user's other browser
		csrfMessage := apiCatalog.T("en", "error.csrf")
		send := func(method, path, contentType string, body io.Reader, headers ...string) *httptest.ResponseRecorder {
			t.Helper()
			req := httptest.NewRequest(method, path, body)
			req.Header.Set("Accept-Language", "en")
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			return rec
		}
		cookie := "salkku_session=" + sess.secret
		editForm := func(csrf string) io.Reader {
			v := with(azProjectForm(f.project(f.pa.ID)), "description", f.fresh("kuvaus"))
			if csrf != "" {
				v.Set("csrf", csrf)
			}
			return strings.NewReader(v.Encode())
		}
		const form = "application/x-www-form-urlencoded"
		unchanged := func(t *testing.T, rec *httptest.ResponseRecorder, before int) {
			t.Helper()
			if rec.Code != http.StatusForbidden || !strings.Contains(html.UnescapeString(rec.Body.String()), csrfMessage) {
				t.Errorf("status %d, want 403 with the CSRF message\n%s", rec.Code, excerpt(rec.Body.String()))
			}
			if n := f.auditCount(); n != before {
				t.Errorf("the register changed (%d audit rows, %d before)", n, before)
			}
		}
		pagePath := fmt.Sprintf("/projects/%d/edit", f.pa.ID)

		t.Run("PageWithoutToken", func(t *testing.T) {
			before := f.auditCount()
			unchanged(t, send("POST", pagePath, form, editForm(""), "Cookie", cookie), before)
		})
		t.Run("PageWrongToken", func(t *testing.T) {
			before := f.auditCount()
			unchanged(t, send("POST", pagePath, form, editForm("wrong"), "Cookie", cookie), before)
		})
		t.Run("PageOtherSessionsToken", func(t *testing.T) {
			before := f.auditCount()
			unchanged(t, send("POST", pagePath, form, editForm(other.csrf), "Cookie", cookie), before)
		})
		t.Run("PageWrongHeaderToken", func(t *testing.T) {
			before := f.auditCount()
			unchanged(t, send("POST", pagePath, form, editForm(""), "Cookie", cookie, "X-CSRF-Token", "wrong"), before)
		})
		t.Run("PageDeleteWithoutToken", func(t *testing.T) {
			pr := f.freshProject(f.a)
			before := f.auditCount()
			unchanged(t, send("POST", fmt.Sprintf("/projects/%d/delete", pr.ID), form, strings.NewReader(""), "Cookie", cookie), before)
			if _, err := f.db.FindProjectByID(ctx, pr.ID); err != nil {
				t.Errorf("project gone: %v", err)
			}
		})
		t.Run("PageLogoutWithoutToken", func(t *testing.T) {
			before := f.auditCount()
			unchanged(t, send("POST", "/logout", form, strings.NewReader(""), "Cookie", cookie), before)
			if _, _, err := f.db.FindSession(ctx, sess.secret); err != nil {
				t.Errorf("session ended: %v", err)
			}
		})
		t.Run("PageToken", func(t *testing.T) {
			old := f.project(f.pa.ID)
			rec := send("POST", pagePath, form, editForm(sess.csrf), "Cookie", cookie)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("status %d, want 303\n%s", rec.Code, excerpt(rec.Body.String()))
			}
			if got := f.project(f.pa.ID); got.Version != old.Version+1 {
				t.Errorf("version %d, want %d", got.Version, old.Version+1)
			}
		})
		t.Run("PageHeaderToken", func(t *testing.T) {
			rec := send("POST", pagePath, form, editForm(""), "Cookie", cookie, "X-CSRF-Token", sess.csrf)
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("status %d, want 303\n%s", rec.Code, excerpt(rec.Body.String()))
			}
		})

		apiPath := fmt.Sprintf("/api/v1/projects/%d", f.pa.ID)
		putBody := func() io.Reader {
			pr := f.project(f.pa.ID)
			pr.Description = salkku.T(f.fresh("kuvaus"))
			b, err := json.Marshal(pr)
			must(t, err)
			return bytes.NewReader(b)
		}
		const jsonType = "application/json"
		apiRefused := func(t *testing.T, rec *httptest.ResponseRecorder, before int) {
			t.Helper()
			var e apiErrorBody
			if rec.Code != http.StatusForbidden || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Message != csrfMessage {
				t.Errorf("status %d, want 403 with the CSRF message\n%s", rec.Code, rec.Body)
			}
			if n := f.auditCount(); n != before {
				t.Errorf("the register changed (%d audit rows, %d before)", n, before)
			}
		}
		t.Run("APISessionGet", func(t *testing.T) {
			if rec := send("GET", apiPath, "", nil, "Cookie", cookie); rec.Code != http.StatusOK {
				t.Errorf("status %d, want 200\n%s", rec.Code, rec.Body)
			}
		})
		t.Run("APISessionPutWithoutToken", func(t *testing.T) {
			before := f.auditCount()
			apiRefused(t, send("PUT", apiPath, jsonType, putBody(), "Cookie", cookie), before)
		})
		t.Run("APISessionPutWrongToken", func(t *testing.T) {
			before := f.auditCount()
			apiRefused(t, send("PUT", apiPath, jsonType, putBody(), "Cookie", cookie, "X-CSRF-Token", other.csrf), before)
		})
		t.Run("APISessionPostWithoutToken", func(t *testing.T) {
			before := f.auditCount()
			body := strings.NewReader(fmt.Sprintf(`{"portfolio_id":%d,"code":"CSRF","name":"CSRF"}`, f.a.ID))
			apiRefused(t, send("POST", "/api/v1/projects", jsonType, body, "Cookie", cookie), before)
		})
		t.Run("APISessionDeleteWithoutToken", func(t *testing.T) {
			pr := f.freshProject(f.a)
			before := f.auditCount()
			apiRefused(t, send("DELETE", fmt.Sprintf("/api/v1/projects/%d", pr.ID), "", nil, "Cookie", cookie), before)
		})
		t.Run("APISessionPutToken", func(t *testing.T) {
			if rec := send("PUT", apiPath, jsonType, putBody(), "Cookie", cookie, "X-CSRF-Token", sess.csrf); rec.Code != http.StatusOK {
				t.Errorf("status %d, want 200\n%s", rec.Code, rec.Body)
			}
		})
		t.Run("APIBearerPutNoToken", func(t *testing.T) {
			if rec := send("PUT", apiPath, jsonType, putBody(), "Authorization", "Bearer "+f.tokens[azOwner]); rec.Code != http.StatusOK {
				t.Errorf("status %d, want 200\n%s", rec.Code, rec.Body)
			}
		})
		t.Run("APIBearerDeleteNoToken", func(t *testing.T) {
			pr := f.freshProject(f.a)
			if rec := send("DELETE", fmt.Sprintf("/api/v1/projects/%d", pr.ID), "", nil, "Authorization", "Bearer "+f.tokens[azOwner]); rec.Code != http.StatusNoContent {
				t.Errorf("status %d, want 204\n%s", rec.Code, rec.Body)
			}
		})
	})
}

// TestAuthzPortfolioParents: the portfolio form offers as parents only the
// portfolios the user may place a portfolio under, and the current parent;
// the form as offered saves.
func TestAuthzPortfolioParents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newAZFixture(t, engine)
		ctx := salkku.System(context.Background())
		// An owner of A1 alone, who may not see A.
		u := &salkku.User{Email: "owner-a1@authz.test.invalid", Name: "Testi ownerA1"}
		must(t, f.db.CreateUser(ctx, u, ""))
		must(t, f.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: salkku.RolePortfolioOwner, PortfolioID: &f.a1.ID}))
		const ownerA1 azSet = 1 << 15
		f.users[ownerA1] = u
		f.sessions[ownerA1] = f.newSession(ownerA1)

		id := func(p *salkku.Portfolio) string { return strconv.FormatInt(p.ID, 10) }
		for _, c := range []struct {
			name string
			who  azSet
			path string
			want []string // the parent options' values, in any order
		}{
			{"OwnerNewUnderA", azOwner, fmt.Sprintf("/portfolios/new?parent_id=%d", f.a.ID), []string{"", id(f.a), id(f.a1)}},
			{"OwnerEditA1", azOwner, fmt.Sprintf("/portfolios/%d/edit", f.a1.ID), []string{"", id(f.a)}},
			{"OwnerEditA", azOwner, fmt.Sprintf("/portfolios/%d/edit", f.a.ID), []string{"", id(f.a1)}},
			{"OwnerA1EditA1", ownerA1, fmt.Sprintf("/portfolios/%d/edit", f.a1.ID), []string{"", id(f.a)}},
			{"AdminEditA1", azAdmin, fmt.Sprintf("/portfolios/%d/edit", f.a1.ID), []string{"", id(f.a), id(f.b)}},
		} {
			t.Run(c.name, func(t *testing.T) {
				f.t = t
				rec := f.send(c.who, http.MethodGet, azReq{path: c.path})
				p := &page{Method: "GET", Path: c.path, Status: rec.Code, Body: rec.Body.String()}
				wantStatus(t, p, http.StatusOK)
				var got []string
				for _, o := range options(t, p, "parent_id") {
					got = append(got, o[0])
				}
				slices.Sort(got)
				if want := slices.Sorted(slices.Values(c.want)); !slices.Equal(got, want) {
					t.Errorf("parent options %q, want %q", got, want)
				}
				if !strings.Contains(c.path, "/edit") {
					return
				}
				form := formValues(t, p)
				form.Del("csrf")
				rec = f.send(c.who, http.MethodPost, azReq{path: c.path, form: form})
				if rec.Code != http.StatusSeeOther {
					t.Errorf("the form as offered: status %d, want 303\n%s", rec.Code, excerpt(rec.Body.String()))
				}
			})
		}
	})
}

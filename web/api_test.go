package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/site"
)

// apiTest is a server over a fresh database of one engine, with helpers
// to call the API.
type apiTest struct {
	t      testing.TB
	engine string
	db     *sqldb.DB
	srv    *web.Server
	// token is an admin's API token, sent with every request unless the
	// request names its own Authorization.
	token string
}

// apiEachEngine runs fn as a parallel subtest on every engine of
// sqldb.Engines: SQLite always, PostgreSQL when SALKKU_TEST_POSTGRES is set.
func apiEachEngine(t *testing.T, fn func(t *testing.T, a *apiTest)) {
	t.Helper()
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, newAPITest(t, engine))
		})
	}
}

func newAPITest(tb testing.TB, engine string) *apiTest {
	tb.Helper()
	db := sqldbtest.MustOpen(tb, engine)
	srv, err := site.New(web.Config{Register: db, Users: db, DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	return &apiTest{t: tb, engine: engine, db: db, srv: srv, token: mustToken(tb, db, "api-admin@test.invalid", true)}
}

// apiResponse is what the server answered.
type apiResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// apiErrorBody is the JSON of an error answer.
type apiErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// do sends a request; body is marshalled to JSON unless it is a string or
// []byte, which are sent as they are. headers come in name, value pairs.
func (a *apiTest) do(method, path string, body any, headers ...string) apiResponse {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept-Language", "en")
	req.Header.Set("Authorization", "Bearer "+a.token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	return apiResponse{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// object decodes the body as a JSON object.
func (r apiResponse) object(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		tb.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// apiError decodes an error answer and checks its shape.
func (r apiResponse) apiError(tb testing.TB) apiErrorBody {
	tb.Helper()
	var e apiErrorBody
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		tb.Fatalf("not a JSON error (%v): %s", err, r.Body)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		tb.Fatalf("error without code or message: %s", r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Errorf("error Content-Type = %q", ct)
	}
	return e
}

// want checks the status, showing the body when it is wrong.
func (r apiResponse) want(tb testing.TB, status int) apiResponse {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("status = %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}

// wantError checks an error answer's status, code and, when fields are
// given, that each named field has a message.
func (r apiResponse) wantError(tb testing.TB, status int, code string, fields ...string) apiErrorBody {
	tb.Helper()
	r.want(tb, status)
	e := r.apiError(tb)
	if e.Error.Code != code {
		tb.Errorf("code = %q, want %q; body: %s", e.Error.Code, code, r.Body)
	}
	for _, f := range fields {
		if e.Error.Fields[f] == "" {
			tb.Errorf("no message for field %q; body: %s", f, r.Body)
		}
	}
	return e
}

// create POSTs a record and returns it.
func (a *apiTest) create(collection string, body any) map[string]any {
	a.t.Helper()
	return a.do("POST", "/api/v1/"+collection, body).want(a.t, http.StatusCreated).object(a.t)
}

// get reads one record.
func (a *apiTest) get(collection string, id any) map[string]any {
	a.t.Helper()
	return a.do("GET", "/api/v1/"+collection+"/"+apiID(id), nil).want(a.t, http.StatusOK).object(a.t)
}

func apiID(id any) string {
	switch v := id.(type) {
	case float64:
		return apiJSON(int64(v))
	case int64, int:
		return apiJSON(v)
	case string:
		return v
	}
	panic("bad id")
}

func apiJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// apiWorld is a small register made through the store: two organisations,
// four people, two portfolios with a category each, and a project with a
// work package.
type apiWorld struct {
	org, org2             *salkku.Organisation
	people                []*salkku.Person
	portfolio, portfolio2 *salkku.Portfolio
	category, category2   *salkku.Category
	project               *salkku.Project
	wp                    *salkku.WorkPackage
}

func (a *apiTest) world() *apiWorld {
	a.t.Helper()
	ctx := salkku.System(context.Background())
	must := func(err error) {
		a.t.Helper()
		if err != nil {
			a.t.Fatal(err)
		}
	}
	w := &apiWorld{org: &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}, org2: &salkku.Organisation{Name: salkku.T("Kaarinan kaupunki")}}
	must(a.db.CreateOrganisation(ctx, w.org))
	must(a.db.CreateOrganisation(ctx, w.org2))
	for _, n := range []string{"Kristiina Taskinen", "Jari Virtanen", "Anna Laine", "Pekka Koski"} {
		p := &salkku.Person{Name: n, OrganisationID: &w.org.ID}
		must(a.db.CreatePerson(ctx, p))
		w.people = append(w.people, p)
	}
	w.portfolio = &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Tietohallinto")}
	must(a.db.CreatePortfolio(ctx, w.portfolio))
	w.portfolio2 = &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Sivistys"), ParentID: &w.portfolio.ID}
	must(a.db.CreatePortfolio(ctx, w.portfolio2))
	w.category = &salkku.Category{PortfolioID: w.portfolio.ID, Name: salkku.T("Perusinfrastruktuurihankkeet")}
	must(a.db.CreateCategory(ctx, w.category))
	w.category2 = &salkku.Category{PortfolioID: w.portfolio2.ID, Name: salkku.T("Opetus")}
	must(a.db.CreateCategory(ctx, w.category2))
	w.project = &salkku.Project{PortfolioID: w.portfolio.ID, CategoryID: &w.category.ID, Code: "2.1", Name: salkku.T("Palomuuri")}
	must(a.db.CreateProject(ctx, w.project))
	w.wp = &salkku.WorkPackage{ProjectID: w.project.ID, Code: "OA1", Name: salkku.T("Osa-alue 1"), ResponsibleIDs: []int64{w.people[0].ID}}
	must(a.db.CreateWorkPackage(ctx, w.wp))
	return w
}

// snapshot is every record of the register as JSON, to show that a
// refused request changed nothing.
func (a *apiTest) snapshot() string {
	a.t.Helper()
	ctx := salkku.System(context.Background())
	all := salkku.Page{Limit: salkku.MaxPageSize}
	var out []any
	orgs, _, err := a.db.FindOrganisations(ctx, all)
	if err != nil {
		a.t.Fatal(err)
	}
	people, _, err := a.db.FindPeople(ctx, salkku.PersonFilter{Page: all})
	if err != nil {
		a.t.Fatal(err)
	}
	pfs, _, err := a.db.FindPortfolios(ctx, salkku.PortfolioFilter{Page: all})
	if err != nil {
		a.t.Fatal(err)
	}
	projects, _, err := a.db.FindProjects(ctx, salkku.ProjectFilter{Page: all})
	if err != nil {
		a.t.Fatal(err)
	}
	out = append(out, orgs, people, pfs, projects)
	for _, pf := range pfs {
		cs, err := a.db.FindCategories(ctx, pf.ID)
		if err != nil {
			a.t.Fatal(err)
		}
		out = append(out, cs)
	}
	for _, p := range projects {
		ws, err := a.db.FindWorkPackages(ctx, p.ID)
		if err != nil {
			a.t.Fatal(err)
		}
		out = append(out, ws)
	}
	b, err := json.Marshal(out)
	if err != nil {
		a.t.Fatal(err)
	}
	return string(b)
}

// unchanged fails when the register differs from the snapshot.
func (a *apiTest) unchanged(before string) {
	a.t.Helper()
	if after := a.snapshot(); after != before {
		a.t.Errorf("the register changed:\nbefore %s\nafter  %s", before, after)
	}
}

// jsonFields lists the JSON names of a struct's fields, embedded structs
// flattened, as encoding/json sees them.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func objectKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// openAPI is the served OpenAPI document.
func (a *apiTest) openAPI() map[string]any {
	a.t.Helper()
	r := a.do("GET", "/api/v1/openapi.json", nil).want(a.t, http.StatusOK)
	return r.object(a.t)
}

// apiCatalog is the message catalogue, for comparing messages.
var apiCatalog = i18n.MustLoad()

// mustToken makes a user (an admin when admin is set) and returns an API
// token of theirs.
func mustToken(tb testing.TB, db *sqldb.DB, email string, admin bool) string {
	tb.Helper()
	ctx := salkku.System(context.Background())
	u := &salkku.User{Email: email, Name: email, Admin: admin}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		tb.Fatal(err)
	}
	secret, err := db.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	return secret
}

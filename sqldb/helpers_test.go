package sqldb_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// eachEngine runs fn as a parallel subtest named after each engine of
// sqldb.Engines: always SQLite, and PostgreSQL when SALKKU_TEST_POSTGRES is
// set.
func eachEngine(t *testing.T, fn func(t *testing.T, engine string)) {
	t.Helper()
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, engine)
		})
	}
}

// clock is a fake time source for DB.Now: each call is one second later.
// It starts with nanoseconds so that the store's truncation to
// microseconds is exercised.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2025, 3, 1, 8, 0, 0, 123456789, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// mustOpen opens an empty, migrated database of the engine with a fake
// clock; it is closed when the test ends.
func mustOpen(tb testing.TB, engine string) *sqldb.DB {
	tb.Helper()
	db := sqldbtest.MustOpen(tb, engine)
	db.Now = newClock().Now
	return db
}

func ptr(v int64) *int64 { return &v }

// wantEqual compares whole values, times and nil-versus-empty included.
func wantEqual[T any](tb testing.TB, got, want T) {
	tb.Helper()
	// What the store fills in from the organisation (a text's primary
	// language, the content languages) is checked by tests of its own.
	clearFromOrganisation(reflect.ValueOf(got))
	clearFromOrganisation(reflect.ValueOf(want))
	if reflect.DeepEqual(got, want) {
		return
	}
	g, w := dump(got), dump(want)
	if g == w { // the difference is one JSON does not show
		g, w = fmt.Sprintf("%#v", got), fmt.Sprintf("%#v", want)
	}
	tb.Errorf("\ngot  %s\nwant %s", g, w)
}

func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// wantErr checks the error's code and, when field is not "", that the
// error names that field.
func wantErr(tb testing.TB, err error, code, field string) {
	tb.Helper()
	if got := salkku.ErrorCode(err); got != code {
		tb.Fatalf("got error %v, want code %q", err, code)
	}
	if field == "" {
		return
	}
	var e *salkku.Error
	if !errors.As(err, &e) {
		tb.Fatalf("got %v, want an *salkku.Error", err)
	}
	if _, ok := e.Fields[field]; !ok {
		tb.Fatalf("got fields %v (%v), want field %q", e.Fields, err, field)
	}
}

func mustCreateOrg(tb testing.TB, db *sqldb.DB, name string) *salkku.Organisation {
	tb.Helper()
	o := &salkku.Organisation{Name: salkku.T(name)}
	if err := db.CreateOrganisation(salkku.System(tb.Context()), o); err != nil {
		tb.Fatalf("create organisation %q: %v", name, err)
	}
	return o
}

func mustCreatePerson(tb testing.TB, db *sqldb.DB, org *salkku.Organisation, name string) *salkku.Person {
	tb.Helper()
	p := &salkku.Person{Name: name}
	if org != nil {
		p.OrganisationID = ptr(org.ID)
	}
	if err := db.CreatePerson(salkku.System(tb.Context()), p); err != nil {
		tb.Fatalf("create person %q: %v", name, err)
	}
	return p
}

func mustCreatePortfolio(tb testing.TB, db *sqldb.DB, org *salkku.Organisation, parent *salkku.Portfolio, name string) *salkku.Portfolio {
	tb.Helper()
	p := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T(name)}
	if parent != nil {
		p.ParentID = ptr(parent.ID)
	}
	if err := db.CreatePortfolio(salkku.System(tb.Context()), p); err != nil {
		tb.Fatalf("create portfolio %q: %v", name, err)
	}
	return p
}

func mustCreateCategory(tb testing.TB, db *sqldb.DB, pf *salkku.Portfolio, name string) *salkku.Category {
	tb.Helper()
	c := &salkku.Category{PortfolioID: pf.ID, Name: salkku.T(name)}
	if err := db.CreateCategory(salkku.System(tb.Context()), c); err != nil {
		tb.Fatalf("create category %q: %v", name, err)
	}
	return c
}

// mustCreateProject stores p, a project of pf; Code and Name default to
// something valid.
func mustCreateProject(tb testing.TB, db *sqldb.DB, pf *salkku.Portfolio, p *salkku.Project) *salkku.Project {
	tb.Helper()
	p.PortfolioID = pf.ID
	if p.Code == "" {
		p.Code = "2.1"
	}
	if p.Name.FI == "" {
		p.Name = salkku.T("Palomuuripalvelun jatkaminen tai kilpailutus")
	}
	if err := db.CreateProject(salkku.System(tb.Context()), p); err != nil {
		tb.Fatalf("create project %q: %v", p.Code, err)
	}
	return p
}

// mustCreateWorkPackage stores a work package of the project under parent
// (nil for a root).
func mustCreateWorkPackage(tb testing.TB, db *sqldb.DB, project *salkku.Project, parent *salkku.WorkPackage, name string) *salkku.WorkPackage {
	tb.Helper()
	w := &salkku.WorkPackage{ProjectID: project.ID, Name: salkku.T(name)}
	if parent != nil {
		w.ParentID = ptr(parent.ID)
	}
	if err := db.CreateWorkPackage(salkku.System(tb.Context()), w); err != nil {
		tb.Fatalf("create work package %q: %v", name, err)
	}
	return w
}

// countProjects returns how many projects the portfolio has.
func countProjects(tb testing.TB, db *sqldb.DB, pf *salkku.Portfolio) int {
	tb.Helper()
	_, n, err := db.FindProjects(salkku.System(tb.Context()), salkku.ProjectFilter{PortfolioID: ptr(pf.ID)})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// world is a small register most store tests start from: an organisation
// with three people and a portfolio.
type world struct {
	db                     *sqldb.DB
	org                    *salkku.Organisation
	aino, jukka, kristiina *salkku.Person
	pf                     *salkku.Portfolio
}

func mustWorld(tb testing.TB, engine string) *world {
	tb.Helper()
	db := mustOpen(tb, engine)
	w := &world{db: db, org: mustCreateOrg(tb, db, "Naantalin kaupunki")}
	w.aino = mustCreatePerson(tb, db, w.org, "Aino Aalto")
	w.jukka = mustCreatePerson(tb, db, w.org, "Jukka Mäkelä")
	w.kristiina = mustCreatePerson(tb, db, w.org, "Kristiina Taskinen")
	w.pf = mustCreatePortfolio(tb, db, w.org, nil, "Tietohallinnon toimenpidesuunnitelma 2017–2018")
	return w
}

// clearFromOrganisation zeroes, in place, the Primary of every
// salkku.Text and every ContentLangs under v.
func clearFromOrganisation(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearFromOrganisation(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			clearFromOrganisation(v.Index(i))
		}
	case reflect.Struct:
		if !v.CanSet() {
			return
		}
		if v.Type() == reflect.TypeOf(salkku.Text{}) {
			v.FieldByName("Primary").SetString("")
			return
		}
		for i := range v.NumField() {
			f := v.Field(i)
			if !f.CanSet() {
				continue
			}
			if v.Type().Field(i).Name == "ContentLangs" {
				f.Set(reflect.Zero(f.Type()))
				continue
			}
			clearFromOrganisation(f)
		}
	}
}

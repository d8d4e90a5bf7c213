package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestReopen stores a small register in an SQLite file, closes it, opens
// the file again and finds everything as it was; reopening applies no
// migration again.
func TestReopen(t *testing.T) {
	ctx := salkku.System(t.Context())
	cfg := sqldb.Config{Path: filepath.Join(t.TempDir(), "data", "salkku.db")} // Open creates the folder

	db, err := sqldb.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	org := mustCreateOrg(t, db, "Naantalin kaupunki")
	person := mustCreatePerson(t, db, org, "Kristiina Taskinen")
	pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto"), OwnerID: ptr(person.ID), BoardIDs: []int64{person.ID}}
	must(t, db.CreatePortfolio(ctx, pf))
	pf, _ = db.FindPortfolioByID(ctx, pf.ID)
	cat := mustCreateCategory(t, db, pf, "Perusinfrastruktuurihankkeet")
	project := mustCreateProject(t, db, pf, &salkku.Project{CategoryID: ptr(cat.ID), ManagerID: ptr(person.ID),
		Vendors: []string{"DNA Oy"}, Tags: []string{"H"}, Mandatory: true,
		Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)}})
	wp := mustCreateWorkPackage(t, db, project, nil, "OA1")
	migrations := appliedMigrations(t, cfg.Path)
	if len(migrations) == 0 {
		t.Fatal("no migrations recorded")
	}
	must(t, db.Close())

	db, err = sqldb.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	wantEqual(t, appliedMigrations(t, cfg.Path), migrations)

	gotOrg, err := db.FindOrganisationByID(ctx, org.ID)
	must(t, err)
	wantEqual(t, gotOrg, org)
	gotPerson, err := db.FindPersonByID(ctx, person.ID)
	must(t, err)
	wantEqual(t, gotPerson, person)
	gotPf, err := db.FindPortfolioByID(ctx, pf.ID)
	must(t, err)
	pf.ProjectCount = 1
	wantEqual(t, gotPf, pf)
	gotCat, err := db.FindCategoryByID(ctx, cat.ID)
	must(t, err)
	cat.ProjectCount = 1
	wantEqual(t, gotCat, cat)
	gotProject, err := db.FindProjectByID(ctx, project.ID)
	must(t, err)
	wantEqual(t, gotProject, project)
	gotWP, err := db.FindWorkPackageByID(ctx, wp.ID)
	must(t, err)
	wantEqual(t, gotWP, wp)

	// And it goes on working.
	mustCreateProject(t, db, pf, &salkku.Project{Code: "2.2", Name: salkku.T("Konesalipalvelut")})
}

// appliedMigrations reads schema_migrations of an SQLite file directly.
func appliedMigrations(t *testing.T, path string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.QueryContext(salkku.System(t.Context()), `SELECT name, applied_at FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, at string
		must(t, rows.Scan(&name, &at))
		out = append(out, name+" "+at)
	}
	must(t, rows.Err())
	return out
}

// TestMigrateAgain runs the migrations again on a migrated database with
// data in it: nothing is applied (a second CREATE TABLE would fail) and the
// data stays.
func TestMigrateAgain(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
		for i := 0; i < 2; i++ {
			if err := w.db.Migrate(salkku.System(t.Context())); err != nil {
				t.Fatalf("migrate again: %v", err)
			}
		}
		got, err := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
		must(t, err)
		wantEqual(t, got, p)
		if got := w.db.Dialect(); got != engine {
			t.Errorf("dialect = %q, want %q", got, engine)
		}
		must(t, w.db.Ping(salkku.System(t.Context())))
	})
}

// TestConcurrentWrites runs conflicting writes at once: exactly one of
// them wins and the others get ECONFLICT, never a database error.
func TestConcurrentWrites(t *testing.T) {
	const n = 8
	run := func(fn func(i int) error) (ok int, conflicts int, other []error) {
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { errs[i] = fn(i) })
		}
		wg.Wait()
		for _, err := range errs {
			switch salkku.ErrorCode(err) {
			case "":
				ok++
			case salkku.ECONFLICT:
				conflicts++
			default:
				other = append(other, err)
			}
		}
		return ok, conflicts, other
	}

	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("UpdateSameVersion", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			ok, conflicts, other := run(func(i int) error {
				q := *p
				q.Name = salkku.T(fmt.Sprintf("Palomuuripalvelu %d", i))
				return w.db.UpdateProject(salkku.System(context.Background()), &q)
			})
			if ok != 1 || conflicts != n-1 || len(other) > 0 {
				t.Fatalf("%d succeeded, %d conflicts, other errors %v; want 1, %d, none", ok, conflicts, other, n-1)
			}
			got, _ := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
			if got.Version != 2 {
				t.Errorf("version = %d, want 2", got.Version)
			}
		})

		t.Run("CreateSameCode", func(t *testing.T) {
			w := mustWorld(t, engine)
			ok, conflicts, other := run(func(i int) error {
				p := &salkku.Project{PortfolioID: w.pf.ID, Code: "2.1", Name: salkku.T(fmt.Sprintf("Palomuuri %d", i))}
				return w.db.CreateProject(salkku.System(context.Background()), p)
			})
			if ok != 1 || conflicts != n-1 || len(other) > 0 {
				t.Fatalf("%d succeeded, %d conflicts, other errors %v; want 1, %d, none", ok, conflicts, other, n-1)
			}
			if got := countProjects(t, w.db, w.pf); got != 1 {
				t.Errorf("%d projects stored, want 1", got)
			}
		})

		t.Run("CreateDifferentCodes", func(t *testing.T) {
			w := mustWorld(t, engine)
			ok, _, other := run(func(i int) error {
				p := &salkku.Project{PortfolioID: w.pf.ID, Code: fmt.Sprintf("7.%d", i+1), Name: salkku.T("Päiväkotien tablettilaitteet")}
				return w.db.CreateProject(salkku.System(context.Background()), p)
			})
			if ok != n || len(other) > 0 {
				t.Fatalf("%d succeeded, other errors %v; want %d", ok, other, n)
			}
			if got := countProjects(t, w.db, w.pf); got != n {
				t.Errorf("%d projects stored, want %d", got, n)
			}
		})
	})
}

// TestPlanCacheMode: every PostgreSQL connection of the pool plans its
// prepared statements once, unless the database URL sets another mode.
func TestPlanCacheMode(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		if engine != "postgres" {
			t.Skip("PostgreSQL only")
		}
		db := mustOpen(t, engine)
		ctx := t.Context()
		// Several connections at once, so that not only the first is asked.
		conns := make([]*sql.Conn, 3)
		for i := range conns {
			c, err := sqldb.SQLDB(db).Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			conns[i] = c
		}
		for i, c := range conns {
			var mode string
			if err := c.QueryRowContext(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil || mode != "force_generic_plan" {
				t.Errorf("connection %d: plan_cache_mode %q, %v", i, mode, err)
			}
		}
		// More pools on this test's own schema, so that nothing else is migrated.
		var schema string
		if err := sqldb.SQLDB(db).QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(os.Getenv("SALKKU_TEST_POSTGRES"))
		if err != nil {
			t.Fatal(err)
		}
		// The URL's own mode is kept; statements not kept prepared are
		// left as the server plans them.
		for param, value := range map[string]string{"plan_cache_mode": "auto", "default_query_exec_mode": "exec"} {
			v := *u
			q := v.Query()
			q.Set("search_path", schema)
			q.Set(param, value)
			v.RawQuery = q.Encode()
			other, err := sqldb.Open(ctx, sqldb.Config{URL: v.String()})
			if err != nil {
				t.Fatal(err)
			}
			var mode string
			if err := sqldb.SQLDB(other).QueryRowContext(ctx, `SHOW plan_cache_mode`).Scan(&mode); err != nil || mode != "auto" {
				t.Errorf("with %s=%s in the URL: %q, %v", param, value, mode, err)
			}
			other.Close()
		}
	})
}

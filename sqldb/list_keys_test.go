package sqldb_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestProjectCursor: paged by cursor, a list in a keyset order gives the
// same projects in the same order as read whole, each page with the
// whole list's total and the last with no cursor; a cursor where there is
// no keyset order, or a broken one, is refused.
func TestProjectCursor(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustPlanWorld(t, engine)
		ctx := salkku.System(t.Context())
		pf := ptr(w.pf.ID)
		for _, f := range []salkku.ProjectFilter{
			{PortfolioID: pf},
			{},
			{Sort: "category"},
			{Sort: "code"},
			{Sort: "code", Desc: true},
			{PortfolioID: pf, Status: salkku.StatusActive},
			{CategoryID: ptr(w.sivistys.ID)},
		} {
			want := codes(t, w.db, f)
			var got []string
			page := f
			page.Limit = 2
			for pages := 0; ; pages++ {
				if pages > len(want) {
					t.Fatalf("%+v: the cursor does not end", f)
				}
				ps, total, err := w.db.FindProjects(ctx, page)
				if err != nil {
					t.Fatalf("%+v: %v", page, err)
				}
				if total != len(want) {
					t.Errorf("%+v: total %d, want %d", page, total, len(want))
				}
				for i, p := range ps {
					got = append(got, p.Code)
					if p.Cursor != "" && i != len(ps)-1 {
						t.Errorf("%+v: a cursor on %s, not the page's last", page, p.Code)
					}
				}
				if len(ps) == 0 || ps[len(ps)-1].Cursor == "" {
					break
				}
				page.After = ps[len(ps)-1].Cursor
			}
			wantEqual(t, got, want)
		}

		for _, f := range []salkku.ProjectFilter{
			{Sort: "name", After: "x"},
			{Sort: "category", Desc: true, After: "x"},
			{After: "not a cursor"},
			{After: "e30"}, // {}
			{Page: salkku.Page{Offset: 2}, After: "eyJpIjoxfQ"},
		} {
			_, _, err := w.db.FindProjects(ctx, f)
			if _, named := fieldsOf(err)["after"]; salkku.ErrorCode(err) != salkku.EINVALID || !named {
				t.Errorf("%+v: %v, want the after parameter refused", f, err)
			}
		}
	})
}

// TestProjectListKeysKept: the kept counts and category positions follow
// every write: new projects, a deleted one, one moved to another
// portfolio, categories reordered.
func TestProjectListKeysKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustPlanWorld(t, engine)
		ctx := salkku.System(t.Context())
		pf := ptr(w.pf.ID)
		counted := func(f salkku.ProjectFilter) int {
			t.Helper()
			var n int
			q, args := `SELECT COUNT(*) FROM projects`, []any{}
			if f.PortfolioID != nil {
				q, args = q+` WHERE portfolio_id = `+placeholder(engine), append(args, *f.PortfolioID)
			}
			if err := sqldb.SQLDB(w.db).QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		check := func(when string) {
			t.Helper()
			for _, f := range []salkku.ProjectFilter{{}, {PortfolioID: pf}, {PortfolioID: ptr(w.other.ID)}} {
				_, total, err := w.db.FindProjects(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if want := counted(f); total != want {
					t.Errorf("%s, %+v: total %d, the table holds %d", when, f, total, want)
				}
			}
		}
		check("at the start")
		extra := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "9.9", Name: salkku.T("Lisähanke"), Status: salkku.StatusActive})
		check("after a create")
		wantCopies(t, engine, w.db)
		if engine == "postgres" {
			// The create wrote the copy with the row, so its texts did
			// not write the row again and mark its item stale (0020).
			var gen int
			if err := sqldb.SQLDB(w.db).QueryRowContext(ctx, `SELECT gen FROM project_items WHERE id = $1`, extra.ID).Scan(&gen); err != nil {
				t.Fatal(err)
			}
			if gen != 0 {
				t.Errorf("the new project's item was marked stale %d times, want 0", gen)
			}
		}
		extra.Name.FI, extra.Description = "Lisähanke, uusi nimi", salkku.T("Kuvaus")
		if err := w.db.UpdateProject(ctx, extra); err != nil {
			t.Fatal(err)
		}
		wantCopies(t, engine, w.db)
		// The copy follows any write to texts, not only the store's:
		// an update, a delete and an insert, each of two projects'
		// texts in one statement.
		var other int64
		if err := sqldb.SQLDB(w.db).QueryRowContext(ctx, `SELECT MIN(id) FROM projects`).Scan(&other); err != nil || other == extra.ID {
			t.Fatalf("another project: %d, %v", other, err)
		}
		two := `entity = 'project' AND entity_id IN (?, ?)`
		if engine == "postgres" {
			two = `entity = 'project' AND entity_id IN ($1, $2)`
		}
		for _, stmt := range []string{
			`UPDATE texts SET value = value || ' (muutettu)' WHERE field = 'name' AND ` + two,
			`DELETE FROM texts WHERE field = 'description' AND ` + two,
			`INSERT INTO texts (entity, entity_id, field, lang, value, fold, sort_key)
				SELECT entity, entity_id, 'description', lang, 'Uusi kuvaus', 'uusi kuvaus', 'uusi kuvaus' FROM texts
				WHERE field = 'name' AND ` + two,
		} {
			if _, err := sqldb.SQLDB(w.db).ExecContext(ctx, stmt, extra.ID, other); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
			wantCopies(t, engine, w.db)
		}
		if err := w.db.DeleteProject(ctx, extra.ID); err != nil {
			t.Fatal(err)
		}
		check("after a delete")
		ps, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: pf, Query: "4.3"})
		if err != nil || len(ps) != 1 {
			t.Fatalf("find 4.3: %v, %v", ps, err)
		}
		moved := ps[0]
		moved.PortfolioID = w.other.ID
		if err := w.db.UpdateProject(ctx, moved); err != nil {
			t.Fatal(err)
		}
		check("after a move")
		wantCopies(t, engine, w.db)

		// Perusinfra moved after the others: its projects follow theirs.
		w.perusinfra.Position = 10
		if err := w.db.UpdateCategory(ctx, w.perusinfra); err != nil {
			t.Fatal(err)
		}
		got := codes(t, w.db, salkku.ProjectFilter{PortfolioID: pf})
		wantEqual(t, got, []string{"3.1", "7.1", "7.2", "7.4", "7.6", "2.2", "2.3", "2.10"})
	})
}

// wantCopies checks that every project's copy of its texts on its row is
// what the texts table holds.
func wantCopies(t *testing.T, engine string, db *sqldb.DB) {
	t.Helper()
	ctx := t.Context()
	rows, err := sqldb.SQLDB(db).QueryContext(ctx, `SELECT id, texts_json FROM projects ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	copies := map[int64]map[string]string{}
	for rows.Next() {
		var id int64
		var js string
		if err := rows.Scan(&id, &js); err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatalf("project %d: texts_json %q: %v", id, js, err)
		}
		copies[id] = m
	}
	rows.Close()
	rows, err = sqldb.SQLDB(db).QueryContext(ctx, `SELECT entity_id, field, lang, value FROM texts WHERE entity = 'project'`)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[int64]map[string]string{}
	for rows.Next() {
		var id int64
		var field, lang, value string
		if err := rows.Scan(&id, &field, &lang, &value); err != nil {
			t.Fatal(err)
		}
		if texts[id] == nil {
			texts[id] = map[string]string{}
		}
		texts[id][field+"."+lang] = value
	}
	rows.Close()
	for id, m := range copies {
		if len(texts[id]) == 0 && len(m) == 0 {
			continue
		}
		wantEqual(t, m, texts[id])
	}
	if len(copies) == 0 {
		t.Fatal("no projects")
	}
}

func placeholder(engine string) string {
	if engine == "postgres" {
		return "$1"
	}
	return "?"
}

// TestNoLimitArguments: no statement of the store takes its LIMIT or
// OFFSET as an argument. PostgreSQL plans each statement once for any
// arguments (plan_cache_mode), and a plan that does not know the page's
// size guesses a tenth of the table: the national register's first page
// went from its index in 0.3 ms to parallel workers in 10 ms.
func TestNoLimitArguments(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	bad := regexp.MustCompile(`(?i)\b(LIMIT|OFFSET)\s+(\?|\$\d)`)
	for _, f := range append(files, "../cmd/salkku/bench_bare.go") {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if bad.MatchString(line) {
				t.Errorf("%s:%d: a LIMIT or OFFSET argument; write it with sqlLimit or sqlLimitOffset: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// TestProjectPagePlans: the pages of the project list an index serves are
// read from it, whatever the register's size: no scan of the projects and
// no sort of them, so a page costs the same in a city and in the country.
// The test fails when an order or a filter loses its index.
func TestProjectPagePlans(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustPlanWorld(t, engine)
		ctx := salkku.System(t.Context())
		first, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{Page: salkku.Page{Limit: 2}})
		if err != nil || len(first) != 2 || first[1].Cursor == "" {
			t.Fatalf("first page: %v, %v", first, err)
		}
		byCode, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{Sort: "code", Page: salkku.Page{Limit: 2}})
		if err != nil || len(byCode) != 2 || byCode[1].Cursor == "" {
			t.Fatalf("first page by code: %v, %v", byCode, err)
		}
		for name, f := range map[string]salkku.ProjectFilter{
			"register":           {},
			"register, cursor":   {After: first[1].Cursor},
			"portfolio":          {PortfolioID: ptr(w.pf.ID)},
			"portfolio, deep":    {PortfolioID: ptr(w.pf.ID), Page: salkku.Page{Offset: 6}},
			"category":           {CategoryID: ptr(w.sivistys.ID)},
			"by code":            {Sort: "code"},
			"by code, cursor":    {Sort: "code", After: byCode[1].Cursor},
			"by code, backwards": {Sort: "code", Desc: true},
		} {
			for what, explain := range map[string]func(context.Context, salkku.ProjectFilter) (string, error){
				"FindProjects": w.db.ExplainProjectPage, "FindProjectItems": w.db.ExplainProjectItemsPage,
			} {
				plan, err := explain(ctx, f)
				if err != nil {
					t.Fatalf("%s, %s: %v", what, name, err)
				}
				if bad := badPlan(engine, plan); bad != "" {
					t.Errorf("%s, %s: the plan %s:\n%s", what, name, bad, plan)
				}
			}
		}
	})
}

// badPlan names what in a plan reads the whole projects table or sorts
// it, "" when nothing does.
func badPlan(engine, plan string) string {
	for _, line := range strings.Split(plan, "\n") {
		l := strings.TrimSpace(line)
		switch {
		case engine == "sqlite" && (l == "SCAN p" || strings.HasPrefix(l, "SCAN p ") && !strings.Contains(l, "USING")):
			return "scans the projects"
		case engine == "sqlite" && strings.HasPrefix(l, "SCAN i"):
			return "scans the project items"
		case engine == "postgres" && strings.Contains(l, "Seq Scan on project_items"):
			return "scans the project items"
		case engine == "sqlite" && strings.Contains(l, "TEMP B-TREE"):
			return "sorts"
		case engine == "postgres" && strings.Contains(l, "Seq Scan on projects"):
			return "scans the projects"
		case engine == "postgres" && (strings.HasPrefix(strings.TrimLeft(l, "-> "), "Sort") || strings.Contains(l, "Incremental Sort")):
			return "sorts"
		}
	}
	return ""
}

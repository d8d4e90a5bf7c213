package sqldb_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestProjectItemsKept: after each kind of write to what a project's JSON
// shows (the project, its texts, its portfolio's and category's names, its
// people's names, a move, a category's place, a person removed), every
// project's kept item is its JSON as read from the tables, and none is
// left stale by a write; the kept counts of projects, a portfolio's and
// the register's, agree with the register. An item made stale behind the store's back is
// built by the read that meets it, and rebuilt by the next write.
func TestProjectItemsKept(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustPlanWorld(t, engine)
		ctx := salkku.System(t.Context())
		raw := sqldb.SQLDB(w.db)
		check := func(when string) {
			t.Helper()
			var stale int
			if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM project_items WHERE json IS NULL`).Scan(&stale); err != nil {
				t.Fatal(err)
			}
			if stale != 0 {
				t.Errorf("%s: %d items left stale", when, stale)
			}
			var items, projects int
			if err := raw.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM project_items), (SELECT COUNT(*) FROM projects)`).Scan(&items, &projects); err != nil {
				t.Fatal(err)
			}
			if items != projects {
				t.Errorf("%s: %d items for %d projects", when, items, projects)
			}
			// The kept counts (0016, 0018) agree with the register, and the
			// list's total is the whole register's.
			var wrongCounts, total int
			if err := raw.QueryRowContext(ctx, `SELECT
				(SELECT COUNT(*) FROM portfolios pf WHERE COALESCE((SELECT n FROM project_counts pc WHERE pc.portfolio_id = pf.id), 0)
					<> (SELECT COUNT(*) FROM projects p WHERE p.portfolio_id = pf.id)),
				(SELECT SUM(n) FROM project_totals)`).Scan(&wrongCounts, &total); err != nil {
				t.Fatal(err)
			}
			if wrongCounts != 0 || total != projects {
				t.Errorf("%s: %d portfolios counted wrong; project_totals %d for %d projects", when, wrongCounts, total, projects)
			}
			if page, err := w.db.FindProjectItems(ctx, salkku.ProjectFilter{Page: salkku.Page{Limit: 1}}); err != nil || page.Total != projects {
				t.Errorf("%s: the list's total %d (%v), want %d", when, page.Total, err, projects)
			}
			wantItems(t, w.db, when, salkku.ProjectFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
		}
		check("at the start")

		extra := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "9.9", Name: salkku.T("Lisähanke"), Status: salkku.StatusActive,
			CategoryID: ptr(w.johtam.ID), ManagerID: ptr(w.aino.ID)})
		check("after a create")
		extra.Name.FI, extra.Description = "Lisähanke <uusi> & nimi", salkku.T("Kuvaus")
		must(t, w.db.UpdateProject(ctx, extra))
		check("after the project's texts changed")

		w.pf.Name.FI = "Toimenpidesuunnitelma, uusi nimi"
		must(t, w.db.UpdatePortfolio(ctx, w.pf))
		check("after the portfolio's rename")
		w.johtam.Name.FI = "Johtamisen työkalut"
		must(t, w.db.UpdateCategory(ctx, w.johtam))
		check("after the category's rename")
		w.perusinfra.Position = 10
		must(t, w.db.UpdateCategory(ctx, w.perusinfra))
		check("after the category's move")
		w.aino.Name = "Aino Aalto-Virtanen"
		must(t, w.db.UpdatePerson(ctx, w.aino))
		check("after the manager's rename")

		extra.PortfolioID, extra.CategoryID = w.other.ID, nil
		must(t, w.db.UpdateProject(ctx, extra))
		check("after a move")
		must(t, w.db.DeleteProject(ctx, extra.ID))
		check("after a delete")
		if _, err := w.db.ImportProjects(ctx, w.other.ID, projectList(projectRow(2, "T.1", "Tuotu hanke", ""), projectRow(3, "T.2", "Toinen tuotu", "")), false); err != nil {
			t.Fatal(err)
		}
		check("after an import")

		// Stale behind the store's back: read right, then rebuilt.
		if _, err := raw.ExecContext(ctx, `UPDATE project_items SET json = NULL`); err != nil {
			t.Fatal(err)
		}
		wantItems(t, w.db, "all stale", salkku.ProjectFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
		wantItems(t, w.db, "all stale, by code", salkku.ProjectFilter{Sort: "code", Desc: true, Page: salkku.Page{Limit: 3}})
		// A page past the end has no rows to carry the total: it is counted apart.
		wantItems(t, w.db, "a page past the end", salkku.ProjectFilter{Page: salkku.Page{Limit: 5, Offset: 1000}})
		ps, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{Page: salkku.Page{Limit: 1}})
		if err != nil || len(ps) != 1 {
			t.Fatalf("find one: %v %v", ps, err)
		}
		item, version, err := w.db.FindProjectItem(ctx, ps[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := itemOf(t, ps[0]); !bytes.Equal(item, want) || version != ps[0].Version {
			t.Errorf("a stale item read: %s (version %d), want %s (%d)", item, version, want, ps[0].Version)
		}
		mustCreatePerson(t, w.db, w.org, "Uusi Henkilö")
		check("after the next write")

		// More stale than a write's batch: the write rebuilds its batch
		// and the rest are rebuilt in the background.
		sqldb.SetItemBatch(w.db, 2)
		if _, err := raw.ExecContext(ctx, `UPDATE project_items SET json = NULL`); err != nil {
			t.Fatal(err)
		}
		mustCreatePerson(t, w.db, w.org, "Toinen Henkilö")
		deadline := time.Now().Add(10 * time.Second)
		for stale := -1; stale != 0; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d items still stale after the drain", stale)
			}
			if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM project_items WHERE json IS NULL`).Scan(&stale); err != nil {
				t.Fatal(err)
			}
		}
		check("after the drain")
	})
}

// wantItems checks that FindProjectItems gives, for f, the JSON of the
// projects FindProjects gives, with the same total and cursor.
func wantItems(t *testing.T, db *sqldb.DB, when string, f salkku.ProjectFilter) {
	t.Helper()
	ctx := salkku.System(t.Context())
	ps, total, err := db.FindProjects(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	page, err := db.FindProjectItems(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != total || len(page.Items) != len(ps) {
		t.Fatalf("%s: %d items of %d, want %d of %d", when, len(page.Items), page.Total, len(ps), total)
	}
	for i, p := range ps {
		if want := itemOf(t, p); !bytes.Equal(page.Items[i], want) {
			t.Errorf("%s: project %s is kept as\n%s\nwant\n%s", when, p.Code, page.Items[i], want)
		}
	}
	if n := len(ps); n > 0 && ps[n-1].Cursor != page.Next {
		t.Errorf("%s: next %q, want %q", when, page.Next, ps[n-1].Cursor)
	}
}

// itemOf is the project's JSON as the API writes it (web.WriteJSON).
func itemOf(t *testing.T, p *salkku.Project) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

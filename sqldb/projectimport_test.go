package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// projectList is a project list as the importer reads it: every field
// mapped, the schedule in one column.
func projectList(rows ...salkku.ProjectRow) salkku.ProjectRows {
	fields := map[string]bool{}
	for _, f := range []string{"code", "name.fi", "description.fi", "category", "start", "end", "continuous", "vendors", "manager", "mandatory", "tags"} {
		fields[f] = true
	}
	cols := map[string]string{"code": "Tunnus", "name": "Nimi", "description": "Kuvaus", "category": "Luokka", "start": "Aikataulu", "end": "Aikataulu",
		"continuous": "Aikataulu", "vendors": "Toimittajat", "manager": "Projektipäällikkö", "mandatory": "Pakollinen", "tags": "Tunnisteet"}
	return salkku.ProjectRows{FileName: "hankkeet.xlsx", Fields: fields, Columns: cols, Rows: rows}
}

func projectRow(n int, code, name, category string) salkku.ProjectRow {
	return salkku.ProjectRow{Row: n, Code: code, Name: salkku.Text{FI: name}, Description: salkku.Text{FI: "Kuvaus " + name}, Category: category,
		Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)}, Vendors: []string{"Tieto Oyj", "CGI"}}
}

func TestImportProjects(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		infra := mustCreateCategory(t, w.db, w.pf, "Perusinfrastruktuurihankkeet")
		apps := mustCreateCategory(t, w.db, w.pf, "Sovellushankkeet")
		other := mustCreatePortfolio(t, w.db, w.org, nil, "Sote-hankkeet")
		mustCreateProject(t, w.db, other, &salkku.Project{Code: "KaRa", Name: salkku.T("Kainuun rakennemuutos")})
		old := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.1", Name: salkku.T("Palomuuri"), CategoryID: &infra.ID})

		rows := []salkku.ProjectRow{
			projectRow(2, "2.1", "Palomuuripalvelun jatkaminen tai kilpailutus", "Perusinfrastruktuurihankkeet"),
			projectRow(3, "2.2", "Verkon uusiminen", fmt.Sprint(apps.Chapter)),
			projectRow(4, "3.1", "Asianhallinta", "sovellushankkeet"),
		}
		rows[1].Manager = "Aino Aalto"
		rows[2].Schedule = salkku.Schedule{Start: salkku.NewMonth(2017, 5), Continuous: true}
		rows[2].Mandatory = true

		// One bad row among good ones: nothing lands.
		for name, bad := range map[string]salkku.ProjectRow{
			"unknown category": func() salkku.ProjectRow { r := projectRow(5, "3.2", "X", "Tuntematon"); return r }(),
			"duplicate code":   projectRow(5, "2.2", "X", ""),
			"other portfolio":  projectRow(5, "kara", "X", ""),
			"unknown manager":  func() salkku.ProjectRow { r := projectRow(5, "3.2", "X", ""); r.Manager = "Nobody"; return r }(),
			"end before start": func() salkku.ProjectRow {
				r := projectRow(5, "3.2", "X", "")
				r.Schedule.End = salkku.NewMonth(2016, 1)
				return r
			}(),
			"name too long": func() salkku.ProjectRow {
				r := projectRow(5, "3.2", "", "")
				r.Name.FI = strings.Repeat("a", salkku.MaxNameLen+1)
				return r
			}(),
		} {
			res, err := w.db.ImportProjects(ctx, w.pf.ID, projectList(append(append([]salkku.ProjectRow{}, rows...), bad)...), false)
			must(t, err)
			if res.Applied || len(res.Problems) != 1 || res.Problems[0].Row != 5 {
				t.Errorf("%s: applied %v, problems %+v", name, res.Applied, res.Problems)
			}
			wantEqual(t, countProjects(t, w.db, w.pf), 1)
		}

		// A dry run: what would happen, nothing written.
		res, err := w.db.ImportProjects(ctx, w.pf.ID, projectList(rows...), true)
		must(t, err)
		wantEqual(t, [3]int{res.New, res.Updated, res.Unchanged}, [3]int{2, 1, 0})
		wantEqual(t, res.Applied, false)
		wantEqual(t, countProjects(t, w.db, w.pf), 1)

		res, err = w.db.ImportProjects(ctx, w.pf.ID, projectList(rows...), false)
		must(t, err)
		if !res.Applied || res.New != 2 || res.Updated != 1 {
			t.Fatalf("import: %+v", res)
		}
		wantEqual(t, countProjects(t, w.db, w.pf), 3)
		got, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &w.pf.ID, Sort: "code"})
		must(t, err)
		wantEqual(t, got[0].ID, old.ID)
		wantEqual(t, got[0].Name.FI, "Palomuuripalvelun jatkaminen tai kilpailutus")
		wantEqual(t, got[0].Version, 2)
		wantEqual(t, got[1].CategoryName.FI, "Sovellushankkeet")
		wantEqual(t, *got[1].ManagerID, w.aino.ID)
		wantEqual(t, got[2].Schedule, salkku.Schedule{Start: salkku.NewMonth(2017, 5), Continuous: true})
		wantEqual(t, got[2].Mandatory, true)
		wantEqual(t, got[2].Vendors, []string{"Tieto Oyj", "CGI"})
		wantEqual(t, got[2].Description.FI, "Kuvaus Asianhallinta")
		if got[2].Phase == "" || got[2].Status == "" {
			t.Errorf("new project not placed in the model: %+v", got[2])
		}
		entries, _, err := w.db.FindAudit(ctx, salkku.AuditFilter{Entity: "project"})
		n := len(entries)
		must(t, err)
		creates, updates := 0, 0
		for _, e := range entries {
			switch e.Action {
			case "create":
				creates++
			case "update":
				updates++
			}
		}
		// The two projects made beforehand, the two new ones; one update.
		if n != 5 || creates != 4 || updates != 1 {
			t.Errorf("audit: %d entries, %d creates, %d updates", n, creates, updates)
		}

		// The same file again: nothing changes, no version moves.
		res, err = w.db.ImportProjects(ctx, w.pf.ID, projectList(rows...), false)
		must(t, err)
		wantEqual(t, [3]int{res.New, res.Updated, res.Unchanged}, [3]int{0, 0, 3})
		again, _, err := w.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &w.pf.ID, Sort: "code"})
		must(t, err)
		for i := range again {
			wantEqual(t, again[i].Version, got[i].Version)
		}
		if e2, _, _ := w.db.FindAudit(ctx, salkku.AuditFilter{Entity: "project"}); len(e2) != n {
			t.Errorf("re-import wrote %d audit entries", len(e2)-n)
		}

		// An update writes only the fields the file has: a file of codes
		// and names leaves the category and schedule alone.
		names := projectList(salkku.ProjectRow{Row: 2, Code: "2.2", Name: salkku.Text{FI: "Verkon uusiminen, vaihe 2"}})
		names.Fields = map[string]bool{"code": true, "name.fi": true}
		res, err = w.db.ImportProjects(ctx, w.pf.ID, names, false)
		must(t, err)
		wantEqual(t, [3]int{res.New, res.Updated, res.Unchanged}, [3]int{0, 1, 0})
		wantEqual(t, res.Preview[0].Changes, []string{"name"})
		p, err := w.db.FindProjectByID(ctx, got[1].ID)
		must(t, err)
		wantEqual(t, p.Name.FI, "Verkon uusiminen, vaihe 2")
		wantEqual(t, *p.CategoryID, apps.ID)
		wantEqual(t, p.Schedule, rows[1].Schedule)

		// Only those who may create projects in the portfolio import.
		nobody := salkku.WithCaller(context.Background(), salkku.Actor{UserID: 1}, &salkku.Access{UserID: 1,
			Portfolios: map[int64]string{w.pf.ID: salkku.RoleViewer}})
		_, err = w.db.ImportProjects(nobody, w.pf.ID, projectList(rows...), true)
		wantErr(t, err, salkku.EFORBIDDEN, "")
	})
}

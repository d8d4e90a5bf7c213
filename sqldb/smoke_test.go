package sqldb_test

import (
	"context"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

func TestSmoke(t *testing.T) {
	for _, engine := range sqldb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := sqldb.MustOpenTest(t, engine)
			ctx := context.Background()
			o := &salkku.Organisation{Name: "Naantalin kaupunki"}
			if err := db.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
			pe := &salkku.Person{Name: "Kristiina Taskinen", OrganisationID: &o.ID}
			if err := db.CreatePerson(ctx, pe); err != nil {
				t.Fatal(err)
			}
			pf := &salkku.Portfolio{OrganisationID: o.ID, Name: "Salkku", OwnerID: &pe.ID, BoardIDs: []int64{pe.ID}}
			if err := db.CreatePortfolio(ctx, pf); err != nil {
				t.Fatal(err)
			}
			c := &salkku.Category{PortfolioID: pf.ID, Name: "Perusinfrastruktuurihankkeet"}
			if err := db.CreateCategory(ctx, c); err != nil {
				t.Fatal(err)
			}
			p := &salkku.Project{PortfolioID: pf.ID, CategoryID: &c.ID, Code: "2.1", Name: "Palomuuri", Vendors: []string{"DNA Oy"},
				Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)}, ManagerID: &pe.ID}
			if err := db.CreateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
			w := &salkku.WorkPackage{ProjectID: p.ID, Name: "OA1", ResponsibleIDs: []int64{pe.ID}, Tags: []string{"H"}}
			if err := db.CreateWorkPackage(ctx, w); err != nil {
				t.Fatal(err)
			}
			ps, n, err := db.FindProjects(ctx, salkku.ProjectFilter{Query: "palo"})
			if err != nil || n != 1 || ps[0].CategoryName != "Perusinfrastruktuurihankkeet" || ps[0].ManagerName != "Kristiina Taskinen" {
				t.Fatalf("got %v %d %v", ps, n, err)
			}
			p.Name = "Palomuuripalvelu"
			if err := db.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
			p.Version = 1
			if err := db.UpdateProject(ctx, p); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Fatalf("stale update: %v", err)
			}
			if err := db.DeleteCategory(ctx, c.ID); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Fatalf("delete used category: %v", err)
			}
			if err := db.DeleteProject(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

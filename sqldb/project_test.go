package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
)

// fullProject returns a project of w.pf in category c with every field set.
func fullProject(w *world, c *salkku.Category) *salkku.Project {
	return &salkku.Project{
		PortfolioID:    w.pf.ID,
		CategoryID:     ptr(c.ID),
		Code:           "2.1",
		Name:           salkku.T("Palomuuripalvelun jatkaminen tai kilpailutus"),
		Description:    salkku.T("Palomuurit ostetaan palveluina DNA Oy:ltä.\n\nPalvelun kolmivuotiskausi on päättymässä."),
		OwnerID:        ptr(w.kristiina.ID),
		ManagerID:      ptr(w.jukka.ID),
		ServiceOwnerID: ptr(w.aino.ID),
		Vendors:        []string{"DNA Oy", "Raision kaupunki"},
		Schedule:       salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)},
		Mandatory:      true,
		Tags:           []string{"H", "infra"},
		Status:         salkku.StatusActive,
	}
}

// withNames fills the read-only display fields the store adds.
func withNames(w *world, p salkku.Project, c *salkku.Category) *salkku.Project {
	p.PortfolioName, p.CategoryName = w.pf.Name, salkku.T("")
	p.OrganisationID, p.OrganisationName = w.org.ID, w.org.Name
	if c != nil && p.CategoryID != nil {
		p.CategoryName = c.Name
	}
	name := func(id *int64) string {
		for _, pe := range []*salkku.Person{w.aino, w.jukka, w.kristiina} {
			if id != nil && *id == pe.ID {
				return pe.Name
			}
		}
		return ""
	}
	p.OwnerName, p.ManagerName, p.ServiceOwnerName = name(p.OwnerID), name(p.ManagerID), name(p.ServiceOwnerID)
	return &p
}

func TestProject(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("CreateFind", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfrastruktuurihankkeet")
			p := fullProject(w, c)
			input := *p
			if err := w.db.CreateProject(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			if p.ID == 0 || p.Version != 1 || p.CreatedAt.IsZero() || !p.UpdatedAt.Equal(p.CreatedAt) {
				t.Fatalf("created meta %+v", p.Meta)
			}
			input.Meta = p.Meta
			// Brought in as active: placed before the first active
			// phase's gate, in the organisation's model.
			if p.ModelID == 0 {
				t.Fatal("no model")
			}
			input.ModelID, input.Phase, input.NextGate = p.ModelID, "implementation", "P4"
			want := withNames(w, input, c)
			wantEqual(t, p, want)
			got, err := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, want)
		})

		t.Run("CreateFindBare", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := &salkku.Project{PortfolioID: w.pf.ID, Code: "7.6", Name: salkku.T("Koulujen esitysteknologia"),
				Schedule: salkku.Schedule{Continuous: true}}
			if err := w.db.CreateProject(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			want := &salkku.Project{Meta: p.Meta, PortfolioID: w.pf.ID, Code: "7.6", Name: salkku.T("Koulujen esitysteknologia"),
				Vendors: []string{}, Tags: []string{}, Schedule: salkku.Schedule{Continuous: true},
				Status: salkku.StatusProposed, PortfolioName: w.pf.Name, ModelID: p.ModelID, Phase: "proposal", NextGate: "P0",
				OrganisationID: w.org.ID, OrganisationName: w.org.Name}
			if p.ModelID == 0 {
				t.Fatal("no model")
			}
			got, err := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, want)
			wantEqual(t, p, want)
		})

		t.Run("Update", func(t *testing.T) {
			w := mustWorld(t, engine)
			c1 := mustCreateCategory(t, w.db, w.pf, "Perusinfrastruktuurihankkeet")
			c2 := mustCreateCategory(t, w.db, w.pf, "Tietohallintojohtamisen työkalut")
			p := mustCreateProject(t, w.db, w.pf, fullProject(w, c1))
			created := *p

			steps := []struct {
				name   string
				cat    *salkku.Category
				change func(p *salkku.Project)
			}{
				{"EveryField", c2, func(p *salkku.Project) {
					p.CategoryID, p.Code, p.Name, p.Description = ptr(c2.ID), "3.2", salkku.T("Tietoturvasuunnitelma"), salkku.T("Suunnittelu ja jalkautuksen aloitus")
					p.OwnerID, p.ManagerID, p.ServiceOwnerID = ptr(w.aino.ID), ptr(w.kristiina.ID), ptr(w.jukka.ID)
					p.Vendors, p.Tags = []string{"Tiera"}, []string{"tietoturva", "H"}
					p.Schedule = salkku.Schedule{Start: salkku.NewMonth(2017, 6), End: salkku.NewMonth(2018, 6)}
					p.Mandatory = false
				}},
				{"ClearOptional", nil, func(p *salkku.Project) {
					p.CategoryID, p.Description, p.OwnerID, p.ManagerID, p.ServiceOwnerID = nil, salkku.T(""), nil, nil, nil
					p.Vendors, p.Tags = nil, nil
					p.Schedule = salkku.Schedule{Start: salkku.NewMonth(2017, 9), Continuous: true}
				}},
			}
			for i, step := range steps {
				step.change(p)
				input := *p
				if err := w.db.UpdateProject(salkku.System(t.Context()), p); err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				if p.Version != i+2 || !p.CreatedAt.Equal(created.CreatedAt) || !p.UpdatedAt.After(created.UpdatedAt) {
					t.Fatalf("%s: meta %+v, created %+v", step.name, p.Meta, created.Meta)
				}
				input.Meta = p.Meta
				if input.Vendors == nil {
					input.Vendors, input.Tags = []string{}, []string{}
				}
				want := withNames(w, input, step.cat)
				wantEqual(t, p, want)
				got, err := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
				if err != nil {
					t.Fatal(err)
				}
				wantEqual(t, got, want)
			}
		})

		t.Run("MoveToOtherPortfolio", func(t *testing.T) {
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Sivistyspalvelut")
			c := mustCreateCategory(t, w.db, other, "Päiväkodit")
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "7.1"})
			p.PortfolioID, p.CategoryID = other.ID, ptr(c.ID)
			if err := w.db.UpdateProject(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			if p.PortfolioName != other.Name || p.CategoryName != c.Name {
				t.Errorf("moved to %q / %q, want %q / %q", p.PortfolioName.FI, p.CategoryName.FI, other.Name.FI, c.Name.FI)
			}
		})

		t.Run("ErrStale", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			stale := *p
			p.Name = salkku.T("Palomuuripalvelu")
			if err := w.db.UpdateProject(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			stale.Name, stale.Tags = salkku.T("Vanha nimi"), []string{"vanha"}
			wantErr(t, w.db.UpdateProject(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			got, _ := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
			wantEqual(t, got, p)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			w := mustWorld(t, engine)
			_, err := w.db.FindProjectByID(salkku.System(t.Context()), 999)
			wantErr(t, err, salkku.ENOTFOUND, "")
			missing := &salkku.Project{Meta: salkku.Meta{ID: 999, Version: 1}, PortfolioID: w.pf.ID, Code: "9.9", Name: salkku.T("X")}
			wantErr(t, w.db.UpdateProject(salkku.System(t.Context()), missing), salkku.ENOTFOUND, "")
			wantErr(t, w.db.DeleteProject(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")
		})

		t.Run("Delete", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{ManagerID: ptr(w.jukka.ID)})
			oa := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
			tp := mustCreateWorkPackage(t, w.db, p, oa, "TP1")
			if err := w.db.DeleteProject(salkku.System(t.Context()), p.ID); err != nil {
				t.Fatal(err)
			}
			_, err := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
			for _, wp := range []*salkku.WorkPackage{oa, tp} {
				_, err := w.db.FindWorkPackageByID(salkku.System(t.Context()), wp.ID)
				wantErr(t, err, salkku.ENOTFOUND, "")
			}
			// Nothing refers to the manager any more.
			if err := w.db.DeletePerson(salkku.System(t.Context()), w.jukka.ID); err != nil {
				t.Errorf("delete former manager: %v", err)
			}
		})

		t.Run("ErrDuplicateCode", func(t *testing.T) {
			w := mustWorld(t, engine)
			mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.1"})
			dup := &salkku.Project{PortfolioID: w.pf.ID, Code: " 2.1 ", Name: salkku.T("Toinen hanke")}
			wantErr(t, w.db.CreateProject(salkku.System(t.Context()), dup), salkku.ECONFLICT, "code")
			if n := countProjects(t, w.db, w.pf); n != 1 {
				t.Errorf("%d projects stored, want 1", n)
			}

			other := mustCreatePortfolio(t, w.db, w.org, nil, "Toinen salkku")
			mustCreateProject(t, w.db, other, &salkku.Project{Code: "2.1"}) // fine in another portfolio

			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.2"})
			before := *p
			p.Code = "2.1"
			wantErr(t, w.db.UpdateProject(salkku.System(t.Context()), p), salkku.ECONFLICT, "code")
			got, _ := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
			wantEqual(t, got, &before)
		})

		t.Run("ErrCategoryOfOtherPortfolio", func(t *testing.T) {
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Toinen salkku")
			c := mustCreateCategory(t, w.db, other, "Toisen salkun kategoria")
			p := &salkku.Project{PortfolioID: w.pf.ID, CategoryID: ptr(c.ID), Code: "2.1", Name: salkku.T("Palomuuri")}
			wantErr(t, w.db.CreateProject(salkku.System(t.Context()), p), salkku.EINVALID, "category_id")
			if n := countProjects(t, w.db, w.pf); n != 0 {
				t.Errorf("%d projects stored, want 0", n)
			}

			p = mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			p.CategoryID = ptr(c.ID)
			wantErr(t, w.db.UpdateProject(salkku.System(t.Context()), p), salkku.EINVALID, "category_id")
		})

		refs := []struct {
			name, field string
			change      func(p *salkku.Project)
		}{
			{"ErrPortfolioMissing", "portfolio_id", func(p *salkku.Project) { p.PortfolioID = 999 }},
			{"ErrCategoryMissing", "category_id", func(p *salkku.Project) { p.CategoryID = ptr(999) }},
			{"ErrOwnerMissing", "owner_id", func(p *salkku.Project) { p.OwnerID = ptr(999) }},
			{"ErrManagerMissing", "manager_id", func(p *salkku.Project) { p.ManagerID = ptr(999) }},
			{"ErrServiceOwnerMissing", "service_owner_id", func(p *salkku.Project) { p.ServiceOwnerID = ptr(999) }},
			{"ErrNameRequired", "name.fi", func(p *salkku.Project) { p.Name = salkku.T("") }},
			{"ErrEndBeforeStart", "end", func(p *salkku.Project) {
				p.Schedule = salkku.Schedule{Start: salkku.NewMonth(2018, 4), End: salkku.NewMonth(2017, 10)}
			}},
			{"ErrStatus", "status", func(p *salkku.Project) { p.Status = "done" }},
		}
		for _, tc := range refs {
			t.Run(tc.name, func(t *testing.T) {
				w := mustWorld(t, engine)
				p := &salkku.Project{PortfolioID: w.pf.ID, Code: "2.1", Name: salkku.T("Palomuuri")}
				tc.change(p)
				wantErr(t, w.db.CreateProject(salkku.System(t.Context()), p), salkku.EINVALID, tc.field)
				if n := countProjects(t, w.db, w.pf); n != 0 {
					t.Errorf("%d projects stored, want 0", n)
				}

				p = mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.2"})
				before := *p
				tc.change(p)
				wantErr(t, w.db.UpdateProject(salkku.System(t.Context()), p), salkku.EINVALID, tc.field)
				got, _ := w.db.FindProjectByID(salkku.System(t.Context()), p.ID)
				wantEqual(t, got, &before)
			})
		}
	})
}

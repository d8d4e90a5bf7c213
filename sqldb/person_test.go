package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
)

func TestPerson(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("CreateFind", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantalin kaupunki")
			people := []*salkku.Person{
				{OrganisationID: ptr(o.ID), Name: "Kristiina Taskinen", Email: "kristiina.taskinen@naantali.fi", Title: "Tietohallintopäällikkö"},
				{Name: "Örjan Åkerlund"}, // no organisation, email or title
			}
			for _, p := range people {
				if err := db.CreatePerson(salkku.System(t.Context()), p); err != nil {
					t.Fatal(err)
				}
				if p.ID == 0 || p.Version != 1 || p.CreatedAt.IsZero() || !p.UpdatedAt.Equal(p.CreatedAt) {
					t.Fatalf("created meta %+v", p.Meta)
				}
				got, err := db.FindPersonByID(salkku.System(t.Context()), p.ID)
				if err != nil {
					t.Fatal(err)
				}
				wantEqual(t, got, p)
			}
		})

		t.Run("Update", func(t *testing.T) {
			db := mustOpen(t, engine)
			naantali := mustCreateOrg(t, db, "Naantalin kaupunki")
			raisio := mustCreateOrg(t, db, "Raision kaupunki")
			p := mustCreatePerson(t, db, naantali, "Kristiina Taskinen")
			created := *p
			changes := []func(p *salkku.Person){
				func(p *salkku.Person) {
					p.OrganisationID, p.Name, p.Email, p.Title = ptr(raisio.ID), "Kristiina Koskinen", "kristiina@raisio.fi", "Tietohallintojohtaja"
				},
				func(p *salkku.Person) { p.OrganisationID, p.Email, p.Title = nil, "", "" },
			}
			for i, change := range changes {
				change(p)
				if err := db.UpdatePerson(salkku.System(t.Context()), p); err != nil {
					t.Fatal(err)
				}
				if p.Version != i+2 || !p.CreatedAt.Equal(created.CreatedAt) || !p.UpdatedAt.After(created.UpdatedAt) {
					t.Fatalf("updated meta %+v, created %+v", p.Meta, created.Meta)
				}
				got, err := db.FindPersonByID(salkku.System(t.Context()), p.ID)
				if err != nil {
					t.Fatal(err)
				}
				wantEqual(t, got, p)
			}
		})

		t.Run("ErrStale", func(t *testing.T) {
			db := mustOpen(t, engine)
			p := mustCreatePerson(t, db, nil, "Kristiina Taskinen")
			stale := *p
			p.Title = "Tietohallintopäällikkö"
			if err := db.UpdatePerson(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			stale.Title = "Projektipäällikkö"
			wantErr(t, db.UpdatePerson(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			got, _ := db.FindPersonByID(salkku.System(t.Context()), p.ID)
			wantEqual(t, got, p)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			db := mustOpen(t, engine)
			_, err := db.FindPersonByID(salkku.System(t.Context()), 999)
			wantErr(t, err, salkku.ENOTFOUND, "")
			wantErr(t, db.UpdatePerson(salkku.System(t.Context()), &salkku.Person{Meta: salkku.Meta{ID: 999, Version: 1}, Name: "X"}), salkku.ENOTFOUND, "")
			wantErr(t, db.DeletePerson(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")
		})

		invalid := []struct {
			name, field string
			p           salkku.Person
		}{
			{"ErrNameRequired", "name", salkku.Person{Email: "k@naantali.fi"}},
			{"ErrEmail", "email", salkku.Person{Name: "Kristiina", Email: "kristiina(at)naantali.fi"}},
			{"ErrOrganisationMissing", "organisation_id", salkku.Person{Name: "Kristiina", OrganisationID: ptr(999)}},
		}
		for _, tc := range invalid {
			t.Run(tc.name, func(t *testing.T) {
				db := mustOpen(t, engine)
				p := tc.p
				wantErr(t, db.CreatePerson(salkku.System(t.Context()), &p), salkku.EINVALID, tc.field)
				if _, n, _ := db.FindPeople(salkku.System(t.Context()), salkku.PersonFilter{}); n != 0 {
					t.Errorf("%d people stored, want 0", n)
				}
			})
		}

		t.Run("ErrUpdateOrganisationMissing", func(t *testing.T) {
			db := mustOpen(t, engine)
			p := mustCreatePerson(t, db, nil, "Kristiina Taskinen")
			before := *p
			p.OrganisationID = ptr(999)
			wantErr(t, db.UpdatePerson(salkku.System(t.Context()), p), salkku.EINVALID, "organisation_id")
			got, _ := db.FindPersonByID(salkku.System(t.Context()), p.ID)
			wantEqual(t, got, &before)
		})

		t.Run("Delete", func(t *testing.T) {
			db := mustOpen(t, engine)
			p := mustCreatePerson(t, db, nil, "Kristiina Taskinen")
			if err := db.DeletePerson(salkku.System(t.Context()), p.ID); err != nil {
				t.Fatal(err)
			}
			_, err := db.FindPersonByID(salkku.System(t.Context()), p.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
		})

		// Each way a person can be named keeps them from being deleted.
		inUse := []struct {
			name string
			use  func(t *testing.T, w *world, p *salkku.Person)
		}{
			{"ProjectManager", func(t *testing.T, w *world, p *salkku.Person) {
				mustCreateProject(t, w.db, w.pf, &salkku.Project{ManagerID: ptr(p.ID)})
			}},
			{"ProjectOwner", func(t *testing.T, w *world, p *salkku.Person) {
				mustCreateProject(t, w.db, w.pf, &salkku.Project{OwnerID: ptr(p.ID)})
			}},
			{"ProjectServiceOwner", func(t *testing.T, w *world, p *salkku.Person) {
				mustCreateProject(t, w.db, w.pf, &salkku.Project{ServiceOwnerID: ptr(p.ID)})
			}},
			{"PortfolioOwner", func(t *testing.T, w *world, p *salkku.Person) {
				w.pf.OwnerID = ptr(p.ID)
				if err := w.db.UpdatePortfolio(salkku.System(t.Context()), w.pf); err != nil {
					t.Fatal(err)
				}
			}},
			{"BoardMember", func(t *testing.T, w *world, p *salkku.Person) {
				w.pf.BoardIDs = []int64{p.ID}
				if err := w.db.UpdatePortfolio(salkku.System(t.Context()), w.pf); err != nil {
					t.Fatal(err)
				}
			}},
			{"WorkPackageResponsible", func(t *testing.T, w *world, p *salkku.Person) {
				pr := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
				wp := &salkku.WorkPackage{ProjectID: pr.ID, Name: salkku.T("OA1"), ResponsibleIDs: []int64{p.ID}}
				if err := w.db.CreateWorkPackage(salkku.System(t.Context()), wp); err != nil {
					t.Fatal(err)
				}
			}},
		}
		for _, tc := range inUse {
			t.Run("ErrDeleteInUseAs"+tc.name, func(t *testing.T) {
				w := mustWorld(t, engine)
				p := mustCreatePerson(t, w.db, w.org, "Kristiina Koskinen")
				tc.use(t, w, p)
				wantErr(t, w.db.DeletePerson(salkku.System(t.Context()), p.ID), salkku.ECONFLICT, "")
				got, err := w.db.FindPersonByID(salkku.System(t.Context()), p.ID)
				if err != nil {
					t.Fatalf("person gone after refused delete: %v", err)
				}
				wantEqual(t, got, p)
			})
		}

		t.Run("FindPeople", func(t *testing.T) {
			db := mustOpen(t, engine)
			naantali := mustCreateOrg(t, db, "Naantalin kaupunki")
			raisio := mustCreateOrg(t, db, "Raision kaupunki")
			create := func(org *salkku.Organisation, name, email, title string) *salkku.Person {
				p := &salkku.Person{OrganisationID: ptr(org.ID), Name: name, Email: email, Title: title}
				if err := db.CreatePerson(salkku.System(t.Context()), p); err != nil {
					t.Fatal(err)
				}
				return p
			}
			kristiina := create(naantali, "Kristiina Taskinen", "kristiina.taskinen@naantali.fi", "Tietohallintopäällikkö")
			orjan := create(naantali, "Örjan Åkerlund", "orjan.akerlund@naantali.fi", "Projektipäällikkö")
			jukka := create(raisio, "Jukka Mäkelä", "jukka.makela@raisio.fi", "Tietoturva-asiantuntija")
			aino := create(naantali, "Aino Aalto", "aino_aalto@naantali.fi", "Suunnittelija")

			tests := []struct {
				name string
				f    salkku.PersonFilter
				want []*salkku.Person
			}{
				{"All", salkku.PersonFilter{}, []*salkku.Person{aino, jukka, kristiina, orjan}},
				{"Organisation", salkku.PersonFilter{OrganisationID: ptr(raisio.ID)}, []*salkku.Person{jukka}},
				{"ID", salkku.PersonFilter{ID: ptr(orjan.ID)}, []*salkku.Person{orjan}},
				{"QueryUpperCaseFinnish", salkku.PersonFilter{Query: "MÄKELÄ"}, []*salkku.Person{jukka}},
				{"QueryUpperCaseSwedish", salkku.PersonFilter{Query: "ÖRJAN ÅKER"}, []*salkku.Person{orjan}},
				{"QueryTitle", salkku.PersonFilter{Query: "päällikkö"}, []*salkku.Person{kristiina, orjan}},
				{"QueryEmail", salkku.PersonFilter{Query: "@raisio.fi"}, []*salkku.Person{jukka}},
				{"QueryAndOrganisation", salkku.PersonFilter{Query: "päällikkö", OrganisationID: ptr(naantali.ID)}, []*salkku.Person{kristiina, orjan}},
				{"QueryUnderscoreLiteral", salkku.PersonFilter{Query: "_"}, []*salkku.Person{aino}},
				{"QueryPercentLiteral", salkku.PersonFilter{Query: "%"}, nil},
				{"QueryNoMatch", salkku.PersonFilter{Query: "Virtanen"}, nil},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					got, n, err := db.FindPeople(salkku.System(t.Context()), tc.f)
					if err != nil {
						t.Fatal(err)
					}
					wantEqual(t, names(got), names(tc.want))
					if n != len(tc.want) {
						t.Errorf("total = %d, want %d", n, len(tc.want))
					}
				})
			}

			t.Run("Page", func(t *testing.T) {
				got, n, err := db.FindPeople(salkku.System(t.Context()), salkku.PersonFilter{Page: salkku.Page{Offset: 1, Limit: 2}})
				if err != nil {
					t.Fatal(err)
				}
				wantEqual(t, got, []*salkku.Person{jukka, kristiina})
				if n != 4 {
					t.Errorf("total = %d, want 4", n)
				}
			})
		})
	})
}

func names(ps []*salkku.Person) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

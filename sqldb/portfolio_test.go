package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
)

func TestPortfolio(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("CreateFind", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := &salkku.Portfolio{
				OrganisationID: w.org.ID,
				ParentID:       ptr(w.pf.ID),
				Name:           salkku.T("Sivistyspalvelut"),
				Description:    salkku.T("Toimialakohtaiset kehityshankkeet.\nPäiväkodit ja koulut."),
				OwnerID:        ptr(w.kristiina.ID),
				BoardIDs:       []int64{w.kristiina.ID, w.aino.ID, w.jukka.ID},
			}
			if err := w.db.CreatePortfolio(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			if p.ID == 0 || p.Version != 1 || p.CreatedAt.IsZero() || !p.UpdatedAt.Equal(p.CreatedAt) {
				t.Fatalf("created meta %+v", p.Meta)
			}
			want := *p
			want.OrganisationName, want.OwnerName = salkku.T("Naantalin kaupunki"), "Kristiina Taskinen"
			got, err := w.db.FindPortfolioByID(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, &want)
		})

		t.Run("CreateFindBare", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantalin kaupunki")
			p := &salkku.Portfolio{OrganisationID: o.ID, Name: salkku.T("Salkku")}
			if err := db.CreatePortfolio(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			want := *p
			want.OrganisationName = o.Name
			got, err := db.FindPortfolioByID(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, &want)
			if got.BoardIDs == nil {
				t.Error("BoardIDs is nil, want [] so that JSON shows a list")
			}
		})

		t.Run("CreateIgnoresLeftoverID", func(t *testing.T) {
			w := mustWorld(t, engine)
			b := mustCreatePortfolio(t, w.db, w.org, w.pf, "B")
			// A form or JSON body may carry the id of an existing portfolio
			// (here the parent's parent); creating must not see a cycle.
			p := &salkku.Portfolio{Meta: salkku.Meta{ID: w.pf.ID}, OrganisationID: w.org.ID, ParentID: ptr(b.ID), Name: salkku.T("C")}
			if err := w.db.CreatePortfolio(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			if p.ID == w.pf.ID || p.ID == b.ID {
				t.Errorf("created with id %d, an existing portfolio's", p.ID)
			}
		})

		t.Run("Update", func(t *testing.T) {
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Kaupunkiyhteiset hankkeet")
			p := &salkku.Portfolio{OrganisationID: w.org.ID, ParentID: ptr(w.pf.ID), Name: salkku.T("Sivistys"), Description: salkku.T("Vanha"),
				OwnerID: ptr(w.aino.ID), BoardIDs: []int64{w.aino.ID, w.jukka.ID}}
			if err := w.db.CreatePortfolio(salkku.System(t.Context()), p); err != nil {
				t.Fatal(err)
			}
			created := *p

			steps := []struct {
				name   string
				change func(p *salkku.Portfolio)
				want   func(p *salkku.Portfolio)
			}{
				{"EveryField", func(p *salkku.Portfolio) {
					p.ParentID, p.Name, p.Description, p.OwnerID = ptr(other.ID), salkku.T("Sivistyspalvelut"), salkku.T("Uusi kuvaus"), ptr(w.kristiina.ID)
					p.BoardIDs = []int64{w.jukka.ID, w.kristiina.ID, w.aino.ID} // reordered and grown
				}, func(p *salkku.Portfolio) { p.OwnerName, p.ParentName = "Kristiina Taskinen", other.Name }},
				{"ClearOptional", func(p *salkku.Portfolio) {
					p.ParentID, p.Description, p.OwnerID, p.BoardIDs = nil, salkku.T(""), nil, nil
				}, func(p *salkku.Portfolio) { p.OwnerName, p.ParentName, p.BoardIDs = "", salkku.T(""), []int64{} }},
			}
			for i, step := range steps {
				step.change(p)
				want := *p
				want.OrganisationName = w.org.Name
				step.want(&want)
				if err := w.db.UpdatePortfolio(salkku.System(t.Context()), p); err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				want.Meta = salkku.Meta{ID: created.ID, Version: i + 2, CreatedAt: created.CreatedAt, UpdatedAt: p.UpdatedAt}
				if !p.UpdatedAt.After(created.UpdatedAt) {
					t.Errorf("%s: updated at %v, not after %v", step.name, p.UpdatedAt, created.UpdatedAt)
				}
				wantEqual(t, p, &want)
				got, err := w.db.FindPortfolioByID(salkku.System(t.Context()), p.ID)
				if err != nil {
					t.Fatal(err)
				}
				wantEqual(t, got, &want)
			}
		})

		t.Run("ErrStale", func(t *testing.T) {
			w := mustWorld(t, engine)
			stale := *w.pf
			w.pf.BoardIDs = []int64{w.aino.ID}
			if err := w.db.UpdatePortfolio(salkku.System(t.Context()), w.pf); err != nil {
				t.Fatal(err)
			}
			stale.Name, stale.BoardIDs = salkku.T("Toinen nimi"), []int64{w.jukka.ID}
			wantErr(t, w.db.UpdatePortfolio(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			got, _ := w.db.FindPortfolioByID(salkku.System(t.Context()), w.pf.ID)
			wantEqual(t, got, w.pf)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			w := mustWorld(t, engine)
			_, err := w.db.FindPortfolioByID(salkku.System(t.Context()), 999)
			wantErr(t, err, salkku.ENOTFOUND, "")
			missing := &salkku.Portfolio{Meta: salkku.Meta{ID: 999, Version: 1}, OrganisationID: w.org.ID, Name: salkku.T("X")}
			wantErr(t, w.db.UpdatePortfolio(salkku.System(t.Context()), missing), salkku.ENOTFOUND, "")
			wantErr(t, w.db.DeletePortfolio(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")
		})

		t.Run("Delete", func(t *testing.T) {
			w := mustWorld(t, engine)
			w.pf.BoardIDs = []int64{w.aino.ID}
			if err := w.db.UpdatePortfolio(salkku.System(t.Context()), w.pf); err != nil {
				t.Fatal(err)
			}
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfrastruktuurihankkeet")
			if err := w.db.DeletePortfolio(salkku.System(t.Context()), w.pf.ID); err != nil {
				t.Fatal(err)
			}
			_, err := w.db.FindPortfolioByID(salkku.System(t.Context()), w.pf.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
			_, err = w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			wantErr(t, err, salkku.ENOTFOUND, "") // its empty categories go with it
			// The board went too, so its member can be deleted.
			if err := w.db.DeletePerson(salkku.System(t.Context()), w.aino.ID); err != nil {
				t.Errorf("delete former board member: %v", err)
			}
		})

		t.Run("ErrDeleteWithProjects", func(t *testing.T) {
			w := mustWorld(t, engine)
			mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			wantErr(t, w.db.DeletePortfolio(salkku.System(t.Context()), w.pf.ID), salkku.ECONFLICT, "")
			got, err := w.db.FindPortfolioByID(salkku.System(t.Context()), w.pf.ID)
			if err != nil {
				t.Fatalf("portfolio gone after refused delete: %v", err)
			}
			if got.ProjectCount != 1 {
				t.Errorf("project count = %d, want 1", got.ProjectCount)
			}
		})

		t.Run("ErrDeleteWithSubPortfolios", func(t *testing.T) {
			w := mustWorld(t, engine)
			mustCreatePortfolio(t, w.db, w.org, w.pf, "Sivistyspalvelut")
			wantErr(t, w.db.DeletePortfolio(salkku.System(t.Context()), w.pf.ID), salkku.ECONFLICT, "")
			if _, err := w.db.FindPortfolioByID(salkku.System(t.Context()), w.pf.ID); err != nil {
				t.Fatalf("portfolio gone after refused delete: %v", err)
			}
		})

		t.Run("ErrParentCycle", func(t *testing.T) {
			w := mustWorld(t, engine)
			a := w.pf
			b := mustCreatePortfolio(t, w.db, w.org, a, "B")
			c := mustCreatePortfolio(t, w.db, w.org, b, "C")
			for _, parent := range []*salkku.Portfolio{b, c} {
				before, _ := w.db.FindPortfolioByID(salkku.System(t.Context()), a.ID)
				changed := *before
				changed.ParentID = ptr(parent.ID)
				wantErr(t, w.db.UpdatePortfolio(salkku.System(t.Context()), &changed), salkku.EINVALID, "parent_id")
				got, _ := w.db.FindPortfolioByID(salkku.System(t.Context()), a.ID)
				wantEqual(t, got, before)
			}
		})

		t.Run("ErrOwnParent", func(t *testing.T) {
			w := mustWorld(t, engine)
			w.pf.ParentID = ptr(w.pf.ID)
			wantErr(t, w.db.UpdatePortfolio(salkku.System(t.Context()), w.pf), salkku.EINVALID, "parent_id")
		})

		t.Run("ErrParentInOtherOrganisation", func(t *testing.T) {
			w := mustWorld(t, engine)
			raisio := mustCreateOrg(t, w.db, "Raision kaupunki")
			p := &salkku.Portfolio{OrganisationID: raisio.ID, ParentID: ptr(w.pf.ID), Name: salkku.T("Raision salkku")}
			wantErr(t, w.db.CreatePortfolio(salkku.System(t.Context()), p), salkku.EINVALID, "parent_id")

			p = mustCreatePortfolio(t, w.db, raisio, nil, "Raision salkku")
			p.ParentID = ptr(w.pf.ID)
			wantErr(t, w.db.UpdatePortfolio(salkku.System(t.Context()), p), salkku.EINVALID, "parent_id")
		})

		t.Run("ErrMoveToOtherOrganisationWithSubPortfolios", func(t *testing.T) {
			w := mustWorld(t, engine)
			raisio := mustCreateOrg(t, w.db, "Raision kaupunki")
			mustCreatePortfolio(t, w.db, w.org, w.pf, "Sivistyspalvelut")
			before := *w.pf
			w.pf.OrganisationID = raisio.ID
			wantErr(t, w.db.UpdatePortfolio(salkku.System(t.Context()), w.pf), salkku.EINVALID, "organisation_id")
			got, _ := w.db.FindPortfolioByID(salkku.System(t.Context()), w.pf.ID)
			want := before
			want.OrganisationName = w.org.Name
			wantEqual(t, got, &want)
		})

		refs := []struct {
			name, field string
			change      func(p *salkku.Portfolio)
		}{
			{"ErrOrganisationMissing", "organisation_id", func(p *salkku.Portfolio) { p.OrganisationID = 999 }},
			{"ErrParentMissing", "parent_id", func(p *salkku.Portfolio) { p.ParentID = ptr(999) }},
			{"ErrOwnerMissing", "owner_id", func(p *salkku.Portfolio) { p.OwnerID = ptr(999) }},
			{"ErrBoardMemberMissing", "board_ids", func(p *salkku.Portfolio) { p.BoardIDs = []int64{999} }},
			{"ErrNameRequired", "name.fi", func(p *salkku.Portfolio) { p.Name = salkku.T("") }},
		}
		for _, tc := range refs {
			t.Run(tc.name, func(t *testing.T) {
				w := mustWorld(t, engine)
				p := &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Sivistyspalvelut")}
				tc.change(p)
				wantErr(t, w.db.CreatePortfolio(salkku.System(t.Context()), p), salkku.EINVALID, tc.field)
				if _, n, _ := w.db.FindPortfolios(salkku.System(t.Context()), salkku.PortfolioFilter{}); n != 1 {
					t.Errorf("%d portfolios stored, want 1", n)
				}
			})
		}

		t.Run("FindPortfolios", func(t *testing.T) {
			w := mustWorld(t, engine)
			raisio := mustCreateOrg(t, w.db, "Raision kaupunki")
			create := func(org *salkku.Organisation, parent *salkku.Portfolio, name string, owner *salkku.Person, board ...int64) *salkku.Portfolio {
				p := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T(name), BoardIDs: board}
				if parent != nil {
					p.ParentID = ptr(parent.ID)
				}
				if owner != nil {
					p.OwnerID = ptr(owner.ID)
				}
				if err := w.db.CreatePortfolio(salkku.System(t.Context()), p); err != nil {
					t.Fatal(err)
				}
				p.OrganisationName = org.Name
				if owner != nil {
					p.OwnerName = owner.Name
				}
				return p
			}
			tekniset := create(w.org, w.pf, "Tekniset palvelut", w.jukka, w.jukka.ID)
			sivistys := create(w.org, w.pf, "Sivistyspalvelut", w.kristiina, w.kristiina.ID, w.aino.ID)
			raision := create(raisio, nil, "Raision salkku", nil)
			mustCreateProject(t, w.db, sivistys, &salkku.Project{Code: "7.1"})
			mustCreateProject(t, w.db, sivistys, &salkku.Project{Code: "7.2"})
			sivistys.ProjectCount = 2
			root, _ := w.db.FindPortfolioByID(salkku.System(t.Context()), w.pf.ID)

			tests := []struct {
				name string
				f    salkku.PortfolioFilter
				want []*salkku.Portfolio
			}{
				{"All", salkku.PortfolioFilter{}, []*salkku.Portfolio{sivistys, tekniset, root, raision}},
				{"Organisation", salkku.PortfolioFilter{OrganisationID: ptr(w.org.ID)}, []*salkku.Portfolio{sivistys, tekniset, root}},
				{"OtherOrganisation", salkku.PortfolioFilter{OrganisationID: ptr(raisio.ID)}, []*salkku.Portfolio{raision}},
				{"Parent", salkku.PortfolioFilter{ParentID: ptr(w.pf.ID)}, []*salkku.Portfolio{sivistys, tekniset}},
				{"Page", salkku.PortfolioFilter{Page: salkku.Page{Offset: 1, Limit: 2}}, []*salkku.Portfolio{tekniset, root}},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					got, n, err := w.db.FindPortfolios(salkku.System(t.Context()), tc.f)
					if err != nil {
						t.Fatal(err)
					}
					wantEqual(t, got, tc.want)
					wantTotal := len(tc.want)
					if tc.name == "Page" {
						wantTotal = 4
					}
					if n != wantTotal {
						t.Errorf("total = %d, want %d", n, wantTotal)
					}
				})
			}
		})
	})
}

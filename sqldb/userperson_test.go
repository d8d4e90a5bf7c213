package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/salkku/salkku"
)

func TestUserPersonLink(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(t.Context())
		db := mustOpen(t, engine)
		org := mustCreateOrg(t, db, "Naantali")

		t.Run("UserTakesPersonWithSameEmail", func(t *testing.T) {
			p := &salkku.Person{Name: "Liisa Laine", Email: "Liisa.Laine@Naantali.fi", OrganisationID: &org.ID}
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if p.UserID != nil {
				t.Fatalf("person linked before any user: %v", *p.UserID)
			}
			u := &salkku.User{Email: "liisa.laine@naantali.fi", Name: "Liisa L."}
			if err := db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
			if u.PersonID == nil || *u.PersonID != p.ID {
				t.Fatalf("user's person %v, want %d", u.PersonID, p.ID)
			}
			got, err := db.FindPersonByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.UserID == nil || *got.UserID != u.ID {
				t.Fatalf("person's user %v, want %d", got.UserID, u.ID)
			}
		})

		t.Run("UserWithoutPersonGetsOne", func(t *testing.T) {
			u := &salkku.User{Email: "demo@example.fi", Name: "Demo Käyttäjä"}
			if err := db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
			if u.PersonID == nil {
				t.Fatal("no person for the new user")
			}
			p, err := db.FindPersonByID(ctx, *u.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != u.Name || p.Email != u.Email || p.OrganisationID != nil || p.UserID == nil || *p.UserID != u.ID {
				t.Fatalf("person %+v", p)
			}
			// Found by name in the people lists.
			ps, _, err := db.FindPeople(ctx, salkku.PersonFilter{Query: "käyttäjä"})
			if err != nil || len(ps) != 1 || ps[0].ID != p.ID {
				t.Fatalf("people %v %v", ps, err)
			}
		})

		t.Run("PersonTakesUnlinkedUser", func(t *testing.T) {
			u := &salkku.User{Email: "matti@naantali.fi", Name: "Matti"}
			if err := db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
			// Their person removed, a new one with the e-mail in other case
			// is linked again.
			if err := db.DeletePerson(ctx, *u.PersonID); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.FindUserByID(ctx, u.ID); got.PersonID != nil {
				t.Fatalf("deleted person still linked: %v", *got.PersonID)
			}
			p := &salkku.Person{Name: "Matti M.", Email: "other@naantali.fi"}
			if err := db.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if p.UserID != nil {
				t.Fatal("a person of another e-mail was linked")
			}
			p.Email = "MATTI@naantali.fi"
			if err := db.UpdatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if p.UserID == nil || *p.UserID != u.ID {
				t.Fatalf("person's user %v, want %d", p.UserID, u.ID)
			}
			if got, _ := db.FindUserByID(ctx, u.ID); got.PersonID == nil || *got.PersonID != p.ID {
				t.Fatalf("user's person %v, want %d", got.PersonID, p.ID)
			}
			// A second person with the same e-mail does not take the link.
			p2 := &salkku.Person{Name: "Matti kaksi", Email: "matti@naantali.fi"}
			if err := db.CreatePerson(ctx, p2); err != nil {
				t.Fatal(err)
			}
			if p2.UserID != nil {
				t.Fatal("the link moved to a second person")
			}
		})
	})
}

// TestManagerFieldGivesProjectManager: naming a user's person as a
// project's manager makes them its manager in FindAccess; replacing them
// takes it away, with no grant to keep in step.
func TestManagerFieldGivesProjectManager(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(t.Context())
		db := mustOpen(t, engine)
		org := mustCreateOrg(t, db, "Kainuu")
		pf := mustCreatePortfolio(t, db, org, nil, "Kainuu")
		u := &salkku.User{Email: "pm@kainuu.fi", Name: "Pirjo PM"}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		other := mustCreatePerson(t, db, org, "Olli Muu")
		p := &salkku.Project{PortfolioID: pf.ID, Code: "P1", Name: salkku.T("Yksi"), ManagerID: u.PersonID}
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		q := &salkku.Project{PortfolioID: pf.ID, Code: "P2", Name: salkku.T("Kaksi"), ManagerID: &other.ID}
		if err := db.CreateProject(ctx, q); err != nil {
			t.Fatal(err)
		}
		a, err := db.FindAccess(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, a.Projects, map[int64]int64{p.ID: pf.ID})
		wantEqual(t, a.Organisations, map[int64]string{org.ID: salkku.RoleViewer})
		if !a.CanEditProject(p) || a.CanEditProject(q) || a.CanDeleteProject(p) {
			t.Fatalf("access %+v", a)
		}
		gs, err := db.FindManagedProjects(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != 1 || *gs[0].ProjectID != p.ID || !gs[0].FromManagerField || gs[0].TargetName != "P1 Yksi" {
			t.Fatalf("managed projects %s", dump(gs))
		}
		if gs, _ := db.FindGrants(ctx, u.ID); len(gs) != 0 {
			t.Fatalf("stored grants %s", dump(gs))
		}

		p.ManagerID = &other.ID
		if err := db.UpdateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		if a, err = db.FindAccess(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if len(a.Projects) != 0 || len(a.Organisations) != 0 {
			t.Fatalf("after replacing: %+v", a)
		}
		if gs, _ := db.FindManagedProjects(ctx, u.ID); len(gs) != 0 {
			t.Fatalf("managed projects after replacing %s", dump(gs))
		}
	})
}

// TestFindAccessMatchesWholeTree: FindAccess, which reads only the
// granted portfolios and what is below them, gives the same Access as
// expanding the grants over the whole tree, on a random register.
func TestFindAccessMatchesWholeTree(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		ctx := salkku.System(t.Context())
		db := mustOpen(t, engine)
		rnd := rand.New(rand.NewPCG(6, 6))
		orgs := []*salkku.Organisation{mustCreateOrg(t, db, "A"), mustCreateOrg(t, db, "B")}
		var pfs []*salkku.Portfolio
		parents, orgOf := map[int64]*int64{}, map[int64]int64{}
		for i := range 40 {
			var parent *salkku.Portfolio
			if len(pfs) > 0 && rnd.IntN(4) > 0 {
				parent = pfs[rnd.IntN(len(pfs))]
			}
			org := orgs[rnd.IntN(2)]
			if parent != nil {
				org = orgs[0]
				if parent.OrganisationID == orgs[1].ID {
					org = orgs[1]
				}
			}
			pf := mustCreatePortfolio(t, db, org, parent, fmt.Sprintf("pf%d", i))
			pfs = append(pfs, pf)
			parents[pf.ID], orgOf[pf.ID] = pf.ParentID, pf.OrganisationID
		}
		var projects []*salkku.Project
		for i := range 30 {
			p := &salkku.Project{PortfolioID: pfs[rnd.IntN(len(pfs))].ID, Code: fmt.Sprintf("P%d", i), Name: salkku.T("p")}
			if err := db.CreateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
			projects = append(projects, p)
		}
		for i := range 6 {
			u := &salkku.User{Email: fmt.Sprintf("u%d@x.fi", i), Name: fmt.Sprintf("U%d", i)}
			if err := db.CreateUser(ctx, u, ""); err != nil {
				t.Fatal(err)
			}
			var grants []*salkku.Grant
			projectPortfolio := map[int64]int64{}
			for range rnd.IntN(5) {
				g := &salkku.Grant{UserID: u.ID, Role: salkku.Roles[rnd.IntN(len(salkku.Roles))]}
				if g.Role == salkku.RoleProjectManager {
					p := projects[rnd.IntN(len(projects))]
					g.ProjectID = &p.ID
					projectPortfolio[p.ID] = p.PortfolioID
				} else {
					g.PortfolioID = &pfs[rnd.IntN(len(pfs))].ID
				}
				if err := db.CreateGrant(ctx, g); err != nil && salkku.ErrorCode(err) != salkku.ECONFLICT {
					t.Fatal(err)
				}
				grants = append(grants, g)
			}
			// One project names the user as its manager.
			p := projects[rnd.IntN(len(projects))]
			p.ManagerID = u.PersonID
			if err := db.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
			grants = append(grants, &salkku.Grant{Role: salkku.RoleProjectManager, ProjectID: &p.ID})
			projectPortfolio[p.ID] = p.PortfolioID

			got, err := db.FindAccess(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := salkku.ExpandGrants(u.ID, false, grants, parents, orgOf, projectPortfolio)
			t.Run(u.Email, func(t *testing.T) { wantEqual(t, got, want) })
		}
	})
}

// TestSuggestPeople: suggestions follow the caller's access, read from
// the context, and are bounded.
func TestSuggestPeople(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		sys := salkku.System(t.Context())
		db := mustOpen(t, engine)
		a, b := mustCreateOrg(t, db, "A"), mustCreateOrg(t, db, "B")
		for i := range 25 {
			mustCreatePerson(t, db, a, fmt.Sprintf("Aino %02d", i))
		}
		mustCreatePerson(t, db, b, "Aino Beetä")
		mustCreatePerson(t, db, nil, "Aino Kaikkien")
		names := func(ps []*salkku.Person) []string {
			var out []string
			for _, p := range ps {
				out = append(out, p.Name)
			}
			return out
		}
		viewerOfA := salkku.WithCaller(t.Context(), salkku.Actor{UserID: 9}, &salkku.Access{UserID: 9, Organisations: map[int64]string{a.ID: salkku.RoleViewer}})
		for _, tc := range []struct {
			name  string
			ctx   context.Context
			q     string
			org   *int64
			limit int
			want  []string
		}{
			{"NoRoleSeesPeopleOfNone", salkku.WithCaller(t.Context(), salkku.Actor{UserID: 8}, &salkku.Access{UserID: 8}), "aino", nil, 20, []string{"Aino Kaikkien"}},
			{"ViewerOfA", viewerOfA, "aino b", nil, 20, nil},
			{"ViewerOfAAskingForB", viewerOfA, "beetä", &b.ID, 20, nil},
			{"ViewerOfABounded", viewerOfA, "aino 0", nil, 3, []string{"Aino 00", "Aino 01", "Aino 02"}},
			{"AdminInB", sys, "aino", &b.ID, 20, []string{"Aino Beetä", "Aino Kaikkien"}},
			{"ExactNameFirst", sys, "Aino 2", nil, 1, []string{"Aino 20"}},
			{"Empty", sys, " ", nil, 20, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := db.SuggestPeople(tc.ctx, tc.q, tc.org, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				wantEqual(t, names(got), tc.want)
			})
		}
		if _, err := db.SuggestPeople(t.Context(), "aino", nil, 20); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
			t.Errorf("no caller: %v, want forbidden", err)
		}
		if got, _ := db.SuggestPeople(viewerOfA, "aino", nil, 1000); len(got) != salkku.MaxSuggestions {
			t.Errorf("%d suggestions, want at most %d", len(got), salkku.MaxSuggestions)
		}
	})
}

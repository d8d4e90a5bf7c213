package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/salkku/salkku"
)

// TestSuggestions: organisation, portfolio and project suggestions are
// bounded, put an exact name first and hold only what the caller (read
// from the context) may see.
func TestSuggestions(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		sys := salkku.System(t.Context())
		db := mustOpen(t, engine)
		a, b := mustCreateOrg(t, db, "Äänekosken kaupunki"), mustCreateOrg(t, db, "Kaarinan kaupunki")
		for i := range 25 {
			mustCreateOrg(t, db, fmt.Sprintf("Kunta %02d", i))
		}
		rovaniemi := mustCreateOrg(t, db, "Rovaniemi")
		mustCreateOrg(t, db, "Ala-Rovaniemi")
		pa, pb := mustCreatePortfolio(t, db, a, nil, "Tietohallinto"), mustCreatePortfolio(t, db, b, nil, "Tietohallinto")
		pa1 := mustCreatePortfolio(t, db, a, pa, "Tietohallinnon alasalkku")
		hallinto := mustCreatePortfolio(t, db, rovaniemi, nil, "Hallinto")
		mustCreatePortfolio(t, db, rovaniemi, nil, "Apuhallinto")
		ja := mustCreateProject(t, db, pa, &salkku.Project{Code: "2.1", Name: salkku.T("Palomuuri")})
		jb := mustCreateProject(t, db, pb, &salkku.Project{Code: "2.1", Name: salkku.T("Kaarinan palomuuri")})
		viewerOfA := salkku.WithCaller(t.Context(), salkku.Actor{UserID: 9}, &salkku.Access{UserID: 9, Portfolios: map[int64]string{pa.ID: salkku.RoleViewer}})
		managerOfB := salkku.WithCaller(t.Context(), salkku.Actor{UserID: 8}, &salkku.Access{UserID: 8, Projects: map[int64]int64{jb.ID: pb.ID}})
		noRole := salkku.WithCaller(t.Context(), salkku.Actor{UserID: 7}, &salkku.Access{UserID: 7})

		orgs := func(ctx context.Context, q string, limit int) []string {
			t.Helper()
			got, err := db.SuggestOrganisations(ctx, q, limit)
			return collect(t, got, err, func(o *salkku.Organisation) string { return o.Name.FI })
		}
		pfs := func(ctx context.Context, q string) []int64 {
			t.Helper()
			got, err := db.SuggestPortfolios(ctx, q, salkku.MaxSuggestions)
			return collect(t, got, err, func(p *salkku.Portfolio) int64 { return p.ID })
		}
		projects := func(ctx context.Context, q string) []int64 {
			t.Helper()
			got, err := db.SuggestProjects(ctx, q, salkku.MaxSuggestions)
			return collect(t, got, err, func(p *salkku.Project) int64 { return p.ID })
		}

		t.Run("OrganisationsBounded", func(t *testing.T) {
			if got := orgs(noRole, "kunta", 1000); len(got) != salkku.MaxSuggestions || got[0] != "Kunta 00" {
				t.Errorf("%d: %v", len(got), got)
			}
			// An exact name first, then names beginning with q.
			wantEqual(t, orgs(sys, "rovaniemi", 1), []string{"Rovaniemi"})
			wantEqual(t, orgs(sys, "kunta 0", 2), []string{"Kunta 00", "Kunta 01"})
			wantEqual(t, orgs(sys, "kaupunki", 20), []string{"Kaarinan kaupunki", "Äänekosken kaupunki"})
			// Folded as the names are: Ä and ä are one letter.
			wantEqual(t, orgs(sys, "ÄÄNEKOSKEN", 20), []string{"Äänekosken kaupunki"})
			wantEqual(t, orgs(sys, " ", 20), []string(nil))
		})
		t.Run("PortfoliosFollowAccess", func(t *testing.T) {
			// By name, then organisation.
			wantEqual(t, pfs(sys, "tietohallin"), []int64{pa1.ID, pb.ID, pa.ID})
			// An exact name first.
			wantEqual(t, pfs(sys, "hallinto")[0], hallinto.ID)
			wantEqual(t, pfs(viewerOfA, "tietohallinto"), []int64{pa.ID})
			wantEqual(t, pfs(managerOfB, "tieto"), []int64{pb.ID})
			wantEqual(t, pfs(noRole, "tieto"), []int64(nil))
		})
		t.Run("ProjectsFollowAccess", func(t *testing.T) {
			wantEqual(t, len(projects(sys, "2.1")), 2)
			wantEqual(t, projects(viewerOfA, "palomuuri"), []int64{ja.ID})
			wantEqual(t, projects(managerOfB, "2.1"), []int64{jb.ID})
			wantEqual(t, projects(noRole, "2.1"), []int64(nil))
		})
		t.Run("ErrNoCaller", func(t *testing.T) {
			for name, err := range map[string]error{
				"organisations": func() error { _, err := db.SuggestOrganisations(t.Context(), "k", 5); return err }(),
				"portfolios":    func() error { _, err := db.SuggestPortfolios(t.Context(), "t", 5); return err }(),
				"projects":      func() error { _, err := db.SuggestProjects(t.Context(), "2", 5); return err }(),
			} {
				if salkku.ErrorCode(err) != salkku.EFORBIDDEN {
					t.Errorf("%s: %v, want forbidden", name, err)
				}
			}
		})
		t.Run("OrganisationsByID", func(t *testing.T) {
			got, err := db.FindOrganisationsByID(noRole, []int64{b.ID, a.ID, 999999})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
				t.Errorf("%+v", got)
			}
		})
	})
}

// collect maps what a store method answered, failing on its error.
func collect[T, V any](tb testing.TB, vs []T, err error, f func(T) V) []V {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
	var out []V
	for _, v := range vs {
		out = append(out, f(v))
	}
	return out
}

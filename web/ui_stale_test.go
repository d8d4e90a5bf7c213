package web_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/salkku/salkku"
)

// TestStaleEdit has two people open the same edit form; the first saves,
// the second's save is refused with 409 and their values kept, and the
// stored record is the first one's.
func TestStaleEdit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		pf := a.portfolio(t, naantaliName)
		p21 := a.project(t, pf.ID, "2.1")
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		kp := a.project(t, a.portfolio(t, karaName).ID, "KaRa")
		tp3 := a.workPackage(t, kp.ID, "OA2 TP3")
		hanna := a.person(t, "Hanna Mara")
		org := a.organisation(t, "Kainuun sote")

		for _, tc := range []struct {
			name, path, field string
			stored            func() string
		}{
			{"portfolio", "/portfolios/" + id(pf.ID) + "/edit", "name", func() string {
				v, err := a.db.FindPortfolioByID(ctx, pf.ID)
				must(t, err)
				return v.Name.FI
			}},
			{"project", "/projects/" + id(p21.ID) + "/edit", "name", func() string {
				v, err := a.db.FindProjectByID(ctx, p21.ID)
				must(t, err)
				return v.Name.FI
			}},
			{"category", "/categories/" + id(infra.ID) + "/edit", "description", func() string {
				v, err := a.db.FindCategoryByID(ctx, infra.ID)
				must(t, err)
				return v.Description.FI
			}},
			{"work package", "/workpackages/" + id(tp3.ID) + "/edit", "name", func() string {
				v, err := a.db.FindWorkPackageByID(ctx, tp3.ID)
				must(t, err)
				return v.Name.FI
			}},
			{"person", "/people/" + id(hanna.ID) + "/edit", "title", func() string {
				v, err := a.db.FindPersonByID(ctx, hanna.ID)
				must(t, err)
				return v.Title
			}},
			{"organisation", "/organisations/" + id(org.ID) + "/edit", "name", func() string {
				v, err := a.db.FindOrganisationByID(ctx, org.ID)
				must(t, err)
				return v.Name.FI
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				first := formValues(t, a.get(t, tc.path))
				second := formValues(t, a.get(t, tc.path))
				if first.Get("version") == "" || first.Get("version") == "0" {
					t.Fatalf("the edit form carries no version: %v", first)
				}
				wantStatus(t, a.post(t, tc.path, with(first, tc.field, "Ensimmäinen muutos")), http.StatusSeeOther)

				sent := with(second, tc.field, "Toinen muutos")
				p := a.post(t, tc.path, sent)
				wantStatus(t, p, http.StatusConflict)
				oneH1(t, p)
				wantText(t, p, "Joku muu on muuttanut tätä tietoa sillä välin. Muutoksiasi ei tallennettu")
				var fields []string
				for f := range sent {
					fields = append(fields, f)
				}
				slices.Sort(fields)
				wantKept(t, p, sent, fields...)
				if got := tc.stored(); got != "Ensimmäinen muutos" {
					t.Errorf("stored %s %q, want the first edit's", tc.field, got)
				}
			})
		}
	})
}

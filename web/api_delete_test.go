package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/salkku/salkku"
)

// TestAPIDelete: a delete is 204 and the record is gone; one the store
// refuses (still in use) is 409 and changes nothing.
func TestAPIDelete(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		for _, c := range []struct{ name, path string }{
			{"CategoryWithProjects", "/api/v1/categories/" + apiID(w.category.ID)},
			{"PortfolioWithProjects", "/api/v1/portfolios/" + apiID(w.portfolio.ID)},
			{"PortfolioWithChildren", "/api/v1/portfolios/" + apiID(w.portfolio.ID)},
			{"OrganisationWithPortfolios", "/api/v1/organisations/" + apiID(w.org.ID)},
			{"PersonInUse", "/api/v1/people/" + apiID(w.people[0].ID)},
		} {
			t.Run("Err"+c.name, func(t *testing.T) {
				a := *a
				a.t = t
				before := a.snapshot()
				e := a.do("DELETE", c.path, nil).wantError(t, http.StatusConflict, "conflict")
				if e.Error.Message == "" || e.Error.Message == apiCatalog.T("en", "error.internal") {
					t.Errorf("message = %q", e.Error.Message)
				}
				a.unchanged(before)
			})
		}
		t.Run("CategoryWithProjectsMessage", func(t *testing.T) {
			e := a.do("DELETE", "/api/v1/categories/"+apiID(w.category.ID), nil).apiError(t)
			if want := apiCatalog.T("en", "error.category_has_projects", 1); e.Error.Message != want {
				t.Errorf("message = %q, want %q", e.Error.Message, want)
			}
		})
		t.Run("OK", func(t *testing.T) {
			a := *a
			a.t = t
			ctx := salkku.System(context.Background())
			// A fresh set that nothing else uses, deleted leaves first.
			org := a.create("organisations", map[string]any{"name": "Poistettava"})
			person := a.create("people", map[string]any{"name": "Poistettava", "organisation_id": org["id"]})
			pf := a.create("portfolios", map[string]any{"name": "Poistettava", "organisation_id": org["id"], "owner_id": person["id"]})
			cat := a.create("categories", map[string]any{"name": "Poistettava", "portfolio_id": pf["id"]})
			pr := a.create("projects", map[string]any{"name": "Poistettava", "code": "1", "portfolio_id": pf["id"], "category_id": cat["id"]})
			wp := a.create("workpackages", map[string]any{"name": "Poistettava", "project_id": pr["id"], "responsible_ids": []any{person["id"]}})
			sub := a.create("workpackages", map[string]any{"name": "Alla", "project_id": pr["id"], "parent_id": wp["id"]})

			del := func(collection string, rec map[string]any) {
				t.Helper()
				path := "/api/v1/" + collection + "/" + apiID(rec["id"])
				res := a.do("DELETE", path, nil).want(t, http.StatusNoContent)
				if len(res.Body) != 0 {
					t.Errorf("204 with a body: %s", res.Body)
				}
				a.do("GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
				a.do("DELETE", path, nil).wantError(t, http.StatusNotFound, "not_found")
			}
			del("workpackages", wp)
			a.do("GET", "/api/v1/workpackages/"+apiID(sub["id"]), nil).wantError(t, http.StatusNotFound, "not_found")
			// The project's category is in use until the project goes.
			a.do("DELETE", "/api/v1/categories/"+apiID(cat["id"]), nil).wantError(t, http.StatusConflict, "conflict")
			del("projects", pr)
			del("categories", cat)
			del("portfolios", pf)
			del("people", person)
			del("organisations", org)
			if _, err := a.db.FindOrganisationByID(ctx, int64(org["id"].(float64))); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("organisation still stored: %v", err)
			}
		})
	})
}

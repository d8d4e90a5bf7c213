package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestPeopleOfOtherOrganisations: naming a person of an organisation the
// caller has no role in is refused, so that the names echoed back cannot
// reveal another organisation's staff; people of one's own organisation
// and people already named stay fine.
func TestPeopleOfOtherOrganisations(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		ctx := salkku.System(context.Background())
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		naantali, kainuu := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}, &salkku.Organisation{Name: salkku.T("Kainuun sote")}
		must(a.db.CreateOrganisation(ctx, naantali))
		must(a.db.CreateOrganisation(ctx, kainuu))
		secret := &salkku.Person{Name: "Salainen Henkilö", OrganisationID: &naantali.ID}
		own := &salkku.Person{Name: "Kristiina Taskinen", OrganisationID: &kainuu.ID}
		must(a.db.CreatePerson(ctx, secret))
		must(a.db.CreatePerson(ctx, own))
		pf := &salkku.Portfolio{OrganisationID: kainuu.ID, Name: salkku.T("Sote")}
		must(a.db.CreatePortfolio(ctx, pf))
		p := &salkku.Project{PortfolioID: pf.ID, Code: "KaRa", Name: salkku.T("KaRa")}
		must(a.db.CreateProject(ctx, p))

		// A project office of the Kainuu portfolio, acting through the API.
		office := mustToken(t, a.db, "office@kainuu.fi", false)
		u, err := a.db.FindUserByEmail(ctx, "office@kainuu.fi")
		must(err)
		must(a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: salkku.RoleProjectOffice, PortfolioID: &pf.ID}))
		as := func(method, path string, body any) apiResponse {
			return a.do(method, path, body, "Authorization", "Bearer "+office)
		}

		res := as("POST", "/api/v1/workpackages", map[string]any{"project_id": p.ID, "name": "Luotaus", "responsible_ids": []int64{secret.ID}})
		res.wantError(t, http.StatusBadRequest, "invalid", "responsible_ids")
		if strings.Contains(string(res.Body), secret.Name) {
			t.Errorf("the answer names the other organisation's person: %s", res.Body)
		}
		project := map[string]any{"portfolio_id": pf.ID, "code": "X1", "name": "Uusi", "manager_id": secret.ID}
		as("POST", "/api/v1/projects", project).wantError(t, http.StatusBadRequest, "invalid", "manager_id")
		as("GET", fmt.Sprintf("/api/v1/people/%d", secret.ID), nil).want(t, http.StatusForbidden)

		// One's own organisation's people are fine.
		project["manager_id"] = own.ID
		as("POST", "/api/v1/projects", project).want(t, http.StatusCreated)
		as("POST", "/api/v1/workpackages", map[string]any{"project_id": p.ID, "name": "Oma", "responsible_ids": []int64{own.ID}}).want(t, http.StatusCreated)

		// A person already named (by an admin) stays when the record is
		// saved again by the office.
		p.ManagerID = &secret.ID
		must(a.db.UpdateProject(ctx, p))
		doc := as("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), nil).want(t, http.StatusOK).object(t)
		doc["name"] = "KaRa (uusi nimi)"
		as("PUT", fmt.Sprintf("/api/v1/projects/%d", p.ID), doc).want(t, http.StatusOK)
	})
}

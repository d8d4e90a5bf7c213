package web_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/salkku/salkku"
)

// The rows of the authorization matrix for the finance API (issue 10): a
// project's money is seen with the project and kept by those who edit it;
// an organisation's cost categories are seen by anyone with a role in it
// and kept, with the import of actuals, by its owners
// and project offices; a portfolio's roll-up is for those with a role on
// the portfolio, not for the manager of one of its projects.

func (f *azFixture) costCategories() []*salkku.CostCategory {
	cs, err := f.db.FindCostCategories(salkku.System(context.Background()), f.org.ID)
	must(f.t, err)
	return cs
}

func (f *azFixture) freshCostCategory() *salkku.CostCategory {
	c := &salkku.CostCategory{OrganisationID: f.org.ID, Name: salkku.T(f.fresh("Kustannuslaji"))}
	must(f.t, f.db.CreateCostCategory(salkku.System(context.Background()), c))
	return c
}

func (f *azFixture) freshActual(p *salkku.Project) *salkku.Actual {
	a := &salkku.Actual{ProjectID: p.ID, CategoryID: f.costCategories()[0].ID, Month: salkku.NewMonth(2021, 3), Amount: 12345, Description: f.fresh("Tosite")}
	must(f.t, f.db.CreateActual(salkku.System(context.Background()), a))
	return a
}

func (f *azFixture) freshGrant(p *salkku.Project) *salkku.Funding {
	g := &salkku.Funding{ProjectID: p.ID, Kind: salkku.FundingStateGrant, Name: salkku.T(f.fresh("Valtionavustus"))}
	must(f.t, f.db.CreateFunding(salkku.System(context.Background()), g))
	return g
}

func (f *azFixture) freshApplication(p *salkku.Project) *salkku.PaymentApplication {
	a := &salkku.PaymentApplication{FundingID: f.freshGrant(p).ID, Number: 1, Due: "2021-03-31"}
	must(f.t, f.db.CreatePaymentApplication(salkku.System(context.Background()), a))
	return a
}

func azFinanceAPICases(f *azFixture) []azCase {
	const (
		admin      = azAdmin
		seeA       = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA
		seeB       = azAdmin | azViewerB
		officeA    = azAdmin | azOwner | azOffice
		editPA     = azAdmin | azOwner | azOffice | azManager
		orgMembers = azSignedIn &^ azNoRole

		created   = http.StatusCreated
		okay      = http.StatusOK
		noContent = http.StatusNoContent
	)
	p := fmt.Sprintf
	api := func(format string, args ...any) string { return "/api/v1" + p(format, args...) }
	get := func(route, target string, allow azSet, path string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: okay, req: func() azReq { return azReq{path: path} }}
	}
	do := func(route, target string, allow azSet, ok int, req func() azReq) azCase {
		return azCase{route: route, target: target, allow: allow, ok: ok, req: req}
	}
	a, b := f.a, f.b
	pa, pb := f.pa, f.pb
	ctx := salkku.System(context.Background())
	cat := f.costCategories()[0].ID
	budget := func(number int) map[string]any {
		return map[string]any{"number": number, "reason": "Muutos", "lines": []map[string]any{{"category_id": cat, "year": 2021, "amount": 100000}}}
	}
	// A revision to read, a kept actual and grant with its application.
	must(f.t, f.db.ReviseBudget(ctx, &salkku.BudgetRevision{ProjectID: pa.ID, Number: 1, Date: "2021-01-01",
		Lines: []salkku.BudgetLine{{CategoryID: cat, Year: 2021, Amount: 500000}}}))
	actualA, actualB := f.freshActual(pa), f.freshActual(pb)
	grantA, grantB := f.freshGrant(pa), f.freshGrant(pb)
	appA, appB := f.freshApplication(pa), f.freshApplication(pb)
	settings := func(pr *salkku.Project) func() azReq {
		return func() azReq {
			pf, err := f.db.FindProjectFinance(ctx, pr.ID)
			must(f.t, err)
			return azReq{path: api("/projects/%d/finance-settings", pr.ID), body: map[string]any{"version": pf.Settings.Version, "actuals_through": "2021-11-15"}}
		}
	}
	importRows := func() map[string]any {
		return map[string]any{"file_name": "kirjanpito.csv", "rows": []map[string]any{
			{"project_code": pa.Code, "category": "Henkilöstömenot", "month": "2021-01", "amount": 100, "source_id": f.fresh("TOS")}}}
	}
	orgImports := api("/organisations/%d/actual-imports", f.org.ID)

	return []azCase{
		get("GET /api/v1/organisations/{id}/cost-categories", "organisation", orgMembers, api("/organisations/%d/cost-categories", f.org.ID)),
		do("POST /api/v1/organisations/{id}/cost-categories", "organisation", officeA, created, func() azReq {
			return azReq{path: api("/organisations/%d/cost-categories", f.org.ID), body: map[string]any{"name": f.fresh("Kustannuslaji")}}
		}),
		do("PUT /api/v1/cost-categories/{id}", "new", officeA, okay, func() azReq {
			c := f.freshCostCategory()
			c.Accounts = []string{"49"}
			return azReq{path: api("/cost-categories/%d", c.ID), body: c}
		}),
		do("DELETE /api/v1/cost-categories/{id}", "new", officeA, noContent, func() azReq {
			return azReq{path: api("/cost-categories/%d", f.freshCostCategory().ID)}
		}),

		get("GET /api/v1/projects/{id}/finance", "PA", seeA, api("/projects/%d/finance", pa.ID)),
		get("GET /api/v1/projects/{id}/finance", "PB", seeB, api("/projects/%d/finance", pb.ID)),
		do("POST /api/v1/projects/{id}/budget", "new in A managed by managerPA", editPA, created, func() azReq {
			pr, after := f.freshManagedProject(a)
			return azReq{path: api("/projects/%d/budget", pr.ID), body: budget(1), after: after}
		}),
		do("POST /api/v1/projects/{id}/budget", "new in B", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/budget", f.freshProject(b).ID), body: budget(1)}
		}),
		get("GET /api/v1/projects/{id}/budget/revisions/{n}", "PA's first", seeA, api("/projects/%d/budget/revisions/1", pa.ID)),
		do("PUT /api/v1/projects/{id}/finance-settings", "PA", editPA, okay, settings(pa)),
		do("PUT /api/v1/projects/{id}/finance-settings", "PB", admin, okay, settings(pb)),

		get("GET /api/v1/projects/{id}/actuals", "PA", seeA, api("/projects/%d/actuals", pa.ID)),
		get("GET /api/v1/projects/{id}/actuals", "PB", seeB, api("/projects/%d/actuals", pb.ID)),
		do("POST /api/v1/projects/{id}/actuals", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/actuals", pa.ID), body: map[string]any{"category_id": cat, "month": "2021-02", "amount": 5000}}
		}),
		do("POST /api/v1/projects/{id}/actuals", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/actuals", pb.ID), body: map[string]any{"category_id": cat, "month": "2021-02", "amount": 5000}}
		}),
		get("GET /api/v1/actuals/{id}", "in PA", seeA, api("/actuals/%d", actualA.ID)),
		get("GET /api/v1/actuals/{id}", "in PB", seeB, api("/actuals/%d", actualB.ID)),
		do("PUT /api/v1/actuals/{id}", "new in PA", editPA, okay, func() azReq {
			ac := f.freshActual(pa)
			ac.Amount = 999
			return azReq{path: api("/actuals/%d", ac.ID), body: ac}
		}),
		do("DELETE /api/v1/actuals/{id}", "new in PA", editPA, noContent, func() azReq {
			return azReq{path: api("/actuals/%d", f.freshActual(pa).ID)}
		}),
		do("DELETE /api/v1/actuals/{id}", "new in PB", admin, noContent, func() azReq {
			return azReq{path: api("/actuals/%d", f.freshActual(pb).ID)}
		}),

		do("POST /api/v1/projects/{id}/funding", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/funding", pa.ID), body: map[string]any{"kind": "own", "name": f.fresh("Oma rahoitus"), "amount": 100000}}
		}),
		do("POST /api/v1/projects/{id}/funding", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/funding", pb.ID), body: map[string]any{"kind": "own", "name": f.fresh("Oma rahoitus")}}
		}),
		get("GET /api/v1/funding/{id}", "in PA", seeA, api("/funding/%d", grantA.ID)),
		get("GET /api/v1/funding/{id}", "in PB", seeB, api("/funding/%d", grantB.ID)),
		do("PUT /api/v1/funding/{id}", "new in PA", editPA, okay, func() azReq {
			g := f.freshGrant(pa)
			g.DecisionNumber = f.fresh("VM")
			return azReq{path: api("/funding/%d", g.ID), body: g}
		}),
		do("DELETE /api/v1/funding/{id}", "new in PA", editPA, noContent, func() azReq {
			return azReq{path: api("/funding/%d", f.freshGrant(pa).ID)}
		}),
		do("DELETE /api/v1/funding/{id}", "new in PB", admin, noContent, func() azReq {
			return azReq{path: api("/funding/%d", f.freshGrant(pb).ID)}
		}),
		do("POST /api/v1/funding/{id}/applications", "new grant in PA", editPA, created, func() azReq {
			return azReq{path: api("/funding/%d/applications", f.freshGrant(pa).ID), body: map[string]any{"number": 1, "due": "2021-09-30"}}
		}),
		do("POST /api/v1/funding/{id}/applications", "new grant in PB", admin, created, func() azReq {
			return azReq{path: api("/funding/%d/applications", f.freshGrant(pb).ID), body: map[string]any{"number": 1, "due": "2021-09-30"}}
		}),
		get("GET /api/v1/payment-applications/{id}", "in PA", seeA, api("/payment-applications/%d", appA.ID)),
		get("GET /api/v1/payment-applications/{id}", "in PB", seeB, api("/payment-applications/%d", appB.ID)),
		do("PUT /api/v1/payment-applications/{id}", "new in PA", editPA, okay, func() azReq {
			ap := f.freshApplication(pa)
			ap.Due = "2021-04-30"
			return azReq{path: api("/payment-applications/%d", ap.ID), body: ap}
		}),
		do("DELETE /api/v1/payment-applications/{id}", "new in PA", editPA, noContent, func() azReq {
			return azReq{path: api("/payment-applications/%d", f.freshApplication(pa).ID)}
		}),

		get("GET /api/v1/portfolios/{id}/finance", "A", seeA&^azManager, api("/portfolios/%d/finance", a.ID)),
		get("GET /api/v1/portfolios/{id}/finance", "B", seeB, api("/portfolios/%d/finance", b.ID)),

		get("GET /api/v1/organisations/{id}/actual-imports", "organisation", officeA, orgImports),
		// Applied, so that each allowed import writes; rows of PA.
		do("POST /api/v1/organisations/{id}/actual-imports", "apply rows of PA", officeA, okay, func() azReq {
			return azReq{path: orgImports + "?apply=true", body: importRows()}
		}),
	}
}

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/internal/browser"
	"github.com/salkku/salkku/web"
)

// The browser checks of every page: the route table drives them. Each GET
// route of the server (all channels but the JSON API under /api/) needs a
// row in browserRoutes saying how to reach it with the demo data, or why
// it is not a page; a route without a row fails the test, so that a new
// capability's pages cannot skip the checks. Each page is opened in a
// real Chromium and checked:
//
//   - axe-core's WCAG 2.1 A/AA rules report nothing, the page has an h1 and
//     answers with the status its row expects;
//   - html lang is the UI language asked for (fi, sv, en: every page in all
//     three), every lang attribute names one of them, and the language
//     links carry their own lang;
//   - reflow (WCAG 1.4.10): at 320 CSS px the page does not scroll sideways
//     and cuts nothing off; a wide table may scroll inside its own
//     focusable, named region;
//   - text at 200 % (WCAG 1.4.4): at 1280 px with the root font size at
//     200 %, the same.
//
// The badges' contrast (checkBadges) and the keyboard
// (browser_keyboard_test.go) are checked in the same tab.

// browserRoute is a row of the browser test's table: how to reach one GET
// route of the route table.
type browserRoute struct {
	route   string      // the pattern, exactly as in the route table
	visits  []pageVisit // what to open; each is checked
	as      string      // who opens it: "" an admin; anyone: signed out and an admin; signedOut: only signed out
	status  int         // the status the page answers with; 0 means 200
	notPage string      // why the route is not a page to check (JSON, a redirect…)
}

// Who opens a page (browserRoute.as).
const (
	anyone    = "anyone"
	signedOut = "signed-out"
)

// pageVisit is one URL to open, and its name for screenshots and subtests.
type pageVisit struct{ name, path string }

func visit(name, path string) []pageVisit { return []pageVisit{{name, path}} }

// demoIDs are demo records whose ids fill the routes' path parameters.
type demoIDs struct {
	portfolio, project, projectWP, workPackage, category, person, organisation, user string
	// modelOrg is the demo portfolio's organisation, model its published
	// life-cycle model and draft a draft version of it.
	modelOrg, model, draft string
	// risk, decision and comms are a risk, a decision and a line of the
	// communications log of the project (see riskDemo).
	risk, decision, comms string
	// benefit and measurement are a benefit of the project past its
	// target date and one of its measurements (see benefitDemo).
	benefit, measurement string
	// karaPortfolio holds KaRa; report is a submitted report of its
	// work package workPackage, reportDraft a draft of the next one.
	karaPortfolio, report, reportDraft string
	// actual, funding, application and costCategory are the project's
	// finance records and a cost category of its organisation (see
	// financeDemo).
	actual, funding, application, costCategory string
	// importFile and badImportFile are uploaded actuals files, the second
	// with a bad row; importMapping the query of their mapping.
	importFile, badImportFile, importMapping string
	// projectFile and badProjectFile are uploaded project lists of the
	// portfolio's organisation, the second with problems.
	projectFile, badProjectFile string
	// job is a background job of the project manager's: the portfolio
	// overview as XLSX.
	job string
}

// browserRoutes is the table: every GET route of the server but the API's.
func browserRoutes(d demoIDs) []browserRoute {
	p, pw := "/projects/"+d.project, "/projects/"+d.projectWP
	pf := "/portfolios/" + d.portfolio
	return []browserRoute{
		// The core.
		{route: "GET /healthz", notPage: "a plain-text health check"},
		{route: "GET /assets/", notPage: "stylesheets, scripts and icons"},
		{route: "GET /favicon.ico", notPage: "a redirect to the icon"},
		{route: "GET /projects/{id}/finance/export/{table}", notPage: "an XLSX or CSV download of a finance table"},
		{route: "GET /portfolios/{id}/finance/export", notPage: "an XLSX or CSV download of a portfolio's finance roll-up"},
		{route: "GET /portfolios/{id}/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /jobs", visits: visit("jobs", "/jobs")},
		{route: "GET /jobs/{id}", visits: visit("job", "/jobs/"+d.job)},
		{route: "GET /jobs/{id}/result", notPage: "the file a background job made"},
		{route: "GET /people/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /organisations/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /admin/audit/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /projects/{id}/history/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /portfolios/{id}/status/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /projects/{id}/reports/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /projects/{id}/risks/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /portfolios/{id}/risks/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /projects/{id}/decisions/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /portfolios/{id}/decisions/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /projects/{id}/communications/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /portfolios/{id}/gates/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /projects/{id}/benefits/export", notPage: "a download of the list on its page, XLSX or CSV"},
		{route: "GET /portfolios/{id}/benefits/export", notPage: "a download of the list on its page, XLSX or CSV"},

		// Signing in.
		{route: "GET /login", as: signedOut, visits: visit("login", "/login")},
		{route: "GET /login/sso", notPage: "a redirect to the identity provider (404 without single sign-on)"},
		{route: "GET /login/callback", notPage: "where the identity provider returns; it redirects"},
		{route: "GET /account", visits: visit("account", "/account")},

		// The accessibility statement and its feedback channel.
		{route: "GET /accessibility", as: anyone, visits: visit("accessibility", "/accessibility")},
		{route: "GET /accessibility/feedback", as: anyone, visits: visit("feedback", "/accessibility/feedback")},
		{route: "GET /accessibility/feedback/thanks", as: anyone, visits: visit("feedback-thanks", "/accessibility/feedback/thanks")},
		{route: "GET /admin/feedback", visits: visit("admin-feedback", "/admin/feedback")},

		// Administration.
		{route: "GET /admin/users", visits: visit("admin-users", "/admin/users")},
		{route: "GET /admin/users/new", visits: visit("admin-user-new", "/admin/users/new")},
		{route: "GET /admin/users/{id}", visits: visit("admin-user", "/admin/users/"+d.user)},
		{route: "GET /admin/settings", visits: visit("admin-settings", "/admin/settings")},
		{route: "GET /admin/audit", visits: visit("audit", "/admin/audit")},
		{route: "GET /admin/reminders", visits: visit("admin-reminders", "/admin/reminders")},

		// The register.
		{route: "GET /{$}", visits: visit("home", "/")},
		{route: "GET /portfolios/new", visits: visit("portfolio-new", "/portfolios/new")},
		{route: "GET /portfolios/suggest", notPage: "picker suggestions (JSON)"},
		{route: "GET /portfolios/{id}", visits: []pageVisit{
			{"overview-fi", pf + "?lang=fi"},
			{"overview-filtered", pf + "?q=p%C3%A4iv%C3%A4kot&sort=start&desc=1"},
			{"overview-sv", pf + "?lang=sv&sort=status"},
			{"overview-phase", pf + "?phase=implementation"},
		}},
		{route: "GET /portfolios/{id}/edit", visits: visit("portfolio-edit", pf+"/edit")},
		{route: "GET /portfolios/{id}/delete", visits: visit("portfolio-delete", pf+"/delete")},
		{route: "GET /portfolios/{id}/categories", visits: visit("categories", pf+"/categories")},
		{route: "GET /portfolios/{id}/categories/new", visits: visit("category-new", pf+"/categories/new")},
		{route: "GET /categories/{id}/edit", visits: visit("category-edit", "/categories/"+d.category+"/edit")},
		{route: "GET /categories/{id}/delete", visits: visit("category-delete", "/categories/"+d.category+"/delete")},
		{route: "GET /portfolios/{id}/projects/new", visits: visit("project-new", pf+"/projects/new")},
		{route: "GET /projects/suggest", notPage: "picker suggestions (JSON)"},
		{route: "GET /projects/{id}", visits: []pageVisit{{"project", p}, {"project-workpackages", pw}}},
		{route: "GET /projects/{id}/edit", visits: visit("project-edit", p+"/edit")},
		{route: "GET /projects/{id}/delete", visits: visit("project-delete", p+"/delete")},
		{route: "GET /projects/{id}/history", visits: visit("project-history", p+"/history")},
		{route: "GET /projects/{id}/gates", visits: []pageVisit{{"gates-fi", p + "/gates?lang=fi"}, {"gates-sv", p + "/gates?lang=sv"}}},
		{route: "GET /projects/{id}/gates/request", visits: visit("gate-request", p+"/gates/request")},
		{route: "GET /projects/{id}/gates/decision", visits: visit("gate-decision", p+"/gates/decision")},
		{route: "GET /projects/{id}/roles/{key}", visits: visit("role-people", p+"/roles/architect")},
		{route: "GET /projects/{id}/steering-group", visits: visit("steering-group", p+"/steering-group")},
		{route: "GET /projects/{id}/workpackages/new", visits: visit("workpackage-new", pw+"/workpackages/new")},
		{route: "GET /workpackages/{id}/edit", visits: visit("workpackage-edit", "/workpackages/"+d.workPackage+"/edit")},
		{route: "GET /workpackages/{id}/delete", visits: visit("workpackage-delete", "/workpackages/"+d.workPackage+"/delete")},
		{route: "GET /people", visits: visit("people", "/people")},
		{route: "GET /people/suggest", notPage: "picker suggestions (JSON)"},
		{route: "GET /people/new", visits: visit("person-new", "/people/new")},
		{route: "GET /people/{id}/edit", visits: visit("person-edit", "/people/"+d.person+"/edit")},
		{route: "GET /people/{id}/delete", visits: visit("person-delete", "/people/"+d.person+"/delete")},
		{route: "GET /organisations", visits: visit("organisations", "/organisations")},
		{route: "GET /organisations/suggest", notPage: "picker suggestions (JSON)"},
		{route: "GET /organisations/new", visits: visit("organisation-new", "/organisations/new")},
		{route: "GET /organisations/{id}/edit", visits: visit("organisation-edit", "/organisations/"+d.organisation+"/edit")},
		{route: "GET /organisations/{id}/delete", visits: visit("organisation-delete", "/organisations/"+d.organisation+"/delete")},

		// Status reporting.
		{route: "GET /portfolios/{id}/status", visits: []pageVisit{{"status", "/portfolios/" + d.karaPortfolio + "/status?date=22.11.2021"},
			{"status-sv-missing", "/portfolios/" + d.karaPortfolio + "/status?date=1.1.2022&show=missing&lang=sv"}}},
		{route: "GET /portfolios/{id}/action-plan", visits: []pageVisit{{"action-plan", "/portfolios/" + d.portfolio + "/action-plan"}, {"action-plan-sv", "/portfolios/" + d.portfolio + "/action-plan?lang=sv"}}},
		{route: "GET /portfolios/{id}/action-plan/file", visits: []pageVisit{{"action-plan-html", "/portfolios/" + d.portfolio + "/action-plan/file?format=html"}, {"action-plan-html-sv", "/portfolios/" + d.portfolio + "/action-plan/file?format=html&language=sv&lang=sv"}}},
		{route: "GET /portfolios/{id}/pack", visits: visit("portfolio-pack", "/portfolios/"+d.karaPortfolio+"/pack?date=22.11.2021")},
		{route: "GET /portfolios/{id}/pack/file", visits: visit("portfolio-pack-html", "/portfolios/"+d.karaPortfolio+"/pack/file?format=html&date=2021-11-22")},
		{route: "GET /projects/{id}/pack", visits: visit("pack", pw+"/pack")},
		{route: "GET /projects/{id}/pack/file", visits: visit("pack-html", pw+"/pack/file?format=html&date=2021-11-22")},
		{route: "GET /portfolios/{id}/reporting-cycle", visits: visit("reporting-cycle", "/portfolios/"+d.karaPortfolio+"/reporting-cycle")},
		{route: "GET /projects/{id}/reports", visits: []pageVisit{{"reports", pw + "/reports"}, {"reports-en", pw + "/reports?lang=en"}}},
		{route: "GET /projects/{id}/reports/new", visits: visit("report-new", pw+"/reports/new?work_package_id="+d.workPackage+"&report_date=10.1.2022")},
		{route: "GET /projects/{id}/reports/period/{due}", visits: visit("report-period", pw+"/reports/period/2021-12-31")},
		{route: "GET /reports/{id}", visits: []pageVisit{{"report", "/reports/" + d.report}, {"report-draft-sv", "/reports/" + d.reportDraft + "?lang=sv"}}},
		{route: "GET /reports/{id}/edit", visits: visit("report-edit", "/reports/"+d.reportDraft+"/edit")},
		{route: "GET /reports/{id}/delete", visits: visit("report-delete", "/reports/"+d.reportDraft+"/delete")},

		// The gate views and the life-cycle model.
		{route: "GET /portfolios/{id}/gates", visits: []pageVisit{{"portfolio-gates", pf + "/gates"}, {"portfolio-gates-sv", pf + "/gates?lang=sv"}}},
		{route: "GET /organisations/{id}/model", visits: visit("models", "/organisations/"+d.modelOrg+"/model")},
		{route: "GET /models/{id}", visits: []pageVisit{{"model", "/models/" + d.model}, {"model-draft-en", "/models/" + d.draft + "?lang=en"}}},
		{route: "GET /models/{id}/edit", visits: visit("model-edit", "/models/"+d.draft+"/edit")},
		{route: "GET /models/{id}/delete", visits: visit("model-delete", "/models/"+d.draft+"/delete")},

		// Risks, the heat map and the logs.
		{route: "GET /projects/{id}/risks", visits: visit("risks", p+"/risks")},
		{route: "GET /projects/{id}/risks/new", visits: visit("risk-new", p+"/risks/new")},
		{route: "GET /risks/{id}/edit", visits: visit("risk-edit", "/risks/"+d.risk+"/edit")},
		{route: "GET /risks/{id}/delete", visits: visit("risk-delete", "/risks/"+d.risk+"/delete")},
		{route: "GET /portfolios/{id}/risks", visits: []pageVisit{{"heatmap", pf + "/risks"}, {"heatmap-cell-sv", pf + "/risks?p=3&i=4&lang=sv"}}},
		{route: "GET /projects/{id}/decisions", visits: visit("decisions", p+"/decisions")},
		{route: "GET /projects/{id}/decisions/new", visits: visit("decision-new", p+"/decisions/new")},
		{route: "GET /portfolios/{id}/decisions", visits: visit("portfolio-decisions", pf+"/decisions")},
		{route: "GET /portfolios/{id}/decisions/new", visits: visit("portfolio-decision-new", pf+"/decisions/new")},
		{route: "GET /decisions/{id}/edit", visits: visit("decision-edit", "/decisions/"+d.decision+"/edit")},
		{route: "GET /decisions/{id}/delete", visits: visit("decision-delete", "/decisions/"+d.decision+"/delete")},
		{route: "GET /projects/{id}/communications", visits: visit("communications", p+"/communications")},
		{route: "GET /projects/{id}/communications/new", visits: visit("comms-new", p+"/communications/new")},
		{route: "GET /communications/{id}/edit", visits: visit("comms-edit", "/communications/"+d.comms+"/edit")},
		{route: "GET /communications/{id}/delete", visits: visit("comms-delete", "/communications/"+d.comms+"/delete")},

		// Finance.
		{route: "GET /projects/{id}/finance", visits: []pageVisit{{"finance", p + "/finance"}, {"finance-sv", p + "/finance?lang=sv"}, {"finance-en", p + "/finance?lang=en"}}},
		{route: "GET /projects/{id}/finance/budget", visits: visit("budget", p+"/finance/budget")},
		{route: "GET /projects/{id}/finance/settings", visits: visit("finance-settings", p+"/finance/settings")},
		{route: "GET /projects/{id}/finance/actuals", visits: visit("actuals", p+"/finance/actuals")},
		{route: "GET /projects/{id}/finance/actuals/new", visits: visit("actual-new", p+"/finance/actuals/new")},
		{route: "GET /actuals/{id}/edit", visits: visit("actual-edit", "/actuals/"+d.actual+"/edit")},
		{route: "GET /actuals/{id}/delete", visits: visit("actual-delete", "/actuals/"+d.actual+"/delete")},
		{route: "GET /projects/{id}/finance/funding", visits: visit("funding", p+"/finance/funding")},
		{route: "GET /projects/{id}/finance/funding/new", visits: visit("funding-new", p+"/finance/funding/new")},
		{route: "GET /funding/{id}/edit", visits: visit("funding-edit", "/funding/"+d.funding+"/edit")},
		{route: "GET /funding/{id}/delete", visits: visit("funding-delete", "/funding/"+d.funding+"/delete")},
		{route: "GET /funding/{id}/applications/new", visits: visit("application-new", "/funding/"+d.funding+"/applications/new")},
		{route: "GET /applications/{id}/edit", visits: visit("application-edit", "/applications/"+d.application+"/edit")},
		{route: "GET /applications/{id}/delete", visits: visit("application-delete", "/applications/"+d.application+"/delete")},
		{route: "GET /portfolios/{id}/finance", visits: visit("portfolio-finance", pf+"/finance")},
		{route: "GET /organisations/{id}/cost-categories", visits: visit("cost-categories", "/organisations/"+d.modelOrg+"/cost-categories")},
		{route: "GET /organisations/{id}/cost-categories/new", visits: visit("cost-category-new", "/organisations/"+d.modelOrg+"/cost-categories/new")},
		{route: "GET /organisations/{id}/cost-categories/{cid}/edit", visits: visit("cost-category-edit", "/organisations/"+d.modelOrg+"/cost-categories/"+d.costCategory+"/edit")},
		{route: "GET /organisations/{id}/cost-categories/{cid}/delete", visits: visit("cost-category-delete", "/organisations/"+d.modelOrg+"/cost-categories/"+d.costCategory+"/delete")},
		{route: "GET /organisations/{id}/actual-imports", visits: visit("actual-imports", "/organisations/"+d.modelOrg+"/actual-imports")},
		{route: "GET /organisations/{id}/actual-imports/{fid}", visits: visit("actual-import-mapping", "/organisations/"+d.modelOrg+"/actual-imports/"+d.importFile)},
		// A mapping that fits goes on to the preview at once (a refresh);
		// one that does not is its form sent back.
		{route: "GET /organisations/{id}/actual-imports/{fid}/check", status: http.StatusUnprocessableEntity,
			visits: visit("actual-import-check-bad", "/organisations/"+d.modelOrg+"/actual-imports/"+d.importFile+"/check?map_project=Hanke")},
		{route: "GET /organisations/{id}/actual-imports/{fid}/preview", visits: []pageVisit{
			{"actual-import-preview", "/organisations/" + d.modelOrg + "/actual-imports/" + d.importFile + "/preview?" + d.importMapping},
			{"actual-import-problems", "/organisations/" + d.modelOrg + "/actual-imports/" + d.badImportFile + "/preview?" + d.importMapping}}},
		// The project list import.
		{route: "GET /portfolios/{id}/import", visits: visit("project-import", pf+"/import")},
		{route: "GET /portfolios/{id}/import/{fid}", visits: visit("project-import-mapping", pf+"/import/"+d.projectFile)},
		{route: "GET /portfolios/{id}/import/{fid}/check", status: http.StatusUnprocessableEntity,
			visits: visit("project-import-check-bad", pf+"/import/"+d.projectFile+"/check?col_code=Tunnus")},
		{route: "GET /portfolios/{id}/import/{fid}/preview", visits: []pageVisit{
			{"project-import-preview", pf + "/import/" + d.projectFile + "/preview?col_code=Tunnus&col_name=Nimi&col_category=Luokka&col_schedule=Aikataulu"},
			{"project-import-problems", pf + "/import/" + d.badProjectFile + "/preview?col_code=Tunnus&col_name=Nimi&col_category=Luokka&col_schedule=Aikataulu"}}},
		// Benefits and life-cycle profitability.
		{route: "GET /projects/{id}/benefits", visits: visit("benefits", p+"/benefits")},
		{route: "GET /projects/{id}/benefits/new", visits: visit("benefit-new", p+"/benefits/new")},
		{route: "GET /benefits/{id}", visits: []pageVisit{{"benefit", "/benefits/" + d.benefit}, {"benefit-sv", "/benefits/" + d.benefit + "?lang=sv"}}},
		{route: "GET /benefits/{id}/edit", visits: visit("benefit-edit", "/benefits/"+d.benefit+"/edit")},
		{route: "GET /benefits/{id}/delete", visits: visit("benefit-delete", "/benefits/"+d.benefit+"/delete")},
		{route: "GET /benefits/{id}/measurements/new", visits: visit("measurement-new", "/benefits/"+d.benefit+"/measurements/new")},
		{route: "GET /measurements/{id}/edit", visits: visit("measurement-edit", "/measurements/"+d.measurement+"/edit")},
		{route: "GET /measurements/{id}/delete", visits: visit("measurement-delete", "/measurements/"+d.measurement+"/delete")},
		{route: "GET /projects/{id}/profitability", visits: []pageVisit{{"profitability", p + "/profitability"}, {"profitability-en", p + "/profitability?lang=en"}}},
		{route: "GET /portfolios/{id}/benefits", visits: []pageVisit{{"portfolio-benefits", pf + "/benefits"}, {"portfolio-benefits-sv", pf + "/benefits?lang=sv"}}},

		// Whatever else: the 404 page.
		{route: "/", status: http.StatusNotFound, visits: visit("not-found", "/no-such-page")},
	}
}

// pageRoutes lists the server's routes that answer GET with something
// other than the JSON API: the rows browserRoutes must have.
func pageRoutes(t *testing.T, srv *web.Server) []string {
	t.Helper()
	var routes []string
	for _, rt := range srv.Routes() {
		method, path, found := strings.Cut(rt.Pattern, " ")
		if !found {
			method, path = "", method
		}
		if (method == "" || method == http.MethodGet) && !strings.HasPrefix(path, "/api/") {
			routes = append(routes, rt.Pattern)
		}
	}
	if len(routes) < 40 {
		t.Fatalf("found only %d GET routes", len(routes))
	}
	return routes
}

// checkRouteCoverage fails when a GET route has no row, when a row names a
// route that is not registered, or when a row's path is served by another
// route than the one it names.
func checkRouteCoverage(t *testing.T, srv *web.Server, table []browserRoute) {
	t.Helper()
	routes := pageRoutes(t, srv)
	mux := http.NewServeMux()
	registered := map[string]bool{}
	for _, r := range routes {
		registered[r] = true
		mux.HandleFunc(r, func(http.ResponseWriter, *http.Request) {})
	}
	rows := map[string]bool{}
	for _, row := range table {
		if rows[row.route] {
			t.Errorf("route %q has two rows", row.route)
		}
		rows[row.route] = true
		switch {
		case !registered[row.route]:
			t.Errorf("row %q names no GET route of the route table", row.route)
		case row.notPage == "" && len(row.visits) == 0:
			t.Errorf("row %q neither says how to reach the page nor why it is not one", row.route)
		}
		for _, v := range row.visits {
			_, pattern := mux.Handler(httptest.NewRequest(http.MethodGet, v.path, nil))
			if pattern != row.route {
				t.Errorf("%s (%s) is served by %q, not by its row's route %q", v.name, v.path, pattern, row.route)
			}
		}
	}
	for _, r := range routes {
		if !rows[r] {
			t.Errorf("GET route %q has no row in browserRoutes: say how to reach the page, or why it is not one", r)
		}
	}
}

// findDemoIDs finds the demo records the routes' parameters name: a
// project, one with work packages, a category, a person, an organisation
// and a user with roles.
func findDemoIDs(t *testing.T, m *Main) demoIDs {
	t.Helper()
	ctx := salkku.System(context.Background())
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	var d demoIDs
	p21 := demoProject(t, m, "palomuuri")
	kara := demoProject(t, m, "KaRa")
	d.project, d.projectWP, d.portfolio = id(p21.ID), id(kara.ID), id(p21.PortfolioID)
	wps, err := m.DB.FindWorkPackages(ctx, kara.ID)
	if err != nil || len(wps) == 0 {
		t.Fatalf("work packages of KaRa: %d, %v", len(wps), err)
	}
	d.workPackage = id(wps[0].ID)
	d.karaPortfolio = id(kara.PortfolioID)
	reports, err := m.DB.FindReports(ctx, salkku.ReportFilter{ProjectID: &kara.ID, WorkPackageID: &wps[0].ID})
	if err != nil || len(reports) == 0 {
		t.Fatalf("reports of %s: %d, %v", wps[0].Code, len(reports), err)
	}
	d.report = id(reports[0].ID)
	next, err := m.DB.NewReport(ctx, kara.ID, &wps[0].ID, "2022-01-10")
	if err == nil {
		next.Deviations = salkku.T(next.Deviations.FI + "\n• Loppuraportointi")
		err = m.DB.CreateReport(ctx, next)
	}
	if err != nil {
		t.Fatalf("a draft report: %v", err)
	}
	d.reportDraft = id(next.ID)
	cats, err := m.DB.FindCategories(ctx, p21.PortfolioID)
	if err != nil || len(cats) == 0 {
		t.Fatalf("categories of the demo portfolio: %d, %v", len(cats), err)
	}
	d.category = id(cats[0].ID)
	people, _, err := m.DB.FindPeople(ctx, salkku.PersonFilter{Page: salkku.Page{Limit: 1}})
	if err != nil || len(people) == 0 {
		t.Fatalf("demo people: %d, %v", len(people), err)
	}
	d.person = id(people[0].ID)
	orgs, _, err := m.DB.FindOrganisations(ctx, salkku.Page{Limit: 1})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("demo organisations: %d, %v", len(orgs), err)
	}
	d.organisation = id(orgs[0].ID)
	u, err := m.DB.FindUserByEmail(ctx, "hankepaallikko@demo.invalid")
	if err != nil {
		t.Fatalf("demo project manager: %v", err)
	}
	d.user = id(u.ID)
	access, err := m.DB.FindAccess(ctx, u.ID)
	if err != nil {
		t.Fatalf("demo project manager: %v", err)
	}
	job := &salkku.Job{Kind: salkku.JobFile, Method: "GET", Path: "/portfolios/" + d.portfolio + "/export?format=xlsx", Lang: "fi"}
	if err := m.DB.CreateJob(salkku.WithCaller(context.Background(), salkku.Actor{UserID: u.ID, Name: u.Name}, access), job); err != nil {
		t.Fatalf("a job: %v", err)
	}
	d.job = id(job.ID)
	pf, err := m.DB.FindPortfolioByID(ctx, p21.PortfolioID)
	if err != nil {
		t.Fatalf("demo portfolio: %v", err)
	}
	ms, err := m.DB.FindModels(ctx, pf.OrganisationID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("demo models: %d, %v", len(ms), err)
	}
	draft, err := m.DB.NewModelVersion(ctx, pf.OrganisationID)
	if err != nil {
		t.Fatalf("demo draft model: %v", err)
	}
	d.modelOrg, d.model, d.draft = id(pf.OrganisationID), id(ms[0].ID), id(draft.ID)
	riskDemo(t, m, p21, &d)
	financeDemo(t, m, p21, &d)
	benefitDemo(t, m, p21, &d)
	projectImportDemo(t, m, p21, &d)
	return d
}

// financeDemo gives the project of the pages a budget, an actual and a
// state grant with a payment application, unless the demo has them.
func financeDemo(t *testing.T, m *Main, p *salkku.Project, d *demoIDs) {
	t.Helper()
	ctx := salkku.System(context.Background())
	pf, err := m.DB.FindPortfolioByID(ctx, p.PortfolioID)
	if err != nil {
		t.Fatalf("finance demo: %v", err)
	}
	cats, err := m.DB.FindCostCategories(ctx, pf.OrganisationID)
	if err != nil || len(cats) < 2 {
		t.Fatalf("finance demo: %d cost categories, %v", len(cats), err)
	}
	fin, err := m.DB.FindProjectFinance(ctx, p.ID)
	if err != nil {
		t.Fatalf("finance demo: %v", err)
	}
	if fin.Current == nil {
		if err := m.DB.ReviseBudget(ctx, &salkku.BudgetRevision{ProjectID: p.ID, Number: 1, Date: "2021-01-01", Lines: []salkku.BudgetLine{
			{CategoryID: cats[0].ID, Year: salkku.WholeSpan, Amount: 120000_00}, {CategoryID: cats[1].ID, Year: salkku.WholeSpan, Amount: 80000_00}}}); err != nil {
			t.Fatalf("finance demo: %v", err)
		}
	}
	a := &salkku.Actual{ProjectID: p.ID, CategoryID: cats[1].ID, Month: p.Start, Amount: 12345_50, Description: "Lasku 2021-117"}
	if a.Month.IsZero() {
		a.Month = salkku.NewMonth(2021, 1)
	}
	f := &salkku.Funding{ProjectID: p.ID, Kind: salkku.FundingStateGrant, Name: salkku.T("Valtionavustus"), Share: 7500, FinalReportDue: "2022-02-28"}
	for _, err := range []error{m.DB.CreateActual(ctx, a), m.DB.CreateFunding(ctx, f)} {
		if err != nil {
			t.Fatalf("finance demo: %v", err)
		}
	}
	app := &salkku.PaymentApplication{FundingID: f.ID, Number: 1, Due: "2022-02-28"}
	if err := m.DB.CreatePaymentApplication(ctx, app); err != nil {
		t.Fatalf("finance demo: %v", err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	d.actual, d.funding, d.application, d.costCategory = id(a.ID), id(f.ID), id(app.ID), id(cats[len(cats)-1].ID)
	for i, content := range []string{
		"Hanke;Kustannuslaji;Kuukausi;Summa;Selite\r\n" + p.Code + ";" + cats[0].Name.FI + ";1/2021;1 234,50;Konsultointi\r\n",
		"Hanke;Kustannuslaji;Kuukausi;Summa;Selite\r\n" + p.Code + ";" + cats[0].Name.FI + ";1/2021;1.234,50;Konsultointi\r\nEIOLE;Vuokrat;13/2021;5;\r\n",
	} {
		im := &salkku.ImportFile{OrganisationID: pf.OrganisationID, Kind: salkku.ImportKindActuals, Name: "toteumat.csv", Content: []byte(content)}
		if err := m.DB.SaveImportFile(ctx, im); err != nil {
			t.Fatalf("finance demo: %v", err)
		}
		if i == 0 {
			d.importFile = id(im.ID)
		} else {
			d.badImportFile = id(im.ID)
		}
	}
	d.importMapping = "map_project=Hanke&map_category=Kustannuslaji&map_month=Kuukausi&map_amount=Summa&map_description=Selite"
}

// projectImportDemo keeps two project lists for the import's pages: one
// that updates the project of the pages and adds one, and one with a
// problem in every row.
func projectImportDemo(t *testing.T, m *Main, p *salkku.Project, d *demoIDs) {
	t.Helper()
	ctx := salkku.System(context.Background())
	pf, err := m.DB.FindPortfolioByID(ctx, p.PortfolioID)
	if err != nil {
		t.Fatalf("project import demo: %v", err)
	}
	for i, content := range []string{
		"Tunnus;Nimi;Luokka;Aikataulu\r\n" + p.Code + ";" + p.Name.FI + ";;10/2017 – 4/2018\r\n9.1;Uusi hanke;;jatkuva\r\n",
		"Tunnus;Nimi;Luokka;Aikataulu\r\n9.1;Uusi hanke;Tuntematon;4/2018 – 1/2018\r\n9.1;;;\r\n",
	} {
		im := &salkku.ImportFile{OrganisationID: pf.OrganisationID, Kind: salkku.ImportKindProjects, Name: "hankkeet.csv", Content: []byte(content)}
		if err := m.DB.SaveImportFile(ctx, im); err != nil {
			t.Fatalf("project import demo: %v", err)
		}
		if i == 0 {
			d.projectFile = strconv.FormatInt(im.ID, 10)
		} else {
			d.badProjectFile = strconv.FormatInt(im.ID, 10)
		}
	}
}

// benefitDemo gives the project of the pages a benefit measured before
// its target date (so unverified) and a profitability calculation, so
// that those pages show each part. The figures are the tests' own: the
// seeds give none, and the demo data invents none.
func benefitDemo(t *testing.T, m *Main, p *salkku.Project, d *demoIDs) {
	t.Helper()
	ctx := salkku.System(context.Background())
	base, target := salkku.Decimal(1400), salkku.Decimal(550)
	b := &salkku.Benefit{ProjectID: p.ID, Description: salkku.T("Käsittelyaika lyhenee"), Kind: salkku.BenefitTime, Metric: salkku.T("Käsittelyaika"),
		Unit: "pv", Baseline: &base, Target: &target, TargetDate: "2021-06-30"}
	if err := m.DB.CreateBenefit(ctx, b); err != nil {
		t.Fatalf("benefit demo: %v", err)
	}
	ms := &salkku.Measurement{BenefitID: b.ID, Date: "2021-03-31", Value: 900, Note: salkku.T("Maaliskuun keskiarvo")}
	pr := &salkku.Profitability{ProjectID: p.ID, Investment: 10000000, Years: 5, Rate: 300, Costs: []salkku.Money{500000}, Savings: []salkku.Money{3000000}}
	for _, err := range []error{m.DB.CreateMeasurement(ctx, ms), m.DB.SaveProfitability(ctx, pr)} {
		if err != nil {
			t.Fatalf("benefit demo: %v", err)
		}
	}
	d.benefit, d.measurement = strconv.FormatInt(b.ID, 10), strconv.FormatInt(ms.ID, 10)
}

// riskDemo gives the project of the pages a risk past its review date, a
// decision in its log and in its portfolio's, and a line of its
// communications log, so that those pages show each part.
func riskDemo(t *testing.T, m *Main, p *salkku.Project, d *demoIDs) {
	t.Helper()
	ctx := salkku.System(context.Background())
	r := &salkku.Risk{ProjectID: p.ID, Description: salkku.T("Toimittajan resurssit eivät riitä"), Cause: salkku.T("Kilpailutus viivästyy"),
		Probability: 3, Impact: 4, ReviewDate: "2021-01-01", Mitigation: salkku.T("Varataan lisäresurssi")}
	e := &salkku.DecisionEntry{ProjectID: &p.ID, DecidedOn: "2021-11-22", DecidedBy: salkku.T("Ohjausryhmä"),
		Decision: salkku.T("Hyväksyttiin tilannekatsaus."), Who: "Kristiina Taskinen", MinutesURL: "https://example.invalid/poytakirja"}
	pe := &salkku.DecisionEntry{PortfolioID: &p.PortfolioID, DecidedOn: "2021-12-01", Decision: salkku.T("Salkun priorisointi hyväksyttiin.")}
	c := &salkku.CommsEntry{ProjectID: p.ID, Start: salkku.NewMonth(2021, 1), End: salkku.NewMonth(2021, 3), Channel: salkku.ChannelIntranet,
		Scope: salkku.ScopeInternal, Audience: salkku.T("Henkilöstö"), Subject: salkku.T("Hankkeen eteneminen")}
	for _, err := range []error{m.DB.CreateRisk(ctx, r), m.DB.CreateDecisionEntry(ctx, e), m.DB.CreateDecisionEntry(ctx, pe), m.DB.CreateCommsEntry(ctx, c)} {
		if err != nil {
			t.Fatalf("risk demo: %v", err)
		}
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	d.risk, d.decision, d.comms = id(r.ID), id(e.ID), id(c.ID)
}

// gatesDemo puts the demo project of the pages in the deployment phase,
// with a checklist item done, one not applicable, a deliverable's link and
// a steering group, so that the gates pages show each part.
func gatesDemo(t *testing.T, m *Main) {
	t.Helper()
	ctx := salkku.System(context.Background())
	p := demoProject(t, m, "palomuuri")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(m.DB.PlaceProject(ctx, p.ID, "deployment"))
	must(m.DB.MarkItem(ctx, p.ID, &salkku.CheckMark{ItemKey: "deploy-service-owner", State: salkku.CheckDone}))
	must(m.DB.MarkItem(ctx, p.ID, &salkku.CheckMark{ItemKey: "deploy-data-migrations", State: salkku.CheckNotApplicable,
		Reason: salkku.T("Vanhasta järjestelmästä ei siirretä tietoja.")}))
	must(m.DB.SetDeliverableLink(ctx, p.ID, &salkku.DeliverableLink{ItemKey: "deploy-privacy-review", URL: "https://example.invalid/tietosuojatarkistus"}))
	people, _, err := m.DB.FindPeople(ctx, salkku.PersonFilter{Page: salkku.Page{Limit: 2}})
	must(err)
	if len(people) == 2 {
		must(m.DB.SetSteeringGroup(ctx, p.ID, []salkku.SteeringGroupMember{{PersonID: people[0].ID, Role: salkku.SteeringChair}, {PersonID: people[1].ID, Role: salkku.SteeringMember}}))
	}
}

// bilingualDemo makes the demo portfolio's organisation write in Finnish
// and Swedish (Swedish optional, so the seeds' Finnish-only texts stand):
// the forms then show both languages side by side, and a Swedish reader
// sees Finnish fallbacks marked with lang. It also leaves a feedback
// message, with a long unbroken page address, for the admins' list.
func bilingualDemo(t *testing.T, m *Main) {
	t.Helper()
	ctx := salkku.System(context.Background())
	pf, err := m.DB.FindPortfolioByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	org, err := m.DB.FindOrganisationByID(ctx, pf.OrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	org.Languages = salkku.Languages{Used: []string{"fi", "sv"}, Required: []string{"fi"}}
	if err := m.DB.UpdateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	fb := &salkku.Feedback{Message: "Taulukko ei mahdu puhelimen näytölle.\n\nToinen kappale.", Name: "Testi Palaute",
		Email: "palaute@test.invalid", PageURL: "https://salkku.example/portfolios/1?q=" + strings.Repeat("pitkähakusana", 8), Lang: "fi"}
	if err := m.DB.CreateFeedback(ctx, fb, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	// Two lines of the reminder log: one delivered, one with the error.
	for i, sendErr := range []string{"", "mail: send to kristiina.taskinen@test.invalid via smtp.example:587: dial tcp 192.0.2.25:587: i/o timeout"} {
		r := salkku.ReminderDue{ProjectID: 1, DueDate: "2021-11-22", Kind: salkku.ReminderKinds[i], PersonID: 1,
			PersonName: "Kristiina Taskinen", Email: "kristiina.taskinen@test.invalid", Language: "fi"}
		id, ok, err := m.DB.ClaimReminder(ctx, r)
		if err != nil || !ok {
			t.Fatalf("claim a reminder: %v %v", ok, err)
		}
		if err := m.DB.RecordReminder(ctx, id, sendErr); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowser runs every browser check in one Chromium, on one demo
// server, in one tab that signs in once: the route table's pages (see
// browserRoutes), the badges' contrast, and the keyboard
// (browser_keyboard_test.go), and print (browser_print_test.go). With SALKKU_SCREENSHOTS=DIR it saves a PNG
// of each page there, at 1280 and at 320 CSS px.
func TestBrowser(t *testing.T) {
	m := bootMain(t, t.TempDir(), true)
	defer m.Close()
	mustUser(t, m, "browser@test.invalid")
	bilingualDemo(t, m)
	gatesDemo(t, m)
	ids := findDemoIDs(t, m)
	table := browserRoutes(ids)
	if !t.Run("routes", func(t *testing.T) { checkRouteCoverage(t, m.server.Handler.(*web.Server), table) }) {
		return
	}
	ctx := browser.New(t)
	t.Run("signed-out", func(t *testing.T) { checkPages(t, ctx, m, table, false) })
	browserLogin(t, ctx, m)
	t.Run("pages", func(t *testing.T) { checkPages(t, ctx, m, table, true) })
	t.Run("badges", func(t *testing.T) { checkBadges(t, ctx, m) })
	t.Run("keyboard", func(t *testing.T) { checkKeyboard(t, ctx, m) })
	t.Run("walk", func(t *testing.T) { keyboardWalk(t, ctx, m) })
	t.Run("print", func(t *testing.T) { checkPrint(t, ctx, m, ids) })
}

// checkPages checks the pages for anyone signed out, or every page but the
// sign-in as an admin, each in a subtest; the UI language turns fi, sv, en from one
// page to the next (unless the path asks), and then every page is fetched
// in all three for the lang check.
func checkPages(t *testing.T, ctx context.Context, m *Main, table []browserRoute, signedIn bool) {
	langs := []string{"fi", "sv", "en"}
	var all []langCase
	visits := 0
	for _, row := range table {
		if (row.as == "" && !signedIn) || (row.as == signedOut && signedIn) {
			continue
		}
		for _, v := range row.visits {
			status := cmp(row.status, http.StatusOK)
			// A document in HTML is in the language chosen for it, not the
			// page's, and has no language links: the lang check is for pages.
			if !strings.Contains(v.path, "format=html") {
				all = append(all, langCase{Path: v.path, Status: status})
			}
			visits++
			path, lang := v.path, langs[visits%len(langs)]
			if l := regexp.MustCompile(`[?&]lang=(\w+)`).FindStringSubmatch(path); l != nil {
				lang = l[1]
			} else if strings.Contains(path, "?") {
				path += "&lang=" + lang
			} else {
				path += "?lang=" + lang
			}
			name := v.name
			if row.as == anyone && !signedIn {
				name += "-signed-out"
			}
			t.Run(name, func(t *testing.T) { checkPage(t, ctx, m.URL()+path, lang, status, name) })
		}
	}
	t.Run("lang", func(t *testing.T) { checkLangs(t, ctx, m.URL(), all) })
}

func cmp(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// The viewports of the checks.
const (
	desktopWidth = 1280
	narrowWidth  = 320
	viewHeight   = 900
)

// checkPage opens one page at 1280 px and runs the checks: status, h1,
// lang, axe, text at 200 %; then the reflow at 320 px.
func checkPage(t *testing.T, ctx context.Context, url, lang string, status int, name string) {
	t.Helper()
	var got struct {
		Status int    `json:"status"`
		H1     string `json:"h1"`
		Lang   string `json:"lang"`
		Path   string `json:"path"`
	}
	err := chromedp.Run(ctx,
		emulation.SetDeviceMetricsOverride(desktopWidth, viewHeight, 1, false),
		chromedp.Navigate(url),
		chromedp.Evaluate(`({
			status: performance.getEntriesByType('navigation')[0].responseStatus,
			h1: (document.querySelector('h1') || {}).textContent || '',
			lang: document.documentElement.getAttribute('lang'),
			path: location.pathname,
		})`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != status {
		t.Errorf("status %d (at %s), want %d", got.Status, got.Path, status)
	}
	if strings.TrimSpace(got.H1) == "" {
		t.Error("the page has no h1 text")
	}
	if got.Lang != lang {
		t.Errorf(`<html lang=%q>, want %q`, got.Lang, lang)
	}
	for _, v := range browser.Axe(t, ctx) {
		t.Errorf("axe: %s", v)
	}
	screenshot(t, ctx, name)

	// Text at 200 %: the root font size doubled, as a browser's text-only
	// zoom does (every size in the stylesheet is in rem or em).
	var problems []string
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.documentElement.style.fontSize = '200%'`, nil),
		chromedp.Evaluate(layoutJS, &problems),
	); err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("text at 200 %%: %s", p)
	}
	if len(problems) > 0 {
		screenshot(t, ctx, name+"-text200")
	}
	// Reflow: 320 CSS px wide, text at 100 %.
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.documentElement.style.fontSize = ''`, nil),
		emulation.SetDeviceMetricsOverride(narrowWidth, viewHeight, 1, false),
		chromedp.Evaluate(layoutJS, &problems),
	); err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("at %d px: %s", narrowWidth, p)
	}
	screenshot(t, ctx, name+"-320")
}

// layoutJS lists what breaks reflow on the current page: the page scrolls
// sideways, an element reaches past the viewport or hides part of its
// content. An element that scrolls sideways itself must be a focusable,
// named region (a wide table's wrapper); what is inside it is not checked.
const layoutJS = `(() => {
	const de = document.documentElement, vw = de.clientWidth, out = [];
	const name = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += '#' + el.id;
		if (el.classList.length) s += '.' + [...el.classList].join('.');
		const t = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
		return t ? s + ' "' + t + '"' : s;
	};
	if (de.scrollWidth > vw + 1) out.push('the page scrolls sideways: ' + de.scrollWidth + ' px wide in a ' + vw + ' px viewport');
	const regions = [], reported = [];
	const scrolls = v => v === 'auto' || v === 'scroll', clips = v => v === 'hidden' || v === 'clip';
	for (const el of document.body.querySelectorAll('*')) {
		if (el.closest('.skip, script, datalist, template, option')) continue;
		if (regions.some(r => r.contains(el)) || reported.some(r => r.contains(el))) continue;
		const cs = getComputedStyle(el);
		if (cs.display === 'none') continue;
		// Form controls scroll their own text; what is clipped to a pixel
		// is hidden on purpose (.visually-hidden, a honeypot field).
		const control = /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) || el.closest('.visually-hidden');
		if (clips(cs.overflowX) && el.clientWidth <= 1 && el.clientHeight <= 1) { reported.push(el); continue; }
		const wide = el.scrollWidth > el.clientWidth + 1, tall = el.scrollHeight > el.clientHeight + 1;
		if (!control && scrolls(cs.overflowX) && wide) {
			regions.push(el);
			if (el.getAttribute('role') !== 'region' || el.getAttribute('tabindex') !== '0' ||
				!(el.getAttribute('aria-labelledby') || el.getAttribute('aria-label')))
				out.push(name(el) + ' scrolls sideways but is not a focusable, named region (role="region" tabindex="0" aria-labelledby)');
		}
		if (!control && (clips(cs.overflowX) && wide || clips(cs.overflowY) && tall)) {
			out.push(name(el) + ' cuts off its content (' + el.scrollWidth + '×' + el.scrollHeight + ' in ' + el.clientWidth + '×' + el.clientHeight + ')');
			reported.push(el);
			continue;
		}
		const r = el.getBoundingClientRect();
		if (r.width > 0 && (r.right > vw + 1 || r.left < -1)) {
			out.push(name(el) + ' reaches past the viewport (' + Math.round(r.left) + '–' + Math.round(r.right) + ' px of ' + vw + ')');
			reported.push(el);
		}
	}
	return out.slice(0, 10);
})()`

// langCase is a page the lang check fetches, and its status.
type langCase struct {
	Path   string `json:"path"`
	Status int    `json:"status"`
}

// checkLangs fetches every page in each UI language, from the browser tab
// (with its session), and checks html lang, every lang attribute and the
// language links.
func checkLangs(t *testing.T, ctx context.Context, base string, pages []langCase) {
	t.Helper()
	arg, _ := json.Marshal(pages)
	var problems []string
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/login")); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(c,
		chromedp.Evaluate(`(`+langJS+`)(`+string(arg)+`)`, &problems, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	); err != nil {
		t.Fatalf("fetch: %v", err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

const langJS = `async pages => {
	const langs = ['fi', 'sv', 'en'], out = [];
	await Promise.all(pages.flatMap(pg => langs.map(async lang => {
		const u = new URL(pg.path, location.href);
		u.searchParams.set('lang', lang);
		const url = u.pathname + u.search;
		const r = await fetch(url, {credentials: 'same-origin', redirect: 'manual'});
		if (r.status !== pg.status) { out.push(url + ': status ' + r.status + ', want ' + pg.status); return; }
		const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
		const got = doc.documentElement.getAttribute('lang');
		if (got !== lang) out.push(url + ': <html lang="' + got + '">, want "' + lang + '"');
		for (const el of doc.querySelectorAll('body [lang]'))
			if (!langs.includes(el.getAttribute('lang')))
				out.push(url + ': lang="' + el.getAttribute('lang') + '" on ' + el.outerHTML.slice(0, 80) + ' is none of fi, sv, en');
		const links = [...doc.querySelectorAll('nav.langs a')];
		if (links.length !== langs.length) out.push(url + ': ' + links.length + ' language links, want ' + langs.length);
		for (const a of links) {
			const l = new URL(a.getAttribute('href'), location.href).searchParams.get('lang');
			if (a.getAttribute('lang') !== l || a.getAttribute('hreflang') !== l)
				out.push(url + ': the link to ' + l + ' says lang="' + a.getAttribute('lang') + '" hreflang="' + a.getAttribute('hreflang') + '"');
		}
	})));
	return out.sort();
}`

// checkBadges checks the contrast of every status badge and tag against
// what is behind it, as rendered: on the overview, one of each status
// (salkku.Statuses) and each other badge class of the stylesheet is added
// to the projects table, a facts list and the page, and each must reach
// 4.5:1 (WCAG 1.4.3).
func checkBadges(t *testing.T, ctx context.Context, m *Main) {
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(desktopWidth, viewHeight, 1, false),
		chromedp.Navigate(m.URL()+"/portfolios/1?lang=fi")); err != nil {
		t.Fatal(err)
	}
	statuses, _ := json.Marshal(salkku.Statuses)
	var res struct {
		Missing []string `json:"missing"`
		Badges  []struct {
			Where    string  `json:"where"`
			Class    string  `json:"class"`
			Color    string  `json:"color"`
			Bg       string  `json:"bg"`
			Contrast float64 `json:"contrast"`
		} `json:"badges"`
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(`+badgeJS+`)(`+string(statuses)+`)`, &res)); err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Missing {
		t.Errorf("the stylesheet has no rule for .%s", c)
	}
	if len(res.Badges) < 3*(len(salkku.Statuses)+2) {
		t.Fatalf("only %d badges checked", len(res.Badges))
	}
	for _, b := range res.Badges {
		if b.Contrast < 4.5 {
			t.Errorf("%s in %s: %s on %s is %.2f:1, want at least 4.5:1", b.Class, b.Where, b.Color, b.Bg, b.Contrast)
		}
	}
}

// badgeJS adds each badge to the overview's table, a facts list and the
// page, and measures its text against the background behind it.
const badgeJS = `statuses => {
	const classes = new Set(statuses.map(s => 'status status-' + s));
	const rules = new Set();
	for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
		for (const m of (rule.selectorText || '').matchAll(/\.(status-[\w-]+|tag|badge)\b/g)) rules.add(m[1]);
	const missing = statuses.map(s => 'status-' + s).filter(c => !rules.has(c));
	for (const c of rules) classes.add(c.startsWith('status-') ? 'status ' + c : c);
	const row = document.querySelector('table.projects tbody tr:not(.group)');
	const tr = row.parentNode.insertBefore(document.createElement('tr'), row);
	const dl = document.querySelector('main').appendChild(document.createElement('dl'));
	dl.className = 'facts';
	const p = document.querySelector('main').appendChild(document.createElement('p'));
	const spans = [];
	for (const c of classes) {
		const td = tr.appendChild(document.createElement('td'));
		const dd = dl.appendChild(document.createElement('div')).appendChild(document.createElement('dd'));
		for (const [where, box] of [['a table row', td], ['a facts list', dd], ['the page', p]]) {
			const s = box.appendChild(document.createElement('span'));
			s.className = c;
			s.textContent = 'Käynnissä';
			spans.push([where, s]);
		}
	}
	const rgba = s => { const v = s.match(/[\d.]+/g).map(Number); return v.length === 3 ? [...v, 1] : v; };
	const over = (f, b) => [0, 1, 2].map(i => f[i] * f[3] + b[i] * (1 - f[3])).concat(1);
	const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
	const bgOf = el => {
		const layers = [];
		for (let e = el; e; e = e.parentElement) {
			const c = rgba(getComputedStyle(e).backgroundColor);
			if (c[3] > 0) layers.push(c);
			if (c[3] === 1) break;
		}
		return layers.reverse().reduce((b, f) => over(f, b), [255, 255, 255, 1]);
	};
	const badges = spans.map(([where, s]) => {
		const bg = bgOf(s), fg = over(rgba(getComputedStyle(s).color), bg);
		const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
		return {where, class: s.className, color: getComputedStyle(s).color, bg: 'rgb(' + bg.slice(0, 3).join(', ') + ')', contrast: (l1 + 0.05) / (l2 + 0.05)};
	});
	return {missing, badges};
}`

// browserLogin signs in through the login form with the keyboard, as an
// admin made for the test (mustUser, unless the test made it already),
// and checks that the portfolio asked for follows.
func browserLogin(t *testing.T, ctx context.Context, m *Main) {
	t.Helper()
	if _, err := m.DB.FindUserByEmail(salkku.System(context.Background()), "browser@test.invalid"); err != nil {
		mustUser(t, m, "browser@test.invalid")
	}
	var h1 string
	c, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err := chromedp.Run(c,
		emulation.SetDeviceMetricsOverride(desktopWidth, viewHeight, 1, false),
		chromedp.Navigate(m.URL()+"/portfolios/1?lang=fi"),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", "browser@test.invalid", chromedp.ByQuery),
		chromedp.SendKeys("#f-password", testPassword+"\r", chromedp.ByQuery),
		chromedp.WaitVisible("table.projects", chromedp.ByQuery),
		chromedp.Text("h1", &h1, chromedp.ByQuery),
	)
	if err != nil {
		var loc string
		chromedp.Run(ctx, chromedp.Location(&loc))
		t.Fatalf("sign in: %v (at %s)", err, loc)
	}
	if !strings.Contains(h1, "Tietohallinnon toimenpidesuunnitelma") {
		t.Fatalf("after signing in the browser shows %q, want the portfolio it asked for", h1)
	}
}

func demoProject(t *testing.T, m *Main, q string) *salkku.Project {
	t.Helper()
	ps, n, err := m.DB.FindProjects(salkku.System(context.Background()), projectQuery(q))
	if err != nil || n == 0 {
		t.Fatalf("demo project %q: %d found, %v", q, n, err)
	}
	return ps[0]
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SALKKU_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	shot := chromedp.FullScreenshot(&png, 100)
	if name == "overview-fi" {
		// The README's picture: what the first screen shows.
		shot = chromedp.CaptureScreenshot(&png)
	}
	if err := chromedp.Run(ctx, shot); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestQueriesPerPage: a page runs the same number of statements whatever
// the size of the register, so no page queries once per row (an N+1).
// Each page is counted with a few rows and again with many.
// benefitTarget is the target of the benefits of TestQueriesPerPage.
var benefitTarget = salkku.Decimal(1000)

func TestQueriesPerPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		var last atomic.Int64
		a := newAppWrapped(t, engine, nil, func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx, n := sqldb.CountQueries(r.Context())
				h.ServeHTTP(w, r.WithContext(ctx))
				last.Store(n.Load())
			})
		})
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.Text{FI: "Raaseporin kaupunki", SV: "Raseborgs stad"},
			Languages: salkku.Languages{Used: []string{"fi", "sv"}, Required: []string{"fi"}}}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.Text{FI: "Digitalisaatio", SV: "Digitalisering"}}
		must(t, a.db.CreatePortfolio(ctx, pf))
		must(t, a.db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: salkku.CycleBimonthly, Start: "2021-07-01"}))
		var small, big *salkku.Project
		var lastReport *salkku.StatusReport
		added, packagesAdded, risksAdded := 0, 0, 0
		// bigBenefit is big's first benefit, which gathers measurements.
		var bigOne *salkku.Benefit
		bigBenefit := func(big *salkku.Project) *salkku.Benefit {
			if bigOne == nil {
				bs, _, err := a.db.FindBenefits(ctx, salkku.BenefitFilter{ProjectID: &big.ID})
				must(t, err)
				bigOne = bs[0]
			}
			return bigOne
		}
		// grow adds projects, each with a category, a manager and a work
		// package, up to n, and packages to big.
		grow := func(n, packages int) {
			for ; added < n; added++ {
				c := &salkku.Category{PortfolioID: pf.ID, Name: salkku.Text{FI: fmt.Sprintf("Luokka %d", added), SV: fmt.Sprintf("Klass %d", added)}}
				must(t, a.db.CreateCategory(ctx, c))
				person := &salkku.Person{OrganisationID: &org.ID, Name: fmt.Sprintf("Henkilö %d", added)}
				must(t, a.db.CreatePerson(ctx, person))
				p := &salkku.Project{PortfolioID: pf.ID, CategoryID: &c.ID, Code: fmt.Sprintf("%d.1", added+1), ManagerID: &person.ID,
					Name: salkku.Text{FI: fmt.Sprintf("Hanke %d", added), SV: fmt.Sprintf("Projekt %d", added)}}
				must(t, a.db.CreateProject(ctx, p))
				// Each project passes P0 with a condition now overdue and
				// waits for P1: the gate views list every one.
				must(t, a.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: p.ID, Gate: "P0", DecidedOn: "2019-12-16",
					Level: salkku.LevelPortfolio, Decision: salkku.DecisionApprovedConditions,
					Conditions: []salkku.Condition{{Text: salkku.Text{FI: "Ehto", SV: "Villkor"}, Due: "2020-01-31", OwnerID: &person.ID}}}))
				must(t, a.db.RequestGate(ctx, &salkku.GateRequest{ProjectID: p.ID, PlannedFor: salkku.Date(fmt.Sprintf("2030-01-%02d", added%28+1))}))
				// A risk, past its review date, a decision and a line of
				// communications each: the heat map and the logs.
				must(t, a.db.CreateRisk(ctx, &salkku.Risk{ProjectID: p.ID, Description: salkku.Text{FI: "Riski", SV: "Risk"},
					Probability: added%5 + 1, Impact: (added/5)%5 + 1, OwnerID: &person.ID, ReviewDate: "2021-01-01"}))
				must(t, a.db.CreateDecisionEntry(ctx, &salkku.DecisionEntry{PortfolioID: &pf.ID, DecidedOn: "2021-11-22", Decision: salkku.T("Päätös"), WhoID: &person.ID}))
				// A benefit past its target date, measured before it: the
				// portfolio's benefits view lists it to verify.
				bf := &salkku.Benefit{ProjectID: p.ID, Description: salkku.T("Hyöty"), Kind: salkku.BenefitMoney, Target: &benefitTarget, TargetDate: "2021-06-30", OwnerID: &person.ID}
				must(t, a.db.CreateBenefit(ctx, bf))
				must(t, a.db.CreateMeasurement(ctx, &salkku.Measurement{BenefitID: bf.ID, Date: "2021-03-31", Value: 100}))
				// Two submitted reports in two periods, the second worse.
				for i, d := range []salkku.Date{"2021-09-05", "2021-11-05"} {
					r := &salkku.StatusReport{ProjectID: p.ID, ReportDate: d, Overall: salkku.T("Etenee"),
						Lights: salkku.Lights{Overall: salkku.LightValues[i]}, ResponsibleIDs: []int64{person.ID}}
					must(t, a.db.CreateReport(ctx, r))
					_, err := a.db.SubmitReport(ctx, r.ID, r.Version)
					must(t, err)
					lastReport = r
				}
				if small == nil {
					small = p
				} else if big == nil {
					big = p
				}
			}
			for ; risksAdded < packages; risksAdded++ {
				must(t, a.db.CreateRisk(ctx, &salkku.Risk{ProjectID: big.ID, Description: salkku.T("Riski"), Probability: 3, Impact: 4, OwnerID: big.ManagerID}))
				must(t, a.db.CreateDecisionEntry(ctx, &salkku.DecisionEntry{ProjectID: &big.ID, DecidedOn: "2021-11-22", Decision: salkku.T("Päätös"), WhoID: big.ManagerID}))
				must(t, a.db.CreateCommsEntry(ctx, &salkku.CommsEntry{ProjectID: big.ID, Date: "2021-11-22", Channel: salkku.ChannelBlog, Scope: salkku.ScopeExternal, Subject: salkku.T("Blogi")}))
				must(t, a.db.CreateMeasurement(ctx, &salkku.Measurement{BenefitID: bigBenefit(big).ID, Date: "2021-09-30", Value: salkku.Decimal(risksAdded)}))
			}
			for ; packagesAdded < packages; packagesAdded++ {
				must(t, a.db.CreateWorkPackage(ctx, &salkku.WorkPackage{ProjectID: big.ID, Code: fmt.Sprintf("OA%d", packagesAdded),
					Name: salkku.Text{FI: "Osa", SV: "Del"}, ResponsibleIDs: []int64{*big.ManagerID}}))
			}
		}
		models, err := a.db.FindModels(ctx, org.ID)
		must(t, err)
		pages := func() map[string]string {
			return map[string]string{
				"project gates":          "/projects/" + id(big.ID) + "/gates",
				"decision form":          "/projects/" + id(big.ID) + "/gates/decision",
				"model":                  "/models/" + id(models[0].ID),
				"api gates":              "/api/v1/projects/" + id(big.ID) + "/gates",
				"api waiting":            "/api/v1/portfolios/" + id(pf.ID) + "/gates/waiting",
				"api phases":             "/api/v1/portfolios/" + id(pf.ID) + "/phases",
				"home":                   "/",
				"overview":               "/portfolios/" + id(pf.ID) + "?lang=sv",
				"by name":                "/portfolios/" + id(pf.ID) + "?sort=name&lang=sv",
				"categories":             "/portfolios/" + id(pf.ID) + "/categories",
				"gates":                  "/portfolios/" + id(pf.ID) + "/gates",
				"by phase":               "/portfolios/" + id(pf.ID) + "?phase=prestudy",
				"models":                 "/organisations/" + id(org.ID) + "/model",
				"project":                "/projects/" + id(big.ID),
				"history":                "/projects/" + id(big.ID) + "/history",
				"people":                 "/people",
				"orgs":                   "/organisations",
				"audit":                  "/admin/audit",
				"api list":               "/api/v1/projects?portfolio_id=" + id(pf.ID),
				"api wps":                "/api/v1/workpackages?project_id=" + id(big.ID),
				"heat map":               "/portfolios/" + id(pf.ID) + "/risks",
				"heat map cell":          "/portfolios/" + id(pf.ID) + "/risks?p=3&i=4",
				"risks":                  "/projects/" + id(big.ID) + "/risks",
				"decisions":              "/projects/" + id(big.ID) + "/decisions",
				"portfolio decisions":    "/portfolios/" + id(pf.ID) + "/decisions",
				"communications":         "/projects/" + id(big.ID) + "/communications",
				"api heat map":           "/api/v1/portfolios/" + id(pf.ID) + "/risks/heatmap",
				"api overdue risks":      "/api/v1/portfolios/" + id(pf.ID) + "/risks?overdue=2026-01-01",
				"api decisions":          "/api/v1/projects/" + id(big.ID) + "/decisions",
				"status":                 "/portfolios/" + id(pf.ID) + "/status?date=10.11.2021",
				"status worse":           "/portfolios/" + id(pf.ID) + "/status?date=10.11.2021&show=worse",
				"reports":                "/projects/" + id(big.ID) + "/reports",
				"report":                 "/reports/" + id(lastReport.ID),
				"portfolio benefits":     "/portfolios/" + id(pf.ID) + "/benefits",
				"benefits":               "/projects/" + id(big.ID) + "/benefits",
				"benefit":                "/benefits/" + id(bigBenefit(big).ID),
				"profitability":          "/projects/" + id(big.ID) + "/profitability",
				"api portfolio benefits": "/api/v1/portfolios/" + id(pf.ID) + "/benefits?unverified=2022-01-01",
			}
		}
		count := func() map[string]int64 {
			out := map[string]int64{}
			for name, path := range pages() {
				wantStatus(t, a.get(t, path), http.StatusOK)
				out[name] = last.Load()
			}
			return out
		}
		grow(3, 1)
		few := count()
		grow(60, 40) // past one page of 50 rows
		many := count()
		// A page may run fewer (the audit log names one query per kind of
		// record its page holds), never more; but for one count, where a
		// list that fits one page with 3 projects does not with 60 (a first
		// page that is not full is counted by its rows).
		counted := map[string]bool{"people": true}
		for name, n := range few {
			if counted[name] && many[name] == n+1 {
				continue
			}
			if many[name] > n {
				t.Errorf("%s: %d statements with 3 projects, %d with 60", name, n, many[name])
			}
		}
		t.Logf("statements per page: %v", many)
	})
}

// TestFixedCost: what every request pays before its own work, checking
// the session or token and loading what the caller may do, is one
// statement for an administrator and one read transaction more for anyone
// else; a trivial endpoint (GET /api/v1/me) adds a transaction of its
// own, and a project one statement.
func TestFixedCost(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		var txs, stmts atomic.Int64
		a := newAppWrapped(t, engine, nil, func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx, nt := sqldb.CountTransactions(r.Context())
				ctx, ns := sqldb.CountQueries(ctx)
				h.ServeHTTP(w, r.WithContext(ctx))
				txs.Store(nt.Load())
				stmts.Store(ns.Load())
			})
		})
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Tietohallinto")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		p := &salkku.Project{PortfolioID: pf.ID, Code: "2.1", Name: salkku.T("Palomuuri")}
		must(t, a.db.CreateProject(ctx, p))
		admin := mustToken(t, a.db, "fixed-admin@test.invalid", true)
		other := mustToken(t, a.db, "fixed-other@test.invalid", false)
		for _, c := range []struct {
			who, token, path string
			status           int
			// Who asks is one statement (the token with its user) and,
			// for someone who is no administrator, one transaction that
			// reads their grants; a project is one statement more.
			maxTransactions, maxStatements int64
		}{
			{"admin", admin, "/api/v1/me", http.StatusOK, 1, 2},
			{"other", other, "/api/v1/me", http.StatusOK, 2, 6},
			{"admin", admin, "/api/v1/projects/" + id(p.ID), http.StatusOK, 0, 2},
			{"other", other, "/api/v1/projects/" + id(p.ID), http.StatusForbidden, 1, 6},
		} {
			// Twice: a token's first use also writes its last-used time,
			// which is written at most once a minute.
			var res *http.Response
			for range 2 {
				req, err := http.NewRequest(http.MethodGet, a.url+c.path, nil)
				must(t, err)
				req.Header.Set("Authorization", "Bearer "+c.token)
				res, err = http.DefaultClient.Do(req)
				must(t, err)
				res.Body.Close()
			}
			if res.StatusCode != c.status {
				t.Fatalf("%s %s: %d, want %d", c.who, c.path, res.StatusCode, c.status)
			}
			if n := txs.Load(); n > c.maxTransactions {
				t.Errorf("%s %s: %d transactions, want at most %d", c.who, c.path, n, c.maxTransactions)
			}
			if n := stmts.Load(); n > c.maxStatements {
				t.Errorf("%s %s: %d statements, want at most %d", c.who, c.path, n, c.maxStatements)
			}
			t.Logf("%s %s: %d transactions, %d statements", c.who, c.path, txs.Load(), stmts.Load())
		}
	})
}

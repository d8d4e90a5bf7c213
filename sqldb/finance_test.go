package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/sqldb"
)

type financeWorld struct {
	db         *sqldb.DB
	org        *salkku.Organisation
	top, sub   *salkku.Portfolio
	other      *salkku.Portfolio
	p, q       *salkku.Project
	cats       []*salkku.CostCategory
	personnel  int64
	services   int64
	investment int64
}

func mustFinanceWorld(t testing.TB, engine string) *financeWorld {
	t.Helper()
	db := mustOpen(t, engine)
	ctx := salkku.System(t.Context())
	w := &financeWorld{db: db, org: mustCreateOrg(t, db, "Kainuu")}
	w.top = mustCreatePortfolio(t, db, w.org, nil, "Sote")
	w.sub = mustCreatePortfolio(t, db, w.org, w.top, "KaRa")
	w.other = mustCreatePortfolio(t, db, w.org, nil, "Muut")
	w.p = mustCreateProject(t, db, w.sub, &salkku.Project{Code: "KaRa", Name: salkku.T("KaRa"), Schedule: salkku.Schedule{Start: salkku.NewMonth(2020, 8), End: salkku.NewMonth(2021, 12)}})
	w.q = mustCreateProject(t, db, w.top, &salkku.Project{Code: "X", Name: salkku.T("X")})
	cats, err := db.FindCostCategories(ctx, w.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.cats = cats
	w.personnel, w.services, w.investment = cats[0].ID, cats[1].ID, cats[5].ID
	return w
}

// rollup reads the portfolio's total.
func (w *financeWorld) rollup(t *testing.T, pf *salkku.Portfolio) salkku.FinanceLine {
	t.Helper()
	r, err := w.db.FindPortfolioFinance(salkku.System(t.Context()), pf.ID, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	return r.FollowUp.Total
}

func TestFinanceDefaultsAndCategories(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustFinanceWorld(t, engine)
		ctx := salkku.System(t.Context())
		var names []string
		for _, c := range w.cats {
			names = append(names, c.Name.FI+"/"+c.Name.SV+"/"+c.Name.EN)
		}
		wantEqual(t, len(names), 6)
		// Named in the languages the organisation writes in.
		wantEqual(t, names[0], "Henkilöstömenot//")
		tri := &salkku.Organisation{Name: salkku.T("Pargas stad"), Languages: salkku.Languages{Used: []string{"fi", "sv", "en"}}}
		must(t, w.db.CreateOrganisation(ctx, tri))
		triCats, err := w.db.FindCostCategories(ctx, tri.ID)
		must(t, err)
		wantEqual(t, triCats[0].Name.FI+"/"+triCats[0].Name.SV+"/"+triCats[0].Name.EN, "Henkilöstömenot/Personalkostnader/Personnel costs")
		triCats[0].Accounts = []string{"40"}
		must(t, w.db.UpdateCostCategory(ctx, triCats[0]))
		w.cats[0].Accounts = []string{"40"}
		must(t, w.db.UpdateCostCategory(ctx, w.cats[0]))
		wantEqual(t, w.cats[2].Name.FI, "Aineet, tarvikkeet ja tavarat")
		wantEqual(t, w.cats[5].Name.FI, "Investointimenot")

		c := &salkku.CostCategory{OrganisationID: w.org.ID, Name: salkku.T("Koulutus"), Accounts: []string{"4410", "4410", " 4411 "}}
		must(t, w.db.CreateCostCategory(ctx, c))
		wantEqual(t, c.Position, 7)
		wantEqual(t, c.Accounts, []string{"4410", "4411"})
		bad := &salkku.CostCategory{OrganisationID: w.org.ID, Name: salkku.T("X"), Accounts: []string{"44a"}}
		wantErr(t, w.db.CreateCostCategory(ctx, bad), salkku.EINVALID, "accounts")

		// A category with money on it stays.
		must(t, w.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: c.ID, Month: salkku.NewMonth(2021, 1), Amount: 100}))
		wantErr(t, w.db.DeleteCostCategory(ctx, c.ID), salkku.ECONFLICT, "")
		c.Name = salkku.T("Koulutukset")
		must(t, w.db.UpdateCostCategory(ctx, c))
		stale := *c
		stale.Version = 1
		wantErr(t, w.db.UpdateCostCategory(ctx, &stale), salkku.ECONFLICT, "")
	})
}

func TestBudgetRevisions(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustFinanceWorld(t, engine)
		ctx := salkku.System(t.Context())
		first := &salkku.BudgetRevision{ProjectID: w.p.ID, Number: 1, Date: "2020-08-01", Lines: []salkku.BudgetLine{
			{CategoryID: w.personnel, Amount: 99004000}, {CategoryID: w.services, Year: 2021, Amount: 62344000},
		}}
		must(t, w.db.ReviseBudget(ctx, first))
		wantEqual(t, first.Total, salkku.Money(161348000))

		// Stale: someone revised it meanwhile.
		again := &salkku.BudgetRevision{ProjectID: w.p.ID, Number: 1, Date: "2020-09-01", Lines: first.Lines}
		wantErr(t, w.db.ReviseBudget(ctx, again), salkku.ECONFLICT, "")
		// A second revision needs a reason, amounts not below zero, years in the span, known categories.
		bad := &salkku.BudgetRevision{ProjectID: w.p.ID, Number: 2, Date: "2021-01-01", Lines: []salkku.BudgetLine{
			{CategoryID: w.personnel, Amount: -1}, {CategoryID: w.services, Year: 2019, Amount: 1}, {CategoryID: 99999, Amount: 1},
			{CategoryID: w.personnel, Amount: 5},
		}}
		err := w.db.ReviseBudget(ctx, bad)
		for _, f := range []string{"reason.fi", "lines.0.amount", "lines.1.year", "lines.2.category_id", "lines.3.category_id"} {
			wantErr(t, err, salkku.EINVALID, f)
		}
		pf, err := w.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		wantEqual(t, len(pf.Revisions), 1)

		second := &salkku.BudgetRevision{ProjectID: w.p.ID, Number: 2, Date: "2021-03-01", Reason: salkku.T("Tehtävät jaettu uudelleen"), Lines: []salkku.BudgetLine{
			{CategoryID: w.personnel, Amount: 99004000}, {CategoryID: w.services, Year: 2021, Amount: 50000000}, {CategoryID: w.investment, Amount: 5621000},
		}}
		must(t, w.db.ReviseBudget(ctx, second))
		pf, err = w.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		wantEqual(t, pf.Current.Number, 2)
		wantEqual(t, pf.Original.Number, 1)
		wantEqual(t, len(pf.Current.Lines), 3)
		wantEqual(t, len(pf.Original.Lines), 2)
		wantEqual(t, pf.FollowUp.Total.Budget, salkku.Money(154625000))
		wantEqual(t, pf.FollowUp.Total.Original, salkku.Money(161348000))
		wantEqual(t, pf.FollowUp.Lines[1].Budget, salkku.Money(50000000))
		wantEqual(t, pf.FollowUp.Lines[1].Original, salkku.Money(62344000))
		// The portfolio above and its parent see the current budget.
		wantEqual(t, w.rollup(t, w.sub).Budget, salkku.Money(154625000))
		wantEqual(t, w.rollup(t, w.top).Budget, salkku.Money(154625000))
		wantEqual(t, w.rollup(t, w.top).Original, salkku.Money(161348000))
	})
}

func TestActualsAndRollups(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustFinanceWorld(t, engine)
		ctx := salkku.System(t.Context())
		must(t, w.db.ReviseBudget(ctx, &salkku.BudgetRevision{ProjectID: w.p.ID, Number: 1, Date: "2020-08-01", Lines: []salkku.BudgetLine{
			{CategoryID: w.personnel, Amount: 99004000}}}))
		a := &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.personnel, Month: salkku.NewMonth(2021, 11), Amount: 48015700, Description: "Toteutuma"}
		must(t, w.db.CreateActual(ctx, a))
		wantErr(t, w.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.personnel, Month: salkku.NewMonth(2022, 1), Amount: 1}), salkku.EINVALID, "month")
		wantErr(t, w.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: 12345, Month: salkku.NewMonth(2021, 1), Amount: 1}), salkku.EINVALID, "category_id")

		pf, err := w.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		line := pf.FollowUp.Lines[0]
		wantEqual(t, line.Actual, salkku.Money(48015700))
		wantEqual(t, line.Unused(), salkku.Money(50988300))
		// Run rate: 8/2020–11/2021 is 16 of the project's 17 months.
		wantEqual(t, line.Forecast, salkku.RunRate(48015700, 16, 17))
		wantEqual(t, w.rollup(t, w.top).Actual, salkku.Money(48015700))

		// An entered forecast replaces the run rate, in the roll-up too.
		s := pf.Settings
		s.ActualsThrough, s.ForecastMode, s.Forecast = "2021-11-15", salkku.ForecastEntered, []salkku.ForecastLine{{CategoryID: w.personnel, Amount: 90000000}}
		must(t, w.db.UpdateFinanceSettings(ctx, &s))
		wantEqual(t, w.rollup(t, w.top).Forecast, salkku.Money(90000000))
		s.Version = 0
		wantErr(t, w.db.UpdateFinanceSettings(ctx, &s), salkku.ECONFLICT, "")

		// Correcting and deleting an actual keep the roll-ups.
		a.Amount = 100
		must(t, w.db.UpdateActual(ctx, a))
		wantEqual(t, w.rollup(t, w.sub).Actual, salkku.Money(100))
		a.Version = 1
		wantErr(t, w.db.UpdateActual(ctx, a), salkku.ECONFLICT, "")

		// The project moves: its money leaves KaRa and stays in Sote.
		p, err := w.db.FindProjectByID(ctx, w.p.ID)
		must(t, err)
		p.PortfolioID = w.other.ID
		must(t, w.db.UpdateProject(ctx, p))
		wantEqual(t, w.rollup(t, w.sub).Actual, salkku.Money(0))
		wantEqual(t, w.rollup(t, w.top).Actual, salkku.Money(0))
		wantEqual(t, w.rollup(t, w.other).Actual, salkku.Money(100))

		// A portfolio moves with its projects' money.
		p.PortfolioID = w.sub.ID
		must(t, w.db.UpdateProject(ctx, p))
		sub := w.sub
		sub.ParentID = ptr(w.other.ID)
		must(t, w.db.UpdatePortfolio(ctx, sub))
		wantEqual(t, w.rollup(t, w.top).Actual, salkku.Money(0))
		wantEqual(t, w.rollup(t, w.other).Actual, salkku.Money(100))
		wantEqual(t, w.rollup(t, w.other).Budget, salkku.Money(99004000))

		// Deleting the project takes its money out of every roll-up.
		must(t, w.db.DeleteProject(ctx, w.p.ID))
		wantEqual(t, w.rollup(t, w.other), salkku.FinanceLine{})
	})
}

func TestFundingAndApplications(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustFinanceWorld(t, engine)
		ctx := salkku.System(t.Context())
		wantErr(t, w.db.CreateFunding(ctx, &salkku.Funding{ProjectID: w.p.ID, Kind: salkku.FundingOwn, Name: salkku.T("Oma"), DecisionNumber: "1"}), salkku.EINVALID, "kind")
		g := &salkku.Funding{ProjectID: w.p.ID, Kind: salkku.FundingStateGrant, Name: salkku.T("Valtionavustus"), Share: 10000, FinalReportDue: "2022-06-30"}
		must(t, w.db.CreateFunding(ctx, g))
		for _, a := range []*salkku.PaymentApplication{
			{FundingID: g.ID, Number: 1, Status: salkku.ApplicationSubmitted},
			{FundingID: g.ID, Number: 2, Status: salkku.ApplicationSubmitted},
			{FundingID: g.ID, Number: 3, Status: salkku.ApplicationPlanned, Due: "2022-02-28"},
		} {
			must(t, w.db.CreatePaymentApplication(ctx, a))
		}
		wantErr(t, w.db.CreatePaymentApplication(ctx, &salkku.PaymentApplication{FundingID: g.ID, Number: 3, Due: "2022-03-01"}), salkku.EINVALID, "number")
		wantErr(t, w.db.CreatePaymentApplication(ctx, &salkku.PaymentApplication{FundingID: g.ID, Number: 4}), salkku.EINVALID, "due")
		got, err := w.db.FindFundingByID(ctx, g.ID)
		must(t, err)
		wantEqual(t, len(got.Applications), 3)
		wantEqual(t, got.Applications[2].Due, salkku.Date("2022-02-28"))
		// A grant with applications stays a grant.
		got.Kind = salkku.FundingOwn
		wantErr(t, w.db.UpdateFunding(ctx, got), salkku.EINVALID, "kind")
		pf, err := w.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		wantEqual(t, len(pf.Funding), 1)
		must(t, w.db.DeleteFunding(ctx, g.ID))
		_, err = w.db.FindPaymentApplicationByID(ctx, got.Applications[0].ID)
		wantErr(t, err, salkku.ENOTFOUND, "")
	})
}

// TestLoadedFinanceRollup loads a generated register with budgets and
// actuals and checks the roll-ups the loader builds in SQL against the
// store's own: refreshing a project's totals through a write changes
// nothing, and each portfolio's roll-up is the sum of its projects' and
// its sub-portfolios'.
func TestLoadedFinanceRollup(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		s, _ := gen.ScaleByName("tiny")
		db, ds := mustLoad(t, engine, s)
		ctx := salkku.System(t.Context())
		if len(ds.Budgets) == 0 || len(ds.Actuals) == 0 {
			t.Fatalf("%d budgets, %d actuals generated", len(ds.Budgets), len(ds.Actuals))
		}
		before := map[int64]salkku.FinanceLine{}
		for _, pf := range ds.Portfolios {
			before[pf.ID] = mustRollup(t, db, pf.ID).FollowUp.Total
		}
		// Each project's totals, recomputed by the store, are the loader's.
		for _, p := range ds.Projects {
			f, err := db.FindProjectFinance(ctx, p.ID)
			must(t, err)
			settings := f.Settings
			must(t, db.UpdateFinanceSettings(ctx, &settings))
			g, err := db.FindProjectFinance(ctx, p.ID)
			must(t, err)
			wantEqual(t, g.FollowUp, f.FollowUp)
		}
		for _, pf := range ds.Portfolios {
			r := mustRollup(t, db, pf.ID)
			wantEqual(t, r.FollowUp.Total, before[pf.ID])
			var sum salkku.FinanceLine
			for _, c := range append(r.Children, r.Projects...) {
				sum.Budget, sum.Original, sum.Actual, sum.Forecast = sum.Budget+c.Total.Budget, sum.Original+c.Total.Original, sum.Actual+c.Total.Actual, sum.Forecast+c.Total.Forecast
			}
			wantEqual(t, sum, r.FollowUp.Total)
		}
		var all salkku.Money
		for _, a := range ds.Actuals {
			all += a.Amount
		}
		var tops salkku.Money
		for _, pf := range ds.Portfolios {
			if pf.ParentID == nil {
				tops += before[pf.ID].Actual
			}
		}
		wantEqual(t, tops, all)
	})
}

func mustRollup(t *testing.T, db *sqldb.DB, id int64) *salkku.PortfolioFinance {
	t.Helper()
	r, err := db.FindPortfolioFinance(salkku.System(t.Context()), id, "", salkku.MaxPageSize)
	if err != nil {
		t.Fatal(err)
	}
	if r.Next != "" {
		t.Fatalf("portfolio %d has more than a page of projects", id)
	}
	return r
}

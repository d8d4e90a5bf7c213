package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// financeWorld is seed 002's KaRa project with its budget slide's figures:
// each category's budget is what it realised plus what it left unused, the
// realised booked as actuals, the actuals through 15.11.2021; a
// sub-portfolio with a project of its own.
type financeWorld struct {
	org     *salkku.Organisation
	pf, sub *salkku.Portfolio
	p, q    *salkku.Project
	cats    []*salkku.CostCategory
}

// seed002 is the budget slide: realised and unused per category, in
// euros.
var seed002 = []struct{ realised, unused int64 }{
	{480157, 509883}, {210257, 413183}, {3748, 5242}, {19385, 15995}, {7290, 0}, {0, 56210},
}

func newFinanceWorld(t *testing.T, a *app) *financeWorld {
	t.Helper()
	ctx := salkku.System(context.Background())
	w := &financeWorld{org: &salkku.Organisation{Name: salkku.T("Kainuun sote")}}
	must(t, a.db.CreateOrganisation(ctx, w.org))
	w.pf = &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Sote-uudistuksen kehittämishankkeet")}
	must(t, a.db.CreatePortfolio(ctx, w.pf))
	w.sub = &salkku.Portfolio{OrganisationID: w.org.ID, ParentID: &w.pf.ID, Name: salkku.T("Rakenneuudistus")}
	must(t, a.db.CreatePortfolio(ctx, w.sub))
	w.p = &salkku.Project{PortfolioID: w.pf.ID, Code: "KaRa", Name: salkku.T("KaRa-hanke"),
		Schedule: salkku.Schedule{Start: salkku.NewMonth(2020, 8), End: salkku.NewMonth(2021, 12)}}
	must(t, a.db.CreateProject(ctx, w.p))
	w.q = &salkku.Project{PortfolioID: w.sub.ID, Code: "HELLÄ", Name: salkku.T("HELLÄ-hanke"),
		Schedule: salkku.Schedule{Start: salkku.NewMonth(2020, 8), End: salkku.NewMonth(2021, 12)}}
	must(t, a.db.CreateProject(ctx, w.q))
	var err error
	w.cats, err = a.db.FindCostCategories(ctx, w.org.ID)
	must(t, err)
	if len(w.cats) != len(seed002) {
		t.Fatalf("%d default cost categories, want %d", len(w.cats), len(seed002))
	}
	rev := &salkku.BudgetRevision{ProjectID: w.p.ID, Number: 1, Date: "2020-08-01"}
	for i, c := range w.cats {
		rev.Lines = append(rev.Lines, salkku.BudgetLine{CategoryID: c.ID, Year: salkku.WholeSpan, Amount: salkku.Money((seed002[i].realised + seed002[i].unused) * 100)})
		if seed002[i].realised != 0 {
			must(t, a.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: c.ID, Month: salkku.NewMonth(2021, 11), Amount: salkku.Money(seed002[i].realised * 100)}))
		}
	}
	must(t, a.db.ReviseBudget(ctx, rev))
	must(t, a.db.UpdateFinanceSettings(ctx, &salkku.FinanceSettings{ProjectID: w.p.ID, ActualsThrough: "2021-11-15", ForecastMode: salkku.ForecastRunRate}))
	must(t, a.db.ReviseBudget(ctx, &salkku.BudgetRevision{ProjectID: w.q.ID, Number: 1, Date: "2020-08-01",
		Lines: []salkku.BudgetLine{{CategoryID: w.cats[0].ID, Year: 2021, Amount: 100000_00}}}))
	return w
}

// eur is an amount as the Finnish pages write it, no-break spaces and
// all: eur("480 157") is "480 157 €" with U+00A0 for each space.
func eur(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") + "\u00a0€" }

var svgRE = regexp.MustCompile(`(?s)<svg class="fin-bars"[^>]*>.*?</svg>`)

func TestFinancePage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		fin := "/projects/" + id(w.p.ID) + "/finance"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, fin+"?lang="+lang), http.StatusOK)
		}
		page := a.get(t, fin)
		if h := oneH1(t, page); !strings.HasPrefix(h, "Talous") {
			t.Errorf("h1 %q", h)
		}
		wantText(t, page, "Toteutuma 1.8.2020 – 15.11.2021", "Toteutunut", "Käyttämättä", "Yhteensä", "Henkilöstömenot", "Investointimenot")
		// The chart: an image with a title and a description, the unused
		// part hatched, every amount written in it.
		svg := svgRE.FindString(page.Body)
		if svg == "" {
			t.Fatalf("no chart\n%s", excerpt(page.Body))
		}
		for _, want := range []string{`role="img"`, `aria-labelledby="fin-title fin-desc"`, `<title id="fin-title">`, `<desc id="fin-desc">`,
			`<pattern id="fin-hatch"`, `fill="url(#fin-hatch)"`} {
			if !strings.Contains(svg, want) {
				t.Errorf("chart lacks %s", want)
			}
		}
		for i, s := range seed002 {
			for _, amount := range []int64{s.realised, s.unused} {
				if want := salkku.Money(amount*100).Format("fi", true); !strings.Contains(svg, want) {
					t.Errorf("category %d: chart lacks %q", i, want)
				}
			}
		}
		// The total: the budget slide rounds its lines and totals apart
		// (720 836 € and 1 000 514 €); its lines sum to 720 837 € realised
		// and 1 000 513 € unused.
		for _, want := range []string{eur("720 837"), eur("1 000 513"), eur("1 721 350")} {
			if !strings.Contains(svg, want) && !strings.Contains(page.Body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		// The table behind the chart has the same figures.
		table := page.Body[strings.Index(page.Body, `<table class="fin-table">`):]
		wantRow := func(name string, cells ...string) {
			t.Helper()
			re := regexp.MustCompile(`(?s)<tr>\s*<th scope="row"[^>]*>` + regexp.QuoteMeta(name) + `</th>(.*?)</tr>`)
			m := re.FindStringSubmatch(table)
			if m == nil {
				t.Fatalf("no row %q", name)
			}
			for _, c := range cells {
				if !strings.Contains(m[1], `<td class="num">`+c+`</td>`) {
					t.Errorf("row %q lacks %q: %s", name, c, m[1])
				}
			}
		}
		wantRow("Henkilöstömenot", eur("990 040"), eur("480 157"), eur("509 883"))
		wantRow("Muut menot", eur("7 290"), eur("0"))
		wantRow("Yhteensä", eur("1 721 350"), eur("720 837"), eur("1 000 513"))
		// The table is also a file.
		wantText(t, page, fin+"/export/follow_up?format=xlsx")
		wantStatus(t, a.get(t, fin+"/export/follow_up?format=csv-fi"), http.StatusOK)
		// The project page links here; the portfolio rolls it up.
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)), fin)
		pfPage := a.get(t, "/portfolios/"+id(w.pf.ID)+"/finance")
		wantStatus(t, pfPage, http.StatusOK)
		wantText(t, pfPage, eur("720 837"), "/portfolios/"+id(w.sub.ID)+"/finance", fin, "Rakenneuudistus", eur("100 000"))
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, "/portfolios/"+id(w.pf.ID)+"/finance?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, "/portfolios/"+id(w.pf.ID)), "/portfolios/"+id(w.pf.ID)+"/finance")
		// An overrun is said in words, not only drawn.
		must(t, a.db.CreateActual(salkku.System(context.Background()), &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.cats[4].ID,
			Month: salkku.NewMonth(2021, 11), Amount: 1000_00}))
		over := a.get(t, fin)
		wantText(t, over, "Budjetti ylitetty "+eur("1 000"), "Ylitys "+eur("1 000"))
		// The chart writes whole euros, as the slide does; the table the
		// cents.
		must(t, a.db.CreateActual(salkku.System(context.Background()), &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.cats[3].ID,
			Month: salkku.NewMonth(2021, 11), Amount: 60}))
		page = a.get(t, fin)
		wantText(t, page, "Toteutunut "+eur("19 386"), `<td class="num">`+eur("19 385,60")+`</td>`)
	})
}

// budgetCell is the grid's field of a category and year.
func budgetCell(c *salkku.CostCategory, year int) string {
	return "amount_" + id(c.ID) + "_" + id(int64(year))
}

func TestBudgetPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		path := "/projects/" + id(w.p.ID) + "/finance/budget"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, path+"?lang="+lang), http.StatusOK)
		}
		page := a.get(t, path)
		wantText(t, page, "Koko hanke", "2020", "2021", "Nykyinen", "Alkuperäinen", eur("990 040"))
		form := formValues(t, page)
		if got := form.Get(budgetCell(w.cats[0], salkku.WholeSpan)); got != "990040" {
			t.Errorf("grid shows %q for Henkilöstömenot, whole project", got)
		}
		if form.Get("number") != "2" {
			t.Errorf("next revision %q", form.Get("number"))
		}

		// A thousands point: the form comes back with what was typed and
		// says how to write it; nothing is stored.
		bad := with(form, budgetCell(w.cats[1], 2021), "1.234,50", "reason", "Lisätalousarvio")
		got := a.post(t, path, bad)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, budgetCell(w.cats[1], 2021)); e != fiMsg(salkku.ErrMoneySeparator) {
			t.Errorf("cell error %q", e)
		}
		wantKept(t, got, bad, budgetCell(w.cats[1], 2021), "reason")
		// The second revision needs a reason.
		got = a.post(t, path, with(form, budgetCell(w.cats[1], 2021), "12 000"))
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "reason.fi"); e != fiMsg("error.required") {
			t.Errorf("reason error %q", e)
		}
		pf, err := a.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		if len(pf.Revisions) != 1 {
			t.Fatalf("%d revisions after refused forms", len(pf.Revisions))
		}

		good := with(form, budgetCell(w.cats[1], 2021), "12 000", "reason", "Lisätalousarvio")
		wantRedirect(t, a.post(t, path, good), path)
		pf, err = a.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		if pf.Current.Number != 2 || pf.Current.Total != pf.Original.Total+12000_00 {
			t.Fatalf("revision %d total %d, original %d", pf.Current.Number, pf.Current.Total, pf.Original.Total)
		}
		page = a.get(t, path)
		wantText(t, page, "Lisätalousarvio", eur("12 000"), eur("623 440"))
		// The same form again, revision 2 once more: someone revised the
		// budget meanwhile; a conflict, never a silent overwrite.
		stale := with(good, budgetCell(w.cats[1], 2021), "13 000")
		got = a.post(t, path, stale)
		wantStatus(t, got, http.StatusConflict)
		wantText(t, got, fiMsg("error.stale"))
		wantKept(t, got, stale, budgetCell(w.cats[1], 2021))
		pf, _ = a.db.FindProjectFinance(ctx, w.p.ID)
		if len(pf.Revisions) != 2 {
			t.Errorf("%d revisions after a stale form", len(pf.Revisions))
		}
		// A negative amount is refused by the store at its cell.
		got = a.post(t, path, with(formValues(t, a.get(t, path)), budgetCell(w.cats[2], 2020), "-5", "reason", "Korjaus"))
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, budgetCell(w.cats[2], 2020)); e != fiMsg(salkku.ErrMoneyNegative) {
			t.Errorf("negative cell error %q", e)
		}
	})
}

func actualForm(month, cat, amount string) url.Values {
	return url.Values{"version": {"0"}, "month": {month}, "cost_category_id": {cat}, "amount": {amount}, "description": {"Lasku 123"}}
}

func TestActualPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		list := "/projects/" + id(w.p.ID) + "/finance/actuals"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, list+"?lang="+lang), http.StatusOK)
			wantStatus(t, a.get(t, list+"/new?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, list), "11/2021", eur("480 157"))
		bad := actualForm("11/2021", id(w.cats[1].ID), "1,234.50")
		got := a.post(t, list+"/new", bad)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "amount"); e != fiMsg(salkku.ErrMoneySeparator) {
			t.Errorf("amount error %q", e)
		}
		wantKept(t, got, bad, "amount", "month", "cost_category_id", "description")
		got = a.post(t, list+"/new", actualForm("1/2025", id(w.cats[1].ID), "100"))
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "month"); e != fiMsg("error.month_outside_project") {
			t.Errorf("month error %q", e)
		}
		wantRedirect(t, a.post(t, list+"/new", actualForm("12/2021", id(w.cats[1].ID), "1 234,50")), list)
		wantText(t, a.get(t, list), eur("1 234,50"), "Lasku 123", "12/2021")
		as, err := a.db.FindActuals(ctx, salkku.ActualFilter{ProjectID: w.p.ID})
		must(t, err)
		newest := as[0]
		if newest.Amount != 1234_50 || newest.Month != salkku.NewMonth(2021, 12) {
			t.Fatalf("newest actual %+v", newest)
		}
		edit := "/actuals/" + id(newest.ID) + "/edit"
		ef := formValues(t, a.get(t, edit))
		if ef.Get("amount") != "1234,50" || ef.Get("month") != "12/2021" {
			t.Errorf("edit form %v", ef)
		}
		wantRedirect(t, a.post(t, edit, with(ef, "amount", "1 500")), list)
		wantStatus(t, a.post(t, edit, with(ef, "amount", "1 600")), http.StatusConflict)
		del := "/actuals/" + id(newest.ID) + "/delete"
		wantStatus(t, a.get(t, del), http.StatusOK)
		wantRedirect(t, a.post(t, del, url.Values{}), list)
		if _, err := a.db.FindActualByID(ctx, newest.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
			t.Errorf("deleted actual: %v", err)
		}

		// Keyset paging: newest first, the next page after the last.
		for i := 0; i < salkku.DefaultPageSize+3; i++ {
			must(t, a.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.cats[2].ID, Month: salkku.NewMonth(2021, 1+i%12), Amount: salkku.Money(i+1) * 100}))
		}
		first := a.get(t, list)
		next := regexp.MustCompile(`href="([^"]*after=[^"]*)" rel="next"`).FindStringSubmatch(first.Body)
		if next == nil {
			t.Fatal("no next page")
		}
		second := a.get(t, strings.ReplaceAll(next[1], "&amp;", "&"))
		wantStatus(t, second, http.StatusOK)
		wantText(t, second, "1/2021")
		wantNoText(t, second, `rel="next"`)

		// Settings: the actuals' day and an entered forecast; a stale
		// version is a conflict.
		set := "/projects/" + id(w.p.ID) + "/finance/settings"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, set+"?lang="+lang), http.StatusOK)
		}
		sf := formValues(t, a.get(t, set))
		if sf.Get("actuals_through") != "15.11.2021" {
			t.Errorf("settings form %v", sf)
		}
		fc := "forecast_amount_" + id(w.cats[0].ID)
		badSet := with(sf, "forecast_mode", "entered", fc, "12,345")
		got = a.post(t, set, badSet)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		wantKept(t, got, badSet, fc)
		wantRedirect(t, a.post(t, set, with(sf, "forecast_mode", "entered", fc, "1 000 000", "actuals_through", "30.11.2021")), "/projects/"+id(w.p.ID)+"/finance")
		wantStatus(t, a.post(t, set, with(sf, "forecast_mode", "run_rate")), http.StatusConflict)
		page := a.get(t, "/projects/"+id(w.p.ID)+"/finance")
		wantText(t, page, "Toteutuma 1.8.2020 – 30.11.2021", eur("1 000 000"), fiMsg("finance.forecast_entered"))
	})
}

func TestFundingPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		list := "/projects/" + id(w.p.ID) + "/finance/funding"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, list+"?lang="+lang), http.StatusOK)
			wantStatus(t, a.get(t, list+"/new?lang="+lang), http.StatusOK)
		}
		form := url.Values{"version": {"0"}, "funding_kind": {"state_grant"}, "name.fi": {"STM:n valtionavustus"}, "amount": {"1 200 000"},
			"share": {"150"}, "decision_number": {"VN/1234/2020"}, "decision_date": {"22.6.2020"}, "granted": {"1 200 000"},
			"eligible_from": {"1.8.2020"}, "eligible_to": {"31.12.2021"}, "final_report_due": {"28.2.2022"}}
		got := a.post(t, list+"/new", form)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "share"); e != fiMsg(salkku.ErrPercentRange) {
			t.Errorf("share error %q", e)
		}
		wantKept(t, got, form, "share", "decision_number", "amount")
		// Own funding has no decision.
		got = a.post(t, list+"/new", with(form, "funding_kind", "own", "share", ""))
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "funding_kind"); e != fiMsg("error.decision_without_grant") {
			t.Errorf("kind error %q", e)
		}
		wantRedirect(t, a.post(t, list+"/new", with(form, "share", "75")), list)
		page := a.get(t, list)
		wantText(t, page, "STM:n valtionavustus", "Valtionavustus", "VN/1234/2020", "75\u00a0%", "28.2.2022", "loppuselvitys myöhässä")
		pf, err := a.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		f := pf.Funding[0]

		// Payment applications: two made, the third planned (and past its
		// day now).
		apps := "/funding/" + id(f.ID) + "/applications/new"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, apps+"?lang="+lang), http.StatusOK)
		}
		af := formValues(t, a.get(t, apps))
		if af.Get("number") != "1" {
			t.Errorf("new application number %q", af.Get("number"))
		}
		app := func(n, from, to, submitted, applied, received, status, due string) url.Values {
			return with(af, "number", n, "period_from", from, "period_to", to, "submitted", submitted, "applied", applied, "received", received, "status", status, "due", due)
		}
		badApp := app("1", "1.8.2020", "31.12.2020", "15.2.2021", "200 000", "150 000", "submitted", "")
		got = a.post(t, apps, badApp)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "received"); e != fiMsg("error.received_not_paid") {
			t.Errorf("received error %q", e)
		}
		wantKept(t, got, badApp, "applied", "received", "period_from")
		wantRedirect(t, a.post(t, apps, app("1", "1.8.2020", "31.12.2020", "15.2.2021", "200 000", "200 000", "paid", "")), list)
		wantRedirect(t, a.post(t, apps, app("2", "1.1.2021", "30.6.2021", "15.9.2021", "350 000", "", "submitted", "")), list)
		wantRedirect(t, a.post(t, apps, app("3", "1.7.2021", "31.12.2021", "", "", "", "planned", "28.2.2022")), list)
		got = a.post(t, apps, app("3", "1.7.2021", "31.12.2021", "", "", "", "planned", "28.2.2022"))
		wantStatus(t, got, http.StatusUnprocessableEntity)
		page = a.get(t, list)
		wantText(t, page, "Maksettu", "Lähetetty", "Suunniteltu", eur("350 000"), "myöhässä")
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)+"/finance"), "Myöhässä olevia maksatushakemuksia tai loppuselvityksiä: 2.")
		pf, _ = a.db.FindProjectFinance(ctx, w.p.ID)
		if n := len(pf.Funding[0].Applications); n != 3 {
			t.Fatalf("%d applications", n)
		}
		third := pf.Funding[0].Applications[2]
		edit := "/applications/" + id(third.ID) + "/edit"
		ef := formValues(t, a.get(t, edit))
		if ef.Get("due") != "28.2.2022" {
			t.Errorf("application form %v", ef)
		}
		wantRedirect(t, a.post(t, edit, with(ef, "status", "submitted", "submitted", "27.2.2022")), list)
		wantStatus(t, a.post(t, edit, with(ef, "note", "Myöhästyi")), http.StatusConflict)
		wantStatus(t, a.get(t, "/applications/"+id(third.ID)+"/delete"), http.StatusOK)
		wantRedirect(t, a.post(t, "/applications/"+id(third.ID)+"/delete", url.Values{}), list)

		fedit := "/funding/" + id(f.ID) + "/edit"
		ff := formValues(t, a.get(t, fedit))
		if ff.Get("share") != "75" || ff.Get("granted") != "1200000" {
			t.Errorf("funding form %v", ff)
		}
		wantRedirect(t, a.post(t, fedit, with(ff, "share", "62,5")), list)
		wantStatus(t, a.post(t, fedit, with(ff, "share", "70")), http.StatusConflict)
		wantText(t, a.get(t, list), "62,5\u00a0%")
		wantStatus(t, a.get(t, "/funding/"+id(f.ID)+"/delete"), http.StatusOK)
		wantRedirect(t, a.post(t, "/funding/"+id(f.ID)+"/delete", url.Values{}), list)
		wantText(t, a.get(t, list), fiMsg("funding.empty"))
	})
}

func TestCostCategoryPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		list := "/organisations/" + id(w.org.ID) + "/cost-categories"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, list+"?lang="+lang), http.StatusOK)
			wantStatus(t, a.get(t, list+"/new?lang="+lang), http.StatusOK)
		}
		page := a.get(t, list)
		wantText(t, page, "Henkilöstömenot", "Palvelujen ostot", "Aineet, tarvikkeet ja tavarat", "Vuokrat", "Muut menot", "Investointimenot")
		if strings.Index(page.Body, "Henkilöstömenot") > strings.Index(page.Body, "Investointimenot") {
			t.Error("categories out of order")
		}
		wantText(t, a.get(t, "/organisations"), list)
		bad := url.Values{"version": {"0"}, "name.fi": {"Matkakulut"}, "accounts": {"4700, 47a"}}
		got := a.post(t, list+"/new", bad)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		if e := fieldError(got, "accounts"); e != fiMsg("error.account_number") {
			t.Errorf("accounts error %q", e)
		}
		wantKept(t, got, bad, "accounts", "name")
		wantRedirect(t, a.post(t, list+"/new", with(bad, "accounts", "4700, 4710")), list)
		cats, err := a.db.FindCostCategories(ctx, w.org.ID)
		must(t, err)
		last := cats[len(cats)-1]
		if last.Name.FI != "Matkakulut" || strings.Join(last.Accounts, ",") != "4700,4710" || last.Position != 7 {
			t.Fatalf("new category %+v", last)
		}
		edit := list + "/" + id(last.ID) + "/edit"
		ef := formValues(t, a.get(t, edit))
		if ef.Get("accounts") != "4700, 4710" {
			t.Errorf("edit form %v", ef)
		}
		wantRedirect(t, a.post(t, edit, with(ef, "name", "Matka- ja majoituskulut")), list)
		wantStatus(t, a.post(t, edit, with(ef, "name", "Matkat")), http.StatusConflict)
		wantText(t, a.get(t, list), "Matka- ja majoituskulut")
		// A category with money on it stays, and says why.
		used := list + "/" + id(w.cats[0].ID) + "/delete"
		got = a.post(t, used, url.Values{})
		wantStatus(t, got, http.StatusConflict)
		wantText(t, got, fiMsg("error.cost_category_in_use"))
		wantRedirect(t, a.post(t, list+"/"+id(last.ID)+"/delete", url.Values{}), list)
		wantStatus(t, a.get(t, list+"/"+id(last.ID)+"/edit"), http.StatusNotFound)
	})
}

// TestFinanceViewer: a viewer of the portfolio sees the pages without
// their edit controls and is refused every form.
func TestFinanceViewer(t *testing.T) {
	a := newApp(t, "sqlite")
	w := newFinanceWorld(t, a)
	ctx := salkku.System(context.Background())
	must(t, a.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.cats[1].ID, Month: salkku.NewMonth(2021, 10), Amount: 100}))
	as, err := a.db.FindActuals(ctx, salkku.ActualFilter{ProjectID: w.p.ID})
	must(t, err)
	f := &salkku.Funding{ProjectID: w.p.ID, Kind: salkku.FundingOwn, Name: salkku.T("Kainuun hyvinvointialue")}
	must(t, a.db.CreateFunding(ctx, f))
	a.signInAs(t, a.gateUser(t, "finviewer", salkku.RoleViewer, w.pf.ID))
	p := "/projects/" + id(w.p.ID) + "/finance"
	for _, path := range []string{p, p + "/budget", p + "/actuals", p + "/funding", "/portfolios/" + id(w.pf.ID) + "/finance"} {
		page := a.get(t, path)
		wantStatus(t, page, http.StatusOK)
		wantNoText(t, page, "/edit", "/delete", "/new", `method="post" novalidate`)
	}
	for _, path := range []string{p + "/settings", p + "/actuals/new", p + "/funding/new", "/actuals/" + id(as[0].ID) + "/edit",
		"/funding/" + id(f.ID) + "/edit", "/funding/" + id(f.ID) + "/applications/new", "/funding/" + id(f.ID) + "/delete"} {
		wantStatus(t, a.get(t, path), http.StatusForbidden)
	}
	for _, path := range []string{p + "/budget", p + "/settings", p + "/actuals/new", "/actuals/" + id(as[0].ID) + "/delete"} {
		wantStatus(t, a.post(t, path, url.Values{"number": {"2"}}), http.StatusForbidden)
	}
	pf, err := a.db.FindProjectFinance(ctx, w.p.ID)
	must(t, err)
	if len(pf.Revisions) != 1 {
		t.Errorf("%d revisions after a viewer's post", len(pf.Revisions))
	}
}

// TestFinanceQueries: the finance pages run the same number of statements
// with a few projects and actuals as with many; the portfolio's roll-up
// reads the totals kept on write, not the register.
func TestFinanceQueries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		var last atomic.Int64
		a := newAppWrapped(t, engine, nil, func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx, n := sqldb.CountQueries(r.Context())
				h.ServeHTTP(w, r.WithContext(ctx))
				last.Store(n.Load())
			})
		})
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		added := 0
		grow := func(n int) {
			for ; added < n; added++ {
				parent := w.pf.ID
				if added%2 == 1 {
					sub := &salkku.Portfolio{OrganisationID: w.org.ID, ParentID: &w.pf.ID, Name: salkku.T(fmt.Sprintf("Alisalkku %d", added))}
					must(t, a.db.CreatePortfolio(ctx, sub))
					parent = sub.ID
				}
				p := &salkku.Project{PortfolioID: parent, Code: fmt.Sprintf("F%03d", added), Name: salkku.T(fmt.Sprintf("Hanke %d", added)),
					Schedule: salkku.Schedule{Start: salkku.NewMonth(2021, 1), End: salkku.NewMonth(2022, 12)}}
				must(t, a.db.CreateProject(ctx, p))
				must(t, a.db.ReviseBudget(ctx, &salkku.BudgetRevision{ProjectID: p.ID, Number: 1, Date: "2021-01-01",
					Lines: []salkku.BudgetLine{{CategoryID: w.cats[added%6].ID, Year: 2021, Amount: 1000_00}}}))
				must(t, a.db.CreateActual(ctx, &salkku.Actual{ProjectID: p.ID, CategoryID: w.cats[added%6].ID, Month: salkku.NewMonth(2021, 3), Amount: 100_00}))
				must(t, a.db.CreateActual(ctx, &salkku.Actual{ProjectID: w.p.ID, CategoryID: w.cats[added%6].ID, Month: salkku.NewMonth(2021, 1+added%11), Amount: 1_00}))
				f := &salkku.Funding{ProjectID: w.p.ID, Kind: salkku.FundingStateGrant, Name: salkku.T(fmt.Sprintf("Avustus %d", added))}
				must(t, a.db.CreateFunding(ctx, f))
				must(t, a.db.CreatePaymentApplication(ctx, &salkku.PaymentApplication{FundingID: f.ID, Number: 1, Due: "2022-02-28"}))
			}
		}
		pages := []string{
			"/portfolios/" + id(w.pf.ID) + "/finance",
			"/projects/" + id(w.p.ID) + "/finance",
			"/projects/" + id(w.p.ID) + "/finance/budget",
			"/projects/" + id(w.p.ID) + "/finance/actuals",
			"/projects/" + id(w.p.ID) + "/finance/funding",
			"/organisations/" + id(w.org.ID) + "/cost-categories",
		}
		count := func() map[string]int64 {
			out := map[string]int64{}
			for _, path := range pages {
				wantStatus(t, a.get(t, path), http.StatusOK)
				out[path] = last.Load()
			}
			return out
		}
		grow(3)
		few := count()
		grow(40)
		many := count()
		for _, path := range pages {
			if few[path] != many[path] {
				t.Errorf("%s: %d statements with 3 projects, %d with 40", path, few[path], many[path])
			}
		}
	})
}

func TestBudgetWorkPackages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newFinanceWorld(t, a)
		ctx := salkku.System(context.Background())
		oa := &salkku.WorkPackage{ProjectID: w.p.ID, Code: "OA1", Name: salkku.T("Rakenteet")}
		must(t, a.db.CreateWorkPackage(ctx, oa))
		tp := &salkku.WorkPackage{ProjectID: w.p.ID, ParentID: &oa.ID, Code: "TP1", Name: salkku.T("Palveluketjut")}
		must(t, a.db.CreateWorkPackage(ctx, tp))
		other := &salkku.WorkPackage{ProjectID: w.q.ID, Code: "X1", Name: salkku.T("Toisen hankkeen")}
		must(t, a.db.CreateWorkPackage(ctx, other))
		path := "/projects/" + id(w.p.ID) + "/finance/budget"

		page := a.get(t, path)
		wantText(t, page, "Budjetoitava kohde", "Hanke (koko hanke)", "OA1 Rakenteet", "TP1 Palveluketjut")
		unitPath := path + "?unit=" + id(tp.ID)
		page = a.get(t, unitPath)
		wantText(t, page, "Muokkaat kohteen TP1 Palveluketjut rivejä.", "Muiden kohteiden 6 riviä")
		form := formValues(t, page)
		if form.Get("unit") != id(tp.ID) {
			t.Fatalf("form unit %q", form.Get("unit"))
		}
		if got := form.Get(budgetCell(w.cats[0], salkku.WholeSpan)); got != "" {
			t.Errorf("the work package's grid shows %q, the project's amount", got)
		}

		// A bad amount keeps what was typed, on the work package's grid.
		bad := with(form, budgetCell(w.cats[0], 2021), "1.000", "reason", "TP1:n budjetti")
		got := a.post(t, unitPath, bad)
		wantStatus(t, got, http.StatusUnprocessableEntity)
		wantKept(t, got, bad, budgetCell(w.cats[0], 2021), "reason", "unit")

		good := with(form, budgetCell(w.cats[0], 2021), "25 000", "reason", "TP1:n budjetti")
		wantRedirect(t, a.post(t, unitPath, good), unitPath)
		pf, err := a.db.FindProjectFinance(ctx, w.p.ID)
		must(t, err)
		if pf.Current.Number != 2 || len(pf.Current.Lines) != len(pf.Original.Lines)+1 {
			t.Fatalf("revision %d with %d lines, original %d", pf.Current.Number, len(pf.Current.Lines), len(pf.Original.Lines))
		}
		var wpLine *salkku.BudgetLine
		own := salkku.Money(0)
		for i, l := range pf.Current.Lines {
			if l.WorkPackageID == nil {
				own += l.Amount
			} else {
				wpLine = &pf.Current.Lines[i]
			}
		}
		if wpLine == nil || *wpLine.WorkPackageID != tp.ID || wpLine.CategoryID != w.cats[0].ID || wpLine.Year != 2021 || wpLine.Amount != 25000_00 {
			t.Fatalf("work package line %+v", wpLine)
		}
		if own != pf.Original.Total {
			t.Errorf("project's own lines sum %d, want %d", own, pf.Original.Total)
		}

		// The per-unit table shows it; the project's grid still has its
		// own amounts only, and saving it keeps the work package's line.
		page = a.get(t, path)
		wantText(t, page, "Nykyinen budjetti kohteittain", eur("25 000"), "Muiden kohteiden 1 riviä")
		form = formValues(t, page)
		if got := form.Get(budgetCell(w.cats[0], 2021)); got != "" {
			t.Errorf("the project's grid shows %q, the work package's amount", got)
		}
		wantRedirect(t, a.post(t, path, with(form, budgetCell(w.cats[1], 2020), "1 000", "reason", "Lisäys")), path)
		pf, _ = a.db.FindProjectFinance(ctx, w.p.ID)
		if n := len(pf.Current.Lines); n != len(pf.Original.Lines)+2 {
			t.Errorf("%d lines after the project's revision", n)
		}

		// The export names the work package.
		exp := a.get(t, "/projects/"+id(w.p.ID)+"/finance/export/budget?format=csv")
		wantStatus(t, exp, http.StatusOK)
		wantText(t, exp, "TP1")

		// A unit not of this project, or no id at all, is refused.
		for _, u := range []string{id(other.ID), "abc", "-1"} {
			wantStatus(t, a.get(t, path+"?unit="+u), http.StatusNotFound)
			wantStatus(t, a.post(t, path+"?unit="+u, with(good, "unit", u)), http.StatusNotFound)
		}
		pf, _ = a.db.FindProjectFinance(ctx, w.p.ID)
		if len(pf.Revisions) != 3 {
			t.Errorf("%d revisions after bad units", len(pf.Revisions))
		}
	})
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

func benefitForm(desc, kind, baseline, target string) url.Values {
	return url.Values{"version": {"0"}, "description.fi": {desc}, "benefit_kind": {kind}, "metric.fi": {"Käsittelyaika"},
		"unit": {"pv"}, "baseline": {baseline}, "target": {target}, "target_date": {"30.6.2021"}}
}

// TestBenefitPages: a benefit is added, refused with its errors at the
// fields and the input kept, edited (a stale version is a conflict),
// measured over time and deleted; the project page links the benefits
// and profitability.
func TestBenefitPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		ctx := salkku.System(context.Background())
		list := "/projects/" + id(w.p.ID) + "/benefits"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, list+"?lang="+lang), http.StatusOK)
			wantStatus(t, a.get(t, list+"/new?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, list), fiMsg("benefit.empty"), fiMsg("profit.none"))

		// A baseline written the wrong way and no kind: both named, the
		// input kept, nothing stored.
		bad := a.post(t, list+"/new", benefitForm("Asiakasohjauksen käsittelyaika lyhenee", "", "1.400,5", "5,5"))
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if got := fieldError(bad, "baseline"); got != fiMsg(salkku.ErrMoneySeparator) {
			t.Errorf("baseline error %q", got)
		}
		if got := fieldError(bad, "benefit_kind"); got != fiMsg("error.invalid_choice") {
			t.Errorf("kind error %q", got)
		}
		wantText(t, bad, "Asiakasohjauksen käsittelyaika lyhenee", `value="1.400,5"`)
		if _, n, _ := a.db.FindBenefits(ctx, salkku.BenefitFilter{ProjectID: &w.p.ID}); n != 0 {
			t.Fatalf("%d benefits stored after a refused form", n)
		}

		form := benefitForm("Asiakasohjauksen käsittelyaika lyhenee", "time", "14", "5,5")
		form.Set("owner_id", id(w.person.ID))
		form.Set("work_package_id", id(w.wp.ID))
		wantRedirect(t, a.post(t, list+"/new", form), list)
		bs, _, err := a.db.FindBenefits(ctx, salkku.BenefitFilter{ProjectID: &w.p.ID})
		must(t, err)
		bf := bs[0]
		if *bf.Baseline != 1400 || *bf.Target != 550 || bf.TargetDate != "2021-06-30" || bf.OwnerName != "Kristiina Taskinen" {
			t.Fatalf("stored %+v", bf)
		}
		page := a.get(t, list)
		wantText(t, page, "Asiakasohjauksen käsittelyaika lyhenee", "14\u00a0pv", "5,5\u00a0pv", "30.6.2021", fiMsg("benefit.unverified"), "OA2 TP1")

		// Edit; a stale version is a conflict.
		edit := "/benefits/" + id(bf.ID) + "/edit"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, edit+"?lang="+lang), http.StatusOK)
		}
		ef := formValues(t, a.get(t, edit))
		if ef.Get("baseline") != "14" || ef.Get("target") != "5,5" || ef.Get("target_date") != "30.6.2021" {
			t.Errorf("edit form %v", ef)
		}
		ef.Set("target", "4")
		wantRedirect(t, a.post(t, edit, ef), list)
		ef.Set("target", "3")
		wantStatus(t, a.post(t, edit, ef), http.StatusConflict)

		// Measurements over time: realised vs target on the benefit's
		// page; a measurement on the target date verifies it.
		view := "/benefits/" + id(bf.ID)
		newM := view + "/measurements/new"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, view+"?lang="+lang), http.StatusOK)
			wantStatus(t, a.get(t, newM+"?lang="+lang), http.StatusOK)
		}
		badM := a.post(t, newM, url.Values{"date": {"31.2.2021"}, "value": {"kymmenen"}})
		wantStatus(t, badM, http.StatusUnprocessableEntity)
		if fieldError(badM, "date") == "" || fieldError(badM, "value") != fiMsg(salkku.ErrMoneyFormat) {
			t.Errorf("measurement errors %q %q", fieldError(badM, "date"), fieldError(badM, "value"))
		}
		wantRedirect(t, a.post(t, newM, url.Values{"date": {"31.3.2021"}, "value": {"9"}, "note.fi": {"Maaliskuun keskiarvo"}}), view)
		wantRedirect(t, a.post(t, newM, url.Values{"date": {"30.6.2021"}, "value": {"6,5"}}), view)
		vp := a.get(t, view)
		// From 14 to 6,5 of the expected 14 → 4: 7,5 of 10, 75 %.
		wantText(t, vp, "Maaliskuun keskiarvo", "−7,5\u00a0pv", "−10\u00a0pv", "75\u00a0%", "−5\u00a0pv")
		wantNoText(t, a.get(t, list), fiMsg("benefit.unverified")+"<")
		ms, err := a.db.FindMeasurements(ctx, bf.ID)
		must(t, err)
		medit := "/measurements/" + id(ms[0].ID) + "/edit"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, medit+"?lang="+lang), http.StatusOK)
		}
		mf := formValues(t, a.get(t, medit))
		mf.Set("value", "8,25")
		wantRedirect(t, a.post(t, medit, mf), view)
		wantStatus(t, a.post(t, medit, mf), http.StatusConflict)
		mdel := "/measurements/" + id(ms[0].ID) + "/delete"
		wantStatus(t, a.get(t, mdel), http.StatusOK)
		wantRedirect(t, a.post(t, mdel, url.Values{}), view)

		// The project's history names the changes.
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)+"/history"), fiMsg("entity.benefit"), fiMsg("entity.measurement"), fiMsg("field.benefit_kind"), fiMsg("benefit.kind.time"))
		// The project page links here and to the profitability.
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)), list, "/projects/"+id(w.p.ID)+"/profitability")
		del := "/benefits/" + id(bf.ID) + "/delete"
		wantStatus(t, a.get(t, del), http.StatusOK)
		wantRedirect(t, a.post(t, del, url.Values{}), list)
		if _, err := a.db.FindBenefitByID(ctx, bf.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
	})
}

// TestProfitabilityPage: the inputs of the hand-worked example give its
// table, NPV and payback; the chart is an image with a title and text
// labels, and the table is its data; bad input is named and kept.
func TestProfitabilityPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		self := "/projects/" + id(w.p.ID) + "/profitability"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, self+"?lang="+lang), http.StatusOK)
		}
		bad := a.post(t, self, url.Values{"version": {"0"}, "investment": {"100.000"}, "years": {"40"}, "rate": {"3"}, "costs": {"5 000"}, "savings": {"30 000\n-"}})
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		for field, key := range map[string]string{"investment": salkku.ErrMoneySeparator, "savings": salkku.ErrMoneyFormat} {
			if got := fieldError(bad, field); got != fiMsg(key) {
				t.Errorf("%s error %q, want %q", field, got, fiMsg(key))
			}
		}
		wantText(t, bad, `value="100.000"`, `value="40"`)

		wantRedirect(t, a.post(t, self, url.Values{"version": {"0"}, "investment": {"100 000"}, "years": {"5"}, "rate": {"3"}, "costs": {"5 000"}, "savings": {"30 000"}}), self)
		p := a.get(t, self)
		// The example of profitability_test.go: NPV 14 492,68 €, paid
		// back in 4 years.
		wantText(t, p, "14\u00a0492,68\u00a0€", fiMsg("profit.payback_ym", 4, 0), "0,970874", "24\u00a0271,84\u00a0€", "−100\u00a0000\u00a0€",
			`role="img"`, `<title id="profit-title">`, "<caption", `scope="row"`, "−75\u00a0k€")
		for _, lang := range []string{"sv", "en"} {
			wantStatus(t, a.get(t, self+"?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, self+"?lang=en"), "€14,492.68")

		// Per-year savings, one a line; a stale version is a conflict.
		f := formValues(t, p)
		if f.Get("savings") != "30000" || f.Get("investment") != "100000" || f.Get("rate") != "3" {
			t.Errorf("form %v", f)
		}
		f.Set("years", "3")
		f.Set("savings", "10 000\n20 000\n30 000")
		f.Set("costs", "2000")
		f.Set("investment", "50000")
		f.Set("rate", "5")
		wantRedirect(t, a.post(t, self, f), self)
		wantText(t, a.get(t, self+"?lang=fi"), "−1\u00a0866,97\u00a0€", fiMsg("profit.payback_ym", 2, 11))
		wantStatus(t, a.post(t, self, f), http.StatusConflict)
		// The benefits page sums it up.
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)+"/benefits?lang=fi"), "−1\u00a0866,97\u00a0€")
	})
}

// TestPortfolioBenefitsPage: the portfolio's view lists its
// sub-portfolio's benefits too, expected vs realised, and those past
// their target date with no measurement after it.
func TestPortfolioBenefitsPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		ctx := salkku.System(context.Background())
		d := func(v salkku.Decimal) *salkku.Decimal { return &v }
		late := &salkku.Benefit{ProjectID: w.q.ID, Description: salkku.T("Kotihoidon käynnit tehostuvat"), Kind: salkku.BenefitTime, TargetDate: "2021-06-30"}
		money := &salkku.Benefit{ProjectID: w.p.ID, Description: salkku.T("Säästö ostopalveluissa"), Kind: salkku.BenefitMoney, Baseline: d(0), Target: d(3000000), TargetDate: "2099-12-31"}
		for _, b := range []*salkku.Benefit{late, money} {
			must(t, a.db.CreateBenefit(ctx, b))
		}
		must(t, a.db.CreateMeasurement(ctx, &salkku.Measurement{BenefitID: money.ID, Date: "2021-12-31", Value: 1200000}))
		base := "/portfolios/" + id(w.pf.ID) + "/benefits"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, base+"?lang="+lang), http.StatusOK)
		}
		p := a.get(t, base)
		wantText(t, p, "Kotihoidon käynnit tehostuvat", "KH1", "Säästö ostopalveluissa", "+12\u00a0000\u00a0€", "+30\u00a0000\u00a0€", "40\u00a0%")
		unverified := p.Body[strings.Index(p.Body, `id="unverified-h"`):strings.Index(p.Body, `id="all-h"`)]
		if !strings.Contains(unverified, "Kotihoidon käynnit tehostuvat") || strings.Contains(unverified, "Säästö ostopalveluissa") {
			t.Errorf("unverified section: %s", unverified)
		}
		// The sub-portfolio's view has only its own.
		wantNoText(t, a.get(t, "/portfolios/"+id(w.sub.ID)+"/benefits"), "Säästö ostopalveluissa")
		// The portfolio page links here.
		wantText(t, a.get(t, "/portfolios/"+id(w.pf.ID)), base)
	})
}

// TestGatesProfitability: in planning, the checklist's cost-benefit and
// life-cycle profitability items say whether the project has a
// calculation and link to it.
func TestGatesProfitability(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		ctx := salkku.System(context.Background())
		must(t, a.db.PlaceProject(ctx, w.p.ID, "planning"))
		gates := "/projects/" + id(w.p.ID) + "/gates"
		link := `href="/projects/` + id(w.p.ID) + `/profitability"`
		wantText(t, a.get(t, gates), fiMsg("gates.profit_none"), link)
		must(t, a.db.SaveProfitability(ctx, &salkku.Profitability{ProjectID: w.p.ID, Investment: 10000000, Years: 5, Rate: 300,
			Costs: []salkku.Money{500000}, Savings: []salkku.Money{3000000}}))
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, gates+"?lang="+lang), http.StatusOK)
		}
		p := a.get(t, gates)
		wantText(t, p, fiMsg("gates.profit_has", "14\u00a0492,68\u00a0€"), link)
		wantNoText(t, p, fiMsg("gates.profit_none"))
		// In another phase the checklist has no such item: nothing said.
		must(t, a.db.PlaceProject(ctx, w.p.ID, "implementation"))
		wantNoText(t, a.get(t, gates), fiMsg("gates.profit_has", "14\u00a0492,68\u00a0€"))
	})
}

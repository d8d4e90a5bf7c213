package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// karaReport is the demo's submitted report of the KaRa work package code.
func (a *app) karaReport(t *testing.T, code string) (*salkku.Project, *salkku.StatusReport) {
	t.Helper()
	ctx := salkku.System(context.Background())
	pr := a.project(t, a.portfolio(t, karaName).ID, "KaRa")
	rs, err := a.db.FindReports(ctx, salkku.ReportFilter{ProjectID: &pr.ID, Page: salkku.Page{Limit: 100}})
	must(t, err)
	for _, r := range rs {
		if r.WorkPackageCode == code {
			return pr, r
		}
	}
	t.Fatalf("no demo report of %s", code)
	return nil, nil
}

// wantLight checks that the page shows the dimension's light in colour and
// in words.
func wantLight(t *testing.T, p *page, dim, colour, name string) {
	t.Helper()
	want := `<dt>` + dim + `</dt><dd><span class="light light-` + colour + `"><span class="light-dot" aria-hidden="true"></span>` + name + `</span>`
	if !strings.Contains(p.Body, want) {
		t.Errorf("%s: no light %s %s (%s)", p, dim, colour, name)
	}
}

// TestKaraReportReadsAsSlide checks that a demo report of 22.11.2021 shows
// seed 002's slide box by box, bullets as a list and lights in words.
func TestKaraReportReadsAsSlide(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pr, r := a.karaReport(t, "OA2 TP1")
		p := a.get(t, "/reports/"+id(r.ID))
		wantStatus(t, p, http.StatusOK)
		wantText(t, p, "Yleistilanne suhteessa hankesuunnitelmaan", "Toteuttaminen poikkeaa suunnitellusta:",
			"Keskeiset aikaansaannokset (22.11.2021 mennessä)", "Vielä tehtävänä", "Poikkeamat, ongelmat, riskit",
			"Projektipäällikön resurssit", "Kristiina Taskinen")
		wantLight(t, p, "Kokonaistilanne", "yellow", "poikkeama")
		if !strings.Contains(p.Body, "<li>Työpakettiin ei saatu rekrytoitua suunnittelijaa</li>") {
			t.Errorf("bullets are not a list:\n%s", excerpt(p.Body))
		}
		// The tagged package carries the legend.
		_, d := a.karaReport(t, "OA2 TP3 d")
		dp := a.get(t, "/reports/"+id(d.ID))
		wantText(t, dp, "(H)", "H=HELLÄ-yhteys")
		wantLight(t, dp, "Kokonaistilanne", "red", "ongelma")
		// The period gathers every slide of the programme in code order.
		pk := a.get(t, "/projects/"+id(pr.ID)+"/reports/period/2021-12-31")
		wantStatus(t, pk, http.StatusOK)
		if n := strings.Count(pk.Body, `<article class="slide"`); n != 19 {
			t.Errorf("period pack: %d slides, want 19", n)
		}
		if i, j := strings.Index(pk.Body, "Vapaaehtoinen alueellinen valmistelu"), strings.Index(pk.Body, "Yhteistyötasoinen tai muu"); i < 0 || j < i {
			t.Errorf("OA1 should come before OA4")
		}
	})
}

// TestReportFlowThroughPages writes the next report of a package through
// the forms: pre-filled, saved as a draft, submitted, then frozen; its page
// shows what changed. Bad input keeps what was typed and stores nothing.
func TestReportFlowThroughPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pr, prev := a.karaReport(t, "OA2 TP1")
		ctx := salkku.System(context.Background())
		wpID := id(*prev.WorkPackageID)
		newURL := "/projects/" + id(pr.ID) + "/reports/new"

		p := a.get(t, newURL+"?work_package_id="+wpID+"&report_date=10.1.2022")
		wantStatus(t, p, http.StatusOK)
		wantText(t, p, "Toteuttaminen poikkeaa suunnitellusta:", "OA2 TP1")
		form := url.Values{"version": {"0"}, "work_package_id": {wpID}, "report_date": {"10.1.2022"},
			"responsible_ids": {id(prev.ResponsibleIDs[0])},
			"overall.fi":      {"Toteuttaminen poikkeaa suunnitellusta:\n• Työpakettiin ei saatu rekrytoitua suunnittelijaa"},
			"deviations.fi":   {"Projektipäällikön resurssit\n• Loppuraportointi myöhässä"},
			"light_overall":   {"blue"}}
		// A light that does not exist: the form again, as typed.
		bad := a.post(t, newURL, form)
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		wantText(t, bad, "Loppuraportointi myöhässä")
		// A date outside the cycle (it starts 1.7.2021).
		form.Set("light_overall", salkku.LightRed)
		form.Set("report_date", "1.6.2021")
		bad = a.post(t, newURL, form)
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		wantText(t, bad, fiMsg("error.report_outside_cycle"))
		if rs, _ := a.db.FindReports(ctx, salkku.ReportFilter{ProjectID: &pr.ID, WorkPackageID: prev.WorkPackageID}); len(rs) != 1 {
			t.Fatalf("bad input stored a report: %d", len(rs))
		}
		form.Set("report_date", "10.1.2022")
		loc := wantRedirect(t, a.post(t, newURL, form), "/reports/*")
		rid, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/reports/"), 10, 64)
		draft, err := a.db.FindReportByID(ctx, rid)
		must(t, err)
		if draft.State != salkku.ReportDraft || draft.Period.Due != "2022-02-28" {
			t.Fatalf("draft: %s %v", draft.State, draft.Period)
		}
		wantRedirect(t, a.post(t, "/reports/"+id(rid)+"/submit", url.Values{"version": {strconv.Itoa(draft.Version)}}), "/reports/"+id(rid))
		page := a.get(t, "/reports/"+id(rid))
		wantText(t, page, "Mikä muuttui", "Loppuraportointi myöhässä", fiMsg("report.diff_added"), "Vielä tehtävänä")
		// Frozen: its edit form answers with the rule, not the form.
		wantStatus(t, a.get(t, "/reports/"+id(rid)+"/edit"), http.StatusBadRequest)
		// The summary of that period shows the red light and the worsening.
		sum := a.get(t, "/portfolios/"+id(pr.PortfolioID)+"/status?date=15.1.2022")
		wantStatus(t, sum, http.StatusOK)
		wantText(t, sum, "Jakso 1.1.2022–28.2.2022", "heikentynyt")
	})
}

// TestReportReviewRefused: a viewer may read but not review; nothing
// changes.
func TestReportReviewRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pr, r := a.karaReport(t, "OA1")
		a.signInAs(t, a.gateUser(t, "viewer", salkku.RoleViewer, pr.PortfolioID))
		p := a.get(t, "/reports/"+id(r.ID))
		wantStatus(t, p, http.StatusOK)
		wantNoText(t, p, fiMsg("report.review"))
		wantStatus(t, a.post(t, "/reports/"+id(r.ID)+"/review", url.Values{"version": {strconv.Itoa(r.Version)}}), http.StatusForbidden)
		got, _ := a.db.FindReportByID(salkku.System(context.Background()), r.ID)
		if got.State != salkku.ReportSubmitted {
			t.Fatalf("state %s after a refused review", got.State)
		}
	})
}

// TestRaiseRiskFromDeviations: the report page offers each line of its
// deviations box not yet in the register; raising one files it with the
// report and the package, and the page lists it.
func TestRaiseRiskFromDeviations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		_, r := a.karaReport(t, "OA2 TP2")
		p := a.get(t, "/reports/"+id(r.ID))
		wantStatus(t, p, http.StatusOK)
		// The demo raised every line already: nothing left to raise.
		wantText(t, p, "Koronatilanne", fiMsg("report.risks_title"))
		wantNoText(t, p, fiMsg("report.raise"))
		// A line the demo did not raise.
		ctx := salkku.System(context.Background())
		risks, _, err := a.db.FindRisks(ctx, salkku.RiskFilter{ProjectID: &r.ProjectID, ReportID: &r.ID})
		must(t, err)
		must(t, a.db.DeleteRisk(ctx, risks[0].ID))
		p = a.get(t, "/reports/"+id(r.ID))
		wantText(t, p, fiMsg("report.raise"))
		link := "/projects/" + id(r.ProjectID) + "/risks/new?" + url.Values{"description": {plain(risks[0].Description.FI)}, "report_id": {id(r.ID)},
			"work_package_id": {id(*r.WorkPackageID)}}.Encode()
		if !strings.Contains(p.Body, "/projects/"+id(r.ProjectID)+"/risks/new?description=") || !strings.Contains(p.Body, "report_id="+id(r.ID)) {
			t.Fatalf("no link to raise the line:\n%s", excerpt(p.Body))
		}
		form := a.get(t, link)
		wantStatus(t, form, http.StatusOK)
		wantText(t, form, risks[0].Description.FI)
	})
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// riskWorld is a portfolio with a sub-portfolio, a project in each (the
// first with a work package) and a person.
type riskWorld struct {
	pf, sub *salkku.Portfolio
	p, q    *salkku.Project
	wp      *salkku.WorkPackage
	person  *salkku.Person
}

func newRiskWorld(t *testing.T, a *app) *riskWorld {
	t.Helper()
	ctx := salkku.System(context.Background())
	org := &salkku.Organisation{Name: salkku.T("Kangasalan kaupunki")}
	must(t, a.db.CreateOrganisation(ctx, org))
	w := &riskWorld{person: &salkku.Person{Name: "Kristiina Taskinen", OrganisationID: &org.ID}}
	must(t, a.db.CreatePerson(ctx, w.person))
	w.pf = &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Sote-palvelut")}
	must(t, a.db.CreatePortfolio(ctx, w.pf))
	w.sub = &salkku.Portfolio{OrganisationID: org.ID, ParentID: &w.pf.ID, Name: salkku.T("Kotihoito")}
	must(t, a.db.CreatePortfolio(ctx, w.sub))
	w.p = &salkku.Project{PortfolioID: w.pf.ID, Code: "KaRa", Name: salkku.T("KaRa-hanke")}
	must(t, a.db.CreateProject(ctx, w.p))
	w.q = &salkku.Project{PortfolioID: w.sub.ID, Code: "KH1", Name: salkku.T("Kotihoidon toiminnanohjaus")}
	must(t, a.db.CreateProject(ctx, w.q))
	w.wp = &salkku.WorkPackage{ProjectID: w.p.ID, Code: "OA2 TP1", Name: salkku.T("Asiakasohjaus")}
	must(t, a.db.CreateWorkPackage(ctx, w.wp))
	return w
}

func riskForm(desc, p, i string) url.Values {
	return url.Values{"version": {"0"}, "description.fi": {desc}, "cause.fi": {"Koronatilanne"}, "consequence.fi": {"Aikataulu venyy"},
		"probability": {p}, "impact": {i}, "status": {"open"}, "review_date": {"1.1.2021"}, "mitigation.fi": {"Lisäresurssi"}}
}

func TestRiskPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		list := "/projects/" + id(w.p.ID) + "/risks"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, list+"?lang="+lang), http.StatusOK)
			wantStatus(t, a.get(t, list+"/new?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, list), "Ei riskejä.")

		// A probability of 7: the form comes back with the error at the
		// field, and nothing is stored.
		bad := a.post(t, list+"/new", riskForm("Toteuttaminen poikkeaa suunnitellusta", "7", "3"))
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if got := fieldError(bad, "probability"); got != fiMsg("error.out_of_range") {
			t.Errorf("probability error %q", got)
		}
		wantText(t, bad, "Toteuttaminen poikkeaa suunnitellusta")
		if _, n, _ := a.db.FindRisks(salkku.System(context.Background()), salkku.RiskFilter{ProjectID: &w.p.ID}); n != 0 {
			t.Fatalf("%d risks stored after a refused form", n)
		}

		form := riskForm("Toteuttaminen poikkeaa suunnitellusta", "4", "3")
		form.Set("work_package_id", id(w.wp.ID))
		form.Set("owner_id", id(w.person.ID))
		wantRedirect(t, a.post(t, list+"/new", form), list)
		a.post(t, list+"/new", riskForm("Vähäinen riski", "1", "2"))
		page := a.get(t, list)
		wantText(t, page, "Toteuttaminen poikkeaa suunnitellusta", "Kristiina Taskinen", "OA2 TP1", "korkea", "tarkistus myöhässä")
		if strings.Index(page.Body, "Toteuttaminen") > strings.Index(page.Body, "Vähäinen") {
			t.Error("the higher score is not first")
		}
		rs, _, err := a.db.FindRisks(salkku.System(context.Background()), salkku.RiskFilter{ProjectID: &w.p.ID})
		must(t, err)
		r := rs[0]
		if r.Score != 12 || r.OwnerID == nil || *r.OwnerID != w.person.ID {
			t.Fatalf("stored %+v", r)
		}

		// Edit: the form shows the risk; a stale version is a conflict.
		edit := "/risks/" + id(r.ID) + "/edit"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, edit+"?lang="+lang), http.StatusOK)
		}
		ep := a.get(t, edit)
		wantText(t, ep, `name="probability" value="4" checked`, `name="impact" value="3" checked`)
		ef := formValues(t, ep)
		if ef.Get("description.fi") != "Toteuttaminen poikkeaa suunnitellusta" {
			t.Errorf("edit form %v", ef)
		}
		// Radios: the form helper posts every one; send the chosen.
		ef.Set("probability", "4")
		ef.Set("impact", "5")
		wantRedirect(t, a.post(t, edit, ef), list)
		ef.Set("impact", "1")
		wantStatus(t, a.post(t, edit, ef), http.StatusConflict)
		got, err := a.db.FindRiskByID(salkku.System(context.Background()), r.ID)
		must(t, err)
		if got.Score != 20 {
			t.Errorf("score %d after edit, want 20", got.Score)
		}

		// The project's history names the risk's changes.
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, "/projects/"+id(w.p.ID)+"/history?lang="+lang), http.StatusOK)
		}
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)+"/history"), fiMsg("entity.risk"), "Todennäköisyys", fiMsg("risk.status.open"))
		// The project page links to the register; delete asks first.
		wantText(t, a.get(t, "/projects/"+id(w.p.ID)), list)
		del := "/risks/" + id(r.ID) + "/delete"
		wantStatus(t, a.get(t, del), http.StatusOK)
		wantRedirect(t, a.post(t, del, url.Values{}), list)
		_, err = a.db.FindRiskByID(salkku.System(context.Background()), r.ID)
		if salkku.ErrorCode(err) != salkku.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
	})
}

// TestHeatMapPage: the chart's and the table's counts agree with the
// risks, the sub-portfolio's included and closed ones left out; a cell
// lists its risks; the past-review list names the late one.
func TestHeatMapPage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		ctx := salkku.System(context.Background())
		for _, r := range []*salkku.Risk{
			{ProjectID: w.p.ID, Description: salkku.T("Resurssit eivät riitä"), Probability: 3, Impact: 4, ReviewDate: "2021-01-01"},
			{ProjectID: w.q.ID, Description: salkku.T("Järjestelmätoimittaja myöhästyy"), Probability: 3, Impact: 4},
			{ProjectID: w.q.ID, Description: salkku.T("Suljettu riski"), Probability: 3, Impact: 4, Status: salkku.RiskClosed},
			{ProjectID: w.p.ID, Description: salkku.T("Tietosuoja"), Probability: 5, Impact: 5},
			{ProjectID: w.p.ID, Description: salkku.T("Arvioimaton riski")},
		} {
			must(t, a.db.CreateRisk(ctx, r))
		}
		base := "/portfolios/" + id(w.pf.ID) + "/risks"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, base+"?lang="+lang), http.StatusOK)
		}
		p := a.get(t, base)
		wantText(t, p, `role="img"`, "<title id=\"heat-title\">", "<caption", `scope="row"`, "kriittinen")
		// The table's cell 3×4 links to its two risks; 5×5 to one.
		wantText(t, p, `href="`+base+`?i=4&p=3#cell">2<`, `href="`+base+`?i=5&p=5#cell">1<`)
		wantText(t, p, "Resurssit eivät riitä") // past its review date
		wantNoText(t, p, "Suljettu riski")
		wantText(t, p, fiMsg("heatmap.unassessed", "1"))

		cell := a.get(t, base+"?p=3&i=4")
		wantStatus(t, cell, http.StatusOK)
		wantText(t, cell, "Resurssit eivät riitä", "Järjestelmätoimittaja myöhästyy", "KH1")
		wantNoText(t, cell, "Suljettu riski", "Tietosuoja")
		wantStatus(t, a.get(t, base+"?p=7&i=4"), http.StatusBadRequest)
		// The portfolio page links here.
		wantText(t, a.get(t, "/portfolios/"+id(w.pf.ID)), base)
	})
}

func TestDecisionLogPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		ctx := salkku.System(context.Background())
		must(t, a.db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: w.p.ID, Gate: "P0", DecidedOn: "2021-06-01", Decision: salkku.DecisionApproved, Level: salkku.LevelPortfolio}))
		log := "/projects/" + id(w.p.ID) + "/decisions"
		for _, path := range []string{log, log + "/new", "/portfolios/" + id(w.pf.ID) + "/decisions", "/portfolios/" + id(w.pf.ID) + "/decisions/new"} {
			for _, lang := range []string{"sv", "en", "fi"} {
				wantStatus(t, a.get(t, path+"?lang="+lang), http.StatusOK)
			}
		}
		// The gate decision is in the project's log, linked to the gates.
		wantText(t, a.get(t, log), "Porttipäätös", "/projects/"+id(w.p.ID)+"/gates", "P0: Hyväksytty")

		form := url.Values{"version": {"0"}, "decided_on": {"22.11.2021"}, "decided_by.fi": {"Ohjausryhmä"},
			"decision.fi": {"Hyväksyttiin tilannekatsaus."}, "who": {"Kristiina Taskinen"}, "minutes_url": {"javascript:alert(1)"}}
		bad := a.post(t, log+"/new", form)
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if got := fieldError(bad, "minutes_url"); got != fiMsg("error.link") {
			t.Errorf("minutes_url error %q", got)
		}
		form.Set("minutes_url", "https://example.org/pk/2021-11-22")
		wantRedirect(t, a.post(t, log+"/new", form), log)
		p := a.get(t, log)
		wantText(t, p, "Ohjausryhmä", "Hyväksyttiin tilannekatsaus.", "https://example.org/pk/2021-11-22")
		entries, _, err := a.db.FindDecisionLog(ctx, salkku.LogFilter{ProjectID: &w.p.ID})
		must(t, err)
		var e *salkku.DecisionEntry
		for _, x := range entries {
			if x.Kind == salkku.LogEntry {
				e = x
			}
		}
		if e == nil {
			t.Fatal("no entry")
		}
		edit := "/decisions/" + id(e.ID) + "/edit"
		wantStatus(t, a.get(t, edit), http.StatusOK)
		ef := formValues(t, a.get(t, edit))
		ef.Set("decision.fi", "Muutettu päätös")
		wantRedirect(t, a.post(t, edit, ef), log)
		wantStatus(t, a.post(t, edit, ef), http.StatusConflict)
		wantStatus(t, a.get(t, "/decisions/"+id(e.ID)+"/delete"), http.StatusOK)
		wantRedirect(t, a.post(t, "/decisions/"+id(e.ID)+"/delete", url.Values{}), log)

		// The portfolio's log: its own entry, and the project's P0 (a
		// portfolio-level gate).
		pl := "/portfolios/" + id(w.pf.ID) + "/decisions"
		wantRedirect(t, a.post(t, pl+"/new", url.Values{"version": {"0"}, "decided_on": {"1.12.2021"}, "decision.fi": {"Salkun priorisointi hyväksyttiin."}}), pl)
		wantText(t, a.get(t, pl), "Salkun priorisointi hyväksyttiin.", "KaRa KaRa-hanke", "P0: Hyväksytty")
	})
}

func TestCommsPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		w := newRiskWorld(t, a)
		log := "/projects/" + id(w.p.ID) + "/communications"
		for _, path := range []string{log, log + "/new"} {
			for _, lang := range []string{"sv", "en", "fi"} {
				wantStatus(t, a.get(t, path+"?lang="+lang), http.StatusOK)
			}
		}
		form := url.Values{"version": {"0"}, "when": {"huomenna"}, "subject.fi": {"KaRa-hanke viestintä"}, "channel": {"intranet"},
			"scope": {"internal"}, "audience.fi": {"Henkilöstö"}, "work_package_id": {id(w.wp.ID)}, "link": {"https://example.org/intra"}}
		bad := a.post(t, log+"/new", form)
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if got := fieldError(bad, "when"); got != fiMsg("error.comms_when") {
			t.Errorf("when error %q", got)
		}
		form.Set("when", "1/2021 – 3/2021")
		wantRedirect(t, a.post(t, log+"/new", form), log)
		form.Set("when", "22.11.2021")
		form.Set("channel", "release")
		form.Set("scope", "external")
		form.Set("subject.fi", "Tiedote")
		wantRedirect(t, a.post(t, log+"/new", form), log)
		p := a.get(t, log)
		wantText(t, p, "1/2021 – 3/2021", "KaRa-hanke viestintä", "Intranet", "Sisäinen", "Henkilöstö", "OA2 TP1", "Tiedote", "Ulkoinen")
		if strings.Index(p.Body, "KaRa-hanke viestintä") > strings.Index(p.Body, ">Tiedote<") {
			t.Error("not in time order")
		}
		cs, _, err := a.db.FindCommsLog(salkku.System(context.Background()), salkku.LogFilter{ProjectID: &w.p.ID})
		must(t, err)
		edit := "/communications/" + id(cs[0].ID) + "/edit"
		for _, lang := range []string{"sv", "en", "fi"} {
			wantStatus(t, a.get(t, edit+"?lang="+lang), http.StatusOK)
		}
		ef := formValues(t, a.get(t, edit))
		if ef.Get("when") != "1/2021 – 3/2021" {
			t.Errorf("when in the form: %q", ef.Get("when"))
		}
		ef.Set("scope", "internal")
		ef.Set("channel", "blog")
		wantRedirect(t, a.post(t, edit, ef), log)
		wantStatus(t, a.get(t, "/communications/"+id(cs[0].ID)+"/delete"), http.StatusOK)
		wantRedirect(t, a.post(t, "/communications/"+id(cs[0].ID)+"/delete", url.Values{}), log)
	})
}

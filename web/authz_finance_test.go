package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/salkku/salkku"
)

// The rows of the authorization matrix for the finance pages (issue 10):
// a project's finance is seen with the project and kept by those who edit
// it; a portfolio's roll-up is seen by those with a role on it (not by the
// manager of one of its projects, who would learn of the others'); an organisation's
// cost categories are seen by everyone with a role in it and kept by its
// owners and project offices.

// budgetForm is the next revision of a project's budget, as the form
// posts it.
func (f *azFixture) budgetForm(p *salkku.Project) url.Values {
	pf, err := f.db.FindProjectFinance(salkku.System(context.Background()), p.ID)
	must(f.t, err)
	n := 1
	if pf.Current != nil {
		n = pf.Current.Number + 1
	}
	return url.Values{"number": {strconv.Itoa(n)}, "date": {"22.11.2021"}, "reason.fi": {f.fresh("Muutos")},
		fmt.Sprintf("amount_%d_0", pf.Categories[0].ID): {strconv.Itoa(1000 + n)}}
}

func (f *azFixture) settingsForm(p *salkku.Project) url.Values {
	pf, err := f.db.FindProjectFinance(salkku.System(context.Background()), p.ID)
	must(f.t, err)
	return url.Values{"version": {strconv.Itoa(pf.Settings.Version)}, "actuals_through": {"15.11.2021"}, "forecast_mode": {"run_rate"}}
}

// freshImportFile is an uploaded actuals file of the organisation, kept
// for its next steps, and the mapping of its columns: its id column's
// header is its own, so that saving its mapping changes the one
// remembered.
func (f *azFixture) freshImportFile() (*salkku.ImportFile, url.Values) {
	idCol := f.fresh("Tosite")
	content := "Hanke;Kustannuslaji;Kuukausi;Summa;" + idCol + "\r\n" + f.pa.Code + ";Henkilöstömenot;11/2021;100;" + f.fresh("T") + "\r\n"
	im := &salkku.ImportFile{OrganisationID: f.org.ID, Kind: salkku.ImportKindActuals, Name: "toteumat.csv", Content: []byte(content)}
	must(f.t, f.db.SaveImportFile(salkku.System(context.Background()), im))
	return im, url.Values{"map_project": {"Hanke"}, "map_category": {"Kustannuslaji"}, "map_month": {"Kuukausi"}, "map_amount": {"Summa"}, "map_source_id": {idCol}}
}

func azFinanceCases(f *azFixture) []azCase {
	const (
		admin    = azAdmin
		seeA     = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA
		seeA1    = azAdmin | azOwner | azOffice | azSteering | azViewerA
		seeB     = azAdmin | azViewerB
		officeA  = azAdmin | azOwner | azOffice
		editPA   = azAdmin | azOwner | azOffice | azManager
		inOrg    = azSignedIn &^ azNoRole
		seeOther = http.StatusSeeOther
		okay     = http.StatusOK
	)
	p := fmt.Sprintf
	get := func(route, target string, allow azSet, path string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: okay, req: func() azReq { return azReq{path: path} }}
	}
	getf := func(route, target string, allow azSet, path func() string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: okay, req: func() azReq { return azReq{path: path()} }}
	}
	do := func(route, target string, allow azSet, ok int, req func() azReq) azCase {
		return azCase{route: route, target: target, allow: allow, ok: ok, req: req}
	}
	pa, pa1, pb := f.pa, f.pa1, f.pb
	cats := func() []*salkku.CostCategory {
		cs, err := f.db.FindCostCategories(salkku.System(context.Background()), f.org.ID)
		must(f.t, err)
		return cs
	}
	actualForm := func() url.Values {
		return url.Values{"month": {"11/2021"}, "cost_category_id": {strconv.FormatInt(cats()[0].ID, 10)}, "amount": {"1 234,50"}, "description": {f.fresh("Lasku")}}
	}
	fundingForm := func() url.Values {
		return url.Values{"funding_kind": {"own"}, "name.fi": {f.fresh("Oma rahoitus")}, "amount": {"10 000"}}
	}
	appForm := func(n int) url.Values {
		return url.Values{"number": {strconv.Itoa(n)}, "status": {"planned"}, "due": {"28.2.2022"}}
	}
	catForm := func() url.Values { return url.Values{"name.fi": {f.fresh("Kustannuslaji")}, "accounts": {"4700"}} }
	org := f.org.ID
	var cases []azCase
	for _, pr := range []struct {
		name       string
		p          *salkku.Project
		see, edit  azSet
		onlyReadPB bool
	}{{"PA", pa, seeA, editPA, false}, {"PA1", pa1, seeA1, officeA, true}, {"PB", pb, seeB, admin, false}} {
		pr := pr
		fin := p("/projects/%d/finance", pr.p.ID)
		cases = append(cases,
			get("GET /projects/{id}/finance", pr.name, pr.see, fin),
			get("GET /projects/{id}/finance/budget", pr.name, pr.see, fin+"/budget"),
			get("GET /projects/{id}/finance/actuals", pr.name, pr.see, fin+"/actuals"),
			get("GET /projects/{id}/finance/funding", pr.name, pr.see, fin+"/funding"),
		)
		if pr.onlyReadPB {
			continue
		}
		cases = append(cases,
			do("POST /projects/{id}/finance/budget", pr.name, pr.edit, seeOther, func() azReq { return azReq{path: fin + "/budget", form: f.budgetForm(pr.p)} }),
			get("GET /projects/{id}/finance/settings", pr.name, pr.edit, fin+"/settings"),
			do("POST /projects/{id}/finance/settings", pr.name, pr.edit, seeOther, func() azReq { return azReq{path: fin + "/settings", form: f.settingsForm(pr.p)} }),
			get("GET /projects/{id}/finance/actuals/new", pr.name, pr.edit, fin+"/actuals/new"),
			do("POST /projects/{id}/finance/actuals/new", pr.name, pr.edit, seeOther, func() azReq { return azReq{path: fin + "/actuals/new", form: actualForm()} }),
			getf("GET /actuals/{id}/edit", "in "+pr.name, pr.edit, func() string { return p("/actuals/%d/edit", f.freshActual(pr.p).ID) }),
			do("POST /actuals/{id}/edit", "in "+pr.name, pr.edit, seeOther, func() azReq {
				return azReq{path: p("/actuals/%d/edit", f.freshActual(pr.p).ID), form: with(actualForm(), "version", "1")}
			}),
			getf("GET /actuals/{id}/delete", "in "+pr.name, pr.edit, func() string { return p("/actuals/%d/delete", f.freshActual(pr.p).ID) }),
			do("POST /actuals/{id}/delete", "in "+pr.name, pr.edit, seeOther, func() azReq { return azReq{path: p("/actuals/%d/delete", f.freshActual(pr.p).ID)} }),
			get("GET /projects/{id}/finance/funding/new", pr.name, pr.edit, fin+"/funding/new"),
			do("POST /projects/{id}/finance/funding/new", pr.name, pr.edit, seeOther, func() azReq { return azReq{path: fin + "/funding/new", form: fundingForm()} }),
			getf("GET /funding/{id}/edit", "in "+pr.name, pr.edit, func() string { return p("/funding/%d/edit", f.freshGrant(pr.p).ID) }),
			do("POST /funding/{id}/edit", "in "+pr.name, pr.edit, seeOther, func() azReq {
				return azReq{path: p("/funding/%d/edit", f.freshGrant(pr.p).ID), form: with(fundingForm(), "version", "1", "funding_kind", "state_grant")}
			}),
			getf("GET /funding/{id}/delete", "in "+pr.name, pr.edit, func() string { return p("/funding/%d/delete", f.freshGrant(pr.p).ID) }),
			do("POST /funding/{id}/delete", "in "+pr.name, pr.edit, seeOther, func() azReq { return azReq{path: p("/funding/%d/delete", f.freshGrant(pr.p).ID)} }),
			getf("GET /funding/{id}/applications/new", "in "+pr.name, pr.edit, func() string { return p("/funding/%d/applications/new", f.freshGrant(pr.p).ID) }),
			do("POST /funding/{id}/applications/new", "in "+pr.name, pr.edit, seeOther, func() azReq {
				return azReq{path: p("/funding/%d/applications/new", f.freshGrant(pr.p).ID), form: appForm(1)}
			}),
			getf("GET /applications/{id}/edit", "in "+pr.name, pr.edit, func() string { return p("/applications/%d/edit", f.freshApplication(pr.p).ID) }),
			do("POST /applications/{id}/edit", "in "+pr.name, pr.edit, seeOther, func() azReq {
				return azReq{path: p("/applications/%d/edit", f.freshApplication(pr.p).ID), form: with(appForm(1), "version", "1")}
			}),
			getf("GET /applications/{id}/delete", "in "+pr.name, pr.edit, func() string { return p("/applications/%d/delete", f.freshApplication(pr.p).ID) }),
			do("POST /applications/{id}/delete", "in "+pr.name, pr.edit, seeOther, func() azReq {
				return azReq{path: p("/applications/%d/delete", f.freshApplication(pr.p).ID)}
			}),
		)
	}
	cc := p("/organisations/%d/cost-categories", org)
	cases = append(cases,
		get("GET /portfolios/{id}/finance", "A", seeA&^azManager, p("/portfolios/%d/finance", f.a.ID)),
		get("GET /portfolios/{id}/finance", "A1", seeA1, p("/portfolios/%d/finance", f.a1.ID)),
		get("GET /portfolios/{id}/finance", "B", seeB, p("/portfolios/%d/finance", f.b.ID)),
		get("GET /organisations/{id}/cost-categories", "the organisation", inOrg, cc),
		get("GET /organisations/{id}/cost-categories/new", "the organisation", officeA, cc+"/new"),
		do("POST /organisations/{id}/cost-categories/new", "the organisation", officeA, seeOther, func() azReq { return azReq{path: cc + "/new", form: catForm()} }),
		getf("GET /organisations/{id}/cost-categories/{cid}/edit", "a fresh one", officeA, func() string { return p("%s/%d/edit", cc, f.freshCostCategory().ID) }),
		do("POST /organisations/{id}/cost-categories/{cid}/edit", "a fresh one", officeA, seeOther, func() azReq {
			return azReq{path: p("%s/%d/edit", cc, f.freshCostCategory().ID), form: with(catForm(), "version", "1")}
		}),
		getf("GET /organisations/{id}/cost-categories/{cid}/delete", "a fresh one", officeA, func() string { return p("%s/%d/delete", cc, f.freshCostCategory().ID) }),
		do("POST /organisations/{id}/cost-categories/{cid}/delete", "a fresh one", officeA, seeOther, func() azReq {
			return azReq{path: p("%s/%d/delete", cc, f.freshCostCategory().ID)}
		}),

		// The actuals import, for those who keep the cost categories. An
		// upload without a file is the form sent back.
		get("GET /organisations/{id}/actual-imports", "the organisation", officeA, p("/organisations/%d/actual-imports", org)),
		do("POST /organisations/{id}/actual-imports", "no file", officeA, http.StatusUnprocessableEntity, func() azReq {
			return azReq{path: p("/organisations/%d/actual-imports", org), form: url.Values{}}
		}),
		getf("GET /organisations/{id}/actual-imports/{fid}", "a fresh file", officeA, func() string {
			im, _ := f.freshImportFile()
			return p("/organisations/%d/actual-imports/%d", org, im.ID)
		}),
		getf("GET /organisations/{id}/actual-imports/{fid}/check", "a fresh file", officeA, func() string {
			im, m := f.freshImportFile()
			return p("/organisations/%d/actual-imports/%d/check?%s", org, im.ID, m.Encode())
		}),
		getf("GET /organisations/{id}/actual-imports/{fid}/preview", "a fresh file", officeA, func() string {
			im, m := f.freshImportFile()
			return p("/organisations/%d/actual-imports/%d/preview?%s", org, im.ID, m.Encode())
		}),
		do("POST /organisations/{id}/actual-imports/{fid}/apply", "a fresh file", officeA, okay, func() azReq {
			im, m := f.freshImportFile()
			return azReq{path: p("/organisations/%d/actual-imports/%d/apply", org, im.ID), form: m}
		}),
	)
	return cases
}

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/salkku/salkku"
)

// The rows of the authorization matrix for risks, the heat map and the
// logs (issue 9): a project's register and logs are seen with the project
// and kept by those who edit it; the heat map and a portfolio's decision
// log are seen with the portfolio, whose log its owner and project office
// keep.

func (f *azFixture) freshRisk(p *salkku.Project) *salkku.Risk {
	r := &salkku.Risk{ProjectID: p.ID, Description: salkku.T(f.fresh("Riski")), Probability: 3, Impact: 4, ReviewDate: "2021-01-01"}
	must(f.t, f.db.CreateRisk(salkku.System(context.Background()), r))
	return r
}

func (f *azFixture) freshDecisionEntry(projectID, portfolioID *int64) *salkku.DecisionEntry {
	e := &salkku.DecisionEntry{ProjectID: projectID, PortfolioID: portfolioID, DecidedOn: "2021-11-22", Decision: salkku.T(f.fresh("Päätös"))}
	must(f.t, f.db.CreateDecisionEntry(salkku.System(context.Background()), e))
	return e
}

func (f *azFixture) freshComms(p *salkku.Project) *salkku.CommsEntry {
	c := &salkku.CommsEntry{ProjectID: p.ID, Date: "2021-11-22", Channel: salkku.ChannelIntranet, Scope: salkku.ScopeInternal, Subject: salkku.T(f.fresh("Tiedote"))}
	must(f.t, f.db.CreateCommsEntry(salkku.System(context.Background()), c))
	return c
}

func azRiskForm(r *salkku.Risk) url.Values {
	v := url.Values{"description.fi": {r.Description.FI}, "probability": {strconv.Itoa(r.Probability)}, "impact": {strconv.Itoa(r.Impact)}, "status": {salkku.RiskOpen}}
	if r.ID != 0 {
		v.Set("version", strconv.Itoa(r.Version))
	}
	return v
}

func azRiskCases(f *azFixture) []azCase {
	const (
		admin   = azAdmin
		seeA    = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA
		seeA1   = azAdmin | azOwner | azOffice | azSteering | azViewerA
		seeB    = azAdmin | azViewerB
		officeA = azAdmin | azOwner | azOffice
		editPA  = azAdmin | azOwner | azOffice | azManager

		seeOther  = http.StatusSeeOther
		created   = http.StatusCreated
		okay      = http.StatusOK
		noContent = http.StatusNoContent
	)
	p := fmt.Sprintf
	api := func(format string, args ...any) string { return "/api/v1" + p(format, args...) }
	get := func(route, target string, allow azSet, path string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: okay, req: func() azReq { return azReq{path: path} }}
	}
	getf := func(route, target string, allow azSet, path func() string) azCase {
		return azCase{route: route, target: target, allow: allow, ok: okay, req: func() azReq { return azReq{path: path()} }}
	}
	do := func(route, target string, allow azSet, ok int, req func() azReq) azCase {
		return azCase{route: route, target: target, allow: allow, ok: ok, req: req}
	}
	a, b := f.a, f.b
	pa, pa1, pb := f.pa, f.pa1, f.pb
	riskBody := func() map[string]any {
		return map[string]any{"description": f.fresh("Riski"), "probability": 3, "impact": 2}
	}
	decisionBody := func() map[string]any {
		return map[string]any{"decided_on": "2021-11-22", "decision": f.fresh("Päätös")}
	}
	commsBody := func() map[string]any {
		return map[string]any{"date": "2021-11-22", "channel": "blog", "scope": "external", "subject": f.fresh("Blogi")}
	}
	decisionForm := func() url.Values {
		return url.Values{"decided_on": {"22.11.2021"}, "decision.fi": {f.fresh("Päätös")}}
	}
	commsForm := func() url.Values {
		return url.Values{"when": {"1/2021"}, "channel": {"intranet"}, "scope": {"internal"}, "subject.fi": {f.fresh("Tiedote")}}
	}
	return []azCase{
		// The risk register.
		get("GET /projects/{id}/risks", "PA", seeA, p("/projects/%d/risks", pa.ID)),
		get("GET /projects/{id}/risks", "PA1", seeA1, p("/projects/%d/risks", pa1.ID)),
		get("GET /projects/{id}/risks", "PB", seeB, p("/projects/%d/risks", pb.ID)),
		get("GET /projects/{id}/risks/new", "PA", editPA, p("/projects/%d/risks/new", pa.ID)),
		get("GET /projects/{id}/risks/new", "PB", admin, p("/projects/%d/risks/new", pb.ID)),
		do("POST /projects/{id}/risks/new", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/risks/new", pa.ID), form: azRiskForm(&salkku.Risk{Description: salkku.T(f.fresh("Riski")), Probability: 2, Impact: 2})}
		}),
		do("POST /projects/{id}/risks/new", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/risks/new", pb.ID), form: azRiskForm(&salkku.Risk{Description: salkku.T(f.fresh("Riski")), Probability: 2, Impact: 2})}
		}),
		getf("GET /risks/{id}/edit", "in PA", editPA, func() string { return p("/risks/%d/edit", f.freshRisk(pa).ID) }),
		getf("GET /risks/{id}/edit", "in PB", admin, func() string { return p("/risks/%d/edit", f.freshRisk(pb).ID) }),
		do("POST /risks/{id}/edit", "in PA", editPA, seeOther, func() azReq {
			r := f.freshRisk(pa)
			return azReq{path: p("/risks/%d/edit", r.ID), form: with(azRiskForm(r), "impact", "5")}
		}),
		do("POST /risks/{id}/edit", "in PB", admin, seeOther, func() azReq {
			r := f.freshRisk(pb)
			return azReq{path: p("/risks/%d/edit", r.ID), form: with(azRiskForm(r), "impact", "5")}
		}),
		getf("GET /risks/{id}/delete", "in PA", editPA, func() string { return p("/risks/%d/delete", f.freshRisk(pa).ID) }),
		getf("GET /risks/{id}/delete", "in PB", admin, func() string { return p("/risks/%d/delete", f.freshRisk(pb).ID) }),
		do("POST /risks/{id}/delete", "in PA", editPA, seeOther, func() azReq { return azReq{path: p("/risks/%d/delete", f.freshRisk(pa).ID)} }),
		do("POST /risks/{id}/delete", "in PB", admin, seeOther, func() azReq { return azReq{path: p("/risks/%d/delete", f.freshRisk(pb).ID)} }),
		// The heat map: whoever sees the portfolio (the manager of PA
		// sees A, and only PA's risks on it).
		get("GET /portfolios/{id}/risks", "A", seeA, p("/portfolios/%d/risks", a.ID)),
		get("GET /portfolios/{id}/risks", "A, a cell", seeA, p("/portfolios/%d/risks?p=3&i=4", a.ID)),
		get("GET /portfolios/{id}/risks", "B", seeB, p("/portfolios/%d/risks", b.ID)),

		// Decision logs.
		get("GET /projects/{id}/decisions", "PA", seeA, p("/projects/%d/decisions", pa.ID)),
		get("GET /projects/{id}/decisions", "PB", seeB, p("/projects/%d/decisions", pb.ID)),
		get("GET /projects/{id}/decisions/new", "PA", editPA, p("/projects/%d/decisions/new", pa.ID)),
		get("GET /projects/{id}/decisions/new", "PB", admin, p("/projects/%d/decisions/new", pb.ID)),
		do("POST /projects/{id}/decisions/new", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/decisions/new", pa.ID), form: decisionForm()}
		}),
		do("POST /projects/{id}/decisions/new", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/decisions/new", pb.ID), form: decisionForm()}
		}),
		get("GET /portfolios/{id}/decisions", "A", seeA, p("/portfolios/%d/decisions", a.ID)),
		get("GET /portfolios/{id}/decisions", "A1", seeA1, p("/portfolios/%d/decisions", f.a1.ID)),
		get("GET /portfolios/{id}/decisions", "B", seeB, p("/portfolios/%d/decisions", b.ID)),
		get("GET /portfolios/{id}/decisions/new", "A", officeA, p("/portfolios/%d/decisions/new", a.ID)),
		get("GET /portfolios/{id}/decisions/new", "B", admin, p("/portfolios/%d/decisions/new", b.ID)),
		do("POST /portfolios/{id}/decisions/new", "A", officeA, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/decisions/new", a.ID), form: decisionForm()}
		}),
		do("POST /portfolios/{id}/decisions/new", "B", admin, seeOther, func() azReq {
			return azReq{path: p("/portfolios/%d/decisions/new", b.ID), form: decisionForm()}
		}),
		getf("GET /decisions/{id}/edit", "of PA", editPA, func() string { return p("/decisions/%d/edit", f.freshDecisionEntry(&pa.ID, nil).ID) }),
		getf("GET /decisions/{id}/edit", "of A", officeA, func() string { return p("/decisions/%d/edit", f.freshDecisionEntry(nil, &a.ID).ID) }),
		getf("GET /decisions/{id}/edit", "of PB", admin, func() string { return p("/decisions/%d/edit", f.freshDecisionEntry(&pb.ID, nil).ID) }),
		do("POST /decisions/{id}/edit", "of PA", editPA, seeOther, func() azReq {
			e := f.freshDecisionEntry(&pa.ID, nil)
			return azReq{path: p("/decisions/%d/edit", e.ID), form: with(decisionForm(), "version", strconv.Itoa(e.Version))}
		}),
		do("POST /decisions/{id}/edit", "of A", officeA, seeOther, func() azReq {
			e := f.freshDecisionEntry(nil, &a.ID)
			return azReq{path: p("/decisions/%d/edit", e.ID), form: with(decisionForm(), "version", strconv.Itoa(e.Version))}
		}),
		getf("GET /decisions/{id}/delete", "of PA", editPA, func() string { return p("/decisions/%d/delete", f.freshDecisionEntry(&pa.ID, nil).ID) }),
		getf("GET /decisions/{id}/delete", "of B", admin, func() string { return p("/decisions/%d/delete", f.freshDecisionEntry(nil, &b.ID).ID) }),
		do("POST /decisions/{id}/delete", "of PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/decisions/%d/delete", f.freshDecisionEntry(&pa.ID, nil).ID)}
		}),
		do("POST /decisions/{id}/delete", "of A", officeA, seeOther, func() azReq {
			return azReq{path: p("/decisions/%d/delete", f.freshDecisionEntry(nil, &a.ID).ID)}
		}),

		// Communications logs.
		get("GET /projects/{id}/communications", "PA", seeA, p("/projects/%d/communications", pa.ID)),
		get("GET /projects/{id}/communications", "PB", seeB, p("/projects/%d/communications", pb.ID)),
		get("GET /projects/{id}/communications/new", "PA", editPA, p("/projects/%d/communications/new", pa.ID)),
		get("GET /projects/{id}/communications/new", "PB", admin, p("/projects/%d/communications/new", pb.ID)),
		do("POST /projects/{id}/communications/new", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/communications/new", pa.ID), form: commsForm()}
		}),
		do("POST /projects/{id}/communications/new", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/communications/new", pb.ID), form: commsForm()}
		}),
		getf("GET /communications/{id}/edit", "in PA", editPA, func() string { return p("/communications/%d/edit", f.freshComms(pa).ID) }),
		getf("GET /communications/{id}/edit", "in PB", admin, func() string { return p("/communications/%d/edit", f.freshComms(pb).ID) }),
		do("POST /communications/{id}/edit", "in PA", editPA, seeOther, func() azReq {
			c := f.freshComms(pa)
			return azReq{path: p("/communications/%d/edit", c.ID), form: with(commsForm(), "version", strconv.Itoa(c.Version))}
		}),
		do("POST /communications/{id}/edit", "in PB", admin, seeOther, func() azReq {
			c := f.freshComms(pb)
			return azReq{path: p("/communications/%d/edit", c.ID), form: with(commsForm(), "version", strconv.Itoa(c.Version))}
		}),
		getf("GET /communications/{id}/delete", "in PA", editPA, func() string { return p("/communications/%d/delete", f.freshComms(pa).ID) }),
		getf("GET /communications/{id}/delete", "in PB", admin, func() string { return p("/communications/%d/delete", f.freshComms(pb).ID) }),
		do("POST /communications/{id}/delete", "in PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/communications/%d/delete", f.freshComms(pa).ID)}
		}),
		do("POST /communications/{id}/delete", "in PB", admin, seeOther, func() azReq {
			return azReq{path: p("/communications/%d/delete", f.freshComms(pb).ID)}
		}),

		// The API (web/api/risks.go): the same rules.
		get("GET /api/v1/projects/{id}/risks", "PA", seeA, api("/projects/%d/risks", pa.ID)),
		get("GET /api/v1/projects/{id}/risks", "PB", seeB, api("/projects/%d/risks", pb.ID)),
		do("POST /api/v1/projects/{id}/risks", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/risks", pa.ID), body: riskBody()}
		}),
		do("POST /api/v1/projects/{id}/risks", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/risks", pb.ID), body: riskBody()}
		}),
		getf("GET /api/v1/risks/{id}", "in PA", seeA, func() string { return api("/risks/%d", f.freshRisk(pa).ID) }),
		getf("GET /api/v1/risks/{id}", "in PB", seeB, func() string { return api("/risks/%d", f.freshRisk(pb).ID) }),
		do("PUT /api/v1/risks/{id}", "in PA", editPA, okay, func() azReq {
			r := f.freshRisk(pa)
			return azReq{path: api("/risks/%d", r.ID), body: map[string]any{"version": r.Version, "description": "Muutettu", "probability": 1, "impact": 1}}
		}),
		do("PUT /api/v1/risks/{id}", "in PB", admin, okay, func() azReq {
			r := f.freshRisk(pb)
			return azReq{path: api("/risks/%d", r.ID), body: map[string]any{"version": r.Version, "description": "Muutettu", "probability": 1, "impact": 1}}
		}),
		do("DELETE /api/v1/risks/{id}", "in PA", editPA, noContent, func() azReq { return azReq{path: api("/risks/%d", f.freshRisk(pa).ID)} }),
		do("DELETE /api/v1/risks/{id}", "in PB", admin, noContent, func() azReq { return azReq{path: api("/risks/%d", f.freshRisk(pb).ID)} }),
		get("GET /api/v1/portfolios/{id}/risks", "A", seeA, api("/portfolios/%d/risks?p=3&i=4", a.ID)),
		get("GET /api/v1/portfolios/{id}/risks", "B", seeB, api("/portfolios/%d/risks?overdue=2026-01-01", b.ID)),
		get("GET /api/v1/portfolios/{id}/risks/heatmap", "A", seeA, api("/portfolios/%d/risks/heatmap", a.ID)),
		get("GET /api/v1/portfolios/{id}/risks/heatmap", "B", seeB, api("/portfolios/%d/risks/heatmap", b.ID)),

		get("GET /api/v1/projects/{id}/decisions", "PA", seeA, api("/projects/%d/decisions", pa.ID)),
		get("GET /api/v1/projects/{id}/decisions", "PB", seeB, api("/projects/%d/decisions", pb.ID)),
		do("POST /api/v1/projects/{id}/decisions", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/decisions", pa.ID), body: decisionBody()}
		}),
		do("POST /api/v1/projects/{id}/decisions", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/decisions", pb.ID), body: decisionBody()}
		}),
		get("GET /api/v1/portfolios/{id}/decisions", "A", seeA, api("/portfolios/%d/decisions", a.ID)),
		get("GET /api/v1/portfolios/{id}/decisions", "B", seeB, api("/portfolios/%d/decisions", b.ID)),
		do("POST /api/v1/portfolios/{id}/decisions", "A", officeA, created, func() azReq {
			return azReq{path: api("/portfolios/%d/decisions", a.ID), body: decisionBody()}
		}),
		do("POST /api/v1/portfolios/{id}/decisions", "B", admin, created, func() azReq {
			return azReq{path: api("/portfolios/%d/decisions", b.ID), body: decisionBody()}
		}),
		getf("GET /api/v1/decisions/{id}", "of PA", seeA, func() string { return api("/decisions/%d", f.freshDecisionEntry(&pa.ID, nil).ID) }),
		getf("GET /api/v1/decisions/{id}", "of B", seeB, func() string { return api("/decisions/%d", f.freshDecisionEntry(nil, &b.ID).ID) }),
		do("PUT /api/v1/decisions/{id}", "of PA", editPA, okay, func() azReq {
			e := f.freshDecisionEntry(&pa.ID, nil)
			return azReq{path: api("/decisions/%d", e.ID), body: map[string]any{"version": e.Version, "decided_on": "2021-11-23", "decision": "Muutettu"}}
		}),
		do("PUT /api/v1/decisions/{id}", "of A", officeA, okay, func() azReq {
			e := f.freshDecisionEntry(nil, &a.ID)
			return azReq{path: api("/decisions/%d", e.ID), body: map[string]any{"version": e.Version, "decided_on": "2021-11-23", "decision": "Muutettu"}}
		}),
		do("DELETE /api/v1/decisions/{id}", "of PA", editPA, noContent, func() azReq {
			return azReq{path: api("/decisions/%d", f.freshDecisionEntry(&pa.ID, nil).ID)}
		}),
		do("DELETE /api/v1/decisions/{id}", "of B", admin, noContent, func() azReq {
			return azReq{path: api("/decisions/%d", f.freshDecisionEntry(nil, &b.ID).ID)}
		}),

		get("GET /api/v1/projects/{id}/communications", "PA", seeA, api("/projects/%d/communications", pa.ID)),
		get("GET /api/v1/projects/{id}/communications", "PB", seeB, api("/projects/%d/communications", pb.ID)),
		do("POST /api/v1/projects/{id}/communications", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/communications", pa.ID), body: commsBody()}
		}),
		do("POST /api/v1/projects/{id}/communications", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/communications", pb.ID), body: commsBody()}
		}),
		getf("GET /api/v1/communications/{id}", "in PA", seeA, func() string { return api("/communications/%d", f.freshComms(pa).ID) }),
		getf("GET /api/v1/communications/{id}", "in PB", seeB, func() string { return api("/communications/%d", f.freshComms(pb).ID) }),
		do("PUT /api/v1/communications/{id}", "in PA", editPA, okay, func() azReq {
			c := f.freshComms(pa)
			return azReq{path: api("/communications/%d", c.ID), body: with2(commsBody(), "version", c.Version)}
		}),
		do("PUT /api/v1/communications/{id}", "in PB", admin, okay, func() azReq {
			c := f.freshComms(pb)
			return azReq{path: api("/communications/%d", c.ID), body: with2(commsBody(), "version", c.Version)}
		}),
		do("DELETE /api/v1/communications/{id}", "in PA", editPA, noContent, func() azReq {
			return azReq{path: api("/communications/%d", f.freshComms(pa).ID)}
		}),
		do("DELETE /api/v1/communications/{id}", "in PB", admin, noContent, func() azReq {
			return azReq{path: api("/communications/%d", f.freshComms(pb).ID)}
		}),
	}
}

// with2 is the body with one more field.
func with2(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

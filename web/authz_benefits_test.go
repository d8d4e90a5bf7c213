package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/salkku/salkku"
)

// The rows of the authorization matrix for benefits, their measurements
// and life-cycle profitability (issue 10): seen with the project, kept by
// those who edit it; a portfolio's benefits view is for whoever sees the
// portfolio.

func (f *azFixture) freshBenefit(p *salkku.Project) *salkku.Benefit {
	b := &salkku.Benefit{ProjectID: p.ID, Description: salkku.T(f.fresh("Hyöty")), Kind: salkku.BenefitTime, TargetDate: "2021-06-30"}
	must(f.t, f.db.CreateBenefit(salkku.System(context.Background()), b))
	return b
}

func (f *azFixture) freshMeasurement(p *salkku.Project) *salkku.Measurement {
	m := &salkku.Measurement{BenefitID: f.freshBenefit(p).ID, Date: "2021-12-31", Value: 100}
	must(f.t, f.db.CreateMeasurement(salkku.System(context.Background()), m))
	return m
}

// profitVersion is the version of a project's profitability, 0 when it
// has none: a save that replaces whatever is there.
func (f *azFixture) profitVersion(p *salkku.Project) int {
	pr, err := f.db.FindProfitability(salkku.System(context.Background()), p.ID)
	if err != nil {
		return 0
	}
	return pr.Version
}

func azBenefitCases(f *azFixture) []azCase {
	const (
		admin  = azAdmin
		seeA   = azAdmin | azOwner | azOffice | azManager | azSteering | azViewerA
		seeA1  = azAdmin | azOwner | azOffice | azSteering | azViewerA
		seeB   = azAdmin | azViewerB
		editPA = azAdmin | azOwner | azOffice | azManager

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
	benefitForm := func(version int) url.Values {
		return url.Values{"version": {strconv.Itoa(version)}, "description.fi": {f.fresh("Hyöty")}, "benefit_kind": {"quality"}, "target_date": {"30.6.2021"}}
	}
	measurementForm := func(version int) url.Values {
		return url.Values{"version": {strconv.Itoa(version)}, "date": {"31.12.2021"}, "value": {"12,5"}}
	}
	profitForm := func(pr *salkku.Project) url.Values {
		return url.Values{"version": {strconv.Itoa(f.profitVersion(pr))}, "investment": {"100 000"}, "years": {"5"}, "rate": {"3"}, "costs": {"5 000"}, "savings": {"30 000"}}
	}
	profitBody := func(pr *salkku.Project) map[string]any {
		return map[string]any{"version": f.profitVersion(pr), "investment": 10000000, "years": 5, "rate": 300, "savings": []int{3000000}}
	}
	seed := salkku.System(context.Background())
	must(f.t, f.db.SaveProfitability(seed, &salkku.Profitability{ProjectID: pb.ID, Years: 1}))
	return []azCase{
		get("GET /projects/{id}/benefits", "PA", seeA, p("/projects/%d/benefits", pa.ID)),
		get("GET /projects/{id}/benefits", "PA1", seeA1, p("/projects/%d/benefits", pa1.ID)),
		get("GET /projects/{id}/benefits", "PB", seeB, p("/projects/%d/benefits", pb.ID)),
		get("GET /projects/{id}/benefits/new", "PA", editPA, p("/projects/%d/benefits/new", pa.ID)),
		get("GET /projects/{id}/benefits/new", "PB", admin, p("/projects/%d/benefits/new", pb.ID)),
		do("POST /projects/{id}/benefits/new", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/benefits/new", pa.ID), form: benefitForm(0)}
		}),
		do("POST /projects/{id}/benefits/new", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/benefits/new", pb.ID), form: benefitForm(0)}
		}),
		getf("GET /benefits/{id}", "in PA", seeA, func() string { return p("/benefits/%d", f.freshMeasurement(pa).BenefitID) }),
		getf("GET /benefits/{id}", "in PB", seeB, func() string { return p("/benefits/%d", f.freshBenefit(pb).ID) }),
		getf("GET /benefits/{id}/edit", "in PA", editPA, func() string { return p("/benefits/%d/edit", f.freshBenefit(pa).ID) }),
		getf("GET /benefits/{id}/edit", "in PB", admin, func() string { return p("/benefits/%d/edit", f.freshBenefit(pb).ID) }),
		do("POST /benefits/{id}/edit", "in PA", editPA, seeOther, func() azReq {
			bf := f.freshBenefit(pa)
			return azReq{path: p("/benefits/%d/edit", bf.ID), form: benefitForm(bf.Version)}
		}),
		do("POST /benefits/{id}/edit", "in PB", admin, seeOther, func() azReq {
			bf := f.freshBenefit(pb)
			return azReq{path: p("/benefits/%d/edit", bf.ID), form: benefitForm(bf.Version)}
		}),
		getf("GET /benefits/{id}/delete", "in PA", editPA, func() string { return p("/benefits/%d/delete", f.freshBenefit(pa).ID) }),
		getf("GET /benefits/{id}/delete", "in PB", admin, func() string { return p("/benefits/%d/delete", f.freshBenefit(pb).ID) }),
		do("POST /benefits/{id}/delete", "in PA", editPA, seeOther, func() azReq { return azReq{path: p("/benefits/%d/delete", f.freshBenefit(pa).ID)} }),
		do("POST /benefits/{id}/delete", "in PB", admin, seeOther, func() azReq { return azReq{path: p("/benefits/%d/delete", f.freshBenefit(pb).ID)} }),
		getf("GET /benefits/{id}/measurements/new", "in PA", editPA, func() string { return p("/benefits/%d/measurements/new", f.freshBenefit(pa).ID) }),
		getf("GET /benefits/{id}/measurements/new", "in PB", admin, func() string { return p("/benefits/%d/measurements/new", f.freshBenefit(pb).ID) }),
		do("POST /benefits/{id}/measurements/new", "in PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/benefits/%d/measurements/new", f.freshBenefit(pa).ID), form: measurementForm(0)}
		}),
		do("POST /benefits/{id}/measurements/new", "in PB", admin, seeOther, func() azReq {
			return azReq{path: p("/benefits/%d/measurements/new", f.freshBenefit(pb).ID), form: measurementForm(0)}
		}),
		getf("GET /measurements/{id}/edit", "in PA", editPA, func() string { return p("/measurements/%d/edit", f.freshMeasurement(pa).ID) }),
		getf("GET /measurements/{id}/edit", "in PB", admin, func() string { return p("/measurements/%d/edit", f.freshMeasurement(pb).ID) }),
		do("POST /measurements/{id}/edit", "in PA", editPA, seeOther, func() azReq {
			m := f.freshMeasurement(pa)
			return azReq{path: p("/measurements/%d/edit", m.ID), form: measurementForm(m.Version)}
		}),
		do("POST /measurements/{id}/edit", "in PB", admin, seeOther, func() azReq {
			m := f.freshMeasurement(pb)
			return azReq{path: p("/measurements/%d/edit", m.ID), form: measurementForm(m.Version)}
		}),
		getf("GET /measurements/{id}/delete", "in PA", editPA, func() string { return p("/measurements/%d/delete", f.freshMeasurement(pa).ID) }),
		getf("GET /measurements/{id}/delete", "in PB", admin, func() string { return p("/measurements/%d/delete", f.freshMeasurement(pb).ID) }),
		do("POST /measurements/{id}/delete", "in PA", editPA, seeOther, func() azReq { return azReq{path: p("/measurements/%d/delete", f.freshMeasurement(pa).ID)} }),
		do("POST /measurements/{id}/delete", "in PB", admin, seeOther, func() azReq { return azReq{path: p("/measurements/%d/delete", f.freshMeasurement(pb).ID)} }),
		// The profitability page: seen with the project, its form posted
		// by those who edit it.
		get("GET /projects/{id}/profitability", "PA", seeA, p("/projects/%d/profitability", pa.ID)),
		get("GET /projects/{id}/profitability", "PA1", seeA1, p("/projects/%d/profitability", pa1.ID)),
		get("GET /projects/{id}/profitability", "PB, with a calculation", seeB, p("/projects/%d/profitability", pb.ID)),
		do("POST /projects/{id}/profitability", "PA", editPA, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/profitability", pa.ID), form: profitForm(pa)}
		}),
		do("POST /projects/{id}/profitability", "PB", admin, seeOther, func() azReq {
			return azReq{path: p("/projects/%d/profitability", pb.ID), form: profitForm(pb)}
		}),
		// The portfolio's benefits view: whoever sees the portfolio.
		get("GET /portfolios/{id}/benefits", "A", seeA, p("/portfolios/%d/benefits", a.ID)),
		get("GET /portfolios/{id}/benefits", "A1", seeA1, p("/portfolios/%d/benefits", f.a1.ID)),
		get("GET /portfolios/{id}/benefits", "B", seeB, p("/portfolios/%d/benefits", b.ID)),

		// The API.
		get("GET /api/v1/projects/{id}/benefits", "PA", seeA, api("/projects/%d/benefits", pa.ID)),
		get("GET /api/v1/projects/{id}/benefits", "PB", seeB, api("/projects/%d/benefits", pb.ID)),
		do("POST /api/v1/projects/{id}/benefits", "PA", editPA, created, func() azReq {
			return azReq{path: api("/projects/%d/benefits", pa.ID), body: map[string]any{"description": f.fresh("Hyöty"), "kind": "money", "target": 1000}}
		}),
		do("POST /api/v1/projects/{id}/benefits", "PB", admin, created, func() azReq {
			return azReq{path: api("/projects/%d/benefits", pb.ID), body: map[string]any{"description": f.fresh("Hyöty"), "kind": "other"}}
		}),
		getf("GET /api/v1/benefits/{id}", "in PA", seeA, func() string { return api("/benefits/%d", f.freshBenefit(pa).ID) }),
		getf("GET /api/v1/benefits/{id}", "in PB", seeB, func() string { return api("/benefits/%d", f.freshBenefit(pb).ID) }),
		do("PUT /api/v1/benefits/{id}", "in PA", editPA, okay, func() azReq {
			bf := f.freshBenefit(pa)
			return azReq{path: api("/benefits/%d", bf.ID), body: map[string]any{"version": bf.Version, "description": "Muutettu", "kind": "time"}}
		}),
		do("PUT /api/v1/benefits/{id}", "in PB", admin, okay, func() azReq {
			bf := f.freshBenefit(pb)
			return azReq{path: api("/benefits/%d", bf.ID), body: map[string]any{"version": bf.Version, "description": "Muutettu", "kind": "time"}}
		}),
		do("DELETE /api/v1/benefits/{id}", "in PA", editPA, noContent, func() azReq { return azReq{path: api("/benefits/%d", f.freshBenefit(pa).ID)} }),
		do("DELETE /api/v1/benefits/{id}", "in PB", admin, noContent, func() azReq { return azReq{path: api("/benefits/%d", f.freshBenefit(pb).ID)} }),
		get("GET /api/v1/portfolios/{id}/benefits", "A", seeA, api("/portfolios/%d/benefits?unverified=2022-01-01", a.ID)),
		get("GET /api/v1/portfolios/{id}/benefits", "B", seeB, api("/portfolios/%d/benefits", b.ID)),
		getf("GET /api/v1/benefits/{id}/measurements", "in PA", seeA, func() string { return api("/benefits/%d/measurements", f.freshMeasurement(pa).BenefitID) }),
		getf("GET /api/v1/benefits/{id}/measurements", "in PB", seeB, func() string { return api("/benefits/%d/measurements", f.freshBenefit(pb).ID) }),
		do("POST /api/v1/benefits/{id}/measurements", "in PA", editPA, created, func() azReq {
			return azReq{path: api("/benefits/%d/measurements", f.freshBenefit(pa).ID), body: map[string]any{"date": "2021-12-31", "value": 3.5}}
		}),
		do("POST /api/v1/benefits/{id}/measurements", "in PB", admin, created, func() azReq {
			return azReq{path: api("/benefits/%d/measurements", f.freshBenefit(pb).ID), body: map[string]any{"date": "2021-12-31", "value": 3.5}}
		}),
		getf("GET /api/v1/measurements/{id}", "in PA", seeA, func() string { return api("/measurements/%d", f.freshMeasurement(pa).ID) }),
		getf("GET /api/v1/measurements/{id}", "in PB", seeB, func() string { return api("/measurements/%d", f.freshMeasurement(pb).ID) }),
		do("PUT /api/v1/measurements/{id}", "in PA", editPA, okay, func() azReq {
			m := f.freshMeasurement(pa)
			return azReq{path: api("/measurements/%d", m.ID), body: map[string]any{"version": m.Version, "date": "2022-01-31", "value": 1}}
		}),
		do("PUT /api/v1/measurements/{id}", "in PB", admin, okay, func() azReq {
			m := f.freshMeasurement(pb)
			return azReq{path: api("/measurements/%d", m.ID), body: map[string]any{"version": m.Version, "date": "2022-01-31", "value": 1}}
		}),
		do("DELETE /api/v1/measurements/{id}", "in PA", editPA, noContent, func() azReq { return azReq{path: api("/measurements/%d", f.freshMeasurement(pa).ID)} }),
		do("DELETE /api/v1/measurements/{id}", "in PB", admin, noContent, func() azReq { return azReq{path: api("/measurements/%d", f.freshMeasurement(pb).ID)} }),
		get("GET /api/v1/projects/{id}/profitability", "PB, with a calculation", seeB, api("/projects/%d/profitability", pb.ID)),
		do("GET /api/v1/projects/{id}/profitability", "PA, after a save", seeA, okay, func() azReq {
			if f.profitVersion(pa) == 0 {
				must(f.t, f.db.SaveProfitability(seed, &salkku.Profitability{ProjectID: pa.ID, Years: 1}))
			}
			return azReq{path: api("/projects/%d/profitability", pa.ID)}
		}),
		do("PUT /api/v1/projects/{id}/profitability", "PA", editPA, okay, func() azReq {
			return azReq{path: api("/projects/%d/profitability", pa.ID), body: profitBody(pa)}
		}),
		do("PUT /api/v1/projects/{id}/profitability", "PB", admin, okay, func() azReq {
			return azReq{path: api("/projects/%d/profitability", pb.ID), body: profitBody(pb)}
		}),
	}
}

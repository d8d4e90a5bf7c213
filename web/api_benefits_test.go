package web_test

import (
	"net/http"
	"testing"
)

func TestAPIBenefits(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		col := "/api/v1/projects/" + apiID(w.project.ID) + "/benefits"
		body := map[string]any{"description": map[string]string{"fi": "Asiakasohjauksen käsittelyaika lyhenee"}, "kind": "time", "metric": "Käsittelyaika",
			"unit": "pv", "baseline": 14, "target": 5.5, "target_date": "2021-06-30", "owner_id": w.people[0].ID, "work_package_id": w.wp.ID}

		// A target with three decimals and an unknown kind: 400 naming
		// the fields, nothing stored.
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["target"] = 5.125
		a.do("POST", col, bad).wantError(t, http.StatusBadRequest, "invalid", "target")
		bad["target"], bad["kind"] = 5.5, "joy"
		a.do("POST", col, bad).wantError(t, http.StatusBadRequest, "invalid", "kind")
		if n := a.do("GET", col, nil).want(t, http.StatusOK).object(t)["total"]; n != 0.0 {
			t.Fatalf("%v benefits after refused ones", n)
		}

		res := a.do("POST", col, body).want(t, http.StatusCreated)
		b := res.object(t)
		if res.Header.Get("Location") != "/api/v1/benefits/"+apiID(b["id"]) || b["target"] != 5.5 || b["baseline"] != 14.0 || b["owner_name"] != "Kristiina Taskinen" || b["measurements"] != 0.0 {
			t.Fatalf("created %v (Location %q)", b, res.Header.Get("Location"))
		}
		got := a.get("benefits", b["id"])
		got["target"] = 4
		got["measurements"] = 99 // read-only: ignored
		put := a.do("PUT", "/api/v1/benefits/"+apiID(b["id"]), got).want(t, http.StatusOK).object(t)
		if put["target"] != 4.0 || put["version"] != 2.0 {
			t.Errorf("after PUT %v", put)
		}
		a.do("PUT", "/api/v1/benefits/"+apiID(b["id"]), got).wantError(t, http.StatusConflict, "conflict")

		// Measurements: the benefit shows its latest.
		ms := "/api/v1/benefits/" + apiID(b["id"]) + "/measurements"
		a.do("POST", ms, map[string]any{"value": 9}).wantError(t, http.StatusBadRequest, "invalid", "date")
		m := a.do("POST", ms, map[string]any{"date": "2021-03-31", "value": 9.25, "note": "Maaliskuu"}).want(t, http.StatusCreated).object(t)
		a.do("POST", ms, map[string]any{"date": "2021-01-31", "value": 12}).want(t, http.StatusCreated)
		list := a.do("GET", ms, nil).want(t, http.StatusOK).object(t)
		if list["total"] != 2.0 || list["items"].([]any)[0].(map[string]any)["value"] != 12.0 {
			t.Errorf("measurements %v", list)
		}
		latest := a.get("benefits", b["id"])["latest"].(map[string]any)
		if latest["id"] != m["id"] || latest["value"] != 9.25 {
			t.Errorf("latest %v", latest)
		}
		mget := a.get("measurements", m["id"])
		mget["value"] = 8
		if mp := a.do("PUT", "/api/v1/measurements/"+apiID(m["id"]), mget).want(t, http.StatusOK).object(t); mp["value"] != 8.0 {
			t.Errorf("measurement after PUT %v", mp)
		}

		// The portfolio's benefits: past the target date with the last
		// measurement before it, it is unverified.
		pf := "/api/v1/portfolios/" + apiID(w.portfolio.ID) + "/benefits"
		if un := a.do("GET", pf+"?unverified=2022-01-01", nil).want(t, http.StatusOK).object(t); un["total"] != 1.0 {
			t.Errorf("unverified %v", un)
		}
		if un := a.do("GET", pf+"?unverified=2021-06-30", nil).want(t, http.StatusOK).object(t); un["total"] != 0.0 {
			t.Errorf("unverified on the target date %v", un)
		}
		a.do("GET", pf+"?unverified=huomenna", nil).wantError(t, http.StatusBadRequest, "invalid", "unverified")

		a.do("DELETE", "/api/v1/measurements/"+apiID(m["id"]), nil).want(t, http.StatusNoContent)
		a.do("DELETE", "/api/v1/benefits/"+apiID(b["id"]), nil).want(t, http.StatusNoContent)
		a.do("GET", "/api/v1/benefits/"+apiID(b["id"]), nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", "/api/v1/projects/999999/benefits", nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

// TestAPIProfitability: PUT the inputs of the hand-worked example, the
// answer computes its NPV and payback; a second create or a stale
// version is a conflict.
func TestAPIProfitability(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		u := "/api/v1/projects/" + apiID(w.project.ID) + "/profitability"
		a.do("GET", u, nil).wantError(t, http.StatusNotFound, "not_found")
		in := map[string]any{"investment": 10000000, "years": 5, "rate": 300, "costs": []int{500000}, "savings": []int{3000000}}
		a.do("PUT", u, map[string]any{"investment": -1, "years": 31}).wantError(t, http.StatusBadRequest, "invalid", "investment", "years")
		p := a.do("PUT", u, in).want(t, http.StatusOK).object(t)
		r := p["result"].(map[string]any)
		if r["npv"] != 1449268.0 || r["payback"].(map[string]any)["years"] != 4.0 || len(r["years"].([]any)) != 6 || len(p["savings"].([]any)) != 5 || p["version"] != 1.0 {
			t.Fatalf("saved %v", p)
		}
		a.do("PUT", u, in).wantError(t, http.StatusConflict, "conflict")
		got := a.do("GET", u, nil).want(t, http.StatusOK).object(t)
		got["years"], got["savings"], got["costs"] = 1, []int{100}, nil
		got["result"] = "ignored"
		if again := a.do("PUT", u, got).want(t, http.StatusOK).object(t); again["version"] != 2.0 || again["result"].(map[string]any)["payback"] != nil {
			t.Errorf("replaced %v", again)
		}
		a.do("PUT", u, got).wantError(t, http.StatusConflict, "conflict")
	})
}

package web_test

import (
	"net/http"
	"testing"
)

// riskCount is the number of risks of a project, read through the API.
func riskCount(t *testing.T, a *apiTest, projectID int64) float64 {
	t.Helper()
	return a.do("GET", "/api/v1/projects/"+apiID(projectID)+"/risks", nil).want(t, http.StatusOK).object(t)["total"].(float64)
}

func TestAPIRisks(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		col := "/api/v1/projects/" + apiID(w.project.ID) + "/risks"
		body := map[string]any{"description": map[string]string{"fi": "Toimittajan resurssit eivät riitä"}, "cause": "Koronatilanne",
			"probability": 3, "impact": 4, "owner_id": w.people[0].ID, "work_package_id": w.wp.ID, "review_date": "2021-12-15", "report_id": 7}

		// A probability of 7: 400 naming the field, nothing stored.
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["probability"] = 7
		e := a.do("POST", col, bad).wantError(t, http.StatusBadRequest, "invalid", "probability")
		if e.Error.Fields["probability"] != apiCatalog.T("en", "error.out_of_range") {
			t.Errorf("probability: %q", e.Error.Fields["probability"])
		}
		if n := riskCount(t, a, w.project.ID); n != 0 {
			t.Fatalf("%v risks after a refused one", n)
		}
		// Strict JSON: an unknown field is refused.
		bad["probability"], bad["likelihood"] = 3, 3
		a.do("POST", col, bad).wantError(t, http.StatusBadRequest, "invalid")

		res := a.do("POST", col, body).want(t, http.StatusCreated)
		r := res.object(t)
		if res.Header.Get("Location") != "/api/v1/risks/"+apiID(r["id"]) || r["score"] != 12.0 || r["status"] != "open" || r["owner_name"] != "Kristiina Taskinen" || r["report_id"] != 7.0 {
			t.Fatalf("created %v (Location %q)", r, res.Header.Get("Location"))
		}
		got := a.get("risks", r["id"])
		got["impact"] = 5
		got["score"] = 1 // read-only: ignored
		put := a.do("PUT", "/api/v1/risks/"+apiID(r["id"]), got).want(t, http.StatusOK).object(t)
		if put["score"] != 15.0 || put["version"] != 2.0 {
			t.Errorf("after PUT %v", put)
		}
		a.do("PUT", "/api/v1/risks/"+apiID(r["id"]), got).wantError(t, http.StatusConflict, "conflict")

		// The heat map and the cell's list agree.
		pf := "/api/v1/portfolios/" + apiID(w.portfolio.ID)
		hm := a.do("GET", pf+"/risks/heatmap", nil).want(t, http.StatusOK).object(t)
		if hm["total"] != 1.0 || len(hm["cells"].([]any)) != 25 {
			t.Errorf("heat map %v", hm)
		}
		for _, c := range hm["cells"].([]any) {
			cell := c.(map[string]any)
			list := a.do("GET", pf+"/risks?p="+apiJSON(cell["probability"])+"&i="+apiJSON(cell["impact"]), nil).want(t, http.StatusOK).object(t)
			if list["total"] != cell["count"] {
				t.Errorf("cell %v: list of %v", cell, list["total"])
			}
		}
		a.do("GET", pf+"/risks?p=7&i=1", nil).wantError(t, http.StatusBadRequest, "invalid", "p")
		a.do("GET", pf+"/risks?p=3", nil).wantError(t, http.StatusBadRequest, "invalid", "p")
		overdue := a.do("GET", pf+"/risks?overdue=2022-01-01", nil).want(t, http.StatusOK).object(t)
		if overdue["total"] != 1.0 {
			t.Errorf("overdue %v", overdue)
		}
		a.do("DELETE", "/api/v1/risks/"+apiID(r["id"]), nil).want(t, http.StatusNoContent)
		a.do("GET", "/api/v1/risks/"+apiID(r["id"]), nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", "/api/v1/projects/999999/risks", nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

func TestAPILogs(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		p := "/api/v1/projects/" + apiID(w.project.ID)
		a.do("POST", p+"/gates/decisions", map[string]any{"gate": "P0", "decided_on": "2021-06-01", "decision": "approved"}).want(t, http.StatusCreated)
		a.do("POST", p+"/decisions", map[string]any{"decided_on": "2021-11-22", "decision": "x", "minutes_url": "ftp://x"}).
			wantError(t, http.StatusBadRequest, "invalid", "minutes_url")
		d := a.do("POST", p+"/decisions", map[string]any{"decided_on": "2021-11-22", "decided_by": "Ohjausryhmä", "decision": "Hyväksyttiin.",
			"who_id": w.people[1].ID, "minutes_url": "https://example.org/pk"}).want(t, http.StatusCreated).object(t)
		if d["kind"] != "entry" || d["who_name"] != "Jari Virtanen" || d["project_id"] != float64(w.project.ID) {
			t.Errorf("created %v", d)
		}
		log := a.do("GET", p+"/decisions", nil).want(t, http.StatusOK).object(t)
		items := log["items"].([]any)
		if log["total"] != 2.0 || items[0].(map[string]any)["kind"] != "entry" || items[1].(map[string]any)["kind"] != "gate" {
			t.Errorf("log %v", log)
		}
		d["decision"] = map[string]string{"fi": "Muutettu."}
		a.do("PUT", "/api/v1/decisions/"+apiID(d["id"]), d).want(t, http.StatusOK)
		a.do("PUT", "/api/v1/decisions/"+apiID(d["id"]), d).wantError(t, http.StatusConflict, "conflict")
		pfLog := "/api/v1/portfolios/" + apiID(w.portfolio.ID) + "/decisions"
		a.do("POST", pfLog, map[string]any{"decided_on": "2021-12-01", "decision": "Priorisointi."}).want(t, http.StatusCreated)
		if l := a.do("GET", pfLog, nil).want(t, http.StatusOK).object(t); l["total"] != 2.0 {
			t.Errorf("portfolio log %v", l)
		}
		a.do("DELETE", "/api/v1/decisions/"+apiID(d["id"]), nil).want(t, http.StatusNoContent)

		c := a.do("POST", p+"/communications", map[string]any{"start": "2021-01", "end": "2021-03", "channel": "intranet", "scope": "internal",
			"audience": "Henkilöstö", "subject": "KaRa-hanke viestintä", "work_package_id": w.wp.ID}).want(t, http.StatusCreated).object(t)
		if c["start"] != "2021-01" || c["end"] != "2021-03" || c["work_package_code"] != "OA1" {
			t.Errorf("created %v", c)
		}
		a.do("POST", p+"/communications", map[string]any{"date": "2021-11-22", "channel": "fax", "scope": "internal", "subject": "x"}).
			wantError(t, http.StatusBadRequest, "invalid", "channel")
		if l := a.do("GET", p+"/communications", nil).want(t, http.StatusOK).object(t); l["total"] != 1.0 {
			t.Errorf("comms log %v", l)
		}
		c["channel"] = "blog"
		a.do("PUT", "/api/v1/communications/"+apiID(c["id"]), c).want(t, http.StatusOK)
		a.do("DELETE", "/api/v1/communications/"+apiID(c["id"]), nil).want(t, http.StatusNoContent)
	})
}

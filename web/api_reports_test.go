package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// Status reporting through the API: cycles, reports from draft to
// reviewed, the portfolio summary and the due lists, with the same rules
// as the pages, checked by the store and answered as the register's errors
// are.

// reportsPath is a path under a project.
func reportsPath(projectID int64, rest string) string {
	return fmt.Sprintf("/api/v1/projects/%d/reports%s", projectID, rest)
}

func reportPath(id any, rest string) string { return "/api/v1/reports/" + apiID(id) + rest }

func cyclePath(portfolioID int64) string {
	return fmt.Sprintf("/api/v1/portfolios/%d/reporting-cycle", portfolioID)
}

// karaCycleBody is KaRa's cycle: every two months from 7/2021 (seed 002).
var karaCycleBody = map[string]any{"kind": salkku.CycleBimonthly, "start": "2021-07-01"}

// reportSnapshot is everything a refused reporting request might have
// changed: the register, the project's reports and the portfolio's cycle.
func (a *apiTest) reportSnapshot(projectID, portfolioID int64) string {
	a.t.Helper()
	reports := a.do("GET", reportsPath(projectID, ""), nil).want(a.t, http.StatusOK).Body
	cycle := a.do("GET", cyclePath(portfolioID), nil).Body
	return a.snapshot() + string(reports) + string(cycle)
}

// reportProject is a project in implementation (so active) in pf, made
// through the store.
func (a *apiTest) reportProject(pf *salkku.Portfolio, code string, manager *salkku.Person) *salkku.Project {
	a.t.Helper()
	p := &salkku.Project{PortfolioID: pf.ID, Code: code, Name: salkku.T("Hanke " + code), Phase: "implementation"}
	if manager != nil {
		p.ManagerID = &manager.ID
	}
	if err := a.db.CreateProject(salkku.System(context.Background()), p); err != nil {
		a.t.Fatal(err)
	}
	return p
}

// submitted writes a report through the API and submits it.
func (a *apiTest) submitted(projectID int64, wp *int64, date string, light string) map[string]any {
	a.t.Helper()
	body := map[string]any{"report_date": date, "overall": "Etenee", "lights": map[string]any{"overall": light}}
	if wp != nil {
		body["work_package_id"] = *wp
	}
	r := a.do("POST", reportsPath(projectID, ""), body).want(a.t, http.StatusCreated).object(a.t)
	return a.do("POST", reportPath(r["id"], "/submit"), map[string]any{"version": r["version"]}).want(a.t, http.StatusOK).object(a.t)
}

// TestAPIReportingCycle: a portfolio's own cycle is set, read, inherited
// by its sub-portfolio, guarded by its version and removed.
func TestAPIReportingCycle(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		pf, sub := w.portfolio.ID, w.portfolio2.ID
		e := a.do("GET", cyclePath(pf), nil).wantError(t, http.StatusNotFound, "not_found")
		if want := apiCatalog.T("en", "error.report_cycle_none"); e.Error.Message != want {
			t.Errorf("message %q, want %q", e.Error.Message, want)
		}
		a.do("GET", cyclePath(sub), nil).wantError(t, http.StatusNotFound, "not_found")

		// The first own cycle takes no version.
		res := a.do("PUT", cyclePath(pf), karaCycleBody).want(t, http.StatusOK)
		c := res.object(t)
		if c["version"] != 1.0 || c["kind"] != salkku.CycleBimonthly || c["portfolio_id"] != float64(pf) || res.Header.Get("ETag") != `"v1"` {
			t.Errorf("set: %v, ETag %q", c, res.Header.Get("ETag"))
		}
		if got := a.do("GET", cyclePath(pf), nil).want(t, http.StatusOK).object(t); !reflect.DeepEqual(got, c) {
			t.Errorf("GET %v, PUT answered %v", got, c)
		}
		res = a.do("GET", cyclePath(sub), nil).want(t, http.StatusOK)
		inh := res.object(t)
		if inh["inherited_from"] != float64(pf) || inh["portfolio_id"] != float64(sub) || inh["version"] != 0.0 || res.Header.Get("ETag") != "" {
			t.Errorf("inherited: %v, ETag %q", inh, res.Header.Get("ETag"))
		}
		if name := inh["inherited_from_name"].(map[string]any); name["fi"] != w.portfolio.Name.FI {
			t.Errorf("inherited_from_name %v", name)
		}

		// Stale: without a version (as if it had none), an old version, an
		// old If-Match; nothing changes.
		before := a.reportSnapshot(w.project.ID, pf)
		monthly := map[string]any{"kind": salkku.CycleMonthly, "start": "2021-07-01"}
		a.do("PUT", cyclePath(pf), monthly).wantError(t, http.StatusConflict, "conflict")
		a.do("PUT", cyclePath(pf), withFields(monthly, map[string]any{"version": 7})).wantError(t, http.StatusConflict, "conflict")
		a.do("PUT", cyclePath(pf), monthly, "If-Match", `"v7"`).wantError(t, http.StatusConflict, "conflict")
		a.do("PUT", cyclePath(pf), withFields(monthly, map[string]any{"version": 2}), "If-Match", `"v1"`).wantError(t, http.StatusBadRequest, "invalid", "version")
		// Bad values name their fields.
		a.do("PUT", cyclePath(pf), map[string]any{"kind": "weekly", "start": "2021-07-01", "version": 1}).wantError(t, http.StatusBadRequest, "invalid", "kind")
		a.do("PUT", cyclePath(pf), map[string]any{"kind": "dates", "start": "2021-07-01", "version": 1}).wantError(t, http.StatusBadRequest, "invalid", "dates")
		a.do("PUT", cyclePath(pf), map[string]any{"kind": "monthly", "start": "2021-07-01", "end": "2021-06-01", "version": 1}).wantError(t, http.StatusBadRequest, "invalid", "end")
		a.do("PUT", cyclePath(pf), map[string]any{"kind": "monthly", "start": "1.7.2021", "version": 1}).wantError(t, http.StatusBadRequest, "invalid", "start")
		a.do("PUT", cyclePath(pf), map[string]any{"kind": "monthly", "start": "2021-07-01", "version": 1, "every": 2}).wantError(t, http.StatusBadRequest, "invalid", "every")
		if after := a.reportSnapshot(w.project.ID, pf); after != before {
			t.Errorf("changed:\n%s\n%s", before, after)
		}

		// With If-Match; read-only fields sent back are ignored, and given
		// dates come back sorted.
		body := cloneObject(c)
		body["kind"], body["dates"], body["inherited_from"] = salkku.CycleGivenDates, []string{"2022-09-30", "2022-05-31"}, 99
		got := a.do("PUT", cyclePath(pf), body, "If-Match", `"v1"`).want(t, http.StatusOK).object(t)
		if got["version"] != 2.0 || !reflect.DeepEqual(got["dates"], []any{"2022-05-31", "2022-09-30"}) || got["inherited_from"] != nil {
			t.Errorf("given dates: %v", got)
		}
		// The sub-portfolio's own cycle overrides; removing it inherits
		// again.
		a.do("PUT", cyclePath(sub), map[string]any{"kind": salkku.CycleQuarterly, "start": "2022-01-01"}).want(t, http.StatusOK)
		if got := a.do("GET", cyclePath(sub), nil).want(t, http.StatusOK).object(t); got["kind"] != salkku.CycleQuarterly || got["inherited_from"] != nil {
			t.Errorf("own cycle of the sub-portfolio: %v", got)
		}
		a.do("DELETE", cyclePath(sub), nil).want(t, http.StatusNoContent)
		a.do("DELETE", cyclePath(sub), nil).wantError(t, http.StatusNotFound, "not_found")
		if got := a.do("GET", cyclePath(sub), nil).want(t, http.StatusOK).object(t); got["inherited_from"] != float64(pf) {
			t.Errorf("after delete: %v", got)
		}
		for _, path := range []string{cyclePath(999999), "/api/v1/portfolios/abc/reporting-cycle"} {
			a.do("GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
			a.do("PUT", path, karaCycleBody).wantError(t, http.StatusNotFound, "not_found")
			a.do("DELETE", path, nil).wantError(t, http.StatusNotFound, "not_found")
		}
		// A viewer reads it but does not set it.
		viewer := a.gateCaller("katsoja@naantali.fi", salkku.RoleViewer, pf)
		a.as(viewer, "GET", cyclePath(pf), nil).want(t, http.StatusOK)
		a.as(viewer, "PUT", cyclePath(pf), withFields(karaCycleBody, map[string]any{"version": 2})).wantError(t, http.StatusForbidden, "forbidden")
		a.as(viewer, "DELETE", cyclePath(pf), nil).wantError(t, http.StatusForbidden, "forbidden")
	})
}

// TestAPIReportWalk takes a report from a pre-filled draft through
// submission, review and a correction, and a new report pre-filled from it.
func TestAPIReportWalk(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		id := w.project.ID
		a.do("PUT", cyclePath(w.portfolio.ID), karaCycleBody).want(t, http.StatusOK)

		// The first draft of a work package starts with its people.
		draft := a.do("GET", reportsPath(id, fmt.Sprintf("/new?date=2021-11-22&work_package_id=%d", w.wp.ID)), nil).want(t, http.StatusOK).object(t)
		if draft["id"] != 0.0 || draft["state"] != salkku.ReportDraft || draft["report_date"] != "2021-11-22" ||
			!reflect.DeepEqual(draft["responsible_ids"], []any{float64(w.people[0].ID)}) || draft["work_package_id"] != float64(w.wp.ID) {
			t.Errorf("new draft: %v", draft)
		}
		if n := len(a.do("GET", reportsPath(id, ""), nil).want(t, http.StatusOK).object(t)["items"].([]any)); n != 0 {
			t.Fatalf("the draft was stored: %d reports", n)
		}
		// The draft, filled in and sent back as it came.
		draft["overall"] = map[string]any{"fi": "Toteuttaminen poikkeaa suunnitellusta."}
		draft["achievements"] = "• Määrittely valmis\n• Kilpailutus käynnissä"
		draft["deviations"] = "Aikataulu venyy."
		draft["lights"] = map[string]any{"overall": "yellow", "schedule": "red", "cost": "green", "scope": "", "resources": "green"}
		draft["tags"], draft["legend"] = []string{"H"}, "H = HELLÄ-yhteys"
		res := a.do("POST", reportsPath(id, ""), draft).want(t, http.StatusCreated)
		r := res.object(t)
		if loc := res.Header.Get("Location"); loc != reportPath(r["id"], "") || res.Header.Get("ETag") != `"v1"` {
			t.Errorf("Location %q, ETag %q", loc, res.Header.Get("ETag"))
		}
		if r["state"] != salkku.ReportDraft || r["version"] != 1.0 || r["revision"] != 1.0 || r["project_id"] != float64(id) ||
			!reflect.DeepEqual(r["period"], map[string]any{"start": "2021-11-01", "due": "2021-12-31"}) ||
			r["achievements"].(map[string]any)["fi"] != "• Määrittely valmis\n• Kilpailutus käynnissä" ||
			r["work_package_name"].(map[string]any)["fi"] != w.wp.Name.FI || !reflect.DeepEqual(r["responsible_names"], []any{w.people[0].Name}) {
			t.Errorf("created: %v", r)
		}
		if got := a.do("GET", reportPath(r["id"], ""), nil).want(t, http.StatusOK).object(t); !reflect.DeepEqual(got, r) {
			t.Errorf("GET %v\nPOST answered %v", got, r)
		}

		// Edit the draft; a stale edit is refused and changes nothing.
		edit := cloneObject(r)
		edit["lights"] = map[string]any{"overall": "green"}
		edit["work_package_id"] = nil // fixed once created
		edited := a.do("PUT", reportPath(r["id"], ""), edit).want(t, http.StatusOK).object(t)
		if edited["version"] != 2.0 || edited["lights"].(map[string]any)["overall"] != "green" || edited["work_package_id"] != float64(w.wp.ID) {
			t.Errorf("edited: %v", edited)
		}
		before := a.reportSnapshot(id, w.portfolio.ID)
		a.do("PUT", reportPath(r["id"], ""), edit).wantError(t, http.StatusConflict, "conflict") // version 1
		a.do("POST", reportPath(r["id"], "/submit"), map[string]any{"version": 1}).wantError(t, http.StatusConflict, "conflict")
		a.do("POST", reportPath(r["id"], "/submit"), nil).wantError(t, http.StatusBadRequest, "invalid")
		if after := a.reportSnapshot(id, w.portfolio.ID); after != before {
			t.Errorf("changed:\n%s\n%s", before, after)
		}

		// Submit with If-Match: frozen.
		res = a.do("POST", reportPath(r["id"], "/submit"), nil, "If-Match", `"v2"`).want(t, http.StatusOK)
		sub := res.object(t)
		if sub["state"] != salkku.ReportSubmitted || sub["submitted_at"] == nil || sub["submitted_by"] != "api-admin@test.invalid" || res.Header.Get("ETag") != `"v3"` {
			t.Errorf("submitted: %v", sub)
		}
		viewer := a.gateCaller("katsoja@naantali.fi", salkku.RoleViewer, w.portfolio.ID)
		before = a.reportSnapshot(id, w.portfolio.ID)
		frozen := cloneObject(sub)
		frozen["overall"] = "Muutettu"
		e := a.do("PUT", reportPath(r["id"], ""), frozen).wantError(t, http.StatusBadRequest, "invalid")
		if want := apiCatalog.T("en", "error.report_frozen"); e.Error.Message != want {
			t.Errorf("message %q, want %q", e.Error.Message, want)
		}
		a.do("DELETE", reportPath(r["id"], ""), nil).wantError(t, http.StatusBadRequest, "invalid")
		a.do("POST", reportPath(r["id"], "/submit"), map[string]any{"version": 3}).wantError(t, http.StatusBadRequest, "invalid", "state")
		// A viewer may not review; a stale review is a conflict.
		a.as(viewer, "GET", reportPath(r["id"], ""), nil).want(t, http.StatusOK)
		a.as(viewer, "POST", reportPath(r["id"], "/review"), map[string]any{"version": 3}).wantError(t, http.StatusForbidden, "forbidden")
		a.do("POST", reportPath(r["id"], "/review"), map[string]any{"version": 2}).wantError(t, http.StatusConflict, "conflict")
		if after := a.reportSnapshot(id, w.portfolio.ID); after != before {
			t.Errorf("changed:\n%s\n%s", before, after)
		}

		// A correction is a new draft revision; while open it is answered
		// again; once submitted it replaces the old one, which stays.
		res = a.do("POST", reportPath(r["id"], "/correct"), nil).want(t, http.StatusOK)
		c := res.object(t)
		if c["revision"] != 2.0 || c["corrects_id"] != r["id"] || c["state"] != salkku.ReportDraft || c["id"] == r["id"] ||
			res.Header.Get("Location") != reportPath(c["id"], "") || c["overall"].(map[string]any)["fi"] != "Toteuttaminen poikkeaa suunnitellusta." {
			t.Errorf("correction: %v", c)
		}
		if again := a.do("POST", reportPath(r["id"], "/correct"), nil).want(t, http.StatusOK).object(t); again["id"] != c["id"] {
			t.Errorf("a second correction %v, want the open one %v", again["id"], c["id"])
		}
		a.do("POST", reportPath(c["id"], "/correct"), nil).wantError(t, http.StatusBadRequest, "invalid")
		cb := cloneObject(c)
		cb["lights"] = map[string]any{"overall": "red"}
		c = a.do("PUT", reportPath(c["id"], ""), cb).want(t, http.StatusOK).object(t)
		a.do("POST", reportPath(c["id"], "/submit"), map[string]any{"version": c["version"]}).want(t, http.StatusOK)
		if old := a.do("GET", reportPath(r["id"], ""), nil).want(t, http.StatusOK).object(t); old["superseded_by"] != c["id"] || old["state"] != salkku.ReportSubmitted {
			t.Errorf("the corrected report: %v", old)
		}
		all := a.do("GET", reportsPath(id, ""), nil).want(t, http.StatusOK).object(t)
		current := a.do("GET", reportsPath(id, "?current=true"), nil).want(t, http.StatusOK).object(t)
		if all["total"] != 2.0 || current["total"] != 1.0 || current["items"].([]any)[0].(map[string]any)["id"] != c["id"] {
			t.Errorf("all %v, current %v", all["total"], current)
		}
		if page := a.do("GET", reportsPath(id, "?limit=1&offset=1"), nil).want(t, http.StatusOK).object(t); page["total"] != 2.0 || len(page["items"].([]any)) != 1 {
			t.Errorf("page 2: %v", page)
		}
		if own := a.do("GET", reportsPath(id, "?work_package_id=999999"), nil).want(t, http.StatusOK).object(t); own["total"] != 0.0 {
			t.Errorf("another work package's: %v", own)
		}

		// Review by the project office, with a note.
		office := a.gateCaller("toimisto@naantali.fi", salkku.RoleProjectOffice, w.portfolio.ID)
		rev := a.as(office, "POST", reportPath(c["id"], "/review"), map[string]any{"version": 3, "note": "Käsitelty ohjausryhmässä 30.11.2021"}).want(t, http.StatusOK).object(t)
		if rev["state"] != salkku.ReportReviewed || rev["reviewed_by"] != "toimisto@naantali.fi" || rev["review_note"].(map[string]any)["fi"] != "Käsitelty ohjausryhmässä 30.11.2021" {
			t.Errorf("reviewed: %v", rev)
		}
		a.as(office, "POST", reportPath(c["id"], "/review"), map[string]any{"version": 4}).wantError(t, http.StatusBadRequest, "invalid")

		// The next report starts from the latest one.
		next := a.do("GET", reportsPath(id, fmt.Sprintf("/new?date=2022-01-10&work_package_id=%d", w.wp.ID)), nil).want(t, http.StatusOK).object(t)
		if next["lights"].(map[string]any)["overall"] != "red" || next["overall"].(map[string]any)["fi"] != "Toteuttaminen poikkeaa suunnitellusta." ||
			next["state"] != salkku.ReportDraft || next["id"] != 0.0 || !reflect.DeepEqual(next["tags"], []any{"H"}) {
			t.Errorf("pre-filled: %v", next)
		}
		n := a.do("POST", reportsPath(id, ""), next).want(t, http.StatusCreated).object(t)
		if !reflect.DeepEqual(n["period"], map[string]any{"start": "2022-01-01", "due": "2022-02-28"}) {
			t.Errorf("period %v", n["period"])
		}
		a.do("DELETE", reportPath(n["id"], ""), nil).want(t, http.StatusNoContent)
		a.do("GET", reportPath(n["id"], ""), nil).wantError(t, http.StatusNotFound, "not_found")
		for _, path := range []string{reportPath(999999, ""), reportPath("abc", "")} {
			a.do("GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
			a.do("PUT", path, map[string]any{"report_date": "2021-11-22", "version": 1}).wantError(t, http.StatusNotFound, "not_found")
			a.do("DELETE", path, nil).wantError(t, http.StatusNotFound, "not_found")
			for _, action := range []string{"/submit", "/review"} {
				a.do("POST", path+action, map[string]any{"version": 1}).wantError(t, http.StatusNotFound, "not_found")
			}
			a.do("POST", path+"/correct", nil).wantError(t, http.StatusNotFound, "not_found")
		}
		a.do("POST", reportsPath(999999, ""), map[string]any{"report_date": "2021-11-22"}).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", reportsPath(999999, ""), nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", reportsPath(999999, "/new"), nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

// TestAPIReportBadInput: a report of a closed project, a date outside the
// cycle, a light "blue", a work package of another project, a submission
// without the overall light and malformed queries: a clear error naming
// the field, and nothing changes.
func TestAPIReportBadInput(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		id := w.project.ID
		ctx := salkku.System(context.Background())
		a.do("PUT", cyclePath(w.portfolio.ID), karaCycleBody).want(t, http.StatusOK)
		other := a.reportProject(w.portfolio, "3.1", nil)
		otherWP := &salkku.WorkPackage{ProjectID: other.ID, Code: "X", Name: salkku.T("Toisen paketti")}
		if err := a.db.CreateWorkPackage(ctx, otherWP); err != nil {
			t.Fatal(err)
		}
		// A stopped project is cancelled: it reports no more.
		stopped := a.reportProject(w.portfolio, "3.2", nil)
		a.do("POST", gatePath(stopped.ID, "gates/decisions"), decision("P4", salkku.DecisionStopped)).want(t, http.StatusCreated)
		draft := a.do("POST", reportsPath(id, ""), map[string]any{"report_date": "2021-11-22"}).want(t, http.StatusCreated).object(t)
		good := map[string]any{"report_date": "2021-11-22", "overall": "Etenee"}

		for _, c := range []struct {
			name, method, path string
			body               any
			status             int
			field, message     string
		}{
			{"ClosedProject", "POST", reportsPath(stopped.ID, ""), good, http.StatusBadRequest, "project_id", "error.report_project_closed"},
			{"BeforeTheCycle", "POST", reportsPath(id, ""), withFields(good, map[string]any{"report_date": "2021-06-30"}), http.StatusBadRequest, "report_date", "error.report_outside_cycle"},
			{"NoDate", "POST", reportsPath(id, ""), map[string]any{"overall": "Etenee"}, http.StatusBadRequest, "report_date", "error.date"},
			{"BadDate", "POST", reportsPath(id, ""), withFields(good, map[string]any{"report_date": "22.11.2021"}), http.StatusBadRequest, "report_date", "error.date"},
			{"BlueLight", "POST", reportsPath(id, ""), withFields(good, map[string]any{"lights": map[string]any{"overall": "blue"}}), http.StatusBadRequest, "light_overall", "error.invalid_choice"},
			{"BlueLightOnEdit", "PUT", reportPath(draft["id"], ""), withFields(draft, map[string]any{"lights": map[string]any{"cost": "blue"}}), http.StatusBadRequest, "light_cost", "error.invalid_choice"},
			{"UnknownLight", "POST", reportsPath(id, ""), withFields(good, map[string]any{"lights": map[string]any{"budget": "red"}}), http.StatusBadRequest, "budget", ""},
			{"OtherProjectsPackage", "POST", reportsPath(id, ""), withFields(good, map[string]any{"work_package_id": otherWP.ID}), http.StatusBadRequest, "work_package_id", "error.not_found"},
			{"UnknownPerson", "POST", reportsPath(id, ""), withFields(good, map[string]any{"responsible_ids": []int64{999999}}), http.StatusBadRequest, "responsible_ids", ""},
			{"UnknownField", "POST", reportsPath(id, ""), withFields(good, map[string]any{"colour": "green"}), http.StatusBadRequest, "colour", ""},
			{"KeyInAnotherCase", "POST", reportsPath(id, ""), `{"report_date":"2021-11-22","LIGHTS":{"overall":"green"}}`, http.StatusBadRequest, "LIGHTS", ""},
			{"NestedKeyInAnotherCase", "POST", reportsPath(id, ""), `{"report_date":"2021-11-22","lights":{"Overall":"green"}}`, http.StatusBadRequest, "lights", ""},
			{"TextInUnusedLanguage", "POST", reportsPath(id, ""), withFields(good, map[string]any{"todo": map[string]any{"se": "Kvar"}}), http.StatusBadRequest, "todo.se", ""},
			{"SubmitWithoutLight", "POST", reportPath(draft["id"], "/submit"), map[string]any{"version": draft["version"]}, http.StatusBadRequest, "light_overall", "error.report_light_required"},
			{"ReviewADraft", "POST", reportPath(draft["id"], "/review"), map[string]any{"version": draft["version"]}, http.StatusBadRequest, "", "error.report_not_submitted"},
			{"CorrectADraft", "POST", reportPath(draft["id"], "/correct"), nil, http.StatusBadRequest, "", "error.report_not_submitted"},
			{"ReviewUnknownField", "POST", reportPath(draft["id"], "/review"), map[string]any{"version": draft["version"], "verdict": "ok"}, http.StatusBadRequest, "verdict", ""},
			{"NotJSON", "POST", reportsPath(id, ""), "report_date=2021-11-22", http.StatusBadRequest, "", ""},
			{"NewBadDate", "GET", reportsPath(id, "/new?date=2021-02-30"), nil, http.StatusBadRequest, "date", "error.date"},
			{"NewBadPackage", "GET", reportsPath(id, "/new?work_package_id=x"), nil, http.StatusBadRequest, "work_package_id", "error.query_id"},
			{"NewOtherProjectsPackage", "GET", reportsPath(id, fmt.Sprintf("/new?work_package_id=%d", otherWP.ID)), nil, http.StatusBadRequest, "work_package_id", "error.not_found"},
			{"ListCurrentMaybe", "GET", reportsPath(id, "?current=maybe"), nil, http.StatusBadRequest, "current", "error.query_bool"},
			{"ListUnknownParameter", "GET", reportsPath(id, "?state=draft"), nil, http.StatusBadRequest, "state", "error.query_unknown"},
			{"SummaryShowAll", "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?show=all", w.portfolio.ID), nil, http.StatusBadRequest, "show", "error.invalid_choice"},
			{"SummaryAfterAlone", "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?after=2.1", w.portfolio.ID), nil, http.StatusBadRequest, "after_id", "error.query_required"},
			{"SummaryOffset", "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?offset=50", w.portfolio.ID), nil, http.StatusBadRequest, "offset", "error.query_unknown"},
			{"SummaryBadPhase", "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?phase=Toteutus!", w.portfolio.ID), nil, http.StatusBadRequest, "phase", ""},
			{"SummaryLimit", "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?limit=501", w.portfolio.ID), nil, http.StatusBadRequest, "limit", "error.query_limit"},
			{"DueBadDate", "GET", fmt.Sprintf("/api/v1/portfolios/%d/reports-due?date=2025-5-1", w.portfolio.ID), nil, http.StatusBadRequest, "date", "error.date"},
			{"ProjectDueLimit", "GET", fmt.Sprintf("/api/v1/projects/%d/reports-due?limit=5", id), nil, http.StatusBadRequest, "limit", "error.query_unknown"},
			{"MyDueBadDate", "GET", "/api/v1/me/reports-due?date=tomorrow", nil, http.StatusBadRequest, "date", "error.date"},
		} {
			t.Run(c.name, func(t *testing.T) {
				a := *a
				a.t = t
				before := a.reportSnapshot(id, w.portfolio.ID) + a.reportSnapshot(stopped.ID, w.portfolio.ID)
				var fields []string
				if c.field != "" {
					fields = append(fields, c.field)
				}
				e := a.do(c.method, c.path, c.body).wantError(t, c.status, "invalid", fields...)
				if c.message != "" {
					got, want := e.Error.Message, apiCatalog.T("en", c.message)
					if c.field != "" {
						got = e.Error.Fields[c.field]
					}
					if got != want {
						t.Errorf("message %q, want %q", got, want)
					}
				}
				if after := a.reportSnapshot(id, w.portfolio.ID) + a.reportSnapshot(stopped.ID, w.portfolio.ID); after != before {
					t.Errorf("changed:\n%s\n%s", before, after)
				}
			})
		}
		// Without a cycle anywhere above, no date will do.
		lone := &salkku.Portfolio{OrganisationID: w.org2.ID, Name: salkku.T("Kaarinan salkku")}
		if err := a.db.CreatePortfolio(ctx, lone); err != nil {
			t.Fatal(err)
		}
		p := a.reportProject(lone, "K1", nil)
		e := a.do("POST", reportsPath(p.ID, ""), good).wantError(t, http.StatusBadRequest, "invalid", "report_date")
		if want := apiCatalog.T("en", "error.report_no_cycle"); e.Error.Fields["report_date"] != want {
			t.Errorf("fields.report_date %q, want %q", e.Error.Fields["report_date"], want)
		}
	})
}

// TestAPIStatusSummary: the summary agrees with the reports behind it,
// rolled up over a sub-portfolio, filtered, and paged by its cursor to the
// same rows as one page.
func TestAPIStatusSummary(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		ctx := salkku.System(context.Background())
		a.do("PUT", cyclePath(w.portfolio.ID), karaCycleBody).want(t, http.StatusOK)
		pa := a.reportProject(w.portfolio, "A", nil)
		pb := a.reportProject(w.portfolio2, "B", nil)
		pc := a.reportProject(w.portfolio, "C", nil)
		pc.CategoryID = &w.category.ID
		if err := a.db.UpdateProject(ctx, pc); err != nil {
			t.Fatal(err)
		}
		wp := &salkku.WorkPackage{ProjectID: pb.ID, Code: "TP 1", Name: salkku.T("Työpaketti 1")}
		if err := a.db.CreateWorkPackage(ctx, wp); err != nil {
			t.Fatal(err)
		}
		// Sep–Oct: A green, B's package green. Nov–Dec: A yellow (worse),
		// B's package red (worse), C nothing.
		a.submitted(pa.ID, nil, "2021-09-15", "green")
		a.submitted(pb.ID, &wp.ID, "2021-09-20", "green")
		latestA := a.submitted(pa.ID, nil, "2021-11-22", "yellow")
		a.submitted(pb.ID, &wp.ID, "2021-11-22", "red")
		summary := func(query string) map[string]any {
			t.Helper()
			return a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?%s", w.portfolio.ID, query), nil).want(t, http.StatusOK).object(t)
		}
		s := summary("date=2021-11-30")
		if s["date"] != "2021-11-30" || !reflect.DeepEqual(s["period"], map[string]any{"start": "2021-11-01", "due": "2021-12-31"}) ||
			!reflect.DeepEqual(s["counts"], map[string]any{"yellow": 1.0, "red": 1.0}) || s["reported"] != 2.0 || s["worse"] != 2.0 || s["missing"] != 1.0 ||
			s["next"] != nil || s["next_url"] != nil || s["cycle"].(map[string]any)["kind"] != salkku.CycleBimonthly {
			t.Errorf("summary: %v", s)
		}
		var rows []string
		for _, u := range s["units"].([]any) {
			u := u.(map[string]any)
			row := fmt.Sprint(u["project_code"], " ", u["work_package_code"], " ")
			if rep, ok := u["report"].(map[string]any); ok {
				row += fmt.Sprint(rep["lights"].(map[string]any)["overall"], " worse ", u["worse"])
			} else {
				row += "none"
			}
			rows = append(rows, row)
		}
		// The world's project 2.1 is only proposed: listed, not missing.
		want := []string{"2.1 <nil> none", "A <nil> yellow worse [overall]", "B <nil> none", "B TP 1 red worse [overall]", "C <nil> none"}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("rows %q, want %q", rows, want)
		}
		ua := s["units"].([]any)[1].(map[string]any)
		if rep := ua["report"].(map[string]any); rep["id"] != latestA["id"] || rep["url"] != reportPath(latestA["id"], "") ||
			!reflect.DeepEqual(ua["previous"], map[string]any{"overall": "green", "schedule": "", "cost": "", "scope": "", "resources": ""}) {
			t.Errorf("A's row: %v", ua)
		}
		a.do("GET", ua["report"].(map[string]any)["url"].(string), nil).want(t, http.StatusOK)

		// Filters: missing, worse, a category, a phase.
		codes := func(s map[string]any) string {
			var out []string
			for _, u := range s["units"].([]any) {
				out = append(out, fmt.Sprint(u.(map[string]any)["project_code"]))
			}
			return strings.Join(out, ",")
		}
		for _, c := range []struct{ query, want string }{
			{"date=2021-11-30&show=missing", "C"},
			{"date=2021-11-30&show=worse", "A,B,B"},
			{fmt.Sprintf("date=2021-11-30&category_id=%d", w.category.ID), "2.1,C"},
			{"date=2021-11-30&phase=planning", ""},
			{"date=2021-10-01", "2.1,A,B,B,C"},
		} {
			if got := codes(summary(c.query)); got != c.want {
				t.Errorf("%s: %s, want %s", c.query, got, c.want)
			}
		}
		if s := summary("date=2021-10-01"); !reflect.DeepEqual(s["counts"], map[string]any{"green": 2.0}) || s["worse"] != 0.0 {
			t.Errorf("Sep–Oct: %v worse %v", s["counts"], s["worse"])
		}
		// Before the cycle: no period, nothing reported.
		if s := summary("date=2021-06-01"); s["period"] != nil || s["reported"] != 0.0 {
			t.Errorf("before the cycle: period %v reported %v", s["period"], s["reported"])
		}

		// One project a page: the cursor and the link walk the same rows.
		var walked []string
		next := fmt.Sprintf("/api/v1/portfolios/%d/status-summary?date=2021-11-30&limit=1", w.portfolio.ID)
		for pages := 0; next != ""; pages++ {
			if pages > 6 {
				t.Fatal("the pages do not end")
			}
			page := a.do("GET", next, nil).want(t, http.StatusOK).object(t)
			if page["reported"] != 2.0 || page["missing"] != 1.0 {
				t.Errorf("a page's counts: %v %v", page["reported"], page["missing"])
			}
			walked = append(walked, codes(page))
			next = ""
			if u, ok := page["next_url"].(string); ok {
				next = u
				cur := page["next"].(map[string]any)
				q, _ := url.ParseQuery(strings.SplitN(u, "?", 2)[1])
				if q.Get("after") != cur["after"] || q.Get("after_id") != apiID(cur["after_id"]) || q.Get("limit") != "1" || q.Get("date") != "2021-11-30" {
					t.Errorf("next_url %q, next %v", u, cur)
				}
			}
		}
		if got := strings.Join(walked, ";"); got != "2.1;A;B,B;C" {
			t.Errorf("pages %q", got)
		}

		// Who may see what: a viewer of the sub-portfolio only sees its
		// projects; others get 403, unknown portfolios 404.
		subViewer := a.gateCaller("osa@naantali.fi", salkku.RoleViewer, w.portfolio2.ID)
		a.as(subViewer, "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary", w.portfolio.ID), nil).wantError(t, http.StatusForbidden, "forbidden")
		sub := a.as(subViewer, "GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?date=2021-11-30", w.portfolio2.ID), nil).want(t, http.StatusOK).object(t)
		if got := codes(sub); got != "B,B" || sub["cycle"].(map[string]any)["inherited_from"] != float64(w.portfolio.ID) || sub["reported"] != 1.0 {
			t.Errorf("the sub-portfolio's summary: %s, cycle %v, reported %v", got, sub["cycle"], sub["reported"])
		}
		a.do("GET", "/api/v1/portfolios/999999/status-summary", nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

// TestAPIReportsDue: the due lists of a portfolio, a project and the
// signed-in user, overdue first.
func TestAPIReportsDue(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		ctx := salkku.System(context.Background())
		a.do("PUT", cyclePath(w.portfolio.ID), karaCycleBody).want(t, http.StatusOK)
		aino := &salkku.Person{Name: "Aino Projektipäällikkö", Email: "aino@naantali.fi", OrganisationID: &w.org.ID}
		if err := a.db.CreatePerson(ctx, aino); err != nil {
			t.Fatal(err)
		}
		pa := a.reportProject(w.portfolio, "A", aino)
		pb := a.reportProject(w.portfolio2, "B", nil)
		a.reportProject(w.portfolio, "C", nil)
		// A reported for the period before 1.5.2026; B and C did not.
		today := salkku.Today(a.srv.Now())
		c := &salkku.ReportingCycle{Kind: salkku.CycleBimonthly, Start: "2021-07-01"}
		last, ok := c.LastDue(today)
		if !ok {
			t.Fatal("no period has passed")
		}
		open, _ := c.NextDue(today)
		a.submitted(pa.ID, nil, string(last.Start), "green")
		lines := func(path string, as ...string) []string {
			t.Helper()
			var res apiResponse
			if len(as) > 0 {
				res = a.as(as[0], "GET", path, nil)
			} else {
				res = a.do("GET", path, nil)
			}
			list := res.want(t, http.StatusOK).object(t)
			out := []string{}
			for _, it := range list["items"].([]any) {
				it := it.(map[string]any)
				out = append(out, fmt.Sprint(it["project_code"], " ", it["overdue"], " ", it["period"].(map[string]any)["due"]))
			}
			if !strings.Contains(path, "limit=") && list["total"] != float64(len(out)) {
				t.Errorf("%s: total %v for %d", path, list["total"], len(out))
			}
			return out
		}
		// B and C were entered today, after the last period: not overdue
		// for it, due for the open one.
		pf := fmt.Sprintf("/api/v1/portfolios/%d/reports-due", w.portfolio.ID)
		wantEqualStrings(t, lines(pf), []string{"A false " + string(open.Due), "B false " + string(open.Due), "C false " + string(open.Due)})
		// A day into the next period, B and C missed the one open now.
		after := salkku.Date(addDay(open.Due))
		wantEqualStrings(t, lines(pf+"?date="+string(after)), []string{
			fmt.Sprintf("A true %s", open.Due), fmt.Sprintf("B true %s", open.Due), fmt.Sprintf("C true %s", open.Due)})
		wantEqualStrings(t, lines(pf+"?date="+string(after)+"&limit=1&offset=1"), []string{fmt.Sprintf("B true %s", open.Due)})
		wantEqualStrings(t, lines(fmt.Sprintf("/api/v1/projects/%d/reports-due", pb.ID)), []string{"B false " + string(open.Due)})
		// Once B reports for the open period, it is not due.
		a.submitted(pb.ID, nil, string(today), "green")
		wantEqualStrings(t, lines(fmt.Sprintf("/api/v1/projects/%d/reports-due", pb.ID)), []string{})

		// Mine: the projects my person manages, as a viewer of them.
		me := a.gateCaller(aino.Email, salkku.RoleViewer, w.portfolio.ID)
		wantEqualStrings(t, lines("/api/v1/me/reports-due", me), []string{"A false " + string(open.Due)})
		wantEqualStrings(t, lines("/api/v1/me/reports-due"), []string{}) // the admin manages nothing
		a.do("GET", "/api/v1/portfolios/999999/reports-due", nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", "/api/v1/projects/999999/reports-due", nil).wantError(t, http.StatusNotFound, "not_found")
		stranger := a.gateCaller("muu@kaarina.fi", "", 0)
		a.as(stranger, "GET", pf, nil).wantError(t, http.StatusForbidden, "forbidden")
		wantEqualStrings(t, lines("/api/v1/me/reports-due", stranger), []string{})
	})
}

func addDay(d salkku.Date) string { return d.Time().AddDate(0, 0, 1).Format("2006-01-02") }

func wantEqualStrings(t *testing.T, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestAPIReportSchemas: what the reporting endpoints answer fits the
// schemas openapi.json gives them, to the last nested field.
func TestAPIReportSchemas(t *testing.T) {
	a := newAPITest(t, "sqlite")
	w := a.world()
	spec := a.openAPI()
	check := func(name string, res apiResponse) {
		t.Helper()
		var v any
		if err := json.Unmarshal(res.Body, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		conform(t, spec, map[string]any{"$ref": "#/components/schemas/" + name}, v, name)
	}
	check("ReportingCycle", a.do("PUT", cyclePath(w.portfolio.ID), karaCycleBody).want(t, http.StatusOK))
	check("ReportingCycle", a.do("GET", cyclePath(w.portfolio2.ID), nil).want(t, http.StatusOK))
	check("ReportingCycle", a.do("PUT", cyclePath(w.portfolio2.ID), map[string]any{"kind": "dates", "start": "2021-07-01", "end": "2022-12-31", "dates": []string{"2021-12-31"}}).want(t, http.StatusOK))
	a.do("DELETE", cyclePath(w.portfolio2.ID), nil).want(t, http.StatusNoContent)
	p := a.reportProject(w.portfolio, "S", w.people[0])
	check("StatusReport", a.do("GET", reportsPath(p.ID, "/new?date=2021-11-22"), nil).want(t, http.StatusOK))
	r := a.do("POST", reportsPath(p.ID, ""), map[string]any{"report_date": "2021-11-22", "overall": "Etenee", "lights": map[string]any{"overall": "green"},
		"responsible_ids": []int64{w.people[1].ID}, "tags": []string{"H"}, "legend": "H = HELLÄ-yhteys"}).want(t, http.StatusCreated)
	check("StatusReport", r)
	id := r.object(t)["id"]
	check("StatusReport", a.do("POST", reportPath(id, "/submit"), map[string]any{"version": 1}).want(t, http.StatusOK))
	check("StatusReport", a.do("POST", reportPath(id, "/review"), map[string]any{"version": 2, "note": "Hyvä"}).want(t, http.StatusOK))
	check("StatusReport", a.do("POST", reportPath(id, "/correct"), nil).want(t, http.StatusOK))
	wpID := w.wp.ID
	a.submitted(w.project.ID, &wpID, "2021-09-01", "green")
	a.submitted(w.project.ID, &wpID, "2021-11-02", "red")
	check("StatusReportList", a.do("GET", reportsPath(w.project.ID, ""), nil).want(t, http.StatusOK))
	check("StatusSummary", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?date=2021-11-30&limit=1", w.portfolio.ID), nil).want(t, http.StatusOK))
	check("StatusSummary", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?date=2021-11-30", w.portfolio.ID), nil).want(t, http.StatusOK))
	check("StatusSummary", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/status-summary?date=2021-06-01", w.portfolio.ID), nil).want(t, http.StatusOK))
	check("ReportDueList", a.do("GET", fmt.Sprintf("/api/v1/portfolios/%d/reports-due", w.portfolio.ID), nil).want(t, http.StatusOK))
	check("ReportDueList", a.do("GET", fmt.Sprintf("/api/v1/projects/%d/reports-due", p.ID), nil).want(t, http.StatusOK))
	check("ReportDueList", a.do("GET", "/api/v1/me/reports-due", nil).want(t, http.StatusOK))
}

// TestAPIReportQueries: the summary, the due lists and a project's reports
// run the same number of statements whatever the number of projects and
// reports, so none queries once per row.
func TestAPIReportQueries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		var last atomic.Int64
		a := newAppWrapped(t, engine, nil, func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx, n := sqldb.CountQueries(r.Context())
				h.ServeHTTP(w, r.WithContext(ctx))
				last.Store(n.Load())
			})
		})
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Kaarinan kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Kasvatus ja opetus")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		sub := &salkku.Portfolio{OrganisationID: org.ID, ParentID: &pf.ID, Name: salkku.T("Varhaiskasvatus")}
		must(t, a.db.CreatePortfolio(ctx, sub))
		must(t, a.db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: pf.ID, Kind: salkku.CycleBimonthly, Start: "2021-07-01"}))
		must(t, a.db.SetReportingCycle(ctx, &salkku.ReportingCycle{PortfolioID: sub.ID, Kind: salkku.CycleQuarterly, Start: "2021-07-01"}))
		me, err := a.db.FindUserByID(ctx, a.admin.ID)
		must(t, err)
		var first *salkku.Project
		added := 0
		// grow adds projects up to n, half in the sub-portfolio, each
		// managed by the admin's person, with a work package, and reports
		// of two periods from the project and its package.
		grow := func(n int) {
			for ; added < n; added++ {
				in := pf
				if added%2 == 1 {
					in = sub
				}
				p := &salkku.Project{PortfolioID: in.ID, Code: fmt.Sprintf("%d.1", added+1), Name: salkku.T(fmt.Sprintf("Hanke %d", added)),
					Phase: "implementation", ManagerID: me.PersonID}
				must(t, a.db.CreateProject(ctx, p))
				wp := &salkku.WorkPackage{ProjectID: p.ID, Code: "TP1", Name: salkku.T("Työpaketti")}
				must(t, a.db.CreateWorkPackage(ctx, wp))
				for i, date := range []salkku.Date{"2021-09-15", "2021-11-22"} {
					for _, unit := range []*int64{nil, &wp.ID} {
						r := &salkku.StatusReport{ProjectID: p.ID, WorkPackageID: unit, ReportDate: date, Overall: salkku.T("Etenee"),
							Lights: salkku.Lights{Overall: salkku.LightValues[(added+i)%3]}, ResponsibleIDs: []int64{*me.PersonID}}
						must(t, a.db.CreateReport(ctx, r))
						if added%3 != 2 { // some stay drafts: missing from the summary, due
							_, err := a.db.SubmitReport(ctx, r.ID, r.Version)
							must(t, err)
						}
					}
				}
				if first == nil {
					first = p
				}
			}
		}
		pages := func() map[string]string {
			base := "/api/v1/portfolios/" + id(pf.ID)
			return map[string]string{
				"summary":         base + "/status-summary?date=2021-11-30",
				"summary page":    base + "/status-summary?date=2021-11-30&limit=5&after=1.1&after_id=" + id(first.ID),
				"summary missing": base + "/status-summary?date=2021-11-30&show=missing",
				"summary worse":   base + "/status-summary?date=2021-11-30&show=worse",
				"due":             base + "/reports-due?date=2021-12-05",
				"project due":     "/api/v1/projects/" + id(first.ID) + "/reports-due?date=2021-12-05",
				"my due":          "/api/v1/me/reports-due?date=2021-12-05",
				"reports":         "/api/v1/projects/" + id(first.ID) + "/reports",
				"cycle":           base + "/reporting-cycle",
				"new report":      "/api/v1/projects/" + id(first.ID) + "/reports/new?date=2022-01-10",
			}
		}
		count := func() map[string]int64 {
			out := map[string]int64{}
			for name, path := range pages() {
				wantStatus(t, a.get(t, path), http.StatusOK)
				out[name] = last.Load()
			}
			return out
		}
		grow(3)
		few := count()
		grow(60) // past one page of 50 rows
		many := count()
		for name, n := range few {
			if many[name] > n {
				t.Errorf("%s: %d statements with 3 projects, %d with 60", name, n, many[name])
			}
		}
		// The summary holds every project on one page, yet counts the same.
		if p := a.get(t, "/api/v1/portfolios/"+id(pf.ID)+"/status-summary?date=2021-11-30&limit=500"); !strings.Contains(p.Body, `"reported":40`) {
			t.Errorf("summary of 60 projects: %.300s", p.Body)
		}
		t.Logf("statements per request: %v", many)
	})
}

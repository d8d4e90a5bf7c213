package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/export"
)

// The finance API (issue 10): cost categories, budget revisions, settings,
// actuals, funding and payment applications, the portfolio roll-up and the
// actuals import as preview and apply. Amounts are integer cents.

// finWorld is a register with money: the apiWorld, and KaRa's project in
// its portfolio (8/2020–11/2021, seed 002) with a work package, a second
// project in the sub-portfolio, and the organisation's cost categories.
type finWorld struct {
	*apiWorld
	kara, other *salkku.Project
	karaWP      *salkku.WorkPackage
	cats        []*salkku.CostCategory
}

func (a *apiTest) finWorld() *finWorld {
	a.t.Helper()
	ctx := salkku.System(context.Background())
	w := &finWorld{apiWorld: a.world()}
	w.kara = &salkku.Project{PortfolioID: w.portfolio.ID, Code: "KARA", Name: salkku.T("KaRa-hanke"),
		Schedule: salkku.Schedule{Start: salkku.NewMonth(2020, 8), End: salkku.NewMonth(2021, 11)}}
	w.other = &salkku.Project{PortfolioID: w.portfolio2.ID, Code: "S.1", Name: salkku.T("Sivistyksen hanke")}
	for _, p := range []*salkku.Project{w.kara, w.other} {
		if err := a.db.CreateProject(ctx, p); err != nil {
			a.t.Fatal(err)
		}
	}
	w.karaWP = &salkku.WorkPackage{ProjectID: w.kara.ID, Code: "TP1", Name: salkku.T("Työpaketti 1")}
	if err := a.db.CreateWorkPackage(ctx, w.karaWP); err != nil {
		a.t.Fatal(err)
	}
	cats, err := a.db.FindCostCategories(ctx, w.org.ID)
	if err != nil || len(cats) != 6 {
		a.t.Fatalf("cost categories: %v, %v", cats, err)
	}
	w.cats = cats
	return w
}

func finPath(format string, args ...any) string { return "/api/v1" + fmt.Sprintf(format, args...) }

// finBudget is a revision's body: lines of (category, year, cents).
func finBudget(number int, reason string, lines ...[3]int64) map[string]any {
	ls := []map[string]any{}
	for _, l := range lines {
		ls = append(ls, map[string]any{"category_id": l[0], "year": l[1], "amount": l[2]})
	}
	b := map[string]any{"number": number, "date": "2020-08-01", "lines": ls}
	if reason != "" {
		b["reason"] = reason
	}
	return b
}

// finance reads a project's finance.
func (a *apiTest) finance(projectID int64) map[string]any {
	a.t.Helper()
	return a.do("GET", finPath("/projects/%d/finance", projectID), nil).want(a.t, http.StatusOK).object(a.t)
}

// finTotal is the total line of a follow-up.
func finTotal(t *testing.T, followUp any) map[string]any {
	t.Helper()
	return followUp.(map[string]any)["total"].(map[string]any)
}

func TestAPICostCategories(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		col := finPath("/organisations/%d/cost-categories", w.org.ID)
		list := a.do("GET", col, nil).want(t, http.StatusOK).object(t)
		items := list["items"].([]any)
		if list["total"] != 6.0 || items[0].(map[string]any)["name"].(map[string]any)["fi"] != "Henkilöstömenot" ||
			items[5].(map[string]any)["name"].(map[string]any)["fi"] != "Investointimenot" || items[5].(map[string]any)["name"].(map[string]any)["sv"] != nil {
			// A Finnish-only organisation's defaults are in Finnish only.
			t.Fatalf("defaults %v", list)
		}
		if accounts, ok := items[0].(map[string]any)["accounts"].([]any); !ok || len(accounts) != 0 {
			t.Errorf("accounts %v, want []", items[0])
		}

		// Bad input: no name, an account that is not digits; nothing stored.
		a.do("POST", col, map[string]any{"accounts": []string{"43"}}).wantError(t, http.StatusBadRequest, "invalid", "name.fi")
		a.do("POST", col, map[string]any{"name": "Koulutus", "accounts": []string{"43a"}}).wantError(t, http.StatusBadRequest, "invalid", "accounts")
		a.do("POST", col, map[string]any{"name": "Koulutus", "colour": "red"}).wantError(t, http.StatusBadRequest, "invalid")
		if n := a.do("GET", col, nil).want(t, http.StatusOK).object(t)["total"]; n != 6.0 {
			t.Fatalf("%v categories after refused ones", n)
		}

		// Created last, with its accounts; the organisation is the path's.
		res := a.do("POST", col, map[string]any{"name": map[string]string{"fi": "Koulutus"}, "accounts": []string{"4390", "4391"}, "organisation_id": w.org2.ID}).
			want(t, http.StatusCreated)
		c := res.object(t)
		if res.Header.Get("Location") != "/api/v1/cost-categories/"+apiID(c["id"]) || c["position"] != 7.0 || c["organisation_id"] != float64(w.org.ID) ||
			len(c["accounts"].([]any)) != 2 || res.Header.Get("ETag") != `"v1"` {
			t.Fatalf("created %v (Location %q)", c, res.Header.Get("Location"))
		}
		path := "/api/v1/cost-categories/" + apiID(c["id"])
		c["name"] = map[string]string{"fi": "Koulutusmenot", "sv": "Utbildning"}
		put := a.do("PUT", path, c).want(t, http.StatusOK).object(t)
		if put["version"] != 2.0 || put["name"].(map[string]any)["sv"] != "Utbildning" {
			t.Errorf("after PUT %v", put)
		}
		a.do("PUT", path, c).wantError(t, http.StatusConflict, "conflict")
		a.do("PUT", "/api/v1/cost-categories/999999", put).wantError(t, http.StatusNotFound, "not_found")

		// A category with money on it stays; an unused one goes.
		a.do("POST", finPath("/projects/%d/actuals", w.kara.ID), map[string]any{"category_id": c["id"], "month": "2021-01", "amount": 100}).want(t, http.StatusCreated)
		e := a.do("DELETE", path, nil).wantError(t, http.StatusConflict, "conflict")
		if e.Error.Message != apiCatalog.T("en", "error.cost_category_in_use") {
			t.Errorf("message %q", e.Error.Message)
		}
		unused := a.do("POST", col, map[string]any{"name": "Tyhjä"}).want(t, http.StatusCreated).object(t)
		a.do("DELETE", "/api/v1/cost-categories/"+apiID(unused["id"]), nil).want(t, http.StatusNoContent)
		a.do("DELETE", "/api/v1/cost-categories/"+apiID(unused["id"]), nil).wantError(t, http.StatusNotFound, "not_found")

		for _, p := range []string{"/organisations/999999/cost-categories", "/organisations/abc/cost-categories"} {
			a.do("GET", "/api/v1"+p, nil).wantError(t, http.StatusNotFound, "not_found")
			a.do("POST", "/api/v1"+p, map[string]any{"name": "x"}).wantError(t, http.StatusNotFound, "not_found")
		}
		a.do("GET", col+"?limit=5", nil).wantError(t, http.StatusBadRequest, "invalid", "limit")
	})
}

func TestAPIBudget(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		henk, palv := w.cats[0].ID, w.cats[1].ID
		budget := finPath("/projects/%d/budget", w.kara.ID)
		revisions := func() int {
			t.Helper()
			return len(a.finance(w.kara.ID)["revisions"].([]any))
		}
		// Nothing before the first budget.
		f := a.finance(w.kara.ID)
		if f["budget"] != nil || f["original_budget"] != nil || len(f["revisions"].([]any)) != 0 || len(f["categories"].([]any)) != 6 {
			t.Fatalf("empty finance %v", f)
		}

		// Bad input: each names its line's field, and nothing is stored.
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"NegativeBudget", finBudget(1, "", [3]int64{henk, 2020, 100}, [3]int64{palv, 2021, -1}), "lines.1.amount"},
			{"UnknownCategory", finBudget(1, "", [3]int64{999999, 2020, 100}), "lines.0.category_id"},
			{"OtherOrganisationsCategory", finBudget(1, "", [3]int64{a.otherOrgCategory(w), 2020, 100}), "lines.0.category_id"},
			{"YearOutsideProject", finBudget(1, "", [3]int64{henk, 2019, 100}), "lines.0.year"},
			{"LineTwice", finBudget(1, "", [3]int64{henk, 2020, 100}, [3]int64{henk, 2020, 5}), "lines.1.category_id"},
			{"NoNumber", finBudget(0, "", [3]int64{henk, 2020, 100}), "number"},
		} {
			t.Run(c.name, func(t *testing.T) {
				a.t = t
				a.do("POST", budget, c.body).wantError(t, http.StatusBadRequest, "invalid", c.field)
				if n := revisions(); n != 0 {
					t.Errorf("%d revisions after a refused one", n)
				}
			})
		}
		a.t = t
		e := a.do("POST", budget, finBudget(1, "", [3]int64{henk, 2020, -100})).wantError(t, http.StatusBadRequest, "invalid", "lines.0.amount")
		if e.Error.Fields["lines.0.amount"] != apiCatalog.T("en", "error.money_negative") {
			t.Errorf("negative amount: %q", e.Error.Fields["lines.0.amount"])
		}
		// Strict JSON inside the lines too.
		bad := finBudget(1, "")
		bad["lines"] = []map[string]any{{"category_id": henk, "year": 2020, "amount": 100, "sum": 1}}
		a.do("POST", budget, bad).wantError(t, http.StatusBadRequest, "invalid")
		bad["lines"] = []map[string]any{{"category_id": henk, "year": 2020, "amount": 1.5}}
		a.do("POST", budget, bad).wantError(t, http.StatusBadRequest, "invalid")

		// Seed 002's budget for two categories: 990 040 € and 623 440 €.
		res := a.do("POST", budget, finBudget(1, "", [3]int64{henk, salkku.WholeSpan, 99004000}, [3]int64{palv, salkku.WholeSpan, 62344000})).want(t, http.StatusCreated)
		r := res.object(t)
		if res.Header.Get("Location") != budget+"/revisions/1" || r["number"] != 1.0 || r["total"] != 161348000.0 || len(r["lines"].([]any)) != 2 ||
			r["project_id"] != float64(w.kara.ID) || r["created_by"] == 0.0 {
			t.Fatalf("created %v (Location %q)", r, res.Header.Get("Location"))
		}
		// The same number again, or one skipped: someone else's revision.
		a.do("POST", budget, finBudget(1, "", [3]int64{henk, 2020, 1})).wantError(t, http.StatusConflict, "conflict")
		a.do("POST", budget, finBudget(3, "Lisätalousarvio", [3]int64{henk, 2020, 1})).wantError(t, http.StatusConflict, "conflict")
		// A revision after the first needs its reason.
		a.do("POST", budget, finBudget(2, "", [3]int64{henk, 2020, 1})).wantError(t, http.StatusBadRequest, "invalid", "reason.fi")

		r2 := a.do("POST", budget, finBudget(2, "Siirto palveluostoihin", [3]int64{henk, salkku.WholeSpan, 89004000}, [3]int64{palv, salkku.WholeSpan, 72344000},
			[3]int64{w.cats[3].ID, 2021, 3539000})).want(t, http.StatusCreated).object(t)
		if r2["number"] != 2.0 || r2["reason"].(map[string]any)["fi"] != "Siirto palveluostoihin" {
			t.Errorf("revision 2 %v", r2)
		}
		f = a.finance(w.kara.ID)
		cur, orig := f["budget"].(map[string]any), f["original_budget"].(map[string]any)
		if cur["number"] != 2.0 || orig["number"] != 1.0 || len(cur["lines"].([]any)) != 3 || len(f["revisions"].([]any)) != 2 {
			t.Fatalf("finance %v", f)
		}
		if tot := finTotal(t, f["follow_up"]); tot["budget"] != 164887000.0 || tot["original"] != 161348000.0 {
			t.Errorf("follow-up total %v", tot)
		}
		lines := f["follow_up"].(map[string]any)["lines"].([]any)
		if len(lines) != 6 || lines[0].(map[string]any)["budget"] != 89004000.0 || lines[0].(map[string]any)["original"] != 99004000.0 {
			t.Errorf("follow-up lines %v", lines)
		}

		one := a.do("GET", budget+"/revisions/1", nil).want(t, http.StatusOK).object(t)
		if one["total"] != 161348000.0 || len(one["lines"].([]any)) != 2 {
			t.Errorf("revision 1 %v", one)
		}
		for _, n := range []string{"3", "0", "abc", "99999999999"} {
			a.do("GET", budget+"/revisions/"+n, nil).wantError(t, http.StatusNotFound, "not_found")
		}
		a.do("POST", finPath("/projects/999999/budget"), finBudget(1, "", [3]int64{henk, 2020, 1})).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", finPath("/projects/999999/finance"), nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

// otherOrgCategory is a cost category of the world's second organisation.
func (a *apiTest) otherOrgCategory(w *finWorld) int64 {
	a.t.Helper()
	cats, err := a.db.FindCostCategories(salkku.System(context.Background()), w.org2.ID)
	if err != nil || len(cats) == 0 {
		a.t.Fatalf("%v, %v", cats, err)
	}
	return cats[0].ID
}

func TestAPIFinanceSettings(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		path := finPath("/projects/%d/finance-settings", w.kara.ID)
		a.do("PUT", path, map[string]any{"forecast_mode": "guess"}).wantError(t, http.StatusBadRequest, "invalid", "forecast_mode")
		a.do("PUT", path, map[string]any{"forecast_mode": "entered", "forecast": []map[string]any{{"category_id": w.cats[0].ID, "amount": -5}}}).
			wantError(t, http.StatusBadRequest, "invalid", "forecast.0.amount")
		a.do("PUT", path, map[string]any{"forecast": []map[string]any{{"category_id": 999999, "amount": 5}}}).
			wantError(t, http.StatusBadRequest, "invalid", "forecast.0.category_id")

		// The first settings take no version (or 0).
		res := a.do("PUT", path, map[string]any{"actuals_through": "2021-11-15", "project_id": 1}).want(t, http.StatusOK)
		s := res.object(t)
		if s["version"] != 1.0 || s["forecast_mode"] != "run_rate" || s["actuals_through"] != "2021-11-15" || res.Header.Get("ETag") != `"v1"` ||
			s["project_id"] != float64(w.kara.ID) || len(s["forecast"].([]any)) != 0 {
			t.Fatalf("settings %v", s)
		}
		// Made meanwhile: a second first is stale.
		a.do("PUT", path, map[string]any{"actuals_through": "2021-10-31"}).wantError(t, http.StatusConflict, "conflict")
		a.do("PUT", path, map[string]any{"actuals_through": "2021-10-31", "version": 7}).wantError(t, http.StatusConflict, "conflict")
		s2 := a.do("PUT", path, map[string]any{"forecast_mode": "entered", "forecast": []map[string]any{{"category_id": w.cats[0].ID, "amount": 123400}}},
			"If-Match", `"v1"`).want(t, http.StatusOK).object(t)
		if s2["version"] != 2.0 || s2["forecast_mode"] != "entered" {
			t.Errorf("settings %v", s2)
		}
		f := a.finance(w.kara.ID)
		if st := f["settings"].(map[string]any); st["version"] != 2.0 || finTotal(t, f["follow_up"])["forecast"] != 123400.0 {
			t.Errorf("finance settings %v, follow-up %v", st, f["follow_up"])
		}
	})
}

func TestAPIActuals(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		col := finPath("/projects/%d/actuals", w.kara.ID)
		henk := w.cats[0].ID
		body := func(month string, cents int64) map[string]any {
			return map[string]any{"category_id": henk, "month": month, "amount": cents, "description": "Palkat " + month}
		}
		a.do("POST", col, body("2020-07", 100)).wantError(t, http.StatusBadRequest, "invalid", "month")
		a.do("POST", col, body("2020-13", 100)).wantError(t, http.StatusBadRequest, "invalid", "month")
		bad := body("2021-01", 100)
		bad["category_id"] = 999999
		a.do("POST", col, bad).wantError(t, http.StatusBadRequest, "invalid", "category_id")
		bad["category_id"], bad["amount"] = henk, "1 234,50"
		a.do("POST", col, bad).wantError(t, http.StatusBadRequest, "invalid", "amount")
		a.do("POST", finPath("/projects/999999/actuals"), body("2021-01", 100)).wantError(t, http.StatusNotFound, "not_found")

		res := a.do("POST", col, map[string]any{"category_id": henk, "month": "1/2021", "amount": -2500, "work_package_id": w.karaWP.ID,
			"import_id": 5, "source_key": "x"}).want(t, http.StatusCreated)
		c := res.object(t)
		if res.Header.Get("Location") != "/api/v1/actuals/"+apiID(c["id"]) || c["month"] != "2021-01" || c["amount"] != -2500.0 || c["import_id"] != nil ||
			c["work_package_code"] != "TP1" || c["category_name"].(map[string]any)["fi"] != "Henkilöstömenot" {
			t.Fatalf("created %v", c)
		}
		path := "/api/v1/actuals/" + apiID(c["id"])
		got := a.get("actuals", c["id"])
		got["amount"] = 2500
		if put := a.do("PUT", path, got).want(t, http.StatusOK).object(t); put["amount"] != 2500.0 || put["version"] != 2.0 {
			t.Errorf("after PUT %v", put)
		}
		a.do("PUT", path, got).wantError(t, http.StatusConflict, "conflict")

		// Eleven months of salaries, paged two by two, newest first.
		for m := 2; m <= 12; m++ {
			a.do("POST", col, body(fmt.Sprintf("2021-%02d", min(m, 11)), int64(m)*100000)).want(t, http.StatusCreated)
		}
		var seen []string
		next := col + "?limit=2"
		for pages := 0; next != ""; pages++ {
			if pages > 10 {
				t.Fatal("too many pages")
			}
			page := a.do("GET", next, nil).want(t, http.StatusOK).object(t)
			for _, it := range page["items"].([]any) {
				seen = append(seen, it.(map[string]any)["month"].(string))
			}
			next = ""
			if u, ok := page["next_url"].(string); ok {
				next = u
				if !strings.Contains(u, "limit=2") || page["next"] == nil {
					t.Errorf("next %v, next_url %q", page["next"], u)
				}
			}
		}
		if len(seen) != 12 || seen[0] != "2021-11" || seen[1] != "2021-11" || seen[11] != "2021-01" {
			t.Errorf("pages gave %v", seen)
		}
		// A full last page has no next.
		if page := a.do("GET", col+"?limit=12", nil).want(t, http.StatusOK).object(t); page["next"] != nil || len(page["items"].([]any)) != 12 {
			t.Errorf("one page of all: next %v, %d items", page["next"], len(page["items"].([]any)))
		}
		if page := a.do("GET", col+"?from=2021-03&to=2021-04&category_id="+apiID(henk), nil).want(t, http.StatusOK).object(t); len(page["items"].([]any)) != 2 {
			t.Errorf("from–to %v", page)
		}
		for _, q := range []string{"after=abc", "after=2021-05", "from=2021-13", "limit=0", "category_id=x", "page=2"} {
			a.do("GET", col+"?"+q, nil).wantError(t, http.StatusBadRequest, "invalid", strings.Split(q, "=")[0])
		}
		// The follow-up is kept on every write.
		if tot := finTotal(t, a.finance(w.kara.ID)["follow_up"]); tot["actual"] != float64(2500+(2+3+4+5+6+7+8+9+10+11+12)*100000) {
			t.Errorf("actual total %v", tot)
		}
		a.do("DELETE", path, nil).want(t, http.StatusNoContent)
		a.do("GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", finPath("/projects/999999/actuals"), nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

func TestAPIFunding(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		col := finPath("/projects/%d/funding", w.kara.ID)
		grant := map[string]any{"kind": "state_grant", "name": "Valtionavustus (VM)", "share": 7500, "decision_number": "VM/1234/2020",
			"decision_date": "2020-06-15", "granted": 75038550, "eligible_from": "2020-08-01", "eligible_to": "2021-11-15", "final_report_due": "2022-02-28"}
		a.do("POST", col, map[string]any{"kind": "own", "name": "Oma rahoitus", "decision_number": "X"}).wantError(t, http.StatusBadRequest, "invalid", "kind")
		a.do("POST", col, map[string]any{"kind": "own", "name": "Oma rahoitus", "amount": -1}).wantError(t, http.StatusBadRequest, "invalid", "amount")
		a.do("POST", col, map[string]any{"kind": "loan", "name": "Laina"}).wantError(t, http.StatusBadRequest, "invalid", "kind")
		a.do("POST", finPath("/projects/999999/funding"), grant).wantError(t, http.StatusNotFound, "not_found")

		res := a.do("POST", col, grant).want(t, http.StatusCreated)
		g := res.object(t)
		if res.Header.Get("Location") != "/api/v1/funding/"+apiID(g["id"]) || g["granted"] != 75038550.0 || g["share"] != 7500.0 || len(g["applications"].([]any)) != 0 {
			t.Fatalf("created %v", g)
		}
		own := a.do("POST", col, map[string]any{"kind": "own", "name": "Kaupungin osuus", "amount": 25000000}).want(t, http.StatusCreated).object(t)

		apps := "/api/v1/funding/" + apiID(g["id"]) + "/applications"
		a.do("POST", apps, map[string]any{"number": 1}).wantError(t, http.StatusBadRequest, "invalid", "due")
		a.do("POST", apps, map[string]any{"number": 1, "due": "2021-03-31", "received": 100}).wantError(t, http.StatusBadRequest, "invalid", "received")
		a.do("POST", "/api/v1/funding/"+apiID(own["id"])+"/applications", map[string]any{"number": 1, "due": "2021-03-31"}).
			wantError(t, http.StatusBadRequest, "invalid", "funding_id")
		a.do("POST", "/api/v1/funding/999999/applications", map[string]any{"number": 1, "due": "2021-03-31"}).wantError(t, http.StatusNotFound, "not_found")
		res = a.do("POST", apps, map[string]any{"number": 1, "period_from": "2020-08-01", "period_to": "2021-01-31", "due": "2021-03-31",
			"submitted": "2021-03-15", "applied": 20000000, "status": "submitted", "funding_id": 999}).want(t, http.StatusCreated)
		app := res.object(t)
		if res.Header.Get("Location") != "/api/v1/payment-applications/"+apiID(app["id"]) || app["funding_id"] != g["id"] || app["received"] != nil {
			t.Fatalf("created %v", app)
		}
		a.do("POST", apps, map[string]any{"number": 1, "due": "2021-09-30"}).wantError(t, http.StatusBadRequest, "invalid", "number")
		a.do("POST", apps, map[string]any{"number": 3, "due": "2022-02-28"}).want(t, http.StatusCreated)

		path := "/api/v1/payment-applications/" + apiID(app["id"])
		got := a.get("payment-applications", app["id"])
		got["status"], got["received"] = "paid", 19500000
		if put := a.do("PUT", path, got).want(t, http.StatusOK).object(t); put["received"] != 19500000.0 || put["version"] != 2.0 {
			t.Errorf("after PUT %v", put)
		}
		a.do("PUT", path, got).wantError(t, http.StatusConflict, "conflict")

		fg := a.get("funding", g["id"])
		if as := fg["applications"].([]any); len(as) != 2 || as[0].(map[string]any)["number"] != 1.0 {
			t.Errorf("applications %v", fg["applications"])
		}
		// A grant with applications stays a grant.
		fg["kind"] = "own"
		a.do("PUT", "/api/v1/funding/"+apiID(g["id"]), fg).wantError(t, http.StatusBadRequest, "invalid", "kind")
		fg["kind"], fg["granted"] = "state_grant", 75000000
		if put := a.do("PUT", "/api/v1/funding/"+apiID(g["id"]), fg).want(t, http.StatusOK).object(t); put["granted"] != 75000000.0 || len(put["applications"].([]any)) != 2 {
			t.Errorf("after PUT %v", put)
		}
		if f := a.finance(w.kara.ID); len(f["funding"].([]any)) != 2 {
			t.Errorf("funding %v", f["funding"])
		}
		a.do("DELETE", path, nil).want(t, http.StatusNoContent)
		a.do("GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("DELETE", "/api/v1/funding/"+apiID(g["id"]), nil).want(t, http.StatusNoContent)
		a.do("GET", "/api/v1/funding/"+apiID(g["id"]), nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

func TestAPIPortfolioFinance(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		henk := w.cats[0].ID
		// Budgets and actuals in the portfolio (KARA, 2.1) and its
		// sub-portfolio (S.1).
		for i, p := range []*salkku.Project{w.kara, w.project, w.other} {
			a.do("POST", finPath("/projects/%d/budget", p.ID), finBudget(1, "", [3]int64{henk, 2021, int64(i+1) * 1000000})).want(t, http.StatusCreated)
			a.do("POST", finPath("/projects/%d/actuals", p.ID), map[string]any{"category_id": henk, "month": "2021-03", "amount": int64(i+1) * 1000}).want(t, http.StatusCreated)
		}
		path := finPath("/portfolios/%d/finance", w.portfolio.ID)
		pf := a.do("GET", path, nil).want(t, http.StatusOK).object(t)
		if tot := finTotal(t, pf["follow_up"]); tot["budget"] != 6000000.0 || tot["actual"] != 6000.0 {
			t.Errorf("roll-up total %v", tot)
		}
		children, projects := pf["children"].([]any), pf["projects"].([]any)
		if len(children) != 1 || children[0].(map[string]any)["total"].(map[string]any)["budget"] != 3000000.0 || len(projects) != 2 || pf["next"] != nil {
			t.Errorf("children %v, projects %v, next %v", children, projects, pf["next"])
		}
		// By code: 2.1, then KARA.
		first := a.do("GET", path+"?limit=1", nil).want(t, http.StatusOK).object(t)
		ps := first["projects"].([]any)
		if len(ps) != 1 || ps[0].(map[string]any)["code"] != "2.1" || first["next"] == nil {
			t.Fatalf("first page %v", first)
		}
		second := a.do("GET", first["next_url"].(string), nil).want(t, http.StatusOK).object(t)
		ps = second["projects"].([]any)
		if len(ps) != 1 || ps[0].(map[string]any)["code"] != "KARA" || second["next"] != nil || ps[0].(map[string]any)["total"].(map[string]any)["actual"] != 1000.0 {
			t.Errorf("second page %v", second)
		}
		a.do("GET", path+"?after=x", nil).wantError(t, http.StatusBadRequest, "invalid", "after")
		a.do("GET", finPath("/portfolios/999999/finance"), nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

// finAccounts books services (Palvelujen ostot) on accounts 43…, as the
// rows of finRows do.
func (a *apiTest) finAccounts(w *finWorld) {
	a.t.Helper()
	c := *w.cats[1]
	c.Accounts = []string{"43"}
	if err := a.db.UpdateCostCategory(salkku.System(context.Background()), &c); err != nil {
		a.t.Fatal(err)
	}
}

// finRows are n good rows of an actuals file for KaRa: salaries by
// category name and services by account, each with the finance system's
// own id, every month of the project in turn.
func finRows(n int) []map[string]any {
	rows := make([]map[string]any, n)
	for i := range rows {
		m := 8 + i%16 // 8/2020 … 11/2021
		row := map[string]any{"row": i + 2, "project_code": "kara", "month": fmt.Sprintf("%d-%02d", 2020+(m-1)/12, (m-1)%12+1),
			"amount": int64(1000 + i), "description": fmt.Sprintf("Tosite %d", i), "source_id": fmt.Sprintf("TOS-%05d", i)}
		if i%2 == 0 {
			row["category"] = "Henkilöstömenot"
		} else {
			row["account"] = "4301"
		}
		rows[i] = row
	}
	return rows
}

// finImportResult is an import's answer.
type finImportResult struct {
	Rows      int   `json:"rows"`
	New       int   `json:"new"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
	Total     int64 `json:"total"`
	Applied   bool  `json:"applied"`
	ImportID  int64 `json:"import_id"`
	Problems  []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Key     string `json:"key"`
		Message string `json:"message"`
	} `json:"problems"`
	Preview []struct {
		Row    int    `json:"row"`
		Action string `json:"action"`
	} `json:"preview"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (r apiResponse) importResult(tb testing.TB) finImportResult {
	tb.Helper()
	var res finImportResult
	if err := json.Unmarshal(r.Body, &res); err != nil {
		tb.Fatalf("%v: %s", err, r.Body)
	}
	return res
}

// actualCount is the number of a project's actuals.
func (a *apiTest) actualCount(projectID int64) int {
	a.t.Helper()
	all, err := a.db.FindActuals(salkku.System(context.Background()), salkku.ActualFilter{ProjectID: projectID, Limit: salkku.MaxPageSize})
	if err != nil {
		a.t.Fatal(err)
	}
	return len(all)
}

func TestAPIImportActuals(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		a.finAccounts(w)

		col := finPath("/organisations/%d/actual-imports", w.org.ID)
		const n = 300
		good := map[string]any{"file_name": "kirjanpito-2021.xlsx", "rows": finRows(n)}
		var sum int64
		for i := 0; i < n; i++ {
			sum += int64(1000 + i)
		}

		// One bad amount and one unknown project among many: 422 naming
		// each row and column, nothing applied.
		rows := finRows(n)
		rows[136]["amount"] = "1.234,50"
		rows[49]["project_code"] = "KARA-X"
		res := a.do("POST", col+"?apply=true", map[string]any{"file_name": "kirjanpito-2021.xlsx", "rows": rows}).want(t, http.StatusUnprocessableEntity).importResult(t)
		if res.Applied || res.Error == nil || res.Error.Code != "invalid" || res.Error.Message != apiCatalog.T("en", "error.import_rejected", 2) || len(res.Problems) != 2 {
			t.Fatalf("bad file: %+v", res)
		}
		want := map[string]string{fmt.Sprint(138, "amount"): salkku.ErrMoneySeparator, fmt.Sprint(51, "project_code"): "import.unknown_project"}
		for _, p := range res.Problems {
			if key := want[fmt.Sprint(p.Row, p.Column)]; key != p.Key || p.Message == "" || p.Message == p.Key {
				t.Errorf("problem %+v, want one of %v", p, want)
			}
		}
		if res.Preview[136].Action != "error" || res.Preview[49].Action != "error" || res.Preview[0].Action != "new" {
			t.Errorf("preview %+v %+v %+v", res.Preview[0], res.Preview[49], res.Preview[136])
		}
		if n := a.actualCount(w.kara.ID); n != 0 {
			t.Fatalf("%d actuals after a refused import", n)
		}
		if l := a.do("GET", col, nil).want(t, http.StatusOK).object(t); l["total"] != 0.0 {
			t.Fatalf("history after a refused import: %v", l)
		}
		// The same problems in a preview: 200, as a preview is.
		if p := a.do("POST", col, map[string]any{"rows": rows}).want(t, http.StatusOK).importResult(t); len(p.Problems) != 2 || p.Error != nil || p.Applied {
			t.Errorf("preview of the bad file %+v", p)
		}

		// Cells of every kind of wrong, each named; rows numbered by place
		// when the client gives no number.
		cells := []map[string]any{
			{"project_code": "KARA", "month": "2021-13", "amount": 1, "category": "Vuokrat"},
			{"project_code": "KARA", "month": "2020-07", "amount": 1, "category": "Vuokrat"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1.5, "category": "Vuokrat"},
			{"project_code": "KARA", "month": "2021-01", "amount": "1,234.50", "category": "Vuokrat"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1, "account": "9999"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1, "category": "Matkat"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1},
			{"month": "2021-01", "amount": 1, "category": "Vuokrat"},
			{"project_code": "KARA", "amount": 1, "category": "Vuokrat"},
			{"project_code": "KARA", "month": "2021-01", "category": "Vuokrat"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1, "category": "Vuokrat", "work_package_code": "TP9"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1, "category": "Vuokrat", "source_id": "A"},
			{"project_code": "KARA", "month": "2021-01", "amount": 1, "category": "Vuokrat", "source_id": "A"},
			{"project_code": "KARA", "month": "2021-01", "amount": "1 234,50", "category": "vuokrat", "source_id": 77},
		}
		for i, c := range cells {
			c["description"] = fmt.Sprint("Rivi ", i+1) // no two alike
		}
		res = a.do("POST", col, map[string]any{"rows": cells, "apply": true}).want(t, http.StatusUnprocessableEntity).importResult(t)
		wantCells := map[string]bool{"1 month": true, "2 month": true, "3 amount": true, "4 amount": true, "5 account": true, "6 category": true, "7 account": true,
			"8 project_code": true, "9 month": true, "10 amount": true, "11 work_package_code": true, "13 ": true}
		got := map[string]bool{}
		for _, p := range res.Problems {
			got[fmt.Sprint(p.Row, " ", p.Column)] = true
		}
		for k := range wantCells {
			if !got[k] {
				t.Errorf("no problem at row and column %q; got %v", k, res.Problems)
			}
		}
		if len(res.Problems) != len(wantCells) || res.Preview[13].Action != "new" || res.Preview[11].Action != "new" {
			t.Errorf("problems %+v, preview %+v", res.Problems, res.Preview)
		}
		if n := a.actualCount(w.kara.ID); n != 0 {
			t.Fatalf("%d actuals after a refused import", n)
		}

		// The good file previews, then applies.
		p := a.do("POST", col, good).want(t, http.StatusOK).importResult(t)
		if p.Applied || p.New != n || len(p.Problems) != 0 || p.Total != sum || len(p.Preview) != n {
			t.Fatalf("preview %+v", p)
		}
		if n := a.actualCount(w.kara.ID); n != 0 {
			t.Fatalf("%d actuals after a preview", n)
		}
		res = a.do("POST", col+"?apply=true", good).want(t, http.StatusOK).importResult(t)
		if !res.Applied || res.New != n || res.ImportID == 0 || res.Error != nil {
			t.Fatalf("apply %+v", res)
		}
		if got := a.actualCount(w.kara.ID); got != n {
			t.Fatalf("%d actuals, want %d", got, n)
		}
		f := a.finance(w.kara.ID)
		if tot := finTotal(t, f["follow_up"]); tot["actual"] != float64(sum) {
			t.Errorf("actual total %v, want %d", tot["actual"], sum)
		}
		// Re-importing the same rows changes nothing.
		res = a.do("POST", col+"?apply=true", good).want(t, http.StatusOK).importResult(t)
		if res.Unchanged != n || res.New != 0 || res.Updated != 0 {
			t.Errorf("re-import %+v", res)
		}
		if got := a.actualCount(w.kara.ID); got != n {
			t.Errorf("%d actuals after re-import, want %d", got, n)
		}
		hist := a.do("GET", col, nil).want(t, http.StatusOK).object(t)
		if items := hist["items"].([]any); hist["total"] != 2.0 || items[1].(map[string]any)["file_name"] != "kirjanpito-2021.xlsx" || items[1].(map[string]any)["new"] != float64(n) {
			t.Errorf("history %v", hist)
		}

		// Strict about the body itself.
		a.do("POST", col, map[string]any{"rows": []map[string]any{{"project_code": "KARA", "month": "2021-01", "amount": 1, "sum": 2}}}).
			wantError(t, http.StatusBadRequest, "invalid", "rows")
		a.do("POST", col, map[string]any{"rows": []any{}}).wantError(t, http.StatusBadRequest, "invalid", "rows")
		a.do("POST", col, map[string]any{"rows": []any{"KARA;2021-01;1"}}).wantError(t, http.StatusBadRequest, "invalid", "rows")
		a.do("POST", col+"?apply=yes", good).wantError(t, http.StatusBadRequest, "invalid", "apply")
		a.do("POST", col, "<p>KARA</p>", "Content-Type", "text/html").wantError(t, http.StatusUnsupportedMediaType, "unsupported_media_type")
		a.do("POST", finPath("/organisations/999999/actual-imports"), good).wantError(t, http.StatusNotFound, "not_found")
	})
}

// TestAPIImportFile: the file itself, as Finnish Excel writes CSV or as a
// workbook in a multipart form, its columns mapped by their headers, by
// map_FIELD or by the mapping remembered from the last applied file.
func TestAPIImportFile(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		col := finPath("/organisations/%d/actual-imports", w.org.ID)
		csvType := []string{"Content-Type", "text/csv"}
		// Excel (fi): a byte-order mark, semicolons, decimal commas, a
		// no-break space between thousands, CRLF.
		file := func(amount string) string {
			return "\ufeffHanke;Kausi;Kustannuslaji;Summa;Selite;Tosite\r\n" +
				"KARA;1/2021;Henkilöstömenot;1\u00a0234,50;Palkat tammikuu;T1\r\n" +
				"KARA;2/2021;Henkilöstömenot;1 234,50;Palkat helmikuu;T2\r\n" +
				"KARA;3/2021;Vuokrat;" + amount + ";Tilavuokra;T3\r\n" +
				"KARA;4/2021;Palvelujen ostot;-100,00;Hyvitys;T4\r\n"
		}
		res := a.do("POST", col+"?apply=true&file_name=kirjanpito.csv", file("1.234,50"), csvType...).want(t, http.StatusUnprocessableEntity).importResult(t)
		if len(res.Problems) != 1 || res.Problems[0].Row != 4 || res.Problems[0].Column != "Summa" || res.Problems[0].Key != salkku.ErrMoneySeparator || res.Applied {
			t.Fatalf("bad file %+v", res)
		}
		if n := a.actualCount(w.kara.ID); n != 0 {
			t.Fatalf("%d actuals after a refused file", n)
		}
		var body struct {
			Mapping map[string]string `json:"mapping"`
		}
		r := a.do("POST", col+"?apply=true&file_name=kirjanpito.csv", file("500,00"), csvType...).want(t, http.StatusOK)
		res = r.importResult(t)
		if !res.Applied || res.New != 4 || res.Total != 123450+123450+50000-10000 {
			t.Fatalf("good file %+v", res)
		}
		if err := json.Unmarshal(r.Body, &body); err != nil || body.Mapping["amount"] != "Summa" || body.Mapping["source_id"] != "Tosite" {
			t.Errorf("mapping %v (%v)", body.Mapping, err)
		}
		if h := a.do("GET", col, nil).want(t, http.StatusOK).object(t)["items"].([]any); h[0].(map[string]any)["file_name"] != "kirjanpito.csv" {
			t.Errorf("history %v", h)
		}
		// The same file again changes nothing.
		if res := a.do("POST", col+"?apply=true", file("500,00"), csvType...).want(t, http.StatusOK).importResult(t); res.Unchanged != 4 || res.New != 0 {
			t.Errorf("re-import %+v", res)
		}

		// Headers no field knows: 400 naming the fields unmapped, until
		// map_FIELD names them; then they are remembered.
		odd := "Proj;Kk;Laji;Eur\r\nKARA;5/2021;Vuokrat;10,00\r\n"
		a.do("POST", col, odd, csvType...).wantError(t, http.StatusBadRequest, "invalid", "map_project", "map_month", "map_amount")
		a.do("POST", col+"?map_project=Proj&map_month=Kk&map_amount=Nothing&map_category=Laji", odd, csvType...).wantError(t, http.StatusBadRequest, "invalid", "map_amount")
		a.do("POST", col+"?map_colour=Laji", odd, csvType...).wantError(t, http.StatusBadRequest, "invalid", "map_colour")
		a.do("POST", col+"?apply=true&map_project=Proj&map_month=Kk&map_amount=Eur&map_category=Laji", odd, csvType...).want(t, http.StatusOK)
		if res := a.do("POST", col, odd, csvType...).want(t, http.StatusOK).importResult(t); res.Unchanged != 1 {
			t.Errorf("with the remembered mapping %+v", res)
		}

		// A workbook in a multipart form, apply as a form field.
		var xlsx bytes.Buffer
		xw, err := export.New(export.XLSX, &xlsx, "fi")
		must(t, err)
		must(t, xw.Columns([]export.Column{{Title: "Projekti"}, {Title: "Kuukausi"}, {Title: "Tili"}, {Title: "Euroa"}, {Title: "Tositenumero"}}))
		for i := 0; i < 3; i++ {
			must(t, xw.Row("KARA", salkku.NewMonth(2021, 6+i), "4301", salkku.Money(100000+i), fmt.Sprint("X", i)))
		}
		must(t, xw.Close())
		a.finAccounts(w)
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		fw, err := mw.CreateFormFile("file", "kirjanpito.xlsx")
		must(t, err)
		fw.Write(xlsx.Bytes())
		must(t, mw.WriteField("apply", "true"))
		must(t, mw.Close())
		r = a.do("POST", col, form.Bytes(), "Content-Type", mw.FormDataContentType()).want(t, http.StatusOK)
		if res := r.importResult(t); !res.Applied || res.New != 3 || res.Total != 300003 {
			t.Fatalf("workbook %+v", res)
		}
		// A form without its file, or with a field the import does not take.
		var empty bytes.Buffer
		mw = multipart.NewWriter(&empty)
		must(t, mw.WriteField("apply", "true"))
		must(t, mw.Close())
		a.do("POST", col, empty.Bytes(), "Content-Type", mw.FormDataContentType()).wantError(t, http.StatusBadRequest, "invalid", "file")
		a.do("POST", col, "not a workbook", "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").
			wantError(t, http.StatusBadRequest, "invalid")
	})
}

// TestAPIImportLarge: ten thousand rows as JSON, over the 1 MiB of other
// bodies, preview and apply.
func TestAPIImportLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large import")
	}
	a := newAPITest(t, "sqlite")
	w := a.finWorld()
	a.finAccounts(w)
	const n = 10000
	body, err := json.Marshal(map[string]any{"file_name": "iso.xlsx", "rows": finRows(n)})
	if err != nil {
		t.Fatal(err)
	}
	if len(body) <= 1<<20 {
		t.Fatalf("body of %d bytes is not over 1 MiB", len(body))
	}
	res := a.do("POST", finPath("/organisations/%d/actual-imports?apply=true", w.org.ID), body).want(t, http.StatusOK).importResult(t)
	if !res.Applied || res.New != n {
		t.Fatalf("apply %+v", res.Rows)
	}
}

// TestAPIFinanceViewer: a viewer of the portfolio reads the money and
// changes none of it.
func TestAPIFinanceViewer(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.finWorld()
		ctx := salkku.System(context.Background())
		u := &salkku.User{Email: "viewer@fin.test.invalid", Name: "Katsoja"}
		must(t, a.db.CreateUser(ctx, u, ""))
		must(t, a.db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: salkku.RoleViewer, PortfolioID: &w.portfolio.ID}))
		secret, err := a.db.CreateToken(ctx, &salkku.APIToken{UserID: u.ID, Name: "katsoja"})
		must(t, err)
		henk := w.cats[0].ID
		actual := a.do("POST", finPath("/projects/%d/actuals", w.kara.ID), map[string]any{"category_id": henk, "month": "2021-01", "amount": 1}).want(t, http.StatusCreated).object(t)
		grant := a.do("POST", finPath("/projects/%d/funding", w.kara.ID), map[string]any{"kind": "state_grant", "name": "VM"}).want(t, http.StatusCreated).object(t)

		as := []string{"Authorization", "Bearer " + secret}
		for _, path := range []string{finPath("/projects/%d/finance", w.kara.ID), finPath("/projects/%d/actuals", w.kara.ID), "/api/v1/actuals/" + apiID(actual["id"]),
			"/api/v1/funding/" + apiID(grant["id"]), finPath("/portfolios/%d/finance", w.portfolio.ID), finPath("/organisations/%d/cost-categories", w.org.ID)} {
			a.do("GET", path, nil, as...).want(t, http.StatusOK)
		}
		before := a.finance(w.kara.ID)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"POST", finPath("/projects/%d/budget", w.kara.ID), finBudget(1, "", [3]int64{henk, 2021, 100})},
			{"PUT", finPath("/projects/%d/finance-settings", w.kara.ID), map[string]any{"actuals_through": "2021-11-15"}},
			{"POST", finPath("/projects/%d/actuals", w.kara.ID), map[string]any{"category_id": henk, "month": "2021-01", "amount": 1}},
			{"PUT", "/api/v1/actuals/" + apiID(actual["id"]), actual},
			{"DELETE", "/api/v1/actuals/" + apiID(actual["id"]), nil},
			{"POST", finPath("/projects/%d/funding", w.kara.ID), map[string]any{"kind": "own", "name": "Oma"}},
			{"PUT", "/api/v1/funding/" + apiID(grant["id"]), grant},
			{"DELETE", "/api/v1/funding/" + apiID(grant["id"]), nil},
			{"POST", "/api/v1/funding/" + apiID(grant["id"]) + "/applications", map[string]any{"number": 1, "due": "2021-03-31"}},
			{"POST", finPath("/organisations/%d/cost-categories", w.org.ID), map[string]any{"name": "Uusi"}},
			{"PUT", "/api/v1/cost-categories/" + apiID(henk), w.cats[0]},
			{"DELETE", "/api/v1/cost-categories/" + apiID(w.cats[5].ID), nil},
			{"POST", finPath("/organisations/%d/actual-imports", w.org.ID), map[string]any{"rows": finRows(3)}},
			{"GET", finPath("/organisations/%d/actual-imports", w.org.ID), nil},
		} {
			a.do(c.method, c.path, c.body, as...).wantError(t, http.StatusForbidden, "forbidden")
		}
		if after := a.finance(w.kara.ID); apiJSON(after) != apiJSON(before) {
			t.Errorf("finance changed:\n%v\n%v", before, after)
		}
	})
}

// TestAPIFinanceSchemas: what the finance endpoints answer fits the
// schemas openapi.json gives them, to the last nested field.
func TestAPIFinanceSchemas(t *testing.T) {
	a := newAPITest(t, "sqlite")
	w := a.finWorld()
	a.finAccounts(w)
	spec := a.openAPI()
	check := func(name string, res apiResponse) {
		t.Helper()
		var v any
		if err := json.Unmarshal(res.Body, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		conform(t, spec, map[string]any{"$ref": "#/components/schemas/" + name}, v, name)
	}
	henk := w.cats[0].ID
	check("ProjectFinance", a.do("GET", finPath("/projects/%d/finance", w.kara.ID), nil).want(t, http.StatusOK))
	check("CostCategoryList", a.do("GET", finPath("/organisations/%d/cost-categories", w.org.ID), nil).want(t, http.StatusOK))
	check("CostCategory", a.do("POST", finPath("/organisations/%d/cost-categories", w.org.ID), map[string]any{"name": "Koulutus", "accounts": []string{"46"}}).want(t, http.StatusCreated))
	check("BudgetRevision", a.do("POST", finPath("/projects/%d/budget", w.kara.ID), finBudget(1, "", [3]int64{henk, 2021, 100}, [3]int64{henk, 0, 5})).want(t, http.StatusCreated))
	a.do("POST", finPath("/projects/%d/budget", w.kara.ID), finBudget(2, "Muutos", [3]int64{henk, 2021, 200})).want(t, http.StatusCreated)
	check("BudgetRevision", a.do("GET", finPath("/projects/%d/budget/revisions/1", w.kara.ID), nil).want(t, http.StatusOK))
	check("FinanceSettings", a.do("PUT", finPath("/projects/%d/finance-settings", w.kara.ID), map[string]any{"forecast_mode": "entered",
		"forecast": []map[string]any{{"category_id": henk, "amount": 300}}}).want(t, http.StatusOK))
	check("Actual", a.do("POST", finPath("/projects/%d/actuals", w.kara.ID), map[string]any{"category_id": henk, "month": "2021-01", "amount": 1, "work_package_id": w.karaWP.ID}).want(t, http.StatusCreated))
	a.do("POST", finPath("/projects/%d/actuals", w.kara.ID), map[string]any{"category_id": henk, "month": "2021-02", "amount": 1}).want(t, http.StatusCreated)
	check("ActualPage", a.do("GET", finPath("/projects/%d/actuals?limit=1", w.kara.ID), nil).want(t, http.StatusOK))
	g := a.do("POST", finPath("/projects/%d/funding", w.kara.ID), map[string]any{"kind": "state_grant", "name": "VM", "granted": 100, "decision_date": "2020-06-15"}).want(t, http.StatusCreated)
	check("Funding", g)
	check("PaymentApplication", a.do("POST", "/api/v1/funding/"+apiID(g.object(t)["id"])+"/applications", map[string]any{"number": 1, "due": "2021-03-31", "applied": 50}).want(t, http.StatusCreated))
	check("Funding", a.do("GET", "/api/v1/funding/"+apiID(g.object(t)["id"]), nil).want(t, http.StatusOK))
	check("ProjectFinance", a.do("GET", finPath("/projects/%d/finance", w.kara.ID), nil).want(t, http.StatusOK))
	check("PortfolioFinance", a.do("GET", finPath("/portfolios/%d/finance?limit=1", w.portfolio.ID), nil).want(t, http.StatusOK))
	check("PortfolioFinance", a.do("GET", finPath("/portfolios/%d/finance", w.portfolio2.ID), nil).want(t, http.StatusOK))
	imports := finPath("/organisations/%d/actual-imports", w.org.ID)
	check("ImportResult", a.do("POST", imports, map[string]any{"rows": finRows(3)}).want(t, http.StatusOK))
	check("ImportResult", a.do("POST", imports+"?apply=true", map[string]any{"rows": append(finRows(2), map[string]any{"project_code": "X", "month": "2021-01", "amount": 1})}).
		want(t, http.StatusUnprocessableEntity))
	check("ImportResult", a.do("POST", imports+"?apply=true", map[string]any{"file_name": "a.csv", "rows": finRows(3)}).want(t, http.StatusOK))
	check("ActualImportList", a.do("GET", imports, nil).want(t, http.StatusOK))
}

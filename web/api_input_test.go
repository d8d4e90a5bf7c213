package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPIBadInput sends bodies that must be refused: each answer is the
// right status with a JSON error naming the problem, and the register is
// unchanged.
func TestAPIBadInput(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		pf, cat, person := w.portfolio.ID, w.category.ID, w.people[0].ID
		project := func(kv ...any) map[string]any {
			m := map[string]any{"portfolio_id": pf, "category_id": cat, "code": "9.9", "name": "Uusi", "owner_id": person,
				"start": "2017-10", "end": "2018-04"}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == nil {
					delete(m, kv[i].(string))
				} else {
					m[kv[i].(string)] = kv[i+1]
				}
			}
			return m
		}
		big := `{"portfolio_id":1,"code":"x","name":"x","description":"` + strings.Repeat("a", 1<<20) + `"}`
		for _, c := range []struct {
			name        string
			method      string
			path        string
			body        any
			status      int
			code        string
			fields      []string
			contentType string
		}{
			{name: "UnknownField", body: project("nmae", "x"), status: 400, code: "invalid", fields: []string{"nmae"}},
			{name: "MalformedJSON", body: `{"name": "x",`, status: 400, code: "invalid"},
			{name: "NotJSON", body: `name=x&code=1`, status: 400, code: "invalid"},
			{name: "EmptyBody", body: ``, status: 400, code: "invalid"},
			{name: "TrailingData", body: `{"portfolio_id":1,"code":"9.9","name":"x"} {}`, status: 400, code: "invalid"},
			{name: "TrailingGarbage", body: `{"portfolio_id":1,"code":"9.9","name":"x"}x`, status: 400, code: "invalid"},
			{name: "Array", body: `[]`, status: 400, code: "invalid", fields: []string{"body"}},
			{name: "Null", body: `null`, status: 400, code: "invalid", fields: []string{"portfolio_id", "code", "name.fi"}},
			{name: "WrongTypeName", body: project("name", 5), status: 400, code: "invalid", fields: []string{"name"}},
			{name: "WrongTypeID", body: project("category_id", "3"), status: 400, code: "invalid", fields: []string{"category_id"}},
			{name: "WrongTypeFraction", body: project("portfolio_id", 1.5), status: 400, code: "invalid", fields: []string{"portfolio_id"}},
			{name: "WrongTypeList", body: project("vendors", "DNA"), status: 400, code: "invalid", fields: []string{"vendors"}},
			{name: "WrongTypeListItem", body: project("tags", []any{1}), status: 400, code: "invalid", fields: []string{"tags"}},
			{name: "WrongTypeBool", body: project("mandatory", "yes"), status: 400, code: "invalid", fields: []string{"mandatory"}},
			{name: "WrongTypeVersion", body: project("version", "1"), status: 400, code: "invalid", fields: []string{"version"}},
			{name: "IDOverflow", body: `{"portfolio_id":99999999999999999999,"code":"9.9","name":"x"}`, status: 400, code: "invalid", fields: []string{"portfolio_id"}},
			{name: "Month13", body: project("start", "2017-13"), status: 400, code: "invalid", fields: []string{"start"}},
			{name: "Month0", body: project("end", "2018-00"), status: 400, code: "invalid", fields: []string{"end"}},
			{name: "MonthFormat", body: project("start", "lokakuu"), status: 400, code: "invalid", fields: []string{"start"}},
			{name: "MonthNumber", body: project("start", 201710), status: 400, code: "invalid", fields: []string{"start"}},
			{name: "MonthYear", body: project("start", "1850-01"), status: 400, code: "invalid", fields: []string{"start"}},
			{name: "MonthsBoth", body: project("start", "2017-13", "end", "x"), status: 400, code: "invalid", fields: []string{"start", "end"}},
			{name: "EndBeforeStart", body: project("start", "2018-05", "end", "2018-04"), status: 400, code: "invalid", fields: []string{"end"}},
			{name: "ContinuousWithEnd", body: project("continuous", true), status: 400, code: "invalid", fields: []string{"end"}},
			{name: "StatusBogus", body: project("status", "bogus"), status: 400, code: "invalid", fields: []string{"status"}},
			{name: "NameMissing", body: project("name", nil), status: 400, code: "invalid", fields: []string{"name.fi"}},
			{name: "NameBlank", body: project("name", "   "), status: 400, code: "invalid", fields: []string{"name.fi"}},
			{name: "NameTooLong", body: project("name", strings.Repeat("x", 201)), status: 400, code: "invalid", fields: []string{"name.fi"}},
			{name: "NameTwoLines", body: project("name", "a\nb"), status: 400, code: "invalid", fields: []string{"name.fi"}},
			{name: "CodeTooLong", body: project("code", strings.Repeat("1", 41)), status: 400, code: "invalid", fields: []string{"code"}},
			{name: "DescriptionNUL", body: project("description", "a\x00b"), status: 400, code: "invalid", fields: []string{"description"}},
			{name: "TooManyTags", body: project("tags", manyTags(51)), status: 400, code: "invalid", fields: []string{"tags"}},
			{name: "UnknownPortfolio", body: project("portfolio_id", 99999, "category_id", nil), status: 400, code: "invalid", fields: []string{"portfolio_id"}},
			{name: "UnknownCategory", body: project("category_id", 99999), status: 400, code: "invalid", fields: []string{"category_id"}},
			{name: "CategoryOfOtherPortfolio", body: project("category_id", w.category2.ID), status: 400, code: "invalid", fields: []string{"category_id"}},
			{name: "UnknownOwner", body: project("owner_id", 99999), status: 400, code: "invalid", fields: []string{"owner_id"}},
			{name: "UnknownManager", body: project("manager_id", 99999), status: 400, code: "invalid", fields: []string{"manager_id"}},
			{name: "UnknownServiceOwner", body: project("service_owner_id", -3), status: 400, code: "invalid", fields: []string{"service_owner_id"}},
			{name: "DuplicateCode", body: project("code", "2.1"), status: 409, code: "conflict", fields: []string{"code"}},
			{name: "TooLarge", body: big, status: 413, code: "too_large"},
			{name: "FormContentType", body: `{"portfolio_id":1,"code":"9.9","name":"x"}`, contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type"},
			{name: "TextContentType", body: `{"portfolio_id":1,"code":"9.9","name":"x"}`, contentType: "text/plain", status: 415, code: "unsupported_media_type"},

			{name: "OrganisationBusinessID", path: "/api/v1/organisations", body: map[string]any{"name": "X", "business_id": "1234567-8"}, status: 400, code: "invalid", fields: []string{"business_id"}},
			{name: "OrganisationUnknownField", path: "/api/v1/organisations", body: map[string]any{"name": "X", "y_tunnus": "1"}, status: 400, code: "invalid", fields: []string{"y_tunnus"}},
			{name: "PersonEmail", path: "/api/v1/people", body: map[string]any{"name": "X", "email": "not an address"}, status: 400, code: "invalid", fields: []string{"email"}},
			{name: "PersonUnknownOrganisation", path: "/api/v1/people", body: map[string]any{"name": "X", "organisation_id": 99999}, status: 400, code: "invalid", fields: []string{"organisation_id"}},
			{name: "PortfolioUnknownBoardMember", path: "/api/v1/portfolios", body: map[string]any{"name": "X", "organisation_id": w.org.ID, "board_ids": []int64{person, 99999}}, status: 400, code: "invalid", fields: []string{"board_ids"}},
			{name: "PortfolioParentOtherOrganisation", path: "/api/v1/portfolios", body: map[string]any{"name": "X", "organisation_id": w.org2.ID, "parent_id": pf}, status: 400, code: "invalid", fields: []string{"parent_id"}},
			{name: "PortfolioOrganisationMissing", path: "/api/v1/portfolios", body: map[string]any{"name": "X"}, status: 400, code: "invalid", fields: []string{"organisation_id"}},
			{name: "CategoryPosition", path: "/api/v1/categories", body: map[string]any{"name": "X", "portfolio_id": pf, "position": 10001}, status: 400, code: "invalid", fields: []string{"position"}},
			{name: "CategoryChapterNegative", path: "/api/v1/categories", body: map[string]any{"name": "X", "portfolio_id": pf, "chapter": -1}, status: 400, code: "invalid", fields: []string{"chapter"}},
			{name: "CategoryChapterTaken", path: "/api/v1/categories", body: map[string]any{"name": "X", "portfolio_id": pf, "chapter": w.category.Chapter}, status: 409, code: "conflict", fields: []string{"chapter"}},
			{name: "CategoryChapterFraction", path: "/api/v1/categories", body: map[string]any{"name": "X", "portfolio_id": pf, "chapter": 2.5}, status: 400, code: "invalid", fields: []string{"chapter"}},
			{name: "CategoryUnknownPortfolio", path: "/api/v1/categories", body: map[string]any{"name": "X", "portfolio_id": 99999}, status: 400, code: "invalid", fields: []string{"portfolio_id"}},
			{name: "WorkPackageUnknownResponsible", path: "/api/v1/workpackages", body: map[string]any{"name": "X", "project_id": w.project.ID, "responsible_ids": []int64{99999}}, status: 400, code: "invalid", fields: []string{"responsible_ids"}},
			{name: "WorkPackageUnknownParent", path: "/api/v1/workpackages", body: map[string]any{"name": "X", "project_id": w.project.ID, "parent_id": 99999}, status: 400, code: "invalid", fields: []string{"parent_id"}},
			{name: "WorkPackageUnknownProject", path: "/api/v1/workpackages", body: map[string]any{"name": "X", "project_id": 99999}, status: 400, code: "invalid", fields: []string{"project_id"}},

			{name: "PutCategoryOtherPortfolio", method: "PUT", path: "/api/v1/categories/" + apiID(cat),
				body: map[string]any{"name": "X", "portfolio_id": w.portfolio2.ID, "version": 1}, status: 400, code: "invalid", fields: []string{"portfolio_id"}},
			{name: "PutWorkPackageOtherProject", method: "PUT", path: "/api/v1/workpackages/" + apiID(w.wp.ID),
				body: map[string]any{"name": "X", "project_id": 99999, "version": 1}, status: 400, code: "invalid", fields: []string{"project_id"}},
			{name: "PutWorkPackageOwnParent", method: "PUT", path: "/api/v1/workpackages/" + apiID(w.wp.ID),
				body: map[string]any{"name": "X", "project_id": w.project.ID, "parent_id": w.wp.ID, "version": 1}, status: 400, code: "invalid", fields: []string{"parent_id"}},
			{name: "PutPortfolioUnderItsChild", method: "PUT", path: "/api/v1/portfolios/" + apiID(pf),
				body: map[string]any{"name": "X", "organisation_id": w.org.ID, "parent_id": w.portfolio2.ID, "version": 1}, status: 400, code: "invalid", fields: []string{"parent_id"}},
			{name: "PutProjectDuplicateCode", method: "PUT", path: "/api/v1/projects/" + apiID(w.project.ID),
				body: project("version", 1, "code", "2.1"), status: 200},
			{name: "PutProjectMonth13", method: "PUT", path: "/api/v1/projects/" + apiID(w.project.ID),
				body: project("version", 1, "end", "2018-13"), status: 400, code: "invalid", fields: []string{"end"}},
			{name: "PutUnknownField", method: "PUT", path: "/api/v1/projects/" + apiID(w.project.ID),
				body: project("version", 1, "colour", "red"), status: 400, code: "invalid", fields: []string{"colour"}},
			{name: "PutTooLarge", method: "PUT", path: "/api/v1/projects/" + apiID(w.project.ID), body: big, status: 413, code: "too_large"},
		} {
			t.Run(c.name, func(t *testing.T) {
				a := *a
				a.t = t
				if c.method == "" {
					c.method = "POST"
				}
				if c.path == "" {
					c.path = "/api/v1/projects"
				}
				before := a.snapshot()
				var headers []string
				if c.contentType != "" {
					headers = []string{"Content-Type", c.contentType}
				}
				res := a.do(c.method, c.path, c.body, headers...)
				if c.status == http.StatusOK {
					// A project keeping its own code is no conflict.
					res.want(t, http.StatusOK)
					return
				}
				e := res.wantError(t, c.status, c.code, c.fields...)
				if len(c.fields) > 0 && len(e.Error.Fields) != len(c.fields) {
					t.Errorf("fields %v, want exactly %v", e.Error.Fields, c.fields)
				}
				a.unchanged(before)
			})
		}
	})
}

// TestAPIMessages: an error names the offending field in its message where
// the message is about one field.
func TestAPIMessages(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		a.world()
		e := a.do("POST", "/api/v1/projects", `{"portfolio_id":1,"code":"1","name":"x","nmae":"y"}`).wantError(t, 400, "invalid", "nmae")
		if want := apiCatalog.T("en", "error.json_unknown_field", "nmae"); e.Error.Message != want {
			t.Errorf("message = %q, want %q", e.Error.Message, want)
		}
		e = a.do("POST", "/api/v1/projects", `{"portfolio_id":1,"code":"1","name":"x","version":"1"}`).wantError(t, 400, "invalid", "version")
		if want := apiCatalog.T("en", "error.json_type", "version"); e.Error.Message != want {
			t.Errorf("message = %q, want %q", e.Error.Message, want)
		}
		e = a.do("POST", "/api/v1/projects", `{"portfolio_id":1,"code":"1","name":"x","start":"2017-13"}`).wantError(t, 400, "invalid", "start")
		if want := apiCatalog.T("en", "error.month_number"); e.Error.Fields["start"] != want {
			t.Errorf("fields.start = %q, want %q", e.Error.Fields["start"], want)
		}
		e = a.do("POST", "/api/v1/projects", `{"portfolio_id":1,"code":"2.1","name":"x"}`).wantError(t, 409, "conflict", "code")
		if want := apiCatalog.T("en", "error.duplicate_code", "2.1"); e.Error.Message != want {
			t.Errorf("message = %q, want %q", e.Error.Message, want)
		}
	})
}

// manyTags returns n different tags.
func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "t" + apiJSON(i)
	}
	return out
}

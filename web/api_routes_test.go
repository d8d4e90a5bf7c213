package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAPIOpenAPI: every registered route is described in openapi.json and
// every described operation is registered.
func TestAPIOpenAPI(t *testing.T) {
	a := newAPITest(t, "sqlite")
	res := a.do("GET", "/api/v1/openapi.json", nil).want(t, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	spec := res.object(t)
	if spec["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", spec["openapi"])
	}
	paths := dig(t, spec, "paths")
	registered := map[string]bool{}
	var routes []string
	for _, rt := range a.srv.Routes() {
		if strings.HasPrefix(rt.Pattern, "GET /api/") || strings.Contains(rt.Pattern, " /api/") {
			routes = append(routes, rt.Pattern)
		}
	}
	if len(routes) == 0 {
		t.Fatal("no API routes registered")
	}
	for _, route := range routes {
		method, path, _ := strings.Cut(route, " ")
		path = strings.TrimPrefix(path, "/api/v1")
		registered[strings.ToLower(method)+" "+path] = true
		item, ok := paths[path].(map[string]any)
		if !ok {
			t.Errorf("%s is not in openapi.json", route)
			continue
		}
		if _, ok := item[strings.ToLower(method)].(map[string]any); !ok {
			t.Errorf("%s: openapi.json has the path but not the method", route)
		}
	}
	for path, item := range paths {
		for method := range item.(map[string]any) {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			if !registered[method+" "+path] {
				t.Errorf("openapi.json describes %s %s, which is not registered", strings.ToUpper(method), path)
			}
		}
	}
}

// TestAPIQueryParametersDocumented: each list accepts every query
// parameter openapi.json documents for it (with the documented example)
// and refuses one it does not document.
func TestAPIQueryParametersDocumented(t *testing.T) {
	a := newAPITest(t, "sqlite")
	spec := a.openAPI()
	components := dig(t, spec, "components", "parameters")
	resolve := func(p any) map[string]any {
		m := p.(map[string]any)
		if ref, ok := m["$ref"].(string); ok {
			return components[strings.TrimPrefix(ref, "#/components/parameters/")].(map[string]any)
		}
		return m
	}
	for path, item := range dig(t, spec, "paths") {
		get, ok := item.(map[string]any)["get"].(map[string]any)
		if !ok || strings.Contains(path, "{") || path == "/openapi.json" {
			continue
		}
		var params []map[string]any
		for _, p := range append(item.(map[string]any)["parameters"].([]any), get["parameters"].([]any)...) {
			params = append(params, resolve(p))
		}
		required := url.Values{}
		for _, p := range params {
			if p["in"] == "query" && p["required"] == true {
				required.Set(p["name"].(string), apiJSON(p["example"]))
			}
		}
		for _, p := range params {
			if p["in"] != "query" {
				continue
			}
			name := p["name"].(string)
			example, ok := p["example"]
			if !ok {
				t.Errorf("%s: parameter %s has no example", path, name)
				continue
			}
			q := url.Values{}
			for k, v := range required {
				q[k] = v
			}
			v := apiJSON(example)
			if s, ok := example.(string); ok {
				v = s
			}
			q.Set(name, v)
			a.do("GET", "/api/v1"+path+"?"+q.Encode(), nil).want(t, http.StatusOK)
		}
		q := required
		q.Set("undocumented", "1")
		a.do("GET", "/api/v1"+path+"?"+q.Encode(), nil).wantError(t, http.StatusBadRequest, "invalid", "undocumented")
	}
}

// TestAPINotFound: unknown and non-numeric ids are 404 with a JSON error,
// for every method and resource.
func TestAPINotFound(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		a.world()
		// Bodies that would be valid, so that only the id is wrong.
		valid := map[string]map[string]any{
			"organisations": {"name": "x", "version": 1},
			"people":        {"name": "x", "version": 1},
			"portfolios":    {"name": "x", "version": 1, "organisation_id": 1},
			"categories":    {"name": "x", "version": 1, "portfolio_id": 1},
			"projects":      {"name": "x", "version": 1, "portfolio_id": 1, "code": "x"},
			"workpackages":  {"name": "x", "version": 1, "project_id": 1},
			"models":        {"name": "x", "version": 1},
		}
		for collection, body := range valid {
			for _, id := range []string{"999999", "abc", "0", "-1", "1.5", "99999999999999999999"} {
				path := "/api/v1/" + collection + "/" + id
				before := a.snapshot()
				a.do("GET", path, nil).wantError(t, http.StatusNotFound, "not_found")
				a.do("PUT", path, body).wantError(t, http.StatusNotFound, "not_found")
				a.do("DELETE", path, nil).wantError(t, http.StatusNotFound, "not_found")
				a.unchanged(before)
			}
		}
		// A project's gates, and the portfolio views.
		for _, path := range []string{"/projects/999999/gates", "/projects/abc/steering-group", "/portfolios/999999/phases",
			"/portfolios/0/gates/waiting", "/portfolios/999999/conditions/overdue", "/organisations/999999/models"} {
			a.do("GET", "/api/v1"+path, nil).wantError(t, http.StatusNotFound, "not_found")
		}
		before := a.snapshot()
		mark, link := map[string]any{"state": "done"}, map[string]any{"url": "https://example.org/x"}
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"PUT", "/projects/999999/checklist/planning-cost-benefit", mark}, {"DELETE", "/projects/999999/checklist/planning-cost-benefit", nil},
			{"PUT", "/projects/1/checklist/nothing", mark}, {"PUT", "/projects/1/deliverables/nothing", link},
			{"POST", "/projects/999999/gates/requests", map[string]any{}}, {"DELETE", "/projects/999999/gates/requests/open", nil},
			{"POST", "/projects/999999/gates/decisions", map[string]any{"gate": "P0", "decided_on": "2022-01-14", "decision": "approved"}},
			{"POST", "/projects/999999/gates/placement", map[string]any{"phase": "implementation"}},
			{"POST", "/projects/1/gates/model", map[string]any{"model_id": 999999}}, {"POST", "/models/999999/publish", map[string]any{"version": 1}},
			{"POST", "/organisations/999999/models", nil}, {"POST", "/conditions/999999/met", nil},
			{"PUT", "/projects/999999/steering-group", map[string]any{"members": []any{}}},
		} {
			a.do(c.method, "/api/v1"+c.path, c.body).wantError(t, http.StatusNotFound, "not_found")
		}
		a.unchanged(before)
		a.do("GET", "/api/v1/nothing", nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", "/api/v1/projects/1/extra", nil).wantError(t, http.StatusNotFound, "not_found")
		a.do("GET", "/api/v2/projects", nil).wantError(t, http.StatusNotFound, "not_found")
	})
}

// TestAPIMethodNotAllowed: a method a path does not serve is 405 with Allow.
func TestAPIMethodNotAllowed(t *testing.T) {
	a := newAPITest(t, "sqlite")
	w := a.world()
	for _, c := range []struct{ method, path, allow string }{
		{"PATCH", "/api/v1/projects/" + apiID(w.project.ID), "GET, HEAD, PUT, DELETE"},
		{"POST", "/api/v1/projects/" + apiID(w.project.ID), "GET, HEAD, PUT, DELETE"},
		{"DELETE", "/api/v1/projects", "GET, HEAD, POST"},
		{"PUT", "/api/v1/people", "GET, HEAD, POST"},
		{"POST", "/api/v1/openapi.json", "GET, HEAD"},
	} {
		before := a.snapshot()
		res := a.do(c.method, c.path, map[string]any{"name": "x"})
		res.wantError(t, http.StatusMethodNotAllowed, "method_not_allowed")
		if got := res.Header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow = %q, want %q", c.method, c.path, got, c.allow)
		}
		a.unchanged(before)
	}
}

// TestAPILanguage: messages follow Accept-Language and ?lang=.
func TestAPILanguage(t *testing.T) {
	a := newAPITest(t, "sqlite")
	a.world()
	body := `{"portfolio_id":1,"code":"","name":"x","start":"2017-13"}`
	for _, c := range []struct{ lang, header, query string }{
		{"fi", "fi-FI,fi;q=0.9", ""},
		{"en", "en-GB,en;q=0.9", ""},
		{"sv", "sv-FI", ""},
		{"fi", "de-DE", ""},
		{"sv", "en", "?lang=sv"},
	} {
		res := a.do("POST", "/api/v1/projects"+c.query, body, "Accept-Language", c.header)
		e := res.wantError(t, http.StatusBadRequest, "invalid", "start")
		if want := apiCatalog.T(c.lang, "error.invalid"); e.Error.Message != want {
			t.Errorf("%s: message = %q, want %q", c.lang, e.Error.Message, want)
		}
		if want := apiCatalog.T(c.lang, "error.month_number"); e.Error.Fields["start"] != want {
			t.Errorf("%s: fields.start = %q, want %q", c.lang, e.Error.Fields["start"], want)
		}
	}
	// Query parameter errors too.
	e := a.do("GET", "/api/v1/projects?limit=abc", nil, "Accept-Language", "fi").wantError(t, http.StatusBadRequest, "invalid", "limit")
	if want := apiCatalog.T("fi", "error.query", "limit"); e.Error.Message != want {
		t.Errorf("message = %q, want %q", e.Error.Message, want)
	}
	if e.Error.Fields["limit"] != apiCatalog.T("fi", "error.query_limit") {
		t.Errorf("fields.limit = %q", e.Error.Fields["limit"])
	}
}

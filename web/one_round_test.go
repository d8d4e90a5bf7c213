package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestAPIJSONStrict sends bodies that encoding/json would quietly change
// or misread: text that is not UTF-8, lone surrogates, keys in another
// case and keys given twice. Each is a 400 naming the field; nothing is
// stored.
func TestAPIJSONStrict(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		pf, other := apiID(w.portfolio.ID), apiID(w.portfolio2.ID)
		before := a.snapshot()
		for _, c := range []struct {
			name, body, field string
		}{
			{"InvalidUTF8", `{"portfolio_id":` + pf + `,"code":"9.9","name":"Nimi` + "\xff" + `"}`, "name"},
			{"InvalidUTF8InList", `{"portfolio_id":` + pf + `,"code":"9.9","name":"x","tags":["a","` + "\xc3" + `"]}`, "tags"},
			{"LoneHighSurrogate", `{"portfolio_id":` + pf + `,"code":"9.9","name":"\ud800"}`, "name"},
			{"LoneLowSurrogate", `{"portfolio_id":` + pf + `,"code":"9.9","name":"a\udc00b"}`, "name"},
			{"HighThenLetter", `{"portfolio_id":` + pf + `,"code":"9.9","name":"\ud800\u0041"}`, "name"},
			{"EscapedNUL", `{"portfolio_id":` + pf + `,"code":"9.9\u0000","name":"x"}`, "code"},
			{"KeyInUpperCase", `{"portfolio_id":` + pf + `,"PORTFOLIO_ID":` + other + `,"code":"9.9","name":"x"}`, "PORTFOLIO_ID"},
			{"KeyCapitalised", `{"portfolio_id":` + pf + `,"code":"9.9","Name":"x"}`, "Name"},
			{"KeyTwice", `{"portfolio_id":` + other + `,"portfolio_id":` + pf + `,"code":"9.9","name":"x"}`, "portfolio_id"},
			{"KeyNotUTF8", `{"portfolio_id":` + pf + `,"code":"9.9","name":"x","` + "\xff" + `":1}`, "\ufffd"},
		} {
			t.Run(c.name, func(t *testing.T) {
				a.do("POST", "/api/v1/projects", c.body).wantError(t, http.StatusBadRequest, "invalid", c.field)
				a.unchanged(before)
			})
		}
		// A real pair of surrogates is one character, and fine.
		got := a.create("projects", `{"portfolio_id":`+pf+`,"code":"9.9","name":"Hymy \ud83d\ude00"}`)
		if got["name"].(map[string]any)["fi"] != "Hymy 😀" {
			t.Errorf("name %q", got["name"])
		}
		// An update is refused the same way.
		id := apiID(w.organisation().ID)
		before = a.snapshot()
		a.do("PUT", "/api/v1/organisations/"+id, `{"version":1,"name":"x","NAME":"y"}`).wantError(t, http.StatusBadRequest, "invalid", "NAME")
		a.unchanged(before)
	})
}

// organisation is the world's first organisation.
func (w *apiWorld) organisation() *salkku.Organisation { return w.org }

// TestFormsAnswerInOneRound: a taken code or name is reported together
// with the form's other errors, and the summary lists them in the order
// of the form.
func TestFormsAnswerInOneRound(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, engine string) {
		a := inputApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		p21 := a.project(t, pf.ID, "2.1")
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		org := a.organisation(t, "Naantalin kaupunki")
		newProject := "/portfolios/" + id(pf.ID) + "/projects/new"
		for _, tc := range []struct {
			name, path string
			form       map[string]string
			fields     []string // in the order of the form
		}{
			{"project: taken code, no name, bad month", newProject,
				map[string]string{"code": "2.1", "name": "", "start": "13/2017", "end": "kesäkuu"}, []string{"code", "name", "start", "end"}},
			{"project: taken code, bad owner", newProject,
				map[string]string{"code": "2.1", "name": "Uusi", "owner_id": "abc"}, []string{"code", "owner_id"}},
			{"project edit: taken code, no name", "/projects/" + id(p21.ID) + "/edit",
				map[string]string{"code": "2.2", "name": " "}, []string{"code", "name"}},
			{"category: taken name, bad position", "/portfolios/" + id(pf.ID) + "/categories/new",
				map[string]string{"name": infra.Name.FI, "position": "x"}, []string{"name", "position"}},
			{"organisation: taken name, bad business id", "/organisations/new",
				map[string]string{"name": org.Name.FI, "business_id": "123"}, []string{"name", "business_id"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := registerSnapshot(t, a.db)
				form := formValues(t, a.get(t, tc.path))
				for k, v := range tc.form {
					setField(form, k, v)
				}
				p := a.post(t, tc.path, form)
				wantStatus(t, p, http.StatusUnprocessableEntity)
				for _, f := range tc.fields {
					if fieldError(p, f) == "" {
						t.Errorf("no error at %s", f)
					}
				}
				if got := summaryFields(p); strings.Join(got, " ") != strings.Join(tc.fields, " ") {
					t.Errorf("summary lists %v, want %v", got, tc.fields)
				}
				if after := registerSnapshot(t, a.db); after != before {
					t.Errorf("the register changed")
				}
			})
		}
		// A taken code alone is still a conflict, 409.
		form := formValues(t, a.get(t, newProject))
		form.Set("code", "2.1")
		setField(form, "name", "Uusi")
		wantStatus(t, a.post(t, newProject, form), http.StatusConflict)

		// "10/17" is October 2017.
		form.Set("code", "9.9")
		form.Set("start", "10/17")
		form.Set("end", "4/18")
		wantRedirect(t, a.post(t, newProject, form), "/projects/*")
		got := a.project(t, pf.ID, "9.9")
		if got.Start != salkku.NewMonth(2017, 10) || got.End != salkku.NewMonth(2018, 4) {
			t.Errorf("10/17 – 4/18 stored as %v – %v", got.Start, got.End)
		}
	})
}

// A text field's link names its language control (#f-name-fi); the
// tests name the field, as a Finnish-only organisation's form has one.
var summaryLinkRE = regexp.MustCompile(`<li><a href="#f-([a-z_0-9]+)(?:-fi)?">`)

// summaryFields lists the fields of the error summary, in order.
func summaryFields(p *page) []string {
	i := strings.Index(p.Body, `class="error-summary"`)
	if i < 0 {
		return nil
	}
	end := strings.Index(p.Body[i:], "</div>")
	var out []string
	for _, m := range summaryLinkRE.FindAllStringSubmatch(p.Body[i:i+end], -1) {
		out = append(out, m[1])
	}
	return out
}

// TestAPIOneRound: the API reports a taken code together with the other
// errors of the body.
func TestAPIOneRound(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		before := a.snapshot()
		a.do("POST", "/api/v1/projects", map[string]any{"portfolio_id": w.portfolio.ID, "code": "2.1", "name": ""}).
			wantError(t, http.StatusBadRequest, "invalid", "code", "name.fi")
		a.do("POST", "/api/v1/categories", map[string]any{"portfolio_id": w.portfolio.ID, "name": w.category.Name, "position": -1}).
			wantError(t, http.StatusBadRequest, "invalid", "name.fi", "position")
		a.unchanged(before)
	})
}

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// listOf GETs a list and returns its items and total.
func (a *apiTest) listOf(path string) ([]map[string]any, int) {
	a.t.Helper()
	items, total, _ := a.pageOf(path)
	return items, total
}

// pageOf GETs a list and returns its items, total and the address of
// its next page, "" where it has none.
func (a *apiTest) pageOf(path string) ([]map[string]any, int, string) {
	a.t.Helper()
	res := a.do("GET", path, nil).want(a.t, http.StatusOK)
	var body struct {
		Items   []map[string]any `json:"items"`
		Total   *int             `json:"total"`
		Next    *string          `json:"next"`
		NextURL *string          `json:"next_url"`
	}
	dec := json.NewDecoder(strings.NewReader(string(res.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.Items == nil || body.Total == nil {
		a.t.Fatalf("%s: not a list (%v): %s", path, err, res.Body)
	}
	if (body.Next == nil) != (body.NextURL == nil) {
		a.t.Errorf("%s: next %v but next_url %v", path, body.Next, body.NextURL)
	}
	if body.NextURL != nil {
		return body.Items, *body.Total, *body.NextURL
	}
	return body.Items, *body.Total, ""
}

// field lists one field of every item.
func field(items []map[string]any, name string) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it[name]
	}
	return out
}

func strs(vs ...any) []any { return vs }

// fiTexts reads texts ({"fi": …}) as their Finnish strings; a person's
// name, a string, stays as it is.
func fiTexts(vs []any) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if m, ok := v.(map[string]any); ok {
			v = m["fi"]
		}
		out[i] = v
	}
	return out
}

// TestAPIListProjects checks the project list's filters, sort orders and
// paging.
func TestAPIListProjects(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		ctx := salkku.System(context.Background())
		c2 := &salkku.Category{PortfolioID: w.portfolio.ID, Name: salkku.T("Sovellukset")}
		if err := a.db.CreateCategory(ctx, c2); err != nil {
			t.Fatal(err)
		}
		m := func(y, mo int) salkku.Month { return salkku.NewMonth(y, mo) }
		p := w.people
		// w.project is 2.1 "Palomuuri", category 1, proposed, no dates.
		for _, pr := range []*salkku.Project{
			{Code: "2.10", Name: salkku.T("Varmuuskopiointi"), CategoryID: &w.category.ID, Status: "active", Tags: []string{"H"}, ManagerID: &p[1].ID,
				Schedule: salkku.Schedule{Start: m(2017, 10), End: m(2018, 4)}},
			{Code: "2.2", Name: salkku.T("Langaton verkko"), CategoryID: &w.category.ID, Status: "active", Tags: []string{"verkko", "H"}, ManagerID: &p[0].ID,
				Schedule: salkku.Schedule{Start: m(2017, 9)}, Vendors: []string{"DNA Oy"}},
			{Code: "3.1", Name: salkku.T("Asianhallinta"), CategoryID: &c2.ID, Status: "closed", Tags: []string{"h"}, ManagerID: &p[2].ID,
				Schedule: salkku.Schedule{End: m(2018, 12)}},
			{Code: "3.2", Name: salkku.T("Sähköinen asiointi"), CategoryID: &c2.ID, Status: "cancelled", Description: salkku.T("PALOMUURIN takana"),
				Schedule: salkku.Schedule{Start: m(2016, 1), Continuous: true}},
			{Code: "1", Name: salkku.T("Ohjelmistorobotiikka"), Status: "proposed", Tags: []string{"verkkokauppa"}},
		} {
			pr.PortfolioID = w.portfolio.ID
			if err := a.db.CreateProject(ctx, pr); err != nil {
				t.Fatal(err)
			}
		}
		other := &salkku.Project{PortfolioID: w.portfolio2.ID, CategoryID: &w.category2.ID, Code: "1.1", Name: salkku.T("Opetuksen palomuuri"), Tags: []string{"H"}}
		if err := a.db.CreateProject(ctx, other); err != nil {
			t.Fatal(err)
		}
		pf := "portfolio_id=" + apiID(w.portfolio.ID)
		codes := func(query string) []any {
			t.Helper()
			items, total := a.listOf("/api/v1/projects?" + query)
			if total != len(items) {
				t.Errorf("%s: total %d, %d items", query, total, len(items))
			}
			return field(items, "code")
		}
		for _, c := range []struct {
			name, query string
			want        []any
		}{
			// Without a portfolio, the default order mixes the portfolios'
			// categories of the same position.
			{"All", "", strs("1.1", "2.1", "2.2", "2.10", "3.1", "3.2", "1")},
			{"Portfolio", pf, strs("2.1", "2.2", "2.10", "3.1", "3.2", "1")},
			{"OtherPortfolio", "portfolio_id=" + apiID(w.portfolio2.ID), strs("1.1")},
			{"UnknownPortfolio", "portfolio_id=99999", strs()},
			{"Category", "category_id=" + apiID(c2.ID), strs("3.1", "3.2")},
			{"Status", pf + "&status=active", strs("2.2", "2.10")},
			{"TagExact", pf + "&tag=verkko", strs("2.2")},
			{"TagNotSubstring", pf + "&tag=verk", strs()},
			{"TagUpperCase", pf + "&tag=H", strs("2.2", "2.10")},
			{"TagLowerCase", pf + "&tag=h", strs("3.1")},
			{"QueryName", "q=palo", strs("1.1", "2.1", "3.2")},
			{"QueryVendor", "q=dna", strs("2.2")},
			{"QueryCode", pf + "&q=3.", strs("3.1", "3.2")},
			{"Combined", pf + "&status=active&tag=H&q=verkko&category_id=" + apiID(w.category.ID), strs("2.2")},
			{"EmptyValuesIgnored", pf + "&status=&tag=&q=&sort=&limit=&offset=", strs("2.1", "2.2", "2.10", "3.1", "3.2", "1")},
			{"SortCode", pf + "&sort=code", strs("1", "2.1", "2.2", "2.10", "3.1", "3.2")},
			{"SortCodeDesc", pf + "&sort=-code", strs("3.2", "3.1", "2.10", "2.2", "2.1", "1")},
			{"SortName", pf + "&sort=name", strs("3.1", "2.2", "1", "2.1", "3.2", "2.10")},
			{"SortNameDesc", pf + "&sort=-name", strs("2.10", "3.2", "2.1", "1", "2.2", "3.1")},
			{"SortStart", pf + "&sort=start", strs("3.2", "2.2", "2.10", "1", "2.1", "3.1")},
			{"SortStartDesc", pf + "&sort=-start", strs("2.10", "2.2", "3.2", "1", "2.1", "3.1")},
			{"SortStatus", pf + "&sort=status", strs("2.2", "2.10", "3.2", "3.1", "1", "2.1")},
			{"SortManager", pf + "&sort=manager", strs("3.1", "2.10", "2.2", "1", "2.1", "3.2")},
			{"SortManagerDesc", pf + "&sort=-manager", strs("2.2", "2.10", "3.1", "1", "2.1", "3.2")},
			{"SortCategory", pf + "&sort=category", strs("2.1", "2.2", "2.10", "3.1", "3.2", "1")},
		} {
			t.Run(c.name, func(t *testing.T) {
				if got := codes(c.query); !slices.Equal(got, c.want) {
					t.Errorf("%s: got %v, want %v", c.query, got, c.want)
				}
			})
		}
		t.Run("SortEveryKey", func(t *testing.T) {
			// Every sort key of the domain works both ways and keeps the
			// set of projects.
			for _, k := range salkku.ProjectSorts {
				for _, s := range []string{k, "-" + k} {
					got := codes(pf + "&sort=" + s)
					slices.SortFunc(got, func(x, y any) int { return strings.Compare(x.(string), y.(string)) })
					if want := strs("1", "2.1", "2.10", "2.2", "3.1", "3.2"); !slices.Equal(got, want) {
						t.Errorf("sort=%s: %v", s, got)
					}
				}
			}
		})
		t.Run("Paging", func(t *testing.T) {
			var seen []any
			for offset := 0; offset < 9; offset += 3 {
				items, total := a.listOf("/api/v1/projects?sort=code&limit=3&offset=" + apiJSON(offset))
				if total != 7 {
					t.Errorf("offset %d: total %d, want 7", offset, total)
				}
				if want := min(3, max(0, 7-offset)); len(items) != want {
					t.Errorf("offset %d: %d items, want %d", offset, len(items), want)
				}
				for _, c := range field(items, "code") {
					if slices.Contains(seen, c) {
						t.Errorf("%v on two pages", c)
					}
					seen = append(seen, c)
				}
			}
			if len(seen) != 7 {
				t.Errorf("pages hold %v", seen)
			}
			for _, offset := range []string{"100", "9223372036854775807"} {
				items, total := a.listOf("/api/v1/projects?offset=" + offset)
				if len(items) != 0 || total != 7 {
					t.Errorf("offset %s: %d items, total %d", offset, len(items), total)
				}
			}
		})
		t.Run("Cursor", func(t *testing.T) {
			// By category and by code, next_url walks the list a page at
			// a time, keeping the filters; every page has the total.
			for _, query := range []string{"", pf, "sort=code", "sort=-code", pf + "&status=active"} {
				all, total := a.listOf("/api/v1/projects?" + query)
				var seen []any
				next := "/api/v1/projects?limit=2&" + query
				for pages := 0; next != ""; pages++ {
					if pages > len(all) {
						t.Fatalf("%s: next_url does not end", query)
					}
					var items []map[string]any
					var n int
					items, n, next = a.pageOf(next)
					if n != total {
						t.Errorf("%s: a page's total %d, the list's %d", query, n, total)
					}
					seen = append(seen, field(items, "code")...)
				}
				if want := field(all, "code"); !slices.Equal(seen, want) {
					t.Errorf("%s: pages %v, the list %v", query, seen, want)
				}
			}
			// Orders an index does not serve page by offset: no cursor.
			if _, _, next := a.pageOf("/api/v1/projects?limit=2&sort=name"); next != "" {
				t.Errorf("sort=name has a next page by cursor: %s", next)
			}
			for _, bad := range []string{"after=x", "after=e30", "sort=name&after=eyJpIjoxfQ", "offset=2&after=eyJpIjoxfQ"} {
				a.do("GET", "/api/v1/projects?"+bad, nil).want(t, http.StatusBadRequest)
			}
		})
		t.Run("DefaultAndMaxLimit", func(t *testing.T) {
			for i := 0; i < 55; i++ {
				if err := a.db.CreateProject(ctx, &salkku.Project{PortfolioID: w.portfolio2.ID, Code: "9." + apiJSON(i), Name: salkku.T("Massa")}); err != nil {
					t.Fatal(err)
				}
			}
			items, total := a.listOf("/api/v1/projects")
			if len(items) != salkku.DefaultPageSize || total != 62 {
				t.Errorf("default page: %d items, total %d", len(items), total)
			}
			items, _ = a.listOf("/api/v1/projects?limit=500")
			if len(items) != 62 {
				t.Errorf("limit=500: %d items", len(items))
			}
		})
	})
}

// TestAPIListOthers checks the filters and paging of the other lists.
func TestAPIListOthers(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		ctx := salkku.System(context.Background())
		for _, n := range []string{"Ville Valtonen", "Anna Berg"} {
			if err := a.db.CreatePerson(ctx, &salkku.Person{Name: n, OrganisationID: &w.org2.ID, Email: strings.ToLower(strings.Fields(n)[0]) + "@kaarina.fi"}); err != nil {
				t.Fatal(err)
			}
		}
		names := func(path string, wantTotal int) []any {
			t.Helper()
			items, total := a.listOf(path)
			if total != wantTotal {
				t.Errorf("%s: total %d, want %d", path, total, wantTotal)
			}
			return fiTexts(field(items, "name"))
		}
		for _, c := range []struct {
			path  string
			total int
			want  []any
		}{
			{"/api/v1/organisations", 2, strs("Kaarinan kaupunki", "Naantalin kaupunki")},
			{"/api/v1/organisations?limit=1&offset=1", 2, strs("Naantalin kaupunki")},
			// The signed-in admin is a person too, named by their e-mail.
			{"/api/v1/people", 7, strs("Anna Berg", "Anna Laine", "Jari Virtanen", "Kristiina Taskinen", "Pekka Koski", "Ville Valtonen", "api-admin@test.invalid")},
			{"/api/v1/people?organisation_id=" + apiID(w.org2.ID), 2, strs("Anna Berg", "Ville Valtonen")},
			{"/api/v1/people?q=ANNA", 2, strs("Anna Berg", "Anna Laine")},
			{"/api/v1/people?q=kaarina.fi&limit=1", 2, strs("Anna Berg")},
			{"/api/v1/people?q=kaarina.fi&limit=1&offset=1", 2, strs("Ville Valtonen")},
			{"/api/v1/people?q=%25", 0, strs()},
			{"/api/v1/portfolios", 2, strs("Sivistys", "Tietohallinto")},
			{"/api/v1/portfolios?organisation_id=" + apiID(w.org2.ID), 0, strs()},
			{"/api/v1/portfolios?parent_id=" + apiID(w.portfolio.ID), 1, strs("Sivistys")},
			{"/api/v1/portfolios?organisation_id=" + apiID(w.org.ID) + "&limit=1", 2, strs("Sivistys")},
		} {
			if got := names(c.path, c.total); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.path, got, c.want)
			}
		}

		t.Run("Categories", func(t *testing.T) {
			for _, n := range []string{"Sovellukset", "Kehitys"} {
				a.create("categories", map[string]any{"portfolio_id": w.portfolio.ID, "name": n})
			}
			a.create("categories", map[string]any{"portfolio_id": w.portfolio.ID, "name": "Ensimmäinen", "position": 1})
			items, total := a.listOf("/api/v1/categories?portfolio_id=" + apiID(w.portfolio.ID))
			if total != 4 || len(items) != 4 {
				t.Fatalf("total %d, %d items", total, len(items))
			}
			if got := field(items, "position"); !slices.IsSortedFunc(got, func(x, y any) int { return int(x.(float64) - y.(float64)) }) {
				t.Errorf("not by position: %v", got)
			}
			if got := field(items, "project_count"); got[0] == nil {
				t.Errorf("project_count missing")
			}
			if items, total := a.listOf("/api/v1/categories?portfolio_id=99999"); len(items) != 0 || total != 0 {
				t.Errorf("unknown portfolio: %v", items)
			}
		})
		t.Run("WorkPackages", func(t *testing.T) {
			// Made out of order: the list is depth first, by position.
			pr := w.project.ID
			b := a.create("workpackages", map[string]any{"project_id": pr, "code": "OA2", "name": "B"})
			a.create("workpackages", map[string]any{"project_id": pr, "code": "TP2", "name": "B2", "parent_id": b["id"], "position": 9})
			b1 := a.create("workpackages", map[string]any{"project_id": pr, "code": "TP1", "name": "B1", "parent_id": b["id"], "position": 8})
			a.create("workpackages", map[string]any{"project_id": pr, "code": "a", "name": "B1a", "parent_id": b1["id"]})
			a.create("workpackages", map[string]any{"project_id": pr, "code": "TP9", "name": "A1", "parent_id": w.wp.ID})
			items, total := a.listOf("/api/v1/workpackages?project_id=" + apiID(pr))
			if got, want := fiTexts(field(items, "name")), strs("Osa-alue 1", "A1", "B", "B1", "B1a", "B2"); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if total != 6 {
				t.Errorf("total %d", total)
			}
			if items, total := a.listOf("/api/v1/workpackages?project_id=99999"); len(items) != 0 || total != 0 {
				t.Errorf("unknown project: %v", items)
			}
		})
	})
}

// TestAPIListBadQuery: a bad query parameter is 400 naming it.
func TestAPIListBadQuery(t *testing.T) {
	a := newAPITest(t, "sqlite")
	a.world()
	for _, c := range []struct {
		path   string
		params []string
	}{
		{"/api/v1/projects?limit=abc", []string{"limit"}},
		{"/api/v1/projects?limit=0", []string{"limit"}},
		{"/api/v1/projects?limit=501", []string{"limit"}},
		{"/api/v1/projects?limit=-1", []string{"limit"}},
		{"/api/v1/projects?limit=1.5", []string{"limit"}},
		{"/api/v1/projects?offset=-1", []string{"offset"}},
		{"/api/v1/projects?offset=x", []string{"offset"}},
		{"/api/v1/projects?offset=99999999999999999999", []string{"offset"}},
		{"/api/v1/projects?status=bogus", []string{"status"}},
		{"/api/v1/projects?status=Active", []string{"status"}},
		{"/api/v1/projects?sort=bogus", []string{"sort"}},
		{"/api/v1/projects?sort=-", []string{"sort"}},
		{"/api/v1/projects?sort=--name", []string{"sort"}},
		{"/api/v1/projects?sort=name&desc=true", []string{"desc"}},
		{"/api/v1/projects?portfolio_id=x", []string{"portfolio_id"}},
		{"/api/v1/projects?portfolio_id=0", []string{"portfolio_id"}},
		{"/api/v1/projects?portfolio_id=-2", []string{"portfolio_id"}},
		{"/api/v1/projects?category_id=1e3", []string{"category_id"}},
		{"/api/v1/projects?portfolio=1", []string{"portfolio"}},
		{"/api/v1/projects?status=active&status=closed", []string{"status"}},
		{"/api/v1/projects?q=" + strings.Repeat("x", 201), []string{"q"}},
		{"/api/v1/projects?tag=" + strings.Repeat("x", 201), []string{"tag"}},
		{"/api/v1/projects?limit=x&status=y&sort=z", []string{"limit", "status", "sort"}},
		{"/api/v1/people?organisation_id=abc", []string{"organisation_id"}},
		{"/api/v1/people?limit=1000", []string{"limit"}},
		{"/api/v1/people?portfolio_id=1", []string{"portfolio_id"}},
		{"/api/v1/portfolios?parent_id=x", []string{"parent_id"}},
		{"/api/v1/portfolios?organisation_id=", nil},
		{"/api/v1/organisations?q=x", []string{"q"}},
		{"/api/v1/categories", []string{"portfolio_id"}},
		{"/api/v1/categories?portfolio_id=", []string{"portfolio_id"}},
		{"/api/v1/categories?portfolio_id=x", []string{"portfolio_id"}},
		{"/api/v1/categories?portfolio_id=1&limit=10", []string{"limit"}},
		{"/api/v1/workpackages", []string{"project_id"}},
		{"/api/v1/workpackages?project_id=abc", []string{"project_id"}},
	} {
		res := a.do("GET", c.path, nil)
		if c.params == nil {
			res.want(t, http.StatusOK)
			continue
		}
		e := res.wantError(t, http.StatusBadRequest, "invalid", c.params...)
		if len(e.Error.Fields) != len(c.params) {
			t.Errorf("%s: fields %v, want %v", c.path, e.Error.Fields, c.params)
		}
		for _, p := range c.params {
			if !strings.Contains(e.Error.Message, p) {
				t.Errorf("%s: message %q does not name %s", c.path, e.Error.Message, p)
			}
		}
	}
}

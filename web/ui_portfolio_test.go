package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// TestPortfolioOverviewFilter filters the Naantali plan by text, category
// and status, alone and together; the form shows the filter back.
func TestPortfolioOverviewFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		pf := a.portfolio(t, naantaliName)
		infra := a.category(t, pf.ID, "Perusinfrastruktuurihankkeet")
		base := "/portfolios/" + id(pf.ID)
		for _, tc := range []struct {
			name, query string
			want        []string
			text        string
		}{
			{"no filter", "", nil, "Hankkeet 1–39, yhteensä 39"},
			{"text", "q=palomuuri", []string{"2.1"}, "Hankkeet 1–1, yhteensä 1"},
			{"text in any case, in vendors and descriptions", "q=TIERA", []string{"2.2", "2.5"}, ""},
			{"category", "category=" + id(infra.ID), []string{"2.1", "2.2", "2.3", "2.4", "2.5", "2.6"}, "Hankkeet 1–6, yhteensä 6"},
			{"category and text", "category=" + id(infra.ID) + "&q=laadun", []string{"2.2", "2.4"}, ""},
			{"status that no project has", "status=closed", []string{}, "Ei hakuehtoja vastaavia hankkeita."},
			{"proposed: the lines the plan has not started", "status=proposed", []string{"4.4", "4.5", "7.11", "7.12", "7.13"}, ""},
			{"status", "status=active&category=" + id(infra.ID), []string{"2.1", "2.2", "2.3", "2.4", "2.5", "2.6"}, ""},
			{"unknown status falls back", "status=bogus&q=palomuuri", []string{"2.1"}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := a.get(t, base+"?"+tc.query)
				wantStatus(t, p, http.StatusOK)
				oneH1(t, p)
				got := codes(p)
				if tc.want != nil && !slices.Equal(got, tc.want) && !(len(tc.want) == 0 && len(got) == 0) {
					t.Errorf("codes %q, want %q", got, tc.want)
				}
				if tc.text != "" {
					wantText(t, p, tc.text)
				}
				q, _ := url.ParseQuery(tc.query)
				if v := q.Get("q"); v != "" && !strings.Contains(p.Body, `name="q" value="`+v+`"`) {
					t.Errorf("search box does not show %q", v)
				}
				if v := q.Get("category"); v != "" && !strings.Contains(p.Body, `<option value="`+v+`" selected>`) {
					t.Errorf("category %s is not selected in the filter", v)
				}
			})
		}
	})
}

// sortFixture is a portfolio whose four projects order differently by
// every column; the names sort the same in every collation.
func sortFixture(t *testing.T, a *app) *salkku.Portfolio {
	t.Helper()
	ctx := salkku.System(context.Background())
	org := &salkku.Organisation{Name: salkku.T("Testikunta")}
	must(t, a.db.CreateOrganisation(ctx, org))
	pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Lajittelusalkku")}
	must(t, a.db.CreatePortfolio(ctx, pf))
	c1 := &salkku.Category{PortfolioID: pf.ID, Name: salkku.T("Infra"), Position: 1}
	c2 := &salkku.Category{PortfolioID: pf.ID, Name: salkku.T("Johtaminen"), Position: 2}
	must(t, a.db.CreateCategory(ctx, c1))
	must(t, a.db.CreateCategory(ctx, c2))
	people := map[string]*int64{}
	for _, n := range []string{"Aino", "Bertta", "Cecilia"} {
		p := &salkku.Person{Name: n}
		must(t, a.db.CreatePerson(ctx, p))
		people[n] = &p.ID
	}
	for _, p := range []*salkku.Project{
		{Code: "1.10", Name: salkku.T("Delta"), CategoryID: &c1.ID, Schedule: salkku.Schedule{Start: salkku.NewMonth(2018, 3)}, ManagerID: people["Bertta"], Status: salkku.StatusClosed},
		{Code: "1.2", Name: salkku.T("Alfa"), CategoryID: &c2.ID, Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 1)}, ManagerID: people["Aino"], Status: salkku.StatusProposed},
		{Code: "2.1", Name: salkku.T("Charlie"), CategoryID: &c1.ID, Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 5)}, ManagerID: people["Cecilia"], Status: salkku.StatusActive},
		{Code: "10.1", Name: salkku.T("Bravo"), Status: salkku.StatusCancelled},
	} {
		p.PortfolioID = pf.ID
		must(t, a.db.CreateProject(ctx, p))
	}
	return pf
}

// TestPortfolioOverviewSort sorts by each column both ways and reads the
// order off the table; unset values sort last either way.
func TestPortfolioOverviewSort(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		pf := sortFixture(t, a)
		base := "/portfolios/" + id(pf.ID)
		for _, tc := range []struct {
			sort      string
			asc, desc []string
		}{
			{"", []string{"1.10", "2.1", "1.2", "10.1"}, nil},
			{"code", []string{"1.2", "1.10", "2.1", "10.1"}, []string{"10.1", "2.1", "1.10", "1.2"}},
			{"name", []string{"1.2", "10.1", "2.1", "1.10"}, []string{"1.10", "2.1", "10.1", "1.2"}},
			{"category", []string{"1.10", "2.1", "1.2", "10.1"}, []string{"1.2", "2.1", "1.10", "10.1"}},
			{"start", []string{"1.2", "2.1", "1.10", "10.1"}, []string{"1.10", "2.1", "1.2", "10.1"}},
			{"manager", []string{"1.2", "1.10", "2.1", "10.1"}, []string{"2.1", "1.10", "1.2", "10.1"}},
			{"status", []string{"2.1", "10.1", "1.10", "1.2"}, []string{"1.2", "1.10", "10.1", "2.1"}},
		} {
			t.Run("by "+tc.sort, func(t *testing.T) {
				p := a.get(t, base+"?sort="+tc.sort)
				wantStatus(t, p, http.StatusOK)
				if got := codes(p); !slices.Equal(got, tc.asc) {
					t.Errorf("ascending: %q, want %q", got, tc.asc)
				}
				if tc.sort == "" {
					return
				}
				// The column header says how the list is sorted and links
				// to the other direction. (Sorted by category, the list
				// is grouped under category headings instead.)
				header := tc.sort != "category"
				if header && !strings.Contains(p.Body, `aria-sort="ascending"><a href="?desc=1&amp;sort=`+tc.sort+`"`) {
					t.Errorf("header of %s is not marked ascending with a link to descending", tc.sort)
				}
				p = a.get(t, base+"?sort="+tc.sort+"&desc=1")
				wantStatus(t, p, http.StatusOK)
				if got := codes(p); !slices.Equal(got, tc.desc) {
					t.Errorf("descending: %q, want %q", got, tc.desc)
				}
				if header && !strings.Contains(p.Body, `aria-sort="descending"><a href="?sort=`+tc.sort+`"`) {
					t.Errorf("header of %s is not marked descending with a link to ascending", tc.sort)
				}
			})
		}
		t.Run("unknown sort falls back", func(t *testing.T) {
			p := a.get(t, base+"?sort=nonsense")
			wantStatus(t, p, http.StatusOK)
			if got, want := codes(p), []string{"1.10", "2.1", "1.2", "10.1"}; !slices.Equal(got, want) {
				t.Errorf("codes %q, want %q", got, want)
			}
		})
	})
}

// TestPortfolioOverviewPaging pages 120 projects in fifties; the links keep
// the filter and sort.
func TestPortfolioOverviewPaging(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Testikunta")}
		must(t, a.db.CreateOrganisation(ctx, org))
		pf := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Iso salkku")}
		must(t, a.db.CreatePortfolio(ctx, pf))
		for i := 1; i <= 120; i++ {
			name := "Hanke"
			if i%2 == 0 {
				name = "Parillinen hanke"
			}
			must(t, a.db.CreateProject(ctx, &salkku.Project{PortfolioID: pf.ID, Code: fmt.Sprint(i), Name: salkku.T(name)}))
		}
		base := "/portfolios/" + id(pf.ID)
		nums := func(from, to, step int) []string {
			var out []string
			for i := from; step > 0 && i <= to || step < 0 && i >= to; i += step {
				out = append(out, fmt.Sprint(i))
			}
			return out
		}
		for _, tc := range []struct {
			name, query    string
			want           []string
			text           string
			prev, next     string
			noPrev, noNext bool
		}{
			{"first", "", nums(1, 50, 1), "Hankkeet 1–50, yhteensä 120", "", "?page=2", true, false},
			{"middle", "page=2", nums(51, 100, 1), "Hankkeet 51–100, yhteensä 120", "?", "?page=3", false, false},
			{"last", "page=3", nums(101, 120, 1), "Hankkeet 101–120, yhteensä 120", "?page=2", "", false, true},
			{"sorted", "sort=code&desc=1&page=2", nums(70, 21, -1), "Sivu 2 / 3", "?desc=1&amp;sort=code", "?desc=1&amp;page=3&amp;sort=code", false, false},
			{"filtered", "q=parillinen&page=2", nums(102, 120, 2), "Hankkeet 51–60, yhteensä 60", "?q=parillinen", "", false, true},
			{"beyond the end shows the last page", "page=9", nums(101, 120, 1), "Hankkeet 101–120, yhteensä 120", "?page=2", "", false, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := a.get(t, base+"?"+tc.query)
				wantStatus(t, p, http.StatusOK)
				if got := codes(p); !slices.Equal(got, tc.want) {
					t.Errorf("codes %q, want %q", got, tc.want)
				}
				wantText(t, p, tc.text)
				if tc.prev != "" && !strings.Contains(p.Body, `<a href="`+tc.prev+`" rel="prev">`) {
					t.Errorf("no link to the previous page %s", tc.prev)
				}
				if tc.next != "" && !strings.Contains(p.Body, `<a href="`+tc.next+`" rel="next">`) {
					t.Errorf("no link to the next page %s", tc.next)
				}
				if tc.noPrev && strings.Contains(p.Body, `rel="prev"`) || tc.noNext && strings.Contains(p.Body, `rel="next"`) {
					t.Errorf("a link past the end")
				}
			})
		}
	})
}

// TestPortfolioForms creates, edits and deletes a portfolio through its
// forms.
func TestPortfolioForms(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())
		org := a.organisation(t, "Naantalin kaupunki")
		kristiina := a.person(t, "Kristiina Taskinen")

		form := formValues(t, a.get(t, "/portfolios/new?organisation_id="+id(org.ID)))
		if form.Get("organisation_id") != id(org.ID) {
			t.Fatalf("organisation not preselected: %v", form)
		}
		t.Run("invalid", func(t *testing.T) {
			sent := with(form, "name", "  ", "description", "Kuvaus <b>lihavoitu</b>", "owner_id", id(kristiina.ID))
			p := a.post(t, "/portfolios/new", sent)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			if got := fieldError(p, "name"); got != "Tämä tieto on pakollinen." {
				t.Errorf("name error %q", got)
			}
			wantKept(t, p, sent, "organisation_id", "description", "owner_id")
		})

		sent := with(form, "name", "Sivistystoimen salkku", "description", "Koulut ja päiväkodit.", "owner_id", id(kristiina.ID))
		sent["board_ids"] = []string{id(kristiina.ID)}
		loc := wantRedirect(t, a.post(t, "/portfolios/new", sent), "/portfolios/*")
		p := a.get(t, loc)
		wantStatus(t, p, http.StatusOK)
		if h := oneH1(t, p); h != "Sivistystoimen salkku" {
			t.Errorf("h1 %q", h)
		}
		wantText(t, p, "Tallennettu.", "Naantalin kaupunki", "Kristiina Taskinen", "Koulut ja päiväkodit.")

		edit := formValues(t, a.get(t, loc+"/edit"))
		wantRedirect(t, a.post(t, loc+"/edit", with(edit, "name", "Sivistyksen salkku")), loc)
		wantText(t, a.get(t, loc), "Sivistyksen salkku")

		// Delete refused while it has projects; allowed when empty.
		pf := a.portfolio(t, "Sivistyksen salkku")
		must(t, a.db.CreateProject(ctx, &salkku.Project{PortfolioID: pf.ID, Code: "1", Name: salkku.T("Koulujen verkot")}))
		p = a.post(t, loc+"/delete", nil)
		wantStatus(t, p, http.StatusConflict)
		wantText(t, p, "Salkkua ei voi poistaa, koska siinä on hankkeita (1).")
		wantStatus(t, a.get(t, loc), http.StatusOK)
		must(t, a.db.DeleteProject(ctx, a.project(t, pf.ID, "1").ID))
		wantRedirect(t, a.post(t, loc+"/delete", nil), "/")
		wantStatus(t, a.get(t, loc), http.StatusNotFound)
		wantText(t, a.get(t, "/"), "Poistettu.")
	})
}

// TestHomePagesOrganisations: an administrator's home page shows twenty
// organisations at a time, in name order, each with its portfolios, and
// links to the next page; the home page of a register of any size costs
// the same.
func TestHomePagesOrganisations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		for i := 1; i <= 25; i++ {
			org := &salkku.Organisation{Name: salkku.T(fmt.Sprintf("Kunta %02d", i))}
			must(t, a.db.CreateOrganisation(ctx, org))
			must(t, a.db.CreatePortfolio(ctx, &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T(fmt.Sprintf("Salkku %02d", i))}))
		}
		first := a.get(t, "/")
		wantStatus(t, first, http.StatusOK)
		wantText(t, first, "Kunta 01", "Salkku 01", "Kunta 20", "Salkku 20", "Sivu 1 / 2")
		wantNoText(t, first, "Kunta 21", "Salkku 21")
		if !strings.Contains(first.Body, `<a href="?page=2" rel="next">`) {
			t.Error("no link to the second page of organisations")
		}
		second := a.get(t, "/?page=2")
		wantText(t, second, "Kunta 21", "Salkku 21", "Kunta 25", "Salkku 25", "Sivu 2 / 2")
		wantNoText(t, second, "Kunta 20", "Salkku 20")
	})
}

// TestSubPortfolioOverview: someone whose only role is on a sub-portfolio
// opens its overview, which names its parent, though the parent's own
// page is not theirs to see.
func TestSubPortfolioOverview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newApp(t, engine)
		ctx := salkku.System(context.Background())
		org := &salkku.Organisation{Name: salkku.T("Esimerkkilän kaupunki")}
		must(t, a.db.CreateOrganisation(ctx, org))
		parent := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.T("Kaupungin kehittämissalkku")}
		must(t, a.db.CreatePortfolio(ctx, parent))
		child := &salkku.Portfolio{OrganisationID: org.ID, ParentID: &parent.ID, Name: salkku.T("Sivistystoimen salkku")}
		must(t, a.db.CreatePortfolio(ctx, child))
		a.signInAs(t, a.gateUser(t, "alisalkku", salkku.RoleViewer, child.ID))
		p := a.get(t, "/portfolios/"+id(child.ID))
		wantStatus(t, p, http.StatusOK)
		wantText(t, p, "Sivistystoimen salkku", "Kaupungin kehittämissalkku")
		wantStatus(t, a.get(t, "/portfolios/"+id(parent.ID)), http.StatusForbidden)
	})
}

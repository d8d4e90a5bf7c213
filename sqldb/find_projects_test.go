package sqldb_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// planWorld is a portfolio with projects of the seed action plan
// (seeds/000): three categories, schedules of every shape, statuses,
// managers and tags. Names are chosen so that their order is the same under
// any collation (byte order, fi_FI or en_US).
type planWorld struct {
	*world
	other              *salkku.Portfolio // a second portfolio of the organisation
	perusinfra, johtam *salkku.Category
	sivistys           *salkku.Category
}

func mustPlanWorld(tb testing.TB, engine string) *planWorld {
	tb.Helper()
	w := &planWorld{world: mustWorld(tb, engine)}
	w.perusinfra = mustCreateCategory(tb, w.db, w.pf, "Perusinfrastruktuurihankkeet")
	w.johtam = mustCreateCategory(tb, w.db, w.pf, "Tietohallinnon johtamisen työkalut")
	w.sivistys = mustCreateCategory(tb, w.db, w.pf, "Toimialakohtaiset kehityshankkeet (sivistyspalvelut)")
	m := salkku.NewMonth
	add := func(code, name string, c *salkku.Category, s salkku.Schedule, status string, manager *salkku.Person, tags, vendors []string, desc string) {
		p := &salkku.Project{Code: code, Name: salkku.T(name), Schedule: s, Status: status, Tags: tags, Vendors: vendors, Description: salkku.T(desc)}
		if c != nil {
			p.CategoryID = ptr(c.ID)
		}
		if manager != nil {
			p.ManagerID = ptr(manager.ID)
		}
		mustCreateProject(tb, w.db, w.pf, p)
	}
	// In this order, so the ids (and the update times) rise down the list.
	add("2.3", "ActiveDirectoryn tason nosto", w.perusinfra, salkku.Schedule{Start: m(2017, 8), End: m(2017, 10)},
		salkku.StatusActive, w.kristiina, nil, []string{"Microsoft"}, "")
	add("2.2", "Konesalipalveluiden valvonnan laadun nosto", w.perusinfra, salkku.Schedule{Start: m(2017, 4), End: m(2018, 1)},
		salkku.StatusClosed, w.jukka, nil, []string{"Tiera"}, "Konesalipalveluita on tuotettu Tieran konesalista.")
	add("2.10", "Helpdesk-järjestelmän uusinta", w.perusinfra, salkku.Schedule{Start: m(2017, 1), End: m(2017, 12)},
		salkku.StatusActive, nil, nil, []string{"Efecte Oyj"}, "")
	add("3.1", "Vuosikello-suunnittelu", w.johtam, salkku.Schedule{Start: m(2017, 8), End: m(2018, 6)},
		salkku.StatusProposed, w.aino, nil, nil, "")
	add("7.1", "Päiväkotien esitysteknologia", w.sivistys, salkku.Schedule{Start: m(2017, 6), End: m(2018, 2)},
		salkku.StatusActive, w.kristiina, []string{"H"}, nil, "")
	add("7.2", "Päiväkotien henkilökunnan työasemat", w.sivistys, salkku.Schedule{Start: m(2017, 6), End: m(2018, 2)},
		salkku.StatusActive, w.jukka, []string{"HELLÄ"}, nil, "")
	add("7.4", "Päiväkotien langattomat verkot", w.sivistys, salkku.Schedule{Start: m(2017, 9)},
		salkku.StatusProposed, nil, nil, nil, "")
	add("7.6", "Koulujen esitysteknologia", w.sivistys, salkku.Schedule{Continuous: true},
		salkku.StatusActive, w.aino, []string{"H", "HELLÄ"}, nil, "")
	add("4.3", "KaPa – Kansallinen palveluarkkitehtuuri", nil, salkku.Schedule{End: m(2018, 12)},
		salkku.StatusCancelled, nil, nil, nil, "")

	// Touch 7.1 last, so that it is the most recently updated.
	ps, _, err := w.db.FindProjects(salkku.System(tb.Context()), salkku.ProjectFilter{PortfolioID: ptr(w.pf.ID), Query: "7.1"})
	if err != nil || len(ps) != 1 {
		tb.Fatalf("find 7.1: %v %v", ps, err)
	}
	if err := w.db.UpdateProject(salkku.System(tb.Context()), ps[0]); err != nil {
		tb.Fatal(err)
	}

	w.other = mustCreatePortfolio(tb, w.db, w.org, nil, "Kaupunkiyhteiset hankkeet")
	mustCreateProject(tb, w.db, w.other, &salkku.Project{Code: "2.3", Name: salkku.T("Päiväkotien kameravalvonta"), Status: salkku.StatusActive})
	return w
}

// codes finds projects and returns their codes in order, checking that the
// total is the number of projects found.
func codes(tb testing.TB, db *sqldb.DB, f salkku.ProjectFilter) []string {
	tb.Helper()
	ps, n, err := db.FindProjects(salkku.System(tb.Context()), f)
	if err != nil {
		tb.Fatalf("find projects %+v: %v", f, err)
	}
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Code)
	}
	if f.Offset == 0 && f.Limit == 0 && n != len(out) {
		tb.Errorf("total = %d, want %d", n, len(out))
	}
	if f.Offset == 0 && f.Limit == 0 {
		// EachProject reads the same projects in the same order, with
		// the same filter and sort, whatever the filter.
		each := []string{}
		err := db.EachProject(salkku.System(tb.Context()), f, func(ps []*salkku.Project, total int) error {
			if total != n {
				tb.Errorf("EachProject total %d, FindProjects %d", total, n)
			}
			for _, p := range ps {
				if p.Name.IsZero() {
					tb.Errorf("EachProject: %s has no name: its texts were not read", p.Code)
				}
				each = append(each, p.Code)
			}
			return nil
		})
		if err != nil || strings.Join(each, ",") != strings.Join(out, ",") {
			tb.Errorf("EachProject %+v: %q, %v; FindProjects %q", f, each, err, out)
		}
	}
	return out
}

func TestFindProjects(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustPlanWorld(t, engine)
		pf := ptr(w.pf.ID)

		t.Run("Filter", func(t *testing.T) {
			tests := []struct {
				name string
				f    salkku.ProjectFilter
				want []string
			}{
				{"Portfolio", salkku.ProjectFilter{PortfolioID: pf},
					[]string{"2.2", "2.3", "2.10", "3.1", "4.3", "7.1", "7.2", "7.4", "7.6"}},
				{"OtherPortfolio", salkku.ProjectFilter{PortfolioID: ptr(w.other.ID)}, []string{"2.3"}},
				{"All", salkku.ProjectFilter{}, []string{"2.2", "2.3", "2.3", "2.10", "3.1", "4.3", "7.1", "7.2", "7.4", "7.6"}},
				{"Category", salkku.ProjectFilter{CategoryID: ptr(w.sivistys.ID)}, []string{"7.1", "7.2", "7.4", "7.6"}},
				{"Status", salkku.ProjectFilter{PortfolioID: pf, Status: salkku.StatusActive}, []string{"2.3", "2.10", "7.1", "7.2", "7.6"}},
				{"StatusCancelled", salkku.ProjectFilter{Status: salkku.StatusCancelled}, []string{"4.3"}},
				{"StatusAndCategory", salkku.ProjectFilter{Status: salkku.StatusActive, CategoryID: ptr(w.sivistys.ID)}, []string{"7.1", "7.2", "7.6"}},
				{"Tag", salkku.ProjectFilter{Tag: "H"}, []string{"7.1", "7.6"}},
				{"TagWithFinnishLetter", salkku.ProjectFilter{Tag: "HELLÄ"}, []string{"7.2", "7.6"}},
				{"TagTrimmed", salkku.ProjectFilter{Tag: " H "}, []string{"7.1", "7.6"}},
				{"TagIsWholeTag", salkku.ProjectFilter{Tag: "HELL"}, []string{}},
				{"TagCaseSensitive", salkku.ProjectFilter{Tag: "h"}, []string{}},
				{"QueryUpperCaseFinnish", salkku.ProjectFilter{PortfolioID: pf, Query: "PÄIVÄKOT"}, []string{"7.1", "7.2", "7.4"}},
				{"QueryLowerCase", salkku.ProjectFilter{Query: "päiväkotien"}, []string{"2.3", "7.1", "7.2", "7.4"}},
				{"QueryUpperCaseO", salkku.ProjectFilter{Query: "TYÖASEMAT"}, []string{"7.2"}},
				{"QueryDescription", salkku.ProjectFilter{Query: "tieran konesali"}, []string{"2.2"}},
				{"QueryVendor", salkku.ProjectFilter{Query: "EFECTE"}, []string{"2.10"}},
				{"QueryCode", salkku.ProjectFilter{PortfolioID: pf, Query: "2.10"}, []string{"2.10"}},
				{"QueryTrimmed", salkku.ProjectFilter{PortfolioID: pf, Query: "  esitysteknologia "}, []string{"7.1", "7.6"}},
				{"QueryAndTag", salkku.ProjectFilter{Query: "esitysteknologia", Tag: "HELLÄ"}, []string{"7.6"}},
				{"QueryNoMatch", salkku.ProjectFilter{Query: "budjetti"}, []string{}},
				{"QueryPercentLiteral", salkku.ProjectFilter{Query: "%"}, []string{}},
				{"QueryUnderscoreLiteral", salkku.ProjectFilter{Query: "_"}, []string{}},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					if tc.f.Sort == "" {
						tc.f.Sort = "code"
					}
					wantEqual(t, codes(t, w.db, tc.f), tc.want)
				})
			}
		})

		t.Run("Sort", func(t *testing.T) {
			tests := []struct {
				sort      string
				asc, desc []string
			}{
				{"code",
					[]string{"2.2", "2.3", "2.10", "3.1", "4.3", "7.1", "7.2", "7.4", "7.6"},
					[]string{"7.6", "7.4", "7.2", "7.1", "4.3", "3.1", "2.10", "2.3", "2.2"}},
				{"name",
					[]string{"2.3", "2.10", "4.3", "2.2", "7.6", "7.1", "7.2", "7.4", "3.1"},
					[]string{"3.1", "7.4", "7.2", "7.1", "7.6", "2.2", "4.3", "2.10", "2.3"}},
				// By category position, then code; no category last.
				{"category",
					[]string{"2.2", "2.3", "2.10", "3.1", "7.1", "7.2", "7.4", "7.6", "4.3"},
					[]string{"7.6", "7.4", "7.2", "7.1", "3.1", "2.10", "2.3", "2.2", "4.3"}},
				{"",
					[]string{"2.2", "2.3", "2.10", "3.1", "7.1", "7.2", "7.4", "7.6", "4.3"},
					[]string{"7.6", "7.4", "7.2", "7.1", "3.1", "2.10", "2.3", "2.2", "4.3"}},
				// By start month, ties by code; no start last.
				{"start",
					[]string{"2.10", "2.2", "7.1", "7.2", "2.3", "3.1", "7.4", "4.3", "7.6"},
					[]string{"7.4", "2.3", "3.1", "7.1", "7.2", "2.2", "2.10", "4.3", "7.6"}},
				// By end month; then continuous; then no end.
				{"end",
					[]string{"2.3", "2.10", "2.2", "7.1", "7.2", "3.1", "4.3", "7.6", "7.4"},
					[]string{"4.3", "3.1", "7.1", "7.2", "2.2", "2.10", "2.3", "7.6", "7.4"}},
				// By the status key (active, cancelled, closed, proposed),
				// ties by code in both directions.
				{"status",
					[]string{"2.3", "2.10", "7.1", "7.2", "7.6", "4.3", "2.2", "3.1", "7.4"},
					[]string{"3.1", "7.4", "2.2", "4.3", "2.3", "2.10", "7.1", "7.2", "7.6"}},
				// By manager's name, ties by code; no manager last.
				{"manager",
					[]string{"3.1", "7.6", "2.2", "7.2", "2.3", "7.1", "2.10", "4.3", "7.4"},
					[]string{"2.3", "7.1", "2.2", "7.2", "3.1", "7.6", "2.10", "4.3", "7.4"}},
				// 7.1 was changed last.
				{"updated",
					[]string{"2.3", "2.2", "2.10", "3.1", "7.2", "7.4", "7.6", "4.3", "7.1"},
					[]string{"7.1", "4.3", "7.6", "7.4", "7.2", "3.1", "2.10", "2.2", "2.3"}},
			}
			tested := map[string]bool{}
			for _, tc := range tests {
				tested[tc.sort] = true
				t.Run("By_"+tc.sort, func(t *testing.T) {
					got := codes(t, w.db, salkku.ProjectFilter{PortfolioID: pf, Sort: tc.sort})
					wantEqual(t, got, tc.asc)
					got = codes(t, w.db, salkku.ProjectFilter{PortfolioID: pf, Sort: tc.sort, Desc: true})
					wantEqual(t, got, tc.desc)
				})
			}
			for _, s := range salkku.ProjectSorts {
				if !tested[s] {
					t.Errorf("sort key %q is not tested", s)
				}
			}
		})

		t.Run("Page", func(t *testing.T) {
			var seen []string
			for offset := 0; offset < 12; offset += 4 {
				f := salkku.ProjectFilter{PortfolioID: pf, Sort: "code", Page: salkku.Page{Offset: offset, Limit: 4}}
				ps, n, err := w.db.FindProjects(salkku.System(t.Context()), f)
				if err != nil {
					t.Fatal(err)
				}
				if n != 9 {
					t.Errorf("offset %d: total = %d, want 9", offset, n)
				}
				if want := min(4, max(0, 9-offset)); len(ps) != want {
					t.Errorf("offset %d: %d projects, want %d", offset, len(ps), want)
				}
				for _, p := range ps {
					if slices.Contains(seen, p.Code) {
						t.Errorf("offset %d: %s already on an earlier page", offset, p.Code)
					}
					seen = append(seen, p.Code)
				}
			}
			wantEqual(t, seen, codes(t, w.db, salkku.ProjectFilter{PortfolioID: pf, Sort: "code"}))
		})

		t.Run("DisplayNames", func(t *testing.T) {
			ps, _, err := w.db.FindProjects(salkku.System(t.Context()), salkku.ProjectFilter{PortfolioID: pf, Query: "2.2"})
			if err != nil || len(ps) != 1 {
				t.Fatalf("got %v, %v", ps, err)
			}
			got := [3]string{ps[0].PortfolioName.FI, ps[0].CategoryName.FI, ps[0].ManagerName}
			want := [3]string{w.pf.Name.FI, w.perusinfra.Name.FI, w.jukka.Name}
			if got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})

		t.Run("ErrFilter", func(t *testing.T) {
			for _, f := range []salkku.ProjectFilter{{Sort: "budget"}, {Status: "done"}} {
				_, _, err := w.db.FindProjects(salkku.System(t.Context()), f)
				wantErr(t, err, salkku.EINVALID, "")
			}
		})
	})
}

// TestFindProjectsLikeWildcards checks that "%", "_" and "\" in a query are
// matched as themselves.
func TestFindProjectsLikeWildcards(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		for _, p := range []struct{ code, name string }{
			{"1", "Valmiusaste 50% saavutettu"},
			{"2", "Valmiusaste 500 tuntia"},
			{"3", "Hakemisto a_b"},
			{"4", "Hakemisto axb"},
			{"5", `Polku C:\temp`},
			{"6", "Polku C:/temp"},
		} {
			mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: p.code, Name: salkku.T(p.name)})
		}
		tests := []struct {
			name, query string
			want        []string
		}{
			{"Percent", "50%", []string{"1"}},
			{"PercentOnly", "%", []string{"1"}},
			{"Underscore", "a_b", []string{"3"}},
			{"UnderscoreOnly", "_", []string{"3"}},
			{"Backslash", `c:\`, []string{"5"}},
			{"NoWildcard", "valmiusaste", []string{"1", "2"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				wantEqual(t, codes(t, w.db, salkku.ProjectFilter{Query: tc.query, Sort: "code"}), tc.want)
			})
		}
	})
}

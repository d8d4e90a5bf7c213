package sqldb_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
	"github.com/salkku/salkku/sqldb"
)

// bulkScale is the scale the load test generates: city, unless
// SALKKU_TEST_BULK_SCALE names another.
func bulkScale(tb testing.TB) gen.Scale {
	tb.Helper()
	name := os.Getenv("SALKKU_TEST_BULK_SCALE")
	if name == "" {
		name = "city"
	}
	s, ok := gen.ScaleByName(name)
	if !ok {
		tb.Fatalf("no scale %q", name)
	}
	return s
}

// mustLoad generates the scale into an empty database of the engine.
func mustLoad(tb testing.TB, engine string, s gen.Scale) (*sqldb.DB, *salkku.Dataset) {
	tb.Helper()
	db := mustOpen(tb, engine)
	ds := gen.Generate(s, 1)
	if err := db.LoadDataset(salkku.System(context.Background()), ds, nil); err != nil {
		tb.Fatal(err)
	}
	return db, ds
}

// TestLoadDataset loads a generated register in bulk and reads it back
// through the store's ordinary methods: what the bulk writer leaves out
// (a fold, a sort key, search text, an identity's sequence) shows here.
func TestLoadDataset(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		s := bulkScale(t)
		db, ds := mustLoad(t, engine, s)
		ctx := salkku.System(context.Background())

		t.Run("Counts", func(t *testing.T) {
			_, total, err := db.FindProjects(ctx, salkku.ProjectFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if total != s.Projects {
				t.Errorf("projects: got %d, want %d", total, s.Projects)
			}
			_, total, err = db.FindPeople(ctx, salkku.PersonFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if total != s.People {
				t.Errorf("people: got %d, want %d", total, s.People)
			}
			_, total, err = db.FindUsers(ctx, salkku.UserFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if total != s.Users {
				t.Errorf("users: got %d, want %d", total, s.Users)
			}
		})

		t.Run("Gates", func(t *testing.T) {
			// Every project follows its organisation's model and stands
			// where its decisions brought it; the next gate of one still
			// in progress can be requested and decided.
			decisions := map[int64]int{}
			for _, d := range ds.GateDecisions {
				decisions[d.ProjectID]++
			}
			if len(ds.GateDecisions) < len(ds.Projects) {
				t.Fatalf("%d decisions for %d projects", len(ds.GateDecisions), len(ds.Projects))
			}
			var open *salkku.Project
			for _, p := range ds.Projects[:50] {
				g, err := db.FindProjectGates(ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if g.Position.Phase != p.Phase || g.Position.Gate != p.NextGate || len(g.Decisions) != decisions[p.ID] || len(g.History) != 1+decisions[p.ID] {
					t.Fatalf("project %d at %+v with %d decisions, %d events; want %s/%s, %d", p.ID, g.Position, len(g.Decisions), len(g.History), p.Phase, p.NextGate, decisions[p.ID])
				}
				if ahead, ok := g.Model.Gate(p.NextGate); ok && ahead.Index != len(g.Decisions) {
					t.Fatalf("project %d: gate ahead %s after %d decisions", p.ID, p.NextGate, len(g.Decisions))
				}
				if p.NextGate != "" && open == nil {
					open = p
				}
			}
			if open == nil {
				t.Fatal("no project in progress among the first 50")
			}
			if err := db.RequestGate(ctx, &salkku.GateRequest{ProjectID: open.ID}); err != nil {
				t.Fatal(err)
			}
			err := db.RecordDecision(ctx, &salkku.GateDecision{ProjectID: open.ID, Gate: open.NextGate, DecidedOn: "2021-11-22", Decision: salkku.DecisionReturned})
			if err != nil {
				t.Fatal(err)
			}
		})

		t.Run("Reports", func(t *testing.T) {
			// The roll-up built by the loader agrees with the reports:
			// for the first top portfolio, the counts by light, the
			// reported and the worsened projects of its last period.
			var top *salkku.Portfolio
			for _, pf := range ds.Portfolios {
				if pf.ParentID == nil {
					top = pf
					break
				}
			}
			in := map[int64]bool{top.ID: true}
			for _, pf := range ds.Portfolios {
				if pf.ParentID != nil && *pf.ParentID == top.ID {
					in[pf.ID] = true
				}
			}
			pfOf := map[int64]int64{}
			for _, p := range ds.Projects {
				pfOf[p.ID] = p.PortfolioID
			}
			var due salkku.Date
			for _, r := range ds.Reports {
				if in[pfOf[r.ProjectID]] && r.Period.Due > due {
					due = r.Period.Due
				}
			}
			if due == "" {
				t.Fatal("no reports in the first portfolio")
			}
			byProject := map[int64][]*salkku.StatusReport{}
			for _, r := range ds.Reports {
				if in[pfOf[r.ProjectID]] {
					byProject[r.ProjectID] = append(byProject[r.ProjectID], r)
				}
			}
			counts, worse := map[string]int{}, 0
			for _, rs := range byProject {
				for i, r := range rs {
					if r.Period.Due != due {
						continue
					}
					counts[r.Lights.Overall]++
					if i > 0 && len(r.Lights.Worse(rs[i-1].Lights)) > 0 {
						worse++
					}
				}
			}
			sum, err := db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: top.ID, Date: due})
			if err != nil {
				t.Fatal(err)
			}
			reported := 0
			for _, n := range counts {
				reported += n
			}
			if !reflect.DeepEqual(sum.Counts, counts) || sum.Reported != reported || sum.Worse != worse {
				t.Fatalf("summary of %s: counts %v reported %d worse %d; want %v %d %d", due, sum.Counts, sum.Reported, sum.Worse, counts, reported, worse)
			}
			// A report written after loading replaces its unit's latest.
			var u *salkku.ReportUnit
			for _, x := range sum.Units {
				if x.Report != nil && x.WorkPackageID == nil {
					u = x
					break
				}
			}
			if u == nil {
				t.Fatal("no reported project on the summary's first page")
			}
			next := &salkku.StatusReport{ProjectID: u.ProjectID, ReportDate: due, Overall: salkku.T("Korjattu tilanne"), Lights: salkku.Lights{Overall: salkku.LightRed}}
			if err := db.CreateReport(ctx, next); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SubmitReport(ctx, next.ID, next.Version); err != nil {
				t.Fatal(err)
			}
			after, _ := db.FindPortfolioSummary(ctx, salkku.SummaryFilter{PortfolioID: top.ID, Date: due})
			if after.Counts[salkku.LightRed] != counts[salkku.LightRed]+1-b2i(u.Report.Lights.Overall == salkku.LightRed) || after.Reported != reported {
				t.Fatalf("after a new report: %v reported %d, before %v %d", after.Counts, after.Reported, counts, reported)
			}
		})

		t.Run("Search", func(t *testing.T) {
			// Words of a name, a description and a vendor, in another case.
			for _, q := range []string{"PALOMUURIPALVELUN", "vimana", "elinkaaren loppupää"} {
				want := 0
				for _, p := range ds.Projects {
					text := strings.ToLower(strings.Join([]string{p.Code, p.Name.FI, p.Description.FI, strings.Join(p.Vendors, " "), strings.Join(p.Tags, " ")}, " "))
					if strings.Contains(text, strings.ToLower(q)) {
						want++
					}
				}
				_, got, err := db.FindProjects(ctx, salkku.ProjectFilter{Query: q})
				if err != nil {
					t.Fatal(err)
				}
				if got != want || got == 0 {
					t.Errorf("search %q: got %d, want %d (and more than none)", q, got, want)
				}
			}
		})

		t.Run("SortByCode", func(t *testing.T) {
			pf := ds.Portfolios[1].ID
			var want []string
			var inPortfolio []*salkku.Project
			for _, p := range ds.Projects {
				if p.PortfolioID == pf {
					inPortfolio = append(inPortfolio, p)
				}
			}
			slices.SortFunc(inPortfolio, func(a, b *salkku.Project) int {
				return strings.Compare(salkku.SortKey(a.Code), salkku.SortKey(b.Code))
			})
			for _, p := range inPortfolio {
				want = append(want, p.Code)
			}
			got, total, err := db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &pf, Sort: "code", Page: salkku.Page{Limit: salkku.MaxPageSize}})
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, p := range got {
				codes = append(codes, p.Code)
			}
			if total != len(want) || !slices.Equal(codes, want[:len(codes)]) || len(codes) < 2 {
				t.Errorf("portfolio %d by code: got %d %v, want %d %v", pf, total, codes, len(want), want)
			}
		})

		t.Run("WorkPackages", func(t *testing.T) {
			// The project with the most work packages reads back whole.
			count := map[int64]int{}
			best := int64(0)
			for _, w := range ds.WorkPackages {
				count[w.ProjectID]++
				if count[w.ProjectID] > count[best] {
					best = w.ProjectID
				}
			}
			wps, err := db.FindWorkPackages(ctx, best)
			if err != nil {
				t.Fatal(err)
			}
			if len(wps) != count[best] {
				t.Errorf("project %d: got %d work packages, want %d", best, len(wps), count[best])
			}
			for _, w := range salkku.FlattenTree(salkku.BuildTree(wps)) {
				if w.Depth >= salkku.MaxWorkPackageDepth {
					t.Errorf("work package %s at depth %d", w.Code, w.Depth)
				}
			}
		})

		t.Run("Access", func(t *testing.T) {
			// A project manager of the generated grants sees their own
			// projects only.
			var user, project int64
			for _, g := range ds.Grants {
				if g.Role == salkku.RoleProjectManager && !ds.Users[g.UserID-1].Admin {
					user, project = g.UserID, *g.ProjectID
					break
				}
			}
			u, err := db.FindUserByID(ctx, user)
			if err != nil {
				t.Fatal(err)
			}
			if want := ds.Users[user-1].PersonID; u.PersonID == nil || *u.PersonID != *want {
				t.Errorf("user %d is linked to person %v, want %d", user, u.PersonID, *want)
			}
			a, err := db.FindAccess(context.Background(), user)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := a.Projects[project]; !ok {
				t.Errorf("user %d does not manage project %d: %+v", user, project, a.Projects)
			}
		})

		t.Run("CreateAfter", func(t *testing.T) {
			// New records get ids after the loaded ones, and a loaded code
			// is taken whatever its case.
			p := ds.Projects[0]
			dup := &salkku.Project{PortfolioID: p.PortfolioID, Code: strings.ToLower(" "+p.Code+" ") + "", Name: salkku.T("Kopio")}
			if err := db.CreateProject(ctx, dup); salkku.ErrorCode(err) != salkku.ECONFLICT && salkku.ErrorCode(err) != salkku.EINVALID {
				t.Errorf("a loaded code again: %v, want taken", err)
			}
			np := &salkku.Project{PortfolioID: p.PortfolioID, Code: "UUSI-1", Name: salkku.T("Uusi hanke")}
			if err := db.CreateProject(ctx, np); err != nil {
				t.Fatal(err)
			}
			if np.ID != int64(len(ds.Projects)+1) {
				t.Errorf("new project id %d, want %d", np.ID, len(ds.Projects)+1)
			}
			o := &salkku.Organisation{Name: salkku.T("Uusi kunta")}
			if err := db.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
			last := 0
			for _, lc := range ds.Categories {
				if lc.PortfolioID == p.PortfolioID {
					last = max(last, lc.Chapter)
				}
			}
			c := &salkku.Category{PortfolioID: p.PortfolioID, Name: salkku.T("Uusi ryhmä")}
			if err := db.CreateCategory(ctx, c); err != nil {
				t.Fatal(err)
			}
			if c.Chapter != last+1 {
				t.Errorf("new category's chapter %d, want %d after the loaded ones", c.Chapter, last+1)
			}
		})

		t.Run("Chapters", func(t *testing.T) {
			// The loaded categories keep their chapter numbers.
			pf := ds.Categories[0].PortfolioID
			got, err := db.FindCategories(ctx, pf)
			if err != nil {
				t.Fatal(err)
			}
			var want []int
			for _, c := range ds.Categories {
				if c.PortfolioID == pf {
					want = append(want, c.Chapter)
				}
			}
			var numbers []int
			for _, c := range got {
				if c.Name.FI != "Uusi ryhmä" {
					numbers = append(numbers, c.Chapter)
				}
			}
			if !slices.Equal(numbers, want) || len(want) == 0 {
				t.Errorf("chapters %v, want %v", numbers, want)
			}
		})

		t.Run("ErrNotEmpty", func(t *testing.T) {
			err := db.LoadDataset(ctx, gen.Generate(s, 2), nil)
			if !errors.Is(err, sqldb.ErrNotEmpty) {
				t.Errorf("second load: %v, want ErrNotEmpty", err)
			}
		})
	})
}

// TestLoadDatasetAccess: only Salkku itself and admins load a dataset.
func TestLoadDatasetAccess(t *testing.T) {
	db := mustOpen(t, "sqlite")
	ds := gen.Generate(gen.Scales[0], 1)
	viewer := salkku.WithCaller(context.Background(), salkku.Actor{UserID: 5}, &salkku.Access{UserID: 5, Portfolios: map[int64]string{1: salkku.RolePortfolioOwner}})
	for name, ctx := range map[string]context.Context{"NoCaller": context.Background(), "Owner": viewer} {
		t.Run(name, func(t *testing.T) {
			if err := db.LoadDataset(ctx, ds, nil); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
				t.Errorf("got %v, want forbidden", err)
			}
		})
	}
	_, total, err := db.FindProjects(salkku.System(context.Background()), salkku.ProjectFilter{})
	if err != nil || total != 0 {
		t.Errorf("after refused loads: %d projects, %v", total, err)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

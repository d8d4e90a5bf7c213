package gen_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/gen"
)

func mustScale(tb testing.TB, name string) gen.Scale {
	tb.Helper()
	s, ok := gen.ScaleByName(name)
	if !ok {
		tb.Fatalf("no scale %q", name)
	}
	return s
}

func TestGenerateDeterministic(t *testing.T) {
	s := mustScale(t, "tiny")
	t.Run("SameSeed", func(t *testing.T) {
		a, b := gen.Generate(s, 1), gen.Generate(s, 1)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two runs with seed 1 differ")
		}
	})
	t.Run("OtherSeed", func(t *testing.T) {
		a, b := gen.Generate(s, 1), gen.Generate(s, 2)
		if reflect.DeepEqual(a.Projects, b.Projects) {
			t.Fatal("seeds 1 and 2 give the same projects")
		}
		if reflect.DeepEqual(a.People, b.People) {
			t.Fatal("seeds 1 and 2 give the same people")
		}
	})
}

func TestGenerateShape(t *testing.T) {
	names := []string{"tiny", "city"}
	if !testing.Short() {
		names = append(names, "national")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s := mustScale(t, name)
			ds := gen.Generate(s, 42)
			checkShape(t, s, ds)
		})
	}
}

func TestScales(t *testing.T) {
	s := mustScale(t, "national")
	got := [5]int{s.Organisations, s.Projects, s.WorkPackages, s.People, s.Users}
	want := [5]int{300, 30000, 120000, 20000, 2000}
	if got != want {
		t.Errorf("national = %v, want %v (issue 12)", got, want)
	}
	if c := mustScale(t, "city"); c.Projects != 1000 {
		t.Errorf("city has %d projects, want 1000", c.Projects)
	}
	if _, ok := gen.ScaleByName("planet"); ok {
		t.Error("an unknown scale was found")
	}
}

// checkShape checks counts, that every record passes its Validate as the
// store would run it, references, trees, unique codes and e-mails.
func checkShape(t *testing.T, s gen.Scale, ds *salkku.Dataset) {
	t.Helper()
	counts := []struct {
		what      string
		got, want int
	}{
		{"organisations", len(ds.Organisations), s.Organisations},
		{"portfolios", len(ds.Portfolios), s.Organisations * (s.SubPortfolios + 1)},
		{"projects", len(ds.Projects), s.Projects},
		{"work packages", len(ds.WorkPackages), s.WorkPackages},
		{"people", len(ds.People), s.People},
		{"users", len(ds.Users), s.Users},
	}
	for _, c := range counts {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, c.got, c.want)
		}
	}
	// Ids are 1..n in order, so that references can be checked by index.
	checkIDs := func(what string, n int, id func(i int) int64) {
		for i := range n {
			if id(i) != int64(i+1) {
				t.Fatalf("%s %d has id %d", what, i, id(i))
			}
		}
	}
	checkIDs("organisation", len(ds.Organisations), func(i int) int64 { return ds.Organisations[i].ID })
	checkIDs("person", len(ds.People), func(i int) int64 { return ds.People[i].ID })
	checkIDs("portfolio", len(ds.Portfolios), func(i int) int64 { return ds.Portfolios[i].ID })
	checkIDs("category", len(ds.Categories), func(i int) int64 { return ds.Categories[i].ID })
	checkIDs("project", len(ds.Projects), func(i int) int64 { return ds.Projects[i].ID })
	checkIDs("work package", len(ds.WorkPackages), func(i int) int64 { return ds.WorkPackages[i].ID })
	checkIDs("user", len(ds.Users), func(i int) int64 { return ds.Users[i].ID })
	ref := func(what string, id *int64, n int) {
		if id != nil && (*id < 1 || *id > int64(n)) {
			t.Fatalf("%s refers to %d of %d", what, *id, n)
		}
	}

	names := map[string]bool{}
	for _, o := range ds.Organisations {
		if err := o.Validate(); err != nil {
			t.Fatalf("organisation %q: %v", o.Name.FI, err)
		}
		if f := salkku.Fold(o.Name.FI); names[f] {
			t.Fatalf("organisation name %q twice", o.Name.FI)
		} else {
			names[f] = true
		}
	}
	emails := map[string]bool{}
	for _, p := range ds.People {
		if err := p.Validate(); err != nil {
			t.Fatalf("person %q: %v", p.Name, err)
		}
		ref("person", p.OrganisationID, len(ds.Organisations))
		if emails[p.Email] {
			t.Fatalf("e-mail %q twice", p.Email)
		}
		emails[p.Email] = true
	}
	for _, p := range ds.Portfolios {
		if err := p.Validate(salkku.DefaultLanguages()); err != nil {
			t.Fatalf("portfolio %q: %v", p.Name.FI, err)
		}
		ref("portfolio", p.ParentID, int(p.ID-1)) // parents come first
		ref("portfolio owner", p.OwnerID, len(ds.People))
		for _, b := range p.BoardIDs {
			ref("board", &b, len(ds.People))
		}
	}
	catNames := map[string]bool{}
	lastPos := map[int64]int{}
	for _, c := range ds.Categories {
		if err := c.Validate(salkku.DefaultLanguages()); err != nil {
			t.Fatalf("category %q: %v", c.Name.FI, err)
		}
		ref("category", &c.PortfolioID, len(ds.Portfolios))
		key := fmt.Sprint(c.PortfolioID, salkku.Fold(c.Name.FI))
		if catNames[key] {
			t.Fatalf("category %q twice in portfolio %d", c.Name.FI, c.PortfolioID)
		}
		catNames[key] = true
		if c.Position != lastPos[c.PortfolioID]+1 {
			t.Fatalf("category %q at %d after %d", c.Name.FI, c.Position, lastPos[c.PortfolioID])
		}
		lastPos[c.PortfolioID] = c.Position
		key = fmt.Sprint(c.PortfolioID, " chapter ", c.Chapter)
		if catNames[key] {
			t.Fatalf("chapter %d twice in portfolio %d", c.Chapter, c.PortfolioID)
		}
		catNames[key] = true
	}

	codes := map[string]bool{}
	shapes := map[string]int{}
	statuses := map[string]int{}
	for _, p := range ds.Projects {
		if err := p.Validate(salkku.DefaultLanguages()); err != nil {
			t.Fatalf("project %s %q: %v", p.Code, p.Name.FI, err)
		}
		ref("project portfolio", &p.PortfolioID, len(ds.Portfolios))
		if p.CategoryID != nil {
			ref("project category", p.CategoryID, len(ds.Categories))
			if c := ds.Categories[*p.CategoryID-1]; c.PortfolioID != p.PortfolioID {
				t.Fatalf("project %d in portfolio %d has category of %d", p.ID, p.PortfolioID, c.PortfolioID)
			}
		}
		for _, id := range []*int64{p.OwnerID, p.ManagerID, p.ServiceOwnerID} {
			ref("project person", id, len(ds.People))
		}
		key := fmt.Sprint(p.PortfolioID, "\n", salkku.Fold(p.Code))
		if codes[key] {
			t.Fatalf("code %q twice in portfolio %d", p.Code, p.PortfolioID)
		}
		codes[key] = true
		// The schedule must read back from the way the pages write it.
		back, err := salkku.ParseSchedule(p.Schedule.Format("jatkuva"))
		if err != nil || back != p.Schedule {
			t.Fatalf("schedule %+v reads back as %+v, %v", p.Schedule, back, err)
		}
		switch {
		case p.Continuous:
			shapes["continuous"]++
		case p.Start.IsZero() && p.End.IsZero():
			shapes["none"]++
		case p.End.IsZero():
			shapes["open end"]++
		case p.Start.IsZero():
			shapes["open start"]++
		default:
			shapes["both"]++
		}
		statuses[p.Status]++
	}
	if s.Projects >= 1000 {
		for _, k := range []string{"continuous", "none", "open end", "open start", "both"} {
			if shapes[k] == 0 {
				t.Errorf("no project with schedule %q: %v", k, shapes)
			}
		}
		for _, st := range salkku.Statuses {
			if statuses[st] == 0 {
				t.Errorf("no project %q: %v", st, statuses)
			}
		}
	}

	depth := map[int64]int{}
	wpCodes := map[string]bool{}
	for _, w := range ds.WorkPackages {
		if err := w.Validate(salkku.DefaultLanguages()); err != nil {
			t.Fatalf("work package %q: %v", w.Name.FI, err)
		}
		ref("work package project", &w.ProjectID, len(ds.Projects))
		d := 0
		if w.ParentID != nil {
			ref("work package parent", w.ParentID, int(w.ID-1))
			parent := ds.WorkPackages[*w.ParentID-1]
			if parent.ProjectID != w.ProjectID {
				t.Fatalf("work package %d under %d of another project", w.ID, parent.ID)
			}
			d = depth[parent.ID] + 1
		}
		if d >= salkku.MaxWorkPackageDepth {
			t.Fatalf("work package %d at depth %d", w.ID, d)
		}
		depth[w.ID] = d
		key := fmt.Sprint(w.ProjectID, "\n", salkku.Fold(w.Code))
		if wpCodes[key] {
			t.Fatalf("work package code %q twice in project %d", w.Code, w.ProjectID)
		}
		wpCodes[key] = true
		for _, id := range w.ResponsibleIDs {
			ref("responsible", &id, len(ds.People))
		}
	}

	userEmails := map[string]bool{}
	admins := 0
	for _, u := range ds.Users {
		if err := u.Validate(); err != nil {
			t.Fatalf("user %q: %v", u.Email, err)
		}
		if userEmails[u.Email] || !emails[u.Email] {
			t.Fatalf("user %q twice or not a person's e-mail", u.Email)
		}
		userEmails[u.Email] = true
		ref("user's person", u.PersonID, len(ds.People))
		if u.PersonID == nil || ds.People[*u.PersonID-1].Email != u.Email {
			t.Fatalf("user %q is not linked to the person of that e-mail", u.Email)
		}
		if u.Admin {
			admins++
		}
	}
	if admins == 0 {
		t.Error("no admin")
	}
	roles := map[string]int{}
	grants := map[string]bool{}
	for _, g := range ds.Grants {
		if err := g.Validate(); err != nil {
			t.Fatalf("grant %+v: %v", g, err)
		}
		ref("grant user", &g.UserID, len(ds.Users))
		ref("grant portfolio", g.PortfolioID, len(ds.Portfolios))
		ref("grant project", g.ProjectID, len(ds.Projects))
		key := fmt.Sprint(g.UserID, g.Role, deref(g.PortfolioID), deref(g.ProjectID))
		if grants[key] {
			t.Fatalf("grant %+v twice", g)
		}
		grants[key] = true
		roles[g.Role]++
	}
	for _, r := range salkku.Roles {
		if roles[r] == 0 {
			t.Errorf("no grant of %q: %v", r, roles)
		}
	}
}

func deref(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

func TestVocabulary(t *testing.T) {
	// Every place has its e-mail domain.
	if got, want := len(gen.Domains()), len(gen.Places()); got != want {
		t.Errorf("%d domains for %d places", got, want)
	}
}

// TestGenerateGates: every project follows its organisation's model at a
// position that fits its status, reached by a decision on each gate
// before it, in order, each decision leaving from where the last one led.
func TestGenerateGates(t *testing.T) {
	ds := gen.Generate(mustScale(t, "city"), 7)
	models := map[int64]*salkku.Model{}
	for _, m := range ds.Models {
		models[m.ID] = m
	}
	orgOf := map[int64]int64{}
	for _, pf := range ds.Portfolios {
		orgOf[pf.ID] = pf.OrganisationID
	}
	byProject := map[int64][]*salkku.GateDecision{}
	for _, d := range ds.GateDecisions {
		byProject[d.ProjectID] = append(byProject[d.ProjectID], d)
	}
	statuses := map[string]int{}
	for _, p := range ds.Projects {
		m := models[p.ModelID]
		if m == nil || m.OrganisationID != orgOf[p.PortfolioID] || m.PublishedAt == nil {
			t.Fatalf("project %d follows model %d", p.ID, p.ModelID)
		}
		pos := salkku.Position{Phase: p.Phase, Gate: p.NextGate}
		if !m.ValidPosition(pos) {
			t.Fatalf("project %d at %+v", p.ID, pos)
		}
		at := m.Start()
		for i, d := range byProject[p.ID] {
			if d.From != at || d.Gate != at.Gate || !d.DecidedOn.Valid() {
				t.Fatalf("project %d decision %d on %s from %+v, want from %+v", p.ID, i, d.Gate, d.From, at)
			}
			at = d.To
		}
		if at != pos {
			t.Fatalf("project %d: decisions lead to %+v, it stands at %+v", p.ID, at, pos)
		}
		want := m.Phase(p.Phase).Status
		switch {
		case p.NextGate == "" && p.Status == salkku.StatusCancelled:
			want = salkku.StatusCancelled
		case p.NextGate == "":
			want = salkku.StatusClosed
		}
		if p.Status != want {
			t.Fatalf("project %d at %+v is %s, want %s", p.ID, pos, p.Status, want)
		}
		statuses[p.Status]++
	}
	if len(statuses) != 4 {
		t.Errorf("statuses %v, want all four", statuses)
	}
}

package salkku_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

func ptr(v int64) *int64 { return &v }

func TestSortKey(t *testing.T) {
	less := []struct {
		name string
		a, b string
	}{
		{"TwoBeforeTen", "2.2", "2.10"},
		{"TenBeforeNextChapter", "2.10", "3.1"},
		{"ChapterBeforeSection", "2", "2.1"},
		{"SectionBeforeSubsection", "2.1", "2.1.1"},
		{"SubsectionBeforeNextSection", "2.1.9", "2.2"},
		{"WorkPackages", "OA2 TP3", "OA10 TP1"},
		{"WorkPackagesInArea", "OA2 TP3", "OA2 TP10"},
		{"LettersAfterNumbers", "7.1", "7.1a"},
		{"SubTasks", "TP1 a)", "TP1 b)"},
	}
	for _, tc := range less {
		t.Run(tc.name, func(t *testing.T) {
			if ka, kb := salkku.SortKey(tc.a), salkku.SortKey(tc.b); !(ka < kb) {
				t.Errorf("SortKey(%q) = %q is not before SortKey(%q) = %q", tc.a, ka, tc.b, kb)
			}
		})
	}

	equal := []struct {
		name string
		a, b string
	}{
		{"IgnoresCase", "OA2 TP3", "oa2 tp3"},
		{"IgnoresLeadingZeros", "2.02", "2.2"},
		{"Zero", "0", "00"},
	}
	for _, tc := range equal {
		t.Run(tc.name, func(t *testing.T) {
			if ka, kb := salkku.SortKey(tc.a), salkku.SortKey(tc.b); ka != kb {
				t.Errorf("SortKey(%q) = %q, SortKey(%q) = %q; want equal", tc.a, ka, tc.b, kb)
			}
		})
	}

	t.Run("SortsSeedCodes", func(t *testing.T) {
		got := []string{"7.10", "2.10", "3.1", "2.2", "7.2", "2.1", "OA10 TP1", "OA2 TP3", "7.1"}
		sort.Slice(got, func(i, j int) bool { return salkku.SortKey(got[i]) < salkku.SortKey(got[j]) })
		want := []string{"2.1", "2.2", "2.10", "3.1", "7.1", "7.2", "7.10", "OA2 TP3", "OA10 TP1"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestValidStatus(t *testing.T) {
	for _, s := range salkku.Statuses {
		if !salkku.ValidStatus(s) {
			t.Errorf("ValidStatus(%q) = false", s)
		}
	}
	for _, s := range []string{"", "Active", "done", "käynnissä"} {
		if salkku.ValidStatus(s) {
			t.Errorf("ValidStatus(%q) = true", s)
		}
	}
}

// validProject returns a project that passes Validate.
func validProject() salkku.Project {
	return salkku.Project{
		PortfolioID: 1,
		Code:        "2.1",
		Name:        salkku.T("Palomuuripalvelun jatkaminen tai kilpailutus"),
		Schedule:    salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)},
	}
}

func TestProjectValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *salkku.Project)
		want   map[string]string
	}{
		{"OK", func(p *salkku.Project) {}, nil},
		{"Continuous", func(p *salkku.Project) { p.Schedule = salkku.Schedule{Continuous: true} }, nil},
		{"DescriptionWithLines", func(p *salkku.Project) {
			p.Description = salkku.T("Palomuurit ostetaan palveluina.\n\nToinen kappale.")
		}, nil},
		{"ErrPortfolioRequired", func(p *salkku.Project) { p.PortfolioID = 0 }, map[string]string{"portfolio_id": "error.required"}},
		{"ErrCodeRequired", func(p *salkku.Project) { p.Code = " " }, map[string]string{"code": "error.required"}},
		{"ErrCodeTooLong", func(p *salkku.Project) { p.Code = strings.Repeat("1", salkku.MaxCodeLen+1) }, map[string]string{"code": "error.too_long"}},
		{"ErrNameRequired", func(p *salkku.Project) { p.Name = salkku.T("") }, map[string]string{"name.fi": "error.required"}},
		{"ErrNameTooLong", func(p *salkku.Project) { p.Name = salkku.T(strings.Repeat("ö", salkku.MaxNameLen+1)) }, map[string]string{"name.fi": "error.too_long"}},
		{"ErrNameTwoLines", func(p *salkku.Project) { p.Name = salkku.T("Palomuuri\r\npalvelu") }, map[string]string{"name.fi": "error.single_line"}},
		{"ErrDescriptionTooLong", func(p *salkku.Project) { p.Description = salkku.T(strings.Repeat("a", salkku.MaxDescriptionLen+1)) },
			map[string]string{"description.fi": "error.too_long"}},
		{"ErrDescriptionNUL", func(p *salkku.Project) { p.Description = salkku.T("a\x00b") }, map[string]string{"description.fi": "error.invalid_text"}},
		{"ErrStatus", func(p *salkku.Project) { p.Status = "done" }, map[string]string{"status": "error.status"}},
		{"ErrEndBeforeStart", func(p *salkku.Project) { p.Start, p.End = salkku.NewMonth(2018, 4), salkku.NewMonth(2017, 10) },
			map[string]string{"end": "error.end_before_start"}},
		{"ErrContinuousWithEnd", func(p *salkku.Project) { p.Continuous = true }, map[string]string{"end": "error.continuous_with_end"}},
		{"ErrTooManyTags", func(p *salkku.Project) {
			for i := 0; i <= salkku.MaxListItems; i++ {
				p.Tags = append(p.Tags, strings.Repeat("t", i+1))
			}
		}, map[string]string{"tags": "error.too_many"}},
		{"ErrVendorTooLong", func(p *salkku.Project) { p.Vendors = []string{"DNA Oy", strings.Repeat("v", salkku.MaxNameLen+1)} },
			map[string]string{"vendors": "error.too_long"}},
		{"ErrVendorTwoLines", func(p *salkku.Project) { p.Vendors = []string{"DNA\nOy"} }, map[string]string{"vendors": "error.single_line"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := validProject()
			tc.change(&p)
			wantFields(t, p.Validate(salkku.DefaultLanguages()), tc.want)
		})
	}

	t.Run("Cleans", func(t *testing.T) {
		p := validProject()
		p.Code, p.Name, p.Description = " 2.1 ", salkku.T(" Palomuuri "), salkku.T(" Kuvaus \n")
		p.Vendors = []string{" DNA Oy ", "", "DNA Oy", "Tiera"}
		p.Tags = nil
		wantFields(t, p.Validate(salkku.DefaultLanguages()), nil)
		// The status is left to the store, which takes it from the phase.
		got := [...]any{p.Code, p.Name.FI, p.Description.FI, p.Vendors, p.Tags, p.Status}
		want := [...]any{"2.1", "Palomuuri", "Kuvaus", []string{"DNA Oy", "Tiera"}, []string{}, ""}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestPortfolioValidate(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.Portfolio
		want map[string]string
	}{
		{"OK", salkku.Portfolio{OrganisationID: 1, Name: salkku.T("Tietohallinnon toimenpidesuunnitelma")}, nil},
		{"WithParent", salkku.Portfolio{Meta: salkku.Meta{ID: 2}, OrganisationID: 1, ParentID: ptr(1), Name: salkku.T("Sivistyspalvelut")}, nil},
		{"ErrOrganisationRequired", salkku.Portfolio{Name: salkku.T("Salkku")}, map[string]string{"organisation_id": "error.required"}},
		{"ErrNameRequired", salkku.Portfolio{OrganisationID: 1}, map[string]string{"name.fi": "error.required"}},
		{"ErrNameTooLong", salkku.Portfolio{OrganisationID: 1, Name: salkku.T(strings.Repeat("a", salkku.MaxNameLen+1))}, map[string]string{"name.fi": "error.too_long"}},
		{"ErrDescriptionTooLong", salkku.Portfolio{OrganisationID: 1, Name: salkku.T("Salkku"), Description: salkku.T(strings.Repeat("a", salkku.MaxDescriptionLen+1))},
			map[string]string{"description.fi": "error.too_long"}},
		{"ErrOwnParent", salkku.Portfolio{Meta: salkku.Meta{ID: 3}, OrganisationID: 1, ParentID: ptr(3), Name: salkku.T("Salkku")},
			map[string]string{"parent_id": "error.parent_cycle"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.in
			wantFields(t, p.Validate(salkku.DefaultLanguages()), tc.want)
		})
	}
	t.Run("ErrTooManyBoardMembers", func(t *testing.T) {
		p := salkku.Portfolio{OrganisationID: 1, Name: salkku.T("Salkku")}
		for i := 1; i <= salkku.MaxListItems+1; i++ {
			p.BoardIDs = append(p.BoardIDs, int64(i))
		}
		wantFields(t, p.Validate(salkku.DefaultLanguages()), map[string]string{"board_ids": "error.too_many"})
	})
	t.Run("CleansBoard", func(t *testing.T) {
		p := salkku.Portfolio{OrganisationID: 1, Name: salkku.T(" Salkku "), BoardIDs: []int64{3, 0, 1, 3}}
		wantFields(t, p.Validate(salkku.DefaultLanguages()), nil)
		if got, want := p.BoardIDs, []int64{3, 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("BoardIDs = %v, want %v", got, want)
		}
		if got, want := p.Name.FI, "Salkku"; got != want {
			t.Errorf("Name = %q, want %q", got, want)
		}
	})
}

func TestCategoryValidate(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.Category
		want map[string]string
	}{
		{"OK", salkku.Category{PortfolioID: 1, Name: salkku.T("Perusinfrastruktuurihankkeet"), Position: 2, Chapter: 2}, nil},
		{"PositionZero", salkku.Category{PortfolioID: 1, Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: 2}, nil},
		{"ChapterLargest", salkku.Category{PortfolioID: 1, Name: salkku.T("Kategoria"), Chapter: salkku.MaxChapterNumber}, nil},
		{"ErrPortfolioRequired", salkku.Category{Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: 2}, map[string]string{"portfolio_id": "error.required"}},
		{"ErrNameRequired", salkku.Category{PortfolioID: 1, Chapter: 2}, map[string]string{"name.fi": "error.required"}},
		{"ErrNameTooLong", salkku.Category{PortfolioID: 1, Name: salkku.T(strings.Repeat("a", salkku.MaxNameLen+1)), Chapter: 2}, map[string]string{"name.fi": "error.too_long"}},
		{"ErrPositionNegative", salkku.Category{PortfolioID: 1, Name: salkku.T("Kategoria"), Position: -1, Chapter: 2}, map[string]string{"position": "error.out_of_range"}},
		{"ErrPositionTooLarge", salkku.Category{PortfolioID: 1, Name: salkku.T("Kategoria"), Position: 10001, Chapter: 2}, map[string]string{"position": "error.out_of_range"}},
		{"ErrChapterMissing", salkku.Category{PortfolioID: 1, Name: salkku.T("Kategoria")}, map[string]string{"chapter": "error.chapter_number"}},
		{"ErrChapterNegative", salkku.Category{PortfolioID: 1, Name: salkku.T("Kategoria"), Chapter: -2}, map[string]string{"chapter": "error.chapter_number"}},
		{"ErrChapterTooLarge", salkku.Category{PortfolioID: 1, Name: salkku.T("Kategoria"), Chapter: salkku.MaxChapterNumber + 1}, map[string]string{"chapter": "error.chapter_number"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.in
			wantFields(t, c.Validate(salkku.DefaultLanguages()), tc.want)
		})
	}
}

func TestChapterHeading(t *testing.T) {
	tests := []struct {
		number int
		name   string
		want   string
	}{
		{2, "Perusinfrastruktuurihankkeet", "2. Perusinfrastruktuurihankkeet"},
		{12, "Muut", "12. Muut"},
		{0, "Luokittelematon", "Luokittelematon"},
	}
	for _, tc := range tests {
		if got := salkku.ChapterHeading(tc.number, tc.name); got != tc.want {
			t.Errorf("ChapterHeading(%d, %q) = %q, want %q", tc.number, tc.name, got, tc.want)
		}
	}
}

func TestWorkPackageValidate(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.WorkPackage
		want map[string]string
	}{
		{"OK", salkku.WorkPackage{ProjectID: 1, Code: "OA1", Name: salkku.T("Osa-alue 1")}, nil},
		{"NoCode", salkku.WorkPackage{ProjectID: 1, Name: salkku.T("Osa-alue 1")}, nil},
		{"ErrProjectRequired", salkku.WorkPackage{Name: salkku.T("Osa-alue 1")}, map[string]string{"project_id": "error.required"}},
		{"ErrNameRequired", salkku.WorkPackage{ProjectID: 1, Code: "OA1"}, map[string]string{"name.fi": "error.required"}},
		{"ErrCodeTooLong", salkku.WorkPackage{ProjectID: 1, Code: strings.Repeat("x", salkku.MaxCodeLen+1), Name: salkku.T("Osa-alue")},
			map[string]string{"code": "error.too_long"}},
		{"ErrOwnParent", salkku.WorkPackage{Meta: salkku.Meta{ID: 5}, ProjectID: 1, ParentID: ptr(5), Name: salkku.T("Osa-alue")},
			map[string]string{"parent_id": "error.parent_cycle"}},
		{"ErrPosition", salkku.WorkPackage{ProjectID: 1, Name: salkku.T("Osa-alue"), Position: -1}, map[string]string{"position": "error.out_of_range"}},
		{"ErrTagTooLong", salkku.WorkPackage{ProjectID: 1, Name: salkku.T("Osa-alue"), Tags: []string{strings.Repeat("t", salkku.MaxNameLen+1)}},
			map[string]string{"tags": "error.too_long"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.in
			wantFields(t, w.Validate(salkku.DefaultLanguages()), tc.want)
		})
	}
	t.Run("ErrTooManyResponsible", func(t *testing.T) {
		w := salkku.WorkPackage{ProjectID: 1, Name: salkku.T("Osa-alue")}
		for i := 1; i <= salkku.MaxListItems+1; i++ {
			w.ResponsibleIDs = append(w.ResponsibleIDs, int64(i))
		}
		wantFields(t, w.Validate(salkku.DefaultLanguages()), map[string]string{"responsible_ids": "error.too_many"})
	})
	t.Run("Cleans", func(t *testing.T) {
		w := salkku.WorkPackage{ProjectID: 1, Name: salkku.T(" Osa-alue "), ResponsibleIDs: []int64{2, 2, 0, 1}, Tags: []string{"H", " H", ""}}
		wantFields(t, w.Validate(salkku.DefaultLanguages()), nil)
		got := [...]any{w.Name.FI, w.ResponsibleIDs, w.Tags}
		want := [...]any{"Osa-alue", []int64{2, 1}, []string{"H"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func TestProjectFilterValidate(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.ProjectFilter
		want map[string]string
	}{
		{"Empty", salkku.ProjectFilter{}, nil},
		{"AllSet", salkku.ProjectFilter{Status: salkku.StatusActive, Sort: "end", Desc: true, Query: "päiväkoti"}, nil},
		{"ErrSort", salkku.ProjectFilter{Sort: "budget"}, map[string]string{"sort": "error.sort"}},
		{"ErrSortCase", salkku.ProjectFilter{Sort: "Code"}, map[string]string{"sort": "error.sort"}},
		{"ErrStatus", salkku.ProjectFilter{Status: "done"}, map[string]string{"status": "error.status"}},
		{"ErrQueryTooLong", salkku.ProjectFilter{Query: strings.Repeat("q", salkku.MaxNameLen+1)}, map[string]string{"q": "error.too_long"}},
		{"ErrSeveral", salkku.ProjectFilter{Sort: "x", Status: "y"}, map[string]string{"sort": "error.sort", "status": "error.status"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.in
			wantFields(t, f.Validate(), tc.want)
		})
	}
	for _, s := range salkku.ProjectSorts {
		t.Run("Sort_"+s, func(t *testing.T) {
			f := salkku.ProjectFilter{Sort: s}
			wantFields(t, f.Validate(), nil)
		})
	}
}

// wp returns a work package with the given id and parent (0 for none).
func wp(id, parent int64) *salkku.WorkPackage {
	w := &salkku.WorkPackage{Meta: salkku.Meta{ID: id}, ProjectID: 1, Name: salkku.T("WP")}
	if parent != 0 {
		w.ParentID = ptr(parent)
	}
	return w
}

func TestBuildTree(t *testing.T) {
	type node struct {
		ID    int64
		Depth int
	}
	tests := []struct {
		name      string
		in        []*salkku.WorkPackage // in position order
		wantRoots []int64
		wantFlat  []node
	}{
		{"Empty", nil, nil, nil},
		{
			"OsaAlueetJaTyopaketit",
			// OA1 (1) with TP1 (3) and TP2 (4), TP1 with a) (6); OA2 (2) with TP3 (5).
			[]*salkku.WorkPackage{wp(1, 0), wp(2, 0), wp(3, 1), wp(4, 1), wp(5, 2), wp(6, 3)},
			[]int64{1, 2},
			[]node{{1, 0}, {3, 1}, {6, 2}, {4, 1}, {2, 0}, {5, 1}},
		},
		{
			"ChildBeforeParentInInput",
			[]*salkku.WorkPackage{wp(3, 1), wp(1, 0)},
			[]int64{1},
			[]node{{1, 0}, {3, 1}},
		},
		{
			"KeepsSiblingOrder",
			[]*salkku.WorkPackage{wp(1, 0), wp(9, 1), wp(7, 1), wp(8, 1)},
			[]int64{1},
			[]node{{1, 0}, {9, 1}, {7, 1}, {8, 1}},
		},
		{
			"OrphanBecomesRoot",
			[]*salkku.WorkPackage{wp(1, 0), wp(2, 99), wp(3, 2)},
			[]int64{1, 2},
			[]node{{1, 0}, {2, 0}, {3, 1}},
		},
		{
			"OwnParentBecomesRoot",
			[]*salkku.WorkPackage{wp(1, 1)},
			[]int64{1},
			[]node{{1, 0}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			roots := salkku.BuildTree(tc.in)
			var gotRoots []int64
			for _, r := range roots {
				gotRoots = append(gotRoots, r.ID)
			}
			if !reflect.DeepEqual(gotRoots, tc.wantRoots) {
				t.Errorf("roots = %v, want %v", gotRoots, tc.wantRoots)
			}
			var gotFlat []node
			for _, w := range salkku.FlattenTree(roots) {
				gotFlat = append(gotFlat, node{w.ID, w.Depth})
			}
			if !reflect.DeepEqual(gotFlat, tc.wantFlat) {
				t.Errorf("flattened = %v, want %v", gotFlat, tc.wantFlat)
			}
		})
	}

	t.Run("Rebuild", func(t *testing.T) {
		in := []*salkku.WorkPackage{wp(1, 0), wp(2, 1)}
		salkku.BuildTree(in)
		roots := salkku.BuildTree(in) // Children must not be appended twice
		if got := len(roots[0].Children); got != 1 {
			t.Errorf("children after rebuilding = %d, want 1", got)
		}
	})

	t.Run("CycleDoesNotHang", func(t *testing.T) {
		// The store refuses cycles; should one be in the data anyway,
		// BuildTree and FlattenTree must still return.
		in := []*salkku.WorkPackage{wp(1, 2), wp(2, 1), wp(3, 0)}
		flat := salkku.FlattenTree(salkku.BuildTree(in))
		if len(flat) == 0 || len(flat) > len(in) || flat[0].ID != 3 {
			t.Errorf("got %d packages starting with %v, want at most %d starting with 3", len(flat), flat, len(in))
		}
	})
}

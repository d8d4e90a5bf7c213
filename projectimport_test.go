package salkku_test

import (
	"slices"
	"testing"

	"github.com/salkku/salkku"
)

func TestCategoryByName(t *testing.T) {
	cats := []*salkku.Category{
		{Meta: salkku.Meta{ID: 1}, Name: salkku.Text{FI: "Perusinfrastruktuurihankkeet", SV: "Grundinfrastruktur"}, Chapter: 2},
		{Meta: salkku.Meta{ID: 2}, Name: salkku.Text{FI: "Sovellushankkeet"}, Chapter: 3},
		{Meta: salkku.Meta{ID: 3}, Name: salkku.Text{FI: "Muut"}},
	}
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"Perusinfrastruktuurihankkeet", 1},
		{"perusinfrastruktuurihankkeet ", 1},
		{"Grundinfrastruktur", 1},
		{"3", 2},
		{"3.", 2},
		{"3. Sovellushankkeet", 2},
		{"2. Sovellushankkeet", 0},
		{"4", 0},
		{"0", 0},
		{"Tuntematon", 0},
		{"", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := salkku.CategoryByName(cats, tc.in)
			if id := int64(0); got != nil && got.ID != tc.want || got == nil && tc.want != id {
				t.Errorf("CategoryByName(%q) = %+v, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestPersonByName(t *testing.T) {
	people := []*salkku.Person{
		{Meta: salkku.Meta{ID: 1}, Name: "Aino Aalto", Email: "aino.aalto@naantali.fi"},
		{Meta: salkku.Meta{ID: 2}, Name: "Jukka Mäkelä"},
		{Meta: salkku.Meta{ID: 3}, Name: "Jukka Mäkelä", Email: "jukka.makela@naantali.fi"},
	}
	for _, tc := range []struct {
		in        string
		want      int64
		ambiguous bool
	}{
		{"Aino Aalto", 1, false},
		{"aino aalto", 1, false},
		{"AINO.AALTO@naantali.fi", 1, false},
		{"Jukka Mäkelä", 0, true},
		{"jukka.makela@naantali.fi", 3, false},
		{"Nobody", 0, false},
		{"", 0, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, amb := salkku.PersonByName(people, tc.in)
			var id int64
			if got != nil {
				id = got.ID
			}
			if id != tc.want || amb != tc.ambiguous {
				t.Errorf("PersonByName(%q) = %d, %v; want %d, %v", tc.in, id, amb, tc.want, tc.ambiguous)
			}
		})
	}
}

func TestParseYesNo(t *testing.T) {
	for _, tc := range []struct {
		in    string
		v, ok bool
	}{{"kyllä", true, true}, {"Kyllä", true, true}, {"x", true, true}, {"X", true, true}, {"ei", false, true}, {"", false, true},
		{"ja", true, true}, {"nej", false, true}, {"yes", true, true}, {"no", false, true}, {"ehkä", false, false}} {
		if v, ok := salkku.ParseYesNo(tc.in); v != tc.v || ok != tc.ok {
			t.Errorf("ParseYesNo(%q) = %v, %v; want %v, %v", tc.in, v, ok, tc.v, tc.ok)
		}
	}
}

func TestCheckProjectCodes(t *testing.T) {
	rows := []salkku.ProjectRow{{Row: 2, Code: "2.1"}, {Row: 3, Code: "KaRa"}, {Row: 4, Code: "kara"}, {Row: 5, Code: ""}, {Row: 6, Code: ""}, {Row: 7, Code: "2.1"}}
	got := salkku.CheckProjectCodes(rows, map[string]string{"code": "Tunnus"})
	want := []salkku.ImportProblem{
		{Row: 4, Column: "Tunnus", Key: salkku.ErrImportDuplicateCode, Args: []any{3}},
		{Row: 7, Column: "Tunnus", Key: salkku.ErrImportDuplicateCode, Args: []any{2}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Row != want[i].Row || got[i].Column != want[i].Column || got[i].Key != want[i].Key || got[i].Args[0] != want[i].Args[0] {
			t.Errorf("problem %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestApplyRowAndChanges(t *testing.T) {
	cat, mgr := int64(7), int64(9)
	stored := salkku.Project{Code: "2.1", Name: salkku.Text{FI: "Palomuuri", SV: "Brandvägg"}, CategoryID: &cat,
		Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)}, Vendors: []string{"CGI"}}
	row := salkku.ProjectRow{Code: "2.1", Name: salkku.Text{FI: "Palomuuripalvelu"}, Schedule: salkku.Schedule{Start: salkku.NewMonth(2017, 5), Continuous: true},
		Vendors: []string{"CGI"}, Mandatory: true}
	for _, tc := range []struct {
		name   string
		fields []string
		want   []string
	}{
		{"nothing mapped", nil, nil},
		{"code only", []string{"code"}, nil},
		{"the Finnish name keeps the Swedish one", []string{"code", "name.fi"}, []string{"name"}},
		{"vendors unchanged", []string{"vendors"}, nil},
		{"schedule", []string{"start", "end", "continuous"}, []string{"schedule"}},
		{"category cleared, manager set", []string{"category", "manager"}, []string{"category", "manager"}},
		{"mandatory", []string{"mandatory"}, []string{"mandatory"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := stored
			fields := map[string]bool{}
			for _, f := range tc.fields {
				fields[f] = true
			}
			var m *int64
			if fields["manager"] {
				m = &mgr
			}
			salkku.ApplyRow(&p, &row, fields, nil, m)
			if got := salkku.ProjectChanges(&stored, &p); !slices.Equal(got, tc.want) {
				t.Errorf("changes %v, want %v", got, tc.want)
			}
			if p.Name.SV != "Brandvägg" {
				t.Errorf("Swedish name %q lost", p.Name.SV)
			}
		})
	}
}

func TestRowProblems(t *testing.T) {
	in := salkku.ProjectRows{Columns: map[string]string{"code": "Tunnus", "name": "Nimi", "name.sv": "Nimi (sv)", "end": "Aikataulu"}}
	p := &salkku.Project{PortfolioID: 1, Code: "", Name: salkku.Text{SV: "x"}, Schedule: salkku.Schedule{Start: salkku.NewMonth(2018, 1), End: salkku.NewMonth(2017, 1)}}
	got := in.RowProblems(4, p.Validate(salkku.Languages{Used: []string{"fi"}}))
	cols := map[string]string{}
	for _, pr := range got {
		if pr.Row != 4 {
			t.Errorf("row %d", pr.Row)
		}
		cols[pr.Column] = pr.Key
	}
	for col, key := range map[string]string{"Tunnus": "error.required", "Nimi": "error.required", "Nimi (sv)": "error.lang_unused", "Aikataulu": "error.end_before_start"} {
		if cols[col] != key {
			t.Errorf("column %q: %q, want %q (all: %+v)", col, cols[col], key, got)
		}
	}
}
